import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startNodeFlags } from '../startFlags.ts';
import type { ConnectedReport, FromClients, PhaseReport, ServerKind, ToClients } from './clients.ts';

/**
 * Collaboration benchmark (issue 3, "Speed"): our y-websocket gateway (access control + Prisma/SQLite
 * persistence on) against the reference y-websocket server and Hocuspocus, with the same stock
 * WebsocketProvider clients in separate load-generator processes.
 *
 *   npx tsx bench/collab/run.ts [--quick] [--kinds=ours,ref,hocuspocus] [--scales=10,50] [--procs=N]
 *                               [--phase-ms=N] [--no-write] [--cpu-prof=DIR] [--nice=N] [--run=compiled|source]
 *                               [--rounds=N] [--server-log=FILE] [--ours-node-flags="…"] [--warmup]
 *
 * --nice=N runs the servers and load generators at that scheduling priority (e.g. -5 on a shared machine,
 * so that other tenants' work disturbs the measurement less; negative values need CAP_SYS_NICE). *
 * --cpu-prof=DIR starts the servers with `--cpu-prof` (V8 profiles written to DIR on exit): diagnostics.
 *
 * Prints a Markdown report and writes bench/collab/RESULTS.md. Every child process is killed on exit.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const QUICK = args.includes('--quick');
const PHASE_MS = Number(arg('phase-ms') ?? (QUICK ? 5_000 : 20_000));
const DRAIN_MS = QUICK ? 1_500 : 2_000;
const CLIENTS_PER_DOC = 20;
// --quick measures only the target scale (1 000 clients) to stay under 3 minutes.
const SCALES = (arg('scales') ?? (QUICK ? '50' : '10,50')).split(',').map(Number);
const INTERVALS = [1_000, 200];
const KINDS = (arg('kinds') ?? 'ours,ref,hocuspocus').split(',') as ServerKind[];
const PASSWORD = 'bench-password-123';
const CONNECT_TIMEOUT_MS = 90_000;
const CLK_TCK = 100;
const CPU_PROF = arg('cpu-prof');
/** --server-log=FILE appends every server's output to FILE (diagnostics, e.g. with --ours-node-flags="… --trace-gc"). */
const SERVER_LOG = arg('server-log');
/**
 * --rounds=N runs every server N times, interleaved (ours, ref, hocuspocus, ours, …), and reports each round's
 * ratios against the references of the same round plus their median: one run's figures swing by ±15 % here.
 */
const ROUNDS = Number(arg('rounds') ?? 1);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 20) {
  process.stderr.write('--rounds must be a whole number from 1 to 20\n');
  process.exit(2);
}
/**
 * --warmup: before the measured connects, 10 other documents × 20 clients connect, edit every 200 ms for 3 s and
 * leave, on every server alike. A fresh process compiles its hot code while the measurement runs (our server: some
 * 180 optimising compilations, ≈ 1 s of V8's helper thread per run); a server that has run for a while has done that.
 * The default (no warm-up) is the issue's cold figure; this one is reported beside it, not instead of it.
 */
const WARMUP = args.includes('--warmup');
const WARMUP_DOCS = 10;
/** What bin/lagesbild.js loads for our server: the compiled dist/server (as `npm start` runs it) or the sources via tsx. */
const RUN = arg('run') ?? 'compiled';
/** Extra node flags for server processes: V8 CPU profiling when asked for (not allowed in NODE_OPTIONS). */
const profArgs = (): string[] => (CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []);
/**
 * Node flags for our server: by default those `npm start` uses (package.json); `--ours-node-flags="…"` replaces
 * them (`--ours-node-flags=` for none), to measure what a flag costs and saves under load.
 */
const flagsArg = args.find((a) => a.startsWith('--ours-node-flags='));
const OURS_NODE_FLAGS = flagsArg === undefined ? startNodeFlags() : flagsArg.slice('--ours-node-flags='.length).split(' ').filter(Boolean);
const KIND_LABEL: Record<ServerKind, string> = {
  ours: 'Lägesbild (ACL + SQLite persistence)',
  ref: '@y/websocket-server 0.1.1',
  hocuspocus: '@hocuspocus/server 3.4.4',
};

const out = (s: string) => process.stdout.write(s);
const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
/**
 * With --cpu-prof, where each measured span starts and ends on the monotonic clock the profiles' timestamps use
 * (µs), so that a profile can be cut to exactly the connect phase or one edit phase. With --server-log the same
 * line goes into the servers' log, between their own lines, so that a V8 trace (`--trace-opt`) can be cut too.
 */
const profMark = (what: string) => {
  const line = `profile mark ${what} ${process.hrtime.bigint() / 1000n}`;
  if (CPU_PROF) log(line);
  if (SERVER_LOG) appendFileSync(SERVER_LOG, `[bench] ${line}\n`);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- child process bookkeeping

const NICE = arg('nice') === undefined ? undefined : Number(arg('nice'));
const children = new Set<ChildProcess>();
/** With --server-log, a server's output from its first byte (start-up included) goes to that file too. */
function teeServerLog(p: ChildProcess): ChildProcess {
  if (SERVER_LOG) {
    p.stdout?.on('data', (d: Buffer) => appendFileSync(SERVER_LOG, d));
    p.stderr?.on('data', (d: Buffer) => appendFileSync(SERVER_LOG, d));
  }
  return p;
}

function track(p: ChildProcess): ChildProcess {
  children.add(p);
  if (NICE !== undefined && p.pid) {
    try {
      setPriority(p.pid, NICE);
    } catch (err) {
      log(`could not set priority ${NICE}: ${(err as Error).message}`);
    }
  }
  p.once('exit', () => children.delete(p));
  return p;
}
function killAll(): void {
  for (const p of children) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
// The whole benchmark is bounded; nothing may run on forever.
setTimeout(
  () => {
    log('global deadline reached; stopping');
    killAll();
    process.exit(3);
  },
  QUICK ? 6 * 60_000 : 25 * 60_000,
).unref();

async function stopProcess(p: ChildProcess, graceMs: number): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut) {
    p.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

// ---------------------------------------------------------------- /proc readings

function rssKb(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0);
    return { rss, hwm };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** CPU seconds (user + system) in a /proc …/stat file (a process's or one thread's); throws when it is gone. */
function statCpuSeconds(path: string): number {
  const s = readFileSync(path, 'utf8');
  const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
}

/** CPU seconds (user + system) the process has used. */
function cpuSeconds(pid: number): number {
  try {
    return statCpuSeconds(`/proc/${pid}/stat`);
  } catch {
    return 0;
  }
}

/**
 * Read and write system calls the process has made (/proc/<pid>/io: syscr, syscw; every thread). Counts, not times:
 * unlike CPU time they do not depend on other tenants, so they show a change in messages or writes per unit of work
 * that the CPU figures' noise would hide.
 */
function syscalls(pid: number): { reads: number; writes: number } {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return { reads: Number(/^syscr:\s+(\d+)/m.exec(io)?.[1] ?? Number.NaN), writes: Number(/^syscw:\s+(\d+)/m.exec(io)?.[1] ?? Number.NaN) };
  } catch {
    return { reads: Number.NaN, writes: Number.NaN };
  }
}

/**
 * CPU seconds per kind of thread (/proc/<pid>/task/<tid>: comm names the thread; the main thread is "main"): where a
 * process's CPU goes beyond its event loop — V8's compiler and GC helpers, libuv's pool, worker threads.
 */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const seconds = statCpuSeconds(`/proc/${pid}/task/${tid}/stat`);
      const name = Number(tid) === pid ? 'main' : `${readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()}+${Number(tid) - pid}`;
      out.set(name, (out.get(name) ?? 0) + seconds);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}

/** Per-thread-kind CPU milliseconds between two threadCpu readings (kinds that used none are left out). */
function threadCpuDelta(a: Map<string, number>, b: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, s] of b) {
    const ms = Math.round((s - (a.get(name) ?? 0)) * 1000);
    if (ms > 0) out[name] = ms;
  }
  return out;
}

/** The main thread's time on a CPU and time runnable but waiting for one (s), from /proc/<pid>/schedstat. */
function schedSeconds(pid: number): { run: number; wait: number } {
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return { run: run / 1e9, wait: wait / 1e9 };
  } catch {
    return { run: 0, wait: 0 };
  }
}

/** Machine-wide CPU seconds used (all cores, everyone's processes) and wall seconds × cores. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/** Samples a process's RSS every 200 ms; `peakSince()` gives the highest sample since the last mark. */
class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
  }
  sample(): number {
    const { rss } = rssKb(this.pid);
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
  mark(): void {
    this.peak = 0;
    this.sample();
  }
  peakSince(): number {
    this.sample();
    return this.peak;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------- servers

interface RunningServer {
  kind: ServerKind;
  proc: ChildProcess;
  pid: number;
  httpBase: string;
  cleanup(): void;
  dbFile?: string;
}

function waitForOutput(p: ChildProcess, marker: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${buf.slice(-4000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (buf.length > 200_000) buf = buf.slice(-100_000);
      if (buf.includes(marker)) {
        clearTimeout(timer);
        resolve(buf);
      }
    };
    p.stdout?.on('data', onData);
    p.stderr?.on('data', onData);
    p.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${buf.slice(-4000)}`));
    });
  });
}

/** Keeps a child's pipes drained (a full pipe would stall its logging) and remembers the tail. */
function drain(p: ChildProcess): () => string {
  let tail = '';
  const on = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-8000);
  };
  p.stdout?.on('data', on);
  p.stderr?.on('data', on);
  return () => tail;
}

/** Our server runs single-process here: no Redis relay, whatever the caller's environment says. */
function withoutRedis(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { REDIS_URL: _drop, ...rest } = env;
  return rest;
}

async function startServer(kind: ServerKind): Promise<RunningServer> {
  const port = await freePort();
  if (kind === 'ours') {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-'));
    const dbFile = join(dir, 'bench.db');
    const env = {
      ...withoutRedis(process.env),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      SERVE_CLIENT: 'false',
      LAGESBILD_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: `file:${dbFile}`,
      LAGESBILD_RUN: RUN,
    };
    // As an operator deploys: the database migrated and seeded by `lagesbild seed` in a process of its own, so the
    // server's memory holds no leftovers of the demo seeding, then `npx lagesbild serve`.
    execFileSync(process.execPath, [join(repoRoot, 'bin/lagesbild.js'), 'seed'], { cwd: repoRoot, env, stdio: 'ignore' });
    const proc = teeServerLog(
      track(spawn(process.execPath, [...profArgs(), ...OURS_NODE_FLAGS, join(repoRoot, 'bin/lagesbild.js'), 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })),
    );
    await waitForOutput(proc, 'Lägesbild is listening', 120_000);
    drain(proc);
    return { kind, proc, pid: proc.pid!, httpBase: `http://127.0.0.1:${port}`, dbFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const script = join(here, kind === 'ref' ? 'refServer.ts' : 'hocuspocusServer.ts');
  const proc = teeServerLog(
    track(
      spawn(process.execPath, [...profArgs(), '--import', 'tsx', script], {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      }),
    ),
  );
  await waitForOutput(proc, 'READY', 60_000);
  drain(proc);
  return { kind, proc, pid: proc.pid!, httpBase: `http://127.0.0.1:${port}`, cleanup: () => undefined };
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

/** The documents to load: on our server, real layers of a picture with access lists; elsewhere, names. */
async function prepareDocs(server: RunningServer, n: number): Promise<{ docs: string[]; token: string }> {
  if (server.kind !== 'ours') return { docs: Array.from({ length: n }, (_, i) => `bench-${i}`), token: '' };
  const { token } = await api<{ token: string }>(server.httpBase, '/api/auth/login', null, { username: 'commander', password: PASSWORD });
  const pic = await api<{ id: string }>(server.httpBase, '/api/pictures', token, { title: 'Benchmark', level: 'local' });
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    const layer = await api<{ id: string }>(server.httpBase, `/api/pictures/${pic.id}/layers`, token, {
      name: `Bench ${i}`,
      kind: 'annotations',
      classification: 'partner',
      entries: [{ subject: { type: 'organisation', id: 'org-po-malmo', includeSubtree: true }, right: 'write' }],
    });
    docs.push(layer.id);
  }
  return { docs, token };
}

// ---------------------------------------------------------------- load generators

interface LoadGen {
  proc: ChildProcess;
  next<T extends FromClients['type']>(type: T, timeoutMs: number): Promise<Extract<FromClients, { type: T }>>;
  send(m: ToClients): void;
}

function startLoadGen(): LoadGen {
  const proc = track(
    spawn(process.execPath, ['--import', 'tsx', join(here, 'clients.ts')], {
      cwd: repoRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  const tail = drain(proc);
  const inbox: FromClients[] = [];
  let wake: (() => void) | null = null;
  proc.on('message', (m: FromClients) => {
    inbox.push(m);
    wake?.();
  });
  proc.once('exit', () => wake?.());
  return {
    proc,
    send: (m) => proc.send(m),
    async next(type, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type || m.type === 'error');
        if (i >= 0) {
          const m = inbox.splice(i, 1)[0];
          if (m.type === 'error') throw new Error(`load generator failed: ${m.message}`);
          return m as Extract<FromClients, { type: typeof type }>;
        }
        if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`load generator exited:\n${tail()}`);
        if (Date.now() > deadline) throw new Error(`load generator: no ${type} within ${timeoutMs} ms\n${tail()}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 250);
        });
        wake = null;
      }
    },
  };
}

// ---------------------------------------------------------------- statistics

function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface ConnectResult {
  clients: number;
  synced: number;
  p50: number;
  p99: number;
  max: number;
  wallMs: number;
  reconnects: number;
  serverCpuPercent: number;
  /** Server CPU time per connection set up (ms): insensitive to other tenants' load. */
  serverCpuMsPerConnection: number;
  /** Server read / write system calls per connection set up (counts: no noise from other tenants). */
  serverReadsPerConnection: number;
  serverWritesPerConnection: number;
  rssIdleMb: number;
  rssAfterConnectMb: number;
  rssPeakMb: number;
}

interface PhaseResult {
  intervalMs: number;
  editsPerSec: number;
  deliveriesPerSec: number;
  deliveredPercent: number;
  p50: number;
  p99: number;
  max: number;
  serverCpuPercent: number;
  /** Server CPU time per 1 000 updates delivered (ms): insensitive to other tenants' load. */
  serverCpuMsPer1kDeliveries: number;
  /** Server read / write system calls per 1 000 updates delivered. */
  serverReadsPer1kDeliveries: number;
  serverWritesPer1kDeliveries: number;
  rssPeakMb: number;
  rssEndMb: number;
  loadGenCpuPercent: number[];
  loadGenEventLoopP99: number[];
  /** CPU used on the machine by everything except this benchmark's server and load generators, in % of one core. */
  otherCpuPercent: number;
  /** Share of the phase the server's main thread was runnable but waiting for a CPU (other processes had it), %. */
  serverRunQueueWaitPercent: number;
  reconnects: number;
  /** Server CPU (ms) in the phase by kind of thread. */
  serverThreadCpuMs: Record<string, number>;
}

interface RunResult {
  kind: ServerKind;
  docs: number;
  loadGens: number;
  connect: ConnectResult;
  phases: PhaseResult[];
  hwmMb: number;
  persistedUpdates?: number;
  /** 1-based, with --rounds. */
  round?: number;
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/** Connects clients to documents the measurement does not use, edits for a while, and disconnects them all. */
async function warmUp(server: RunningServer, docs: string[], token: string): Promise<void> {
  const g = startLoadGen();
  try {
    g.send({ type: 'start', kind: server.kind, wsBase: server.httpBase.replace(/^http/, 'ws'), docs, clientsPerDoc: CLIENTS_PER_DOC, token, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    await g.next('connected', CONNECT_TIMEOUT_MS + 30_000);
    g.send({ type: 'phase', intervalMs: 200, durationMs: 3_000, drainMs: 500 });
    await g.next('phaseResult', 60_000);
  } finally {
    await stopProcess(g.proc, 5_000);
  }
  log(`  warmed up: ${docs.length} other documents × ${CLIENTS_PER_DOC} clients, 3 s of edits, disconnected`);
}

async function runOne(kind: ServerKind, nDocs: number): Promise<RunResult> {
  const procs = Number(arg('procs') ?? (nDocs * CLIENTS_PER_DOC >= 1000 ? 2 : 1));
  log(`${kind}: ${nDocs} docs × ${CLIENTS_PER_DOC} clients, ${procs} load-generator process(es)`);
  const server = await startServer(kind);
  const gens: LoadGen[] = [];
  const sampler = new RssSampler(server.pid);
  try {
    const prepared = await prepareDocs(server, nDocs + (WARMUP ? WARMUP_DOCS : 0));
    const token = prepared.token;
    const docs = prepared.docs.slice(0, nDocs);
    if (WARMUP) await warmUp(server, prepared.docs.slice(nDocs), token);
    await sleep(1_000);
    const rssIdle = sampler.sample();
    sampler.mark();
    const wsBase = server.httpBase.replace(/^http/, 'ws');
    for (let i = 0; i < procs; i++) gens.push(startLoadGen());
    // Let the load generators finish loading their modules before the clock starts.
    await sleep(QUICK ? 1_500 : 2_500);
    const cpu0 = cpuSeconds(server.pid);
    const io0 = syscalls(server.pid);
    profMark(`${kind} connect start`);
    const t0 = Date.now();
    gens.forEach((g, i) => {
      g.send({
        type: 'start',
        kind,
        wsBase,
        docs: docs.filter((_, d) => d % procs === i),
        clientsPerDoc: CLIENTS_PER_DOC,
        token,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
    });
    const connected: ConnectedReport[] = await Promise.all(gens.map((g) => g.next('connected', CONNECT_TIMEOUT_MS + 30_000)));
    const connectWall = Date.now() - t0;
    const connectCpu = cpuSeconds(server.pid) - cpu0;
    profMark(`${kind} connect end`);
    const io1 = syscalls(server.pid);
    const cms = connected.flatMap((c) => c.connectMs).sort((a, b) => a - b);
    await sleep(1_000);
    const connect: ConnectResult = {
      clients: connected.reduce((s, c) => s + c.clients, 0),
      synced: connected.reduce((s, c) => s + c.synced, 0),
      p50: pct(cms, 0.5),
      p99: pct(cms, 0.99),
      max: cms[cms.length - 1] ?? Number.NaN,
      wallMs: Math.max(...connected.map((c) => c.wallMs)),
      reconnects: connected.reduce((s, c) => s + c.reconnects, 0),
      serverCpuPercent: (connectCpu / (connectWall / 1000)) * 100,
      serverCpuMsPerConnection: (connectCpu * 1000) / Math.max(1, connected.reduce((s, c) => s + c.synced, 0)),
      serverReadsPerConnection: (io1.reads - io0.reads) / Math.max(1, connected.reduce((s, c) => s + c.synced, 0)),
      serverWritesPerConnection: (io1.writes - io0.writes) / Math.max(1, connected.reduce((s, c) => s + c.synced, 0)),
      rssIdleMb: mb(rssIdle),
      rssAfterConnectMb: mb(sampler.sample()),
      rssPeakMb: mb(sampler.peakSince()),
    };
    log(`  connected ${connect.synced}/${connect.clients} in ${Math.round(connect.wallMs)} ms (p50 ${connect.p50.toFixed(1)}, p99 ${connect.p99.toFixed(1)})`);

    const phases: PhaseResult[] = [];
    for (const intervalMs of INTERVALS) {
      sampler.mark();
      const c0 = cpuSeconds(server.pid);
      const io0 = syscalls(server.pid);
      const m0 = machineCpu();
      const s0 = schedSeconds(server.pid);
      const th0 = threadCpu(server.pid);
      const g0 = gens.map((g) => cpuSeconds(g.proc.pid!));
      const w0 = Date.now();
      profMark(`${kind} every ${intervalMs} start`);
      for (const g of gens) g.send({ type: 'phase', intervalMs, durationMs: PHASE_MS, drainMs: DRAIN_MS });
      const reports: PhaseReport[] = await Promise.all(gens.map((g) => g.next('phaseResult', PHASE_MS + DRAIN_MS + 60_000)));
      const wall = (Date.now() - w0) / 1000;
      profMark(`${kind} every ${intervalMs} end`);
      const cpu = cpuSeconds(server.pid) - c0;
      const io1 = syscalls(server.pid);
      const m1 = machineCpu();
      const s1 = schedSeconds(server.pid);
      const threads = threadCpuDelta(th0, threadCpu(server.pid));
      const genCpu = gens.reduce((sum, g, i) => sum + cpuSeconds(g.proc.pid!) - g0[i], 0);
      const machineCores = (m1.total - m0.total) / wall;
      const machineBusyPercent = ((m1.busy - m0.busy) / wall) * 100;
      const lat = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const edits = reports.reduce((s, r) => s + r.edits, 0);
      const deliveries = reports.reduce((s, r) => s + r.deliveries, 0);
      const expected = reports.reduce((s, r) => s + r.expected, 0);
      const phase: PhaseResult = {
        intervalMs,
        editsPerSec: edits / (PHASE_MS / 1000),
        deliveriesPerSec: deliveries / (PHASE_MS / 1000),
        deliveredPercent: expected ? (deliveries / expected) * 100 : Number.NaN,
        p50: pct(lat, 0.5),
        p99: pct(lat, 0.99),
        max: lat[lat.length - 1] ?? Number.NaN,
        serverCpuPercent: (cpu / wall) * 100,
        serverCpuMsPer1kDeliveries: (cpu * 1e6) / Math.max(1, deliveries),
        serverReadsPer1kDeliveries: ((io1.reads - io0.reads) * 1000) / Math.max(1, deliveries),
        serverWritesPer1kDeliveries: ((io1.writes - io0.writes) * 1000) / Math.max(1, deliveries),
        rssPeakMb: mb(sampler.peakSince()),
        rssEndMb: mb(sampler.sample()),
        loadGenCpuPercent: reports.map((r) => Math.round(r.cpuPercent)),
        loadGenEventLoopP99: reports.map((r) => Math.round(r.eventLoopP99Ms * 10) / 10),
        serverRunQueueWaitPercent: ((s1.wait - s0.wait) / wall) * 100,
        otherCpuPercent: Math.max(0, machineBusyPercent - ((cpu + genCpu) / wall) * 100),
        reconnects: reports.reduce((s, r) => s + r.reconnects, 0),
        serverThreadCpuMs: threads,
      };
      phases.push(phase);
      log(
        `  every ${intervalMs} ms: p50 ${phase.p50.toFixed(2)} ms, p99 ${phase.p99.toFixed(2)} ms, ${Math.round(phase.deliveriesPerSec)} deliveries/s (${phase.deliveredPercent.toFixed(1)} %), server CPU ${Math.round(phase.serverCpuPercent)} %, server waited for a CPU ${Math.round(phase.serverRunQueueWaitPercent)} % of the time, other tenants ${Math.round(phase.otherCpuPercent)} % of ${Math.round(machineCores)} cores, RSS peak ${phase.rssPeakMb} MB; server CPU by thread (ms) ${JSON.stringify(threads)}`,
      );
    }
    const hwmMb = mb(rssKb(server.pid).hwm);
    for (const g of gens) g.send({ type: 'stop' });
    await Promise.all(gens.map((g) => stopProcess(g.proc, 5_000)));
    await stopProcess(server.proc, 20_000);
    let persistedUpdates: number | undefined;
    if (server.dbFile) {
      // Evidence that persistence was on: edits that reached the database (log rows + compacted ones are folded).
      const db = new Database(server.dbFile, { readonly: true });
      persistedUpdates = (db.prepare('SELECT count(*) AS n FROM LayerUpdate').get() as { n: number }).n;
      db.close();
    }
    return { kind, docs: nDocs, loadGens: procs, connect, phases, hwmMb, persistedUpdates };
  } finally {
    sampler.stop();
    for (const g of gens) await stopProcess(g.proc, 2_000);
    await stopProcess(server.proc, 20_000);
    server.cleanup();
  }
}

// ---------------------------------------------------------------- report

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** A server's row label, with its round when there are several. */
const labelOf = (r: RunResult) => `${KIND_LABEL[r.kind]}${ROUNDS > 1 ? ` (round ${r.round})` : ''}`;

function report(results: RunResult[], startedAt: Date, elapsedS: number): string {
  const lines: string[] = [];
  const cpu = cpus();
  lines.push(`# Collaboration benchmark (issue 3, "Speed")${QUICK ? ' — quick run' : ''}${WARMUP ? ', servers warmed up first (--warmup)' : ''}`);
  lines.push('');
  lines.push(
    `Run ${startedAt.toISOString()}, ${Math.round(elapsedS)} s. Machine: ${cpu.length} cores (${cpu[0]?.model ?? '?'}), shared and noisy; Node ${process.version}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}. All traffic on 127.0.0.1; the server and the load generators share the same 2 cores.`,
  );
  lines.push('');
  lines.push(
    `Workload: N documents × ${CLIENTS_PER_DOC} stock y-websocket \`WebsocketProvider\` clients (y-websocket 3, Node \`ws\`), in ${'load-generator child process(es)'} separate from the server (1 for 200 clients, 2 for 1 000, documents split between them, all clients of a document in one process). One writer per document (client 0) sets a timestamp in a Y.Map every 1 000 ms, then every 200 ms, for ${PHASE_MS / 1000} s each (plus ${DRAIN_MS / 1000} s drain); the 19 other clients record receive latency. Connect time = provider created → synced, all clients connecting at once. RSS = VmRSS of the server process, sampled every 200 ms.${WARMUP ? ` Warm-up (--warmup): before the measured connects, ${WARMUP_DOCS} other documents × ${CLIENTS_PER_DOC} clients connected, edited every 200 ms for 3 s and left, on every server alike; idle RSS is taken after it.` : ''}`,
  );
  lines.push('');
  lines.push('## Connect');
  lines.push('');
  lines.push('| server | docs × clients | synced | connect p50 ms | p99 ms | max ms | all synced in ms | reconnects | server CPU % | server CPU ms per connection | server reads / writes per connection | RSS idle MB | RSS after connect MB |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const c = r.connect;
    lines.push(
      `| ${labelOf(r)} | ${r.docs} × ${CLIENTS_PER_DOC} | ${c.synced}/${c.clients} | ${f1(c.p50)} | ${f1(c.p99)} | ${f1(c.max)} | ${Math.round(c.wallMs)} | ${c.reconnects} | ${Math.round(c.serverCpuPercent)} | ${f2(c.serverCpuMsPerConnection)} | ${f1(c.serverReadsPerConnection)} / ${f1(c.serverWritesPerConnection)} | ${c.rssIdleMb} | ${c.rssAfterConnectMb} |`,
    );
  }
  lines.push('');
  lines.push('## Fan-out');
  lines.push('');
  lines.push(
    '| server | docs × clients | edit every | edits/s | updates delivered/s | delivered % | fan-out p50 ms | p99 ms | max ms | server CPU % | server CPU ms per 1k deliveries | server reads / writes per 1k deliveries | RSS peak MB | RSS end MB | load-gen CPU % | load-gen event-loop p99 ms | other tenants CPU % | server waiting for a CPU % |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const p of r.phases) {
      lines.push(
        `| ${labelOf(r)} | ${r.docs} × ${CLIENTS_PER_DOC} | ${p.intervalMs} ms | ${Math.round(p.editsPerSec)} | ${Math.round(p.deliveriesPerSec)} | ${f1(p.deliveredPercent)} | ${f2(p.p50)} | ${f2(p.p99)} | ${f1(p.max)} | ${Math.round(p.serverCpuPercent)} | ${f1(p.serverCpuMsPer1kDeliveries)} | ${Math.round(p.serverReadsPer1kDeliveries)} / ${Math.round(p.serverWritesPer1kDeliveries)} | ${p.rssPeakMb} | ${p.rssEndMb} | ${p.loadGenCpuPercent.join(' + ')} | ${p.loadGenEventLoopP99.join(' / ')} | ${Math.round(p.otherCpuPercent)} | ${Math.round(p.serverRunQueueWaitPercent)} |`,
      );
    }
  }
  lines.push('');
  const ours = results.filter((r) => r.kind === 'ours');
  const persisted = ours.filter((r) => r.persistedUpdates !== undefined);
  if (persisted.length) {
    lines.push(
      `Persistence check (ours): update-log rows in SQLite after each run: ${persisted.map((r) => `${r.docs} docs → ${r.persistedUpdates}`).join(', ')} (compaction folds rows into snapshots after 500, so this is a lower bound of stored edits).`,
    );
    lines.push('');
  }
  lines.push('## Ratios: ours ÷ better reference');
  lines.push('');
  lines.push('"Better" = the lower of the two reference servers for each figure. Ratio ≤ 1 meets the target.');
  lines.push('');
  lines.push('| round | docs × clients | edit every | p99 ours ms | best ref p99 ms | p99 ratio | RSS peak ours MB | best ref RSS peak MB | RSS ratio | RSS growth ratio (peak − idle) | connect p99 ratio | CPU per delivery ratio | CPU per connection ratio | target (p99 & RSS ≤ 1) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const ratioSets = new Map<string, Record<string, number[]>>();
  for (const o of ours) {
    const refs = results.filter((r) => r.kind !== 'ours' && r.docs === o.docs && r.round === o.round);
    if (refs.length === 0) continue;
    for (const p of o.phases) {
      const rp = refs.map((r) => ({ r, p: r.phases.find((x) => x.intervalMs === p.intervalMs)! })).filter((x) => x.p);
      const bestP99 = rp.reduce((a, b) => (b.p.p99 < a.p.p99 ? b : a));
      const bestRss = rp.reduce((a, b) => (b.p.rssPeakMb < a.p.rssPeakMb ? b : a));
      const growth = (x: { r: RunResult; p: PhaseResult }) => x.p.rssPeakMb - x.r.connect.rssIdleMb;
      const bestGrowth = rp.reduce((a, b) => (growth(b) < growth(a) ? b : a));
      const bestConnect = Math.min(...refs.map((r) => r.connect.p99));
      const bestCpuDelivery = Math.min(...rp.map((x) => x.p.serverCpuMsPer1kDeliveries));
      const bestCpuConnection = Math.min(...refs.map((r) => r.connect.serverCpuMsPerConnection));
      const p99Ratio = p.p99 / bestP99.p.p99;
      const rssRatio = p.rssPeakMb / bestRss.p.rssPeakMb;
      // Growth below 5 MB is within GC noise: no meaningful ratio.
      // (Our idle RSS includes start-up and seeding garbage that a later GC returns, so our growth can be negative.)
      const ourGrowth = p.rssPeakMb - o.connect.rssIdleMb;
      const growthRatio = growth(bestGrowth) < 5 || ourGrowth < 0 ? Number.NaN : ourGrowth / growth(bestGrowth);
      const setKey = `${o.docs} × ${CLIENTS_PER_DOC} | ${p.intervalMs} ms`;
      const set = ratioSets.get(setKey) ?? { p99: [], rss: [], delivery: [], connection: [] };
      ratioSets.set(setKey, set);
      set.p99.push(p99Ratio);
      set.rss.push(rssRatio);
      set.delivery.push(p.serverCpuMsPer1kDeliveries / bestCpuDelivery);
      set.connection.push(o.connect.serverCpuMsPerConnection / bestCpuConnection);
      lines.push(
        `| ${o.round ?? 1} | ${o.docs} × ${CLIENTS_PER_DOC} | ${p.intervalMs} ms | ${f2(p.p99)} | ${f2(bestP99.p.p99)} (${bestP99.r.kind}) | **${f2(p99Ratio)}** | ${p.rssPeakMb} | ${bestRss.p.rssPeakMb} (${bestRss.r.kind}) | **${f2(rssRatio)}** | ${f2(growthRatio)} (best ${bestGrowth.r.kind}) | ${f2(o.connect.p99 / bestConnect)} | ${f2(p.serverCpuMsPer1kDeliveries / bestCpuDelivery)} | ${f2(o.connect.serverCpuMsPerConnection / bestCpuConnection)} | ${p99Ratio <= 1 && rssRatio <= 1 ? 'met' : 'not met'} |`,
      );
    }
  }
  lines.push('');
  if (ROUNDS > 1) {
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    lines.push(`Median of the ${ROUNDS} rounds' ratios (each round against the references of the same round):`);
    lines.push('');
    lines.push('| docs × clients | edit every | p99 ratio | RSS ratio | CPU per delivery ratio | CPU per connection ratio |');
    lines.push('|---|---|---|---|---|---|');
    for (const [key, set] of ratioSets) {
      lines.push(`| ${key} | **${f2(median(set.p99))}** | **${f2(median(set.rss))}** | **${f2(median(set.delivery))}** | **${f2(median(set.connection))}** |`);
    }
    lines.push('');
  }
  lines.push(
    `Notes: "ours" runs with access control (session lookup + layer access check per connection) and persistence (Prisma over SQLite, update log flushed every 200 ms) on; the reference servers run with neither (y-websocket in-memory docs, Hocuspocus with no extensions; Hocuspocus clients go through a small framing shim in clients.ts because its wire protocol prefixes every message with the document name). Our server runs ${RUN === 'compiled' ? 'the compiled dist/server (npm run build), as `npm start` does, on a database seeded beforehand by `lagesbild seed` in its own process' : 'its TypeScript through tsx'}; both reference launchers load tsx. Our idle RSS includes Fastify, Prisma, socket.io and the rest of the application. Latency and connect times on this shared machine depend heavily on other tenants' load (see "other tenants CPU %" and "server waiting for a CPU %", the share of the phase the server's main thread was runnable but not running; with 2 cores, anything near 200 % means our processes waited for a core); the CPU-time-per-work figures do not, and are the more reliable comparison of server efficiency.${NICE !== undefined ? ` Servers and load generators ran at scheduling priority ${NICE}.` : ''}${OURS_NODE_FLAGS.length ? ` Our server ran with node ${OURS_NODE_FLAGS.join(' ')}${flagsArg === undefined ? ' (as `npm start` runs it)' : ''}.` : ' Our server ran with no node flags.'}`,
  );
  lines.push('');
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

const startedAt = new Date();
const results: RunResult[] = [];
// Production runs compiled JavaScript: compile the current sources first (a fraction of a second).
if (KINDS.includes('ours') && RUN === 'compiled') execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--server'], { cwd: repoRoot, stdio: 'ignore' });
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const docs of SCALES) {
      for (const kind of KINDS) {
        results.push({ ...(await runOne(kind, docs)), round });
      }
    }
  }
} catch (err) {
  log(`benchmark failed: ${String((err as Error)?.stack ?? err)}`);
  killAll();
  process.exitCode = 1;
}
if (results.length) {
  const md = report(results, startedAt, (Date.now() - startedAt.getTime()) / 1000);
  out(`${md}\n`);
  if (!args.includes('--no-write')) writeFileSync(join(here, WARMUP ? 'WARM-RESULTS.md' : 'RESULTS.md'), md);
}
killAll();
process.exit(process.exitCode ?? 0);
