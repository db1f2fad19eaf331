/**
 * Near-repeat surface benchmark: incremental updates on a 1 000 000-cell surface (1000 × 1000 cells of 10 m).
 * Run: npx tsx bench/nearrepeat-surface.bench.ts
 */
import { MS_PER_DAY, resolveNearRepeatConfig } from '../server/src/nearrepeat/kernels.ts';
import type { GridSpec } from '../shared/src/geo/grid.ts';
import { createPrng } from '../shared/src/random.ts';
import {
  type NearRepeatIncident,
  NearRepeatSurface,
  changedTiles,
  combineOverlay,
  combineOverlayCells,
} from '../server/src/nearrepeat/surface.ts';

const grid: GridSpec = { originX: 368_000, originY: 6_168_000, cellSize: 10, cols: 1000, rows: 1000 };
const NOW = Date.UTC(2026, 10, 26, 12);
const rng = createPrng(99);
const types = ['shooting', 'explosion', 'arson', 'attack_municipal'] as const;
function randomIncident(id: string): NearRepeatIncident {
  return {
    id,
    type: types[rng.nextInt(types.length)],
    status: 'confirmed',
    x: grid.originX + rng.nextFloat() * grid.cols * grid.cellSize,
    y: grid.originY - rng.nextFloat() * grid.rows * grid.cellSize,
    occurredAt: NOW - rng.nextFloat() * 13 * MS_PER_DAY,
  };
}
function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return `mean ${mean.toFixed(3)} ms, p50 ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms, max ${s[s.length - 1].toFixed(3)} ms`;
}

process.stdout.write(`Near-repeat surface benchmark: ${grid.cols}×${grid.rows} = ${grid.cols * grid.rows} cells of ${grid.cellSize} m, node ${process.version}\n`);
for (const [label, config] of [
  ['default kernels (linear space, step time)', resolveNearRepeatConfig()],
  ['exponential space and time', resolveNearRepeatConfig({ types: { shooting: { spatialKernel: 'exponential', temporalKernel: 'exponential' }, explosion: { spatialKernel: 'exponential', temporalKernel: 'exponential' } } })],
] as const) {
  const base: NearRepeatIncident[] = [];
  for (let i = 0; i < 300; i++) base.push(randomIncident(`base-${i}`));
  let t0 = performance.now();
  const s = NearRepeatSurface.build(grid, base, NOW, config);
  const buildMs = performance.now() - t0;
  const rrs = new Float32Array(grid.cols * grid.rows).fill(1.5);
  const overlay = combineOverlay(rrs, s.values, config.gamma);

  // Warm-up.
  for (let i = 0; i < 50; i++) s.upsert(randomIncident(`w-${i}`));
  for (let i = 0; i < 50; i++) s.remove(`w-${i}`);

  const add: number[] = [];
  const addAll: number[] = [];
  let cells = 0;
  let tiles = 0;
  for (let i = 0; i < 1000; i++) {
    const inc = randomIncident(`new-${i}`);
    t0 = performance.now();
    const ch = s.upsert(inc);
    const t1 = performance.now();
    combineOverlayCells(rrs, s.values, config.gamma, ch.cells, overlay);
    tiles += changedTiles(ch, grid, 256).length;
    add.push(t1 - t0);
    addAll.push(performance.now() - t0);
    cells += ch.cells.length;
  }
  const move: number[] = [];
  for (let i = 0; i < 500; i++) {
    const inc = randomIncident(`new-${i}`);
    t0 = performance.now();
    s.upsert(inc);
    move.push(performance.now() - t0);
  }
  const retract: number[] = [];
  for (let i = 0; i < 500; i++) {
    t0 = performance.now();
    s.upsert({ ...randomIncident(`new-${i}`), status: 'retracted' });
    retract.push(performance.now() - t0);
  }
  t0 = performance.now();
  const adv = s.advanceTo(NOW + 3_600_000);
  const advMs = performance.now() - t0;
  t0 = performance.now();
  s.recomputeAll();
  const fullMs = performance.now() - t0;
  process.stdout.write(
    `${label} (${s.size} incidents held):\n` +
      `  build from 300 incidents: ${buildMs.toFixed(1)} ms; full recompute with ${s.size}: ${fullMs.toFixed(1)} ms\n` +
      `  add one incident:           ${stats(add)} (${(cells / add.length).toFixed(0)} changed cells, ${(tiles / add.length).toFixed(2)} 256² tiles on average)\n` +
      `  add + overlay + tile list:  ${stats(addAll)}\n` +
      `  move one incident:          ${stats(move)}\n` +
      `  retract one incident:       ${stats(retract)}\n` +
      `  advance clock by 1 h:       ${advMs.toFixed(1)} ms (${adv.cells.length} cells changed${adv.full ? ', full recompute' : ''})\n`,
  );
}
