/**
 * The public API under load: requests per second for /api/public/* with 1 000 concurrent keep-alive clients,
 * against a real server process (SQLite, demo data: Malmö's public layer, measures and incidents).
 *
 * Run: npm run bench -- bench/public.bench.ts [seconds per run = 10] [clients = 1000]
 *
 * Two runs: every client fetches the four public answers of the page (pictures list, one picture, measures,
 * statistics) in turn, (1) as a first visit — full 200 answers — and (2) revalidating with the ETag it got,
 * as a browser does after max-age — 304 without a body. The load generator runs in this process (node:http,
 * one keep-alive socket per client), the server in its own; on a 2-core machine they share the CPU, so the
 * figures are a floor for one server process. The server logs at `warn` (per-request info logs would measure
 * the logger).
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { freePort } from '../server/test/process.ts';
import { TEST_PASSWORD } from '../server/test/harness.ts';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 1000);
const PATHS = ['/api/public/pictures?municipality=1280', '/api/public/pictures/pic-malmo', '/api/public/measures?municipality=1280', '/api/public/statistics?municipality=1280'];

interface Result {
  requests: number;
  byStatus: Map<number, number>;
  errors: number;
  /** Error codes seen (ECONNRESET, …), with counts. */
  errorKinds: Map<string, number>;
  latencies: number[];
  bytes: number;
}

function get(agent: Agent, port: number, path: string, etag?: string): Promise<{ status: number; etag?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: etag ? { 'if-none-match': etag, accept: 'application/json' } : { accept: 'application/json' } }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => {
        bytes += d.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** One socket per client, kept across runs: the warm-up opens them, the reported runs reuse them. */
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS, maxFreeSockets: CLIENTS });

async function run(port: number, revalidate: boolean, etags: Map<string, string>, seconds = SECONDS): Promise<Result & { seconds: number }> {
  const result: Result = { requests: 0, byStatus: new Map(), errors: 0, errorKinds: new Map(), latencies: [], bytes: 0 };
  const stopAt = performance.now() + seconds * 1000;
  const start = performance.now();
  const client = async (k: number) => {
    let i = k % PATHS.length;
    while (performance.now() < stopAt) {
      const path = PATHS[i++ % PATHS.length];
      const t0 = performance.now();
      try {
        const r = await get(agent, port, path, revalidate ? etags.get(path) : undefined);
        result.latencies.push(performance.now() - t0);
        result.requests++;
        result.bytes += r.bytes;
        result.byStatus.set(r.status, (result.byStatus.get(r.status) ?? 0) + 1);
      } catch (e) {
        result.errors++;
        const kind = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        result.errorKinds.set(kind, (result.errorKinds.get(kind) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
  return { ...result, seconds: (performance.now() - start) / 1000 };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function report(label: string, r: Result & { seconds: number }): void {
  const sorted = r.latencies.sort((a, b) => a - b);
  const statuses = [...r.byStatus.entries()].map(([s, n]) => `${s}×${n}`).join(' ');
  process.stdout.write(
    `${label.padEnd(26)} ${(r.requests / r.seconds).toFixed(0).padStart(6)} req/s  p50 ${pct(sorted, 50).toFixed(1)} ms  p95 ${pct(sorted, 95).toFixed(1)} ms  p99 ${pct(sorted, 99).toFixed(1)} ms  ` +
      `${(r.bytes / r.seconds / 1e6).toFixed(1)} MB/s body  [${statuses}${[...r.errorKinds].map(([k, n]) => ` ${k}×${n}`).join('')}]\n`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-public-bench-'));
const port = await freePort();
const server = spawn(process.execPath, ['bin/lagesbild.js', 'serve'], {
  env: { ...process.env, DATABASE_URL: `file:${join(dir, 'bench.db')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SERVE_CLIENT: 'false', LAGESBILD_DEMO_PASSWORD: TEST_PASSWORD },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  // Started (migrated and seeded) when the public API answers; `warn` prints no "listening" line to wait for.
  for (let waited = 0; ; waited += 250) {
    if (waited > 120_000) throw new Error('the server did not start within 2 minutes');
    const up = await fetch(`http://127.0.0.1:${port}/api/public/pictures`).then((r) => r.ok, () => false);
    if (up) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const warm = new Agent({ keepAlive: true });
  const etags = new Map<string, string>();
  for (const path of PATHS) {
    const r = await get(warm, port, path);
    if (r.status !== 200 || !r.etag) throw new Error(`${path}: ${r.status} without an ETag`);
    etags.set(path, r.etag);
  }
  warm.destroy();
  process.stdout.write(`public API, ${CLIENTS} concurrent keep-alive clients, ${SECONDS} s per run; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);
  // Warm-up, not reported: opening 1 000 connections (a burst of SYNs, some retried after 1–7 s) and the JIT
  // would otherwise land on the first run only.
  await run(port, false, etags, 3);
  report('first visit (200)', await run(port, false, etags));
  report('revalidation (304)', await run(port, true, etags));
} finally {
  agent.destroy();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
