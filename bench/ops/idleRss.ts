import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNodeFlags } from '../startFlags.ts';

/**
 * Idle memory of the whole application as `npm start` runs it: `node bin/lagesbild.js serve` on a fresh SQLite
 * database (seeded by a first start, measured on a second), with the web client served. Samples VmRSS
 * (resident set, shared pages of the node binary included) every second for --seconds after "listening".
 *
 *   npx tsx bench/ops/idleRss.ts [--seconds=60] [--run=compiled|source]
 *
 * --run picks what bin/lagesbild.js loads (LAGESBILD_RUN): the compiled dist/server or the sources via tsx.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(arg('seconds') ?? 60);
const RUN = arg('run') ?? 'compiled';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

function start(db: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [...startNodeFlags(), join(repoRoot, 'bin/lagesbild.js'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, LAGESBILD_RUN: RUN, DATABASE_URL: `file:${db}`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LAGESBILD_DEMO_PASSWORD: 'bench-password-123' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('Lägesbild is listening')) resolve(proc);
    });
    proc.stderr!.on('data', (d) => {
      out += d;
    });
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  await new Promise((r) => {
    proc.once('exit', r);
    proc.kill('SIGTERM');
  });
}

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-idle-'));
const db = join(dir, 'idle.db');
try {
  const first = await start(db);
  const seedPeak = rssMb(first.pid!);
  await stop(first);
  const proc = await start(db);
  const samples: number[] = [];
  for (let s = 0; s < SECONDS; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    samples.push(rssMb(proc.pid!));
  }
  await stop(proc);
  const at = (s: number) => samples[Math.min(samples.length, s) - 1].toFixed(0);
  process.stdout.write(
    `serve (${RUN}), idle RSS: ${at(5)} MB at 5 s, ${SECONDS > 30 ? `${at(30)} MB at 30 s, ` : ''}${at(SECONDS)} MB at ${SECONDS} s, max ${Math.max(...samples).toFixed(0)} MB; first start (seeding) at listening: ${seedPeak.toFixed(0)} MB\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
