import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The node flags `npm start` runs the server with (package.json's "start" script, between `node` and
 * `bin/lagesbild.js`), so the benchmarks measure the server as it is deployed, from one place.
 */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /\bnode\s+(.*?)\s*bin\/lagesbild\.js\s+serve\b/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json "start" does not run "node … bin/lagesbild.js serve": ${pkg.scripts.start}`);
  return m[1].split(/\s+/).filter(Boolean);
}
