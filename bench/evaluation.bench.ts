/**
 * Evaluation benchmark: the E-test at growing counts (log-space sums, one CDF per x1), the risk-map accuracy core
 * on a city-sized grid (the part of POST /api/pictures/:id/risk-accuracy that is not I/O), and counting points
 * in a closed area. Run: npx tsx bench/evaluation.bench.ts
 */
import { inArea, prepareArea } from '../server/src/evaluation/core/areas.ts';
import { etest } from '../server/src/evaluation/core/etest.ts';
import { disc } from '../server/src/evaluation/core/geometry.ts';
import { countPerCell, kdeScores, modelAccuracy } from '../server/src/evaluation/core/riskAccuracy.ts';
import { createPrng } from '../shared/src/random.ts';

function time<T>(label: string, f: () => T, reps = 5): T {
  let out: T = f();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) out = f();
  const ms = (performance.now() - t0) / reps;
  process.stdout.write(`${label.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms\n`);
  return out;
}

for (const k of [10, 1_000, 100_000, 1_000_000, 10_000_000]) {
  const r = time(`E-test k1 = ${k}, k2 = ${Math.round(k * 1.002)}`, () => etest({ k1: k, k2: Math.round(k * 1.002) }), k >= 1_000_000 ? 2 : 5);
  process.stdout.write(`${''.padEnd(4)}p = ${r.p}\n`);
}

// A 500 × 500 grid of 100 m cells (25 km × 25 km, a city), all study cells; 20 000 training and 5 000 test events.
const cols = 500;
const rows = 500;
const n = cols * rows;
const cellIndex = Int32Array.from({ length: n }, (_, i) => i);
const grid = { originX: 360_000, originY: 6_180_000, cellSize: 100, cols, rows, n, cellIndex, flat: cellIndex.slice() };
const rng = createPrng(13);
const hot = Array.from({ length: 300 }, () => [360_000 + rng.nextFloat() * 25_000, 6_155_000 + rng.nextFloat() * 25_000] as const);
const events = (m: number) => {
  const pts = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    const h = hot[rng.nextInt(hot.length)] as readonly [number, number];
    const r = 300 * Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
    const a = rng.nextFloat() * 2 * Math.PI;
    pts[2 * i] = h[0] + r * Math.cos(a);
    pts[2 * i + 1] = h[1] + r * Math.sin(a);
  }
  return pts;
};
const train = events(20_000);
const test = events(5_000);
const obs = time('count 5 000 test events per cell (250 000 cells)', () => countPerCell(grid, test));
const prior = time('count 20 000 training events per cell', () => countPerCell(grid, train));
const kde = time('quartic KDE of 20 000 events, bandwidth 300 m', () => kdeScores(grid, train, 300));
time('metrics + curve, one model (250 000 cells)', () => modelAccuracy('kde', kde, obs, [0.01, 0.05, 0.1]), 3);
time('metrics + curve, prior counts (many ties)', () => modelAccuracy('prior_counts', prior, obs, [0.01, 0.05, 0.1]), 3);

// Closed-area counting: 200 000 points against a 48-gon disc of 1 km².
const area = prepareArea(disc(374_500, 6_164_500, Math.sqrt(1e6 / Math.PI)));
const pts = Array.from({ length: 200_000 }, () => [12.95 + rng.nextFloat() * 0.1, 55.57 + rng.nextFloat() * 0.06] as const);
time('count 200 000 points in a 1 km² disc (closed test)', () => pts.reduce((s, [x, y]) => s + (inArea(x, y, area) ? 1 : 0), 0));
