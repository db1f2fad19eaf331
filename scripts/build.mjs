// Builds what production runs, outside the server process: the web client (Vite) with a .br and a .gz beside
// every compressible file, and the server compiled to dist/server (esbuild, tsx's own dependency), so `serve`
// neither bundles nor transpiles. `--if-stale` rebuilds only a part older than its sources (npm's prestart);
// `--client` / `--server` pick one part; `--server-out=DIR` compiles the server into DIR instead of dist/server
// (tests check the compiled worker bundles there without touching the build that `serve` runs).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const ifStale = args.has('--if-stale');
const wantClient = args.has('--client') || !args.has('--server');
const wantServer = args.has('--server') || !args.has('--client');
const serverOutArg = [...args].find((a) => a.startsWith('--server-out='));
const serverDir = serverOutArg ? resolve(serverOutArg.slice('--server-out='.length)) : join(root, 'dist', 'server');

/** Newest modification time under `paths` (files or folders), 0 when none exists. */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) walk(p);
  return newest;
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const clientDir = join(root, 'client');
const clientSources = [join(clientDir, 'src'), join(clientDir, 'index.html'), join(clientDir, 'vite.config.ts'), join(root, 'shared', 'src'), join(root, 'assets', 'geo')];
const clientOut = join(clientDir, 'dist', 'index.html');

async function buildClient() {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(clientDir, 'vite.config.ts'), logLevel: 'warn' });
  const { raw, br } = precompress(join(clientDir, 'dist'));
  process.stdout.write(`client built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(raw / 1e6).toFixed(1)} MB, ${(br / 1e6).toFixed(1)} MB as brotli\n`);
}

export const serverSources = [join(root, 'server', 'src'), join(root, 'shared', 'src'), join(root, 'server', 'generated')];
const serverOut = join(serverDir, 'cli.js');

async function buildServer() {
  const started = Date.now();
  const { build } = await import('esbuild');
  // Chunk names change with their content: stale ones must not linger beside the new ones.
  rmSync(serverDir, { recursive: true, force: true });
  await build({
    entryPoints: {
      cli: join(root, 'server/src/cli.ts'),
      'rtm-worker': join(root, 'server/src/rtm/worker/entry.ts'),
      'ranking-worker': join(root, 'server/src/evaluation/ranking/entry.ts'),
    },
    outdir: serverDir,
    bundle: true,
    // Lazy imports (capabilities, commands) stay lazy: each becomes a chunk loaded on first use.
    splitting: true,
    // Flat: paths.ts finds the repository two folders above whichever chunk holds it.
    chunkNames: 'chunk-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // node_modules are loaded as installed; only the project's own TypeScript is compiled.
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  process.stdout.write(`server compiled to ${relative(root, serverDir)} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (wantClient && (!ifStale || mtime(clientOut) <= newestMtime(clientSources))) await buildClient();
if (wantServer && (!ifStale || mtime(serverOut) <= newestMtime(serverSources))) await buildServer();
