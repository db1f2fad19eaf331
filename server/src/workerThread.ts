import { Worker } from 'node:worker_threads';

/**
 * A worker thread for heavy work off the event loop. From sources it loads the TypeScript `entry` (relative to the
 * caller's module) through tsx's ESM loader, as `bin/lagesbild.js` does in development; compiled (`npm run build`),
 * it loads the bundle scripts/build.mjs wrote for that entry, `<bundle>.js` beside the caller's chunk.
 */
export function startWorker(callerUrl: string, entry: string, bundle: string): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${bundle}.js`, callerUrl));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const href = new URL(entry, callerUrl).href;
  return new Worker(`import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(href)}); });`, { eval: true });
}
