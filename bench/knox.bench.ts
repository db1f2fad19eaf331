/**
 * Knox benchmark: 12 000 events × 999 permutations (target < 20 s).
 * Run: npx tsx bench/knox.bench.ts [events.csv]
 * Without an argument it uses a seeded synthetic, clustered data set over 30 km × 30 km and one year; with a
 * CSV (x,y,time) it uses the first 12 000 valid rows of that file.
 */
import { readFileSync } from 'node:fs';
import { parseEventsCsv } from '../server/src/nearrepeat/eventsCsv.ts';
import { type KnoxEvents, knoxTest } from '../server/src/nearrepeat/knox.ts';
import { createPrng } from '../shared/src/random.ts';

const N = 12_000;
const R = 999;

function synthetic(n: number, seed: number): KnoxEvents {
  const rng = createPrng(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  // 400 hot spots of varying size plus 30 % background, like city burglary.
  const hx = new Float64Array(400);
  const hy = new Float64Array(400);
  for (let k = 0; k < 400; k++) {
    hx[k] = rng.nextFloat() * 30_000;
    hy[k] = rng.nextFloat() * 30_000;
  }
  for (let i = 0; i < n; i++) {
    if (rng.nextFloat() < 0.3) {
      x[i] = rng.nextFloat() * 30_000;
      y[i] = rng.nextFloat() * 30_000;
    } else {
      const k = rng.nextInt(400);
      const r = 600 * Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
      const a = rng.nextFloat() * 2 * Math.PI;
      x[i] = hx[k] + r * Math.cos(a);
      y[i] = hy[k] + r * Math.sin(a);
    }
    t[i] = 16_800 + rng.nextInt(366);
  }
  return { x, y, t };
}

const file = process.argv[2];
let events: KnoxEvents;
let label: string;
if (file !== undefined) {
  const parsed = parseEventsCsv(readFileSync(file, 'utf8'), 0);
  const n = Math.min(N, parsed.events.x.length);
  events = { x: parsed.events.x.subarray(0, n), y: parsed.events.y.subarray(0, n), t: parsed.events.t.subarray(0, n) };
  label = `${file} (${n} valid rows used, ${parsed.rows - parsed.events.x.length} rows skipped)`;
} else {
  events = synthetic(N, 2024);
  label = `synthetic clustered, seed 2024 (${N} events)`;
}

const configs = [
  { name: 'sds 0,1,100,200,300 tds 0,7,14,21', spatialBreaks: [0, 1, 100, 200, 300], temporalBreaks: [0, 7, 14, 21] },
  { name: 'sds 0,200,400,…,1000 tds 0,7,…,28', spatialBreaks: [0, 200, 400, 600, 800, 1000], temporalBreaks: [0, 7, 14, 21, 28] },
];
process.stdout.write(`Knox benchmark: ${label}, ${R} permutations, node ${process.version}\n`);
for (const c of configs) {
  // One warm-up run with few permutations so JIT compilation is not timed.
  knoxTest(events, { ...c, permutations: 9 });
  const t0 = performance.now();
  const res = knoxTest(events, { ...c, permutations: R, seed: 1 });
  const ms = performance.now() - t0;
  process.stdout.write(
    `  ${c.name}: ${(ms / 1000).toFixed(2)} s (${res.pairs} pairs, ${res.closePairs} within the last finite band)\n`,
  );
}
