#!/usr/bin/env node
// Runs the CLI compiled by `npm run build` (dist/server) when it is at least as new as the sources, otherwise
// the TypeScript directly through tsx: production loads no compiler, development has no build to forget.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/server/cli.js`;
const sources = ['server/src', 'shared/src', 'server/generated'].map((p) => root + p);

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when some source file is newer than `than` (a few hundred stat calls, a few milliseconds). */
function newerThan(paths, than) {
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory() ? newerThan(readdirSync(p).map((e) => `${p}/${e}`), than) : st.mtimeMs > than) return true;
  }
  return false;
}

function chooseCompiled() {
  const mode = process.env.LAGESBILD_RUN;
  if (mode === 'source') return false;
  const built = mtime(compiled);
  if (!built) return false;
  if (mode === 'compiled') return true;
  if (!newerThan(sources, built)) return true;
  process.stderr.write('dist/server is older than the sources: running them through tsx (`npm run build` compiles them again).\n');
  return false;
}

let main;
if (chooseCompiled()) {
  ({ main } = await import(compiled));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/src/cli.ts'));
}
const code = await main(process.argv.slice(2));
// Everything worth finishing has finished (serve flushes and closes before main returns); lingering
// client sockets such as Redis reconnect timers must not keep the process alive.
process.exit(code);
