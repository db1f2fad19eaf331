import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { FromClients, PhaseReport, ToClients } from './clients.ts';
import { startNodeFlags } from '../startFlags.ts';

/**
 * Scale benchmark (issue 14): 2 000 stock y-websocket clients over two server processes that share one PostgreSQL
 * and one Redis, as behind a load balancer. Each of 100 documents has 20 clients; client i connects to process
 * i mod 2, so the writer (client 0) is on process A and half of its readers on process B: those deliveries cross
 * processes (Redis relay). Reports fan-out latency (all, and cross-process), delivery, and what each process
 * holds (connections, documents, RSS, CPU).
 *
 *   npx tsx bench/collab/scale.ts [--docs=100] [--clients-per-doc=20] [--phase-ms=10000]
 *
 * Needs PostgreSQL (TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/test) and Redis (REDIS_URL, default
 * redis://127.0.0.1:6379). Runs the compiled server (compiled first). Every child is killed on exit.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const DOCS = Number(arg('docs') ?? 100);
const PER_DOC = Number(arg('clients-per-doc') ?? 20);
const PHASE_MS = Number(arg('phase-ms') ?? 10_000);
const PG_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-password-123';
const children: ChildProcess[] = [];
const log = (s: string) => process.stderr.write(`[scale] ${s}\n`);

function track<T extends ChildProcess>(p: T): T {
  children.push(p);
  return p;
}
const killAll = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
};
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
    s.on('error', reject);
  });
}

function status(pid: number): { rssMb: number; cpuMs: number } {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rssMb: rss, cpuMs: (Number(f[11]) + Number(f[12])) * 10 };
}

interface Server {
  name: string;
  proc: ChildProcess;
  base: string;
  peakRss: number;
}

async function startServer(name: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const proc = track(spawn(process.execPath, [...startNodeFlags(), join(repoRoot, 'bin/lagesbild.js'), 'serve'], { cwd: repoRoot, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out.slice(-3000)}`)), 120_000);
    const on = (d: Buffer) => {
      out = (out + d.toString()).slice(-20_000);
      if (out.includes('Lägesbild is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${out.slice(-3000)}`)));
  });
  return { name, proc, base: `http://127.0.0.1:${port}`, peakRss: 0 };
}

async function api<T>(base: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function gauges(s: Server): Promise<{ yjs: number; docs: number }> {
  const text = await (await fetch(`${s.base}/metrics`)).text();
  const v = (re: RegExp) => Number(re.exec(text)?.[1] ?? Number.NaN);
  return { yjs: v(/^lagesbild_connections\{kind="yjs"\} (\S+)$/m), docs: v(/^lagesbild_documents_open (\S+)$/m) };
}

function loadGen() {
  const proc = track(spawn(process.execPath, ['--import', 'tsx', join(here, 'clients.ts')], { cwd: repoRoot, env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const inbox: FromClients[] = [];
  proc.on('message', (m: FromClients) => inbox.push(m));
  return {
    send: (m: ToClients) => proc.send(m),
    async next<T extends FromClients['type']>(type: T, timeoutMs: number): Promise<Extract<FromClients, { type: T }>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const m = inbox.splice(i, 1)[0];
          if (m.type === 'error') throw new Error(m.message);
          return m as Extract<FromClients, { type: T }>;
        }
        if (Date.now() > deadline) throw new Error(`no ${type} in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

const pct = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN);
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

const schema = `bench_scale_${randomBytes(3).toString('hex')}`;
const dbUrl = new URL(PG_URL);
dbUrl.searchParams.set('schema', schema);
const env = { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', SERVE_CLIENT: 'false', LAGESBILD_DEMO_PASSWORD: PASSWORD, DATABASE_URL: dbUrl.toString(), REDIS_URL, LAGESBILD_RUN: 'compiled', SHUTDOWN_DRAIN_SECONDS: '0' };
const lines: string[] = [];
try {
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--server'], { cwd: repoRoot, stdio: 'ignore' });
  execFileSync(process.execPath, [join(repoRoot, 'bin/lagesbild.js'), 'seed'], { cwd: repoRoot, env, stdio: 'ignore' });
  const servers = [await startServer('A', env), await startServer('B', env)];
  const sampler = setInterval(() => {
    for (const s of servers) s.peakRss = Math.max(s.peakRss, status(s.proc.pid!).rssMb);
  }, 200);
  const idle = servers.map((s) => status(s.proc.pid!));
  const { token } = await api<{ token: string }>(servers[0].base, '/api/auth/login', null, { username: 'commander', password: PASSWORD });
  const pic = await api<{ id: string }>(servers[0].base, '/api/pictures', token, { title: 'Scale', level: 'local' });
  const docs: string[] = [];
  for (let i = 0; i < DOCS; i++) {
    const layer = await api<{ id: string }>(servers[0].base, `/api/pictures/${pic.id}/layers`, token, {
      name: `Scale ${i}`,
      kind: 'annotations',
      classification: 'partner',
      entries: [{ subject: { type: 'organisation', id: 'org-po-malmo', includeSubtree: true }, right: 'write' }],
    });
    docs.push(layer.id);
  }
  const gens = [loadGen(), loadGen()];
  const before = servers.map((s) => status(s.proc.pid!));
  const t0 = Date.now();
  for (const [i, g] of gens.entries()) {
    g.send({ type: 'start', kind: 'ours', wsBase: '', wsBases: servers.map((s) => s.base.replace('http', 'ws')), docs: docs.filter((_, d) => d % gens.length === i), clientsPerDoc: PER_DOC, token, connectTimeoutMs: 120_000 });
  }
  const connected = await Promise.all(gens.map((g) => g.next('connected', 150_000)));
  const connectWall = Date.now() - t0;
  const afterConnect = servers.map((s) => status(s.proc.pid!));
  const held = await Promise.all(servers.map(gauges));
  const synced = connected.reduce((a, c) => a + c.synced, 0);
  lines.push(`# Scale benchmark: ${DOCS * PER_DOC} clients over two processes (PostgreSQL + Redis)`, '');
  lines.push(`Run ${new Date().toISOString()}. Machine: ${cpus().length} cores (${cpus()[0]?.model}), shared; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}. Node ${process.version}. Compiled server, access control and persistence on; ${DOCS} documents × ${PER_DOC} stock y-websocket clients, client i of a document on process i mod 2 (the writer on A).`, '');
  lines.push(`Connected: ${synced}/${DOCS * PER_DOC} synced in ${connectWall} ms.`, '');
  lines.push('| process | yjs connections | documents open | RSS idle MB | RSS after connect MB | CPU ms per connection |', '|---|---|---|---|---|---|');
  for (const [i, s] of servers.entries()) lines.push(`| ${s.name} | ${held[i].yjs} | ${held[i].docs} | ${f1(idle[i].rssMb)} | ${f1(afterConnect[i].rssMb)} | ${(((afterConnect[i].cpuMs - before[i].cpuMs) / held[i].yjs) || 0).toFixed(2)} |`);
  lines.push('', '| edit every | deliveries | delivered % | p50 ms | p99 ms | cross-process p50 ms | cross-process p99 ms | CPU A ms per 1k deliveries | CPU B ms per 1k deliveries | RSS peak A / B MB |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const interval of [1_000, 200]) {
    const c0 = servers.map((s) => status(s.proc.pid!));
    for (const g of gens) g.send({ type: 'phase', intervalMs: interval, durationMs: PHASE_MS, drainMs: 2_000 });
    const reports: PhaseReport[] = await Promise.all(gens.map((g) => g.next('phaseResult', PHASE_MS + 60_000)));
    const c1 = servers.map((s) => status(s.proc.pid!));
    const all = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const cross = reports.flatMap((r) => r.crossLatencies).sort((a, b) => a - b);
    const deliveries = reports.reduce((a, r) => a + r.deliveries, 0);
    const expected = reports.reduce((a, r) => a + r.expected, 0);
    const per1k = (i: number) => (((c1[i].cpuMs - c0[i].cpuMs) / deliveries) * 1000).toFixed(1);
    lines.push(`| ${interval} ms | ${deliveries} | ${f1((deliveries / expected) * 100)} | ${pct(all, 0.5)} | ${pct(all, 0.99)} | ${pct(cross, 0.5)} | ${pct(cross, 0.99)} | ${per1k(0)} | ${per1k(1)} | ${f1(servers[0].peakRss)} / ${f1(servers[1].peakRss)} |`);
    log(lines.at(-1)!);
  }
  clearInterval(sampler);
  for (const g of gens) g.send({ type: 'stop' });
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  killAll();
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}
process.exit(0);
