import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NEAR_REPEAT_CONFIG,
  INCIDENT_TYPES,
  type IncidentType,
  KERNELS,
  MS_PER_DAY,
  NearRepeatConfigError,
  resolveNearRepeatConfig,
  spatialWeight,
  temporalWeight,
} from './kernels.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { createPrng } from '../../../shared/src/random.ts';
import {
  type NearRepeatIncident,
  NearRepeatSurface,
  changedTiles,
  combineOverlay,
  combineOverlayCells,
  computeNearRepeatSurface,
  mergeChanges,
} from './surface.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = MS_PER_DAY;
// 10 km × 8 km around Malmö (EPSG:3006), 50 m cells.
const grid: GridSpec = { originX: 370_000, originY: 6_165_000, cellSize: 50, cols: 200, rows: 160 };
const centre = (c: number, r: number): [number, number] => [grid.originX + (c + 0.5) * grid.cellSize, grid.originY - (r + 0.5) * grid.cellSize];

function inc(id: string, x: number, y: number, daysAgo: number, type: IncidentType = 'shooting', status: NearRepeatIncident['status'] = 'confirmed'): NearRepeatIncident {
  return { id, type, status, x, y, occurredAt: NOW - daysAgo * DAY };
}

describe('kernels', () => {
  it('spatial kernels per spec §3.5', () => {
    expect(spatialWeight('step', 399.9, 400, 100, 50)).toBe(1);
    expect(spatialWeight('step', 400, 400, 100, 50)).toBe(0);
    expect(spatialWeight('linear', 100, 400, 100, 50)).toBeCloseTo(0.75, 12);
    expect(spatialWeight('exponential', 200, 400, 100, 50)).toBeCloseTo(0.25, 12);
    expect(spatialWeight('promap', 100, 400, 100, 50)).toBeCloseTo(1 / 3, 12);
    for (const k of KERNELS) expect(spatialWeight(k, 0, 400, 100, 50)).toBe(1);
  });
  it('temporal kernels per spec §3.5, zero outside [0, T)', () => {
    expect(temporalWeight('step', 13.99, 14, 7)).toBe(1);
    expect(temporalWeight('step', 14, 14, 7)).toBe(0);
    expect(temporalWeight('step', -0.01, 14, 7)).toBe(0);
    expect(temporalWeight('linear', 7, 14, 7)).toBeCloseTo(0.5, 12);
    expect(temporalWeight('exponential', 7, 14, 7)).toBeCloseTo(0.5, 12);
    expect(temporalWeight('promap', 7, 14, 7)).toBeCloseTo(0.5, 12);
  });
  it('defaults: shootings and explosions 400 m / 14 days, zones only for them; every type has defaults', () => {
    for (const t of ['shooting', 'explosion'] as const) {
      expect(DEFAULT_NEAR_REPEAT_CONFIG.types[t]).toMatchObject({ radiusM: 400, windowDays: 14, createsZone: true, enabled: true });
    }
    for (const t of INCIDENT_TYPES) expect(DEFAULT_NEAR_REPEAT_CONFIG.types[t].radiusM).toBeGreaterThan(0);
    expect(DEFAULT_NEAR_REPEAT_CONFIG.gamma).toBe(1);
  });
  it('per-picture config merges and validates with one sentence per problem', () => {
    const c = resolveNearRepeatConfig({ types: { shooting: { radiusM: 300, temporalKernel: 'exponential' } }, gamma: 2 });
    expect(c.types.shooting.radiusM).toBe(300);
    expect(c.types.shooting.halfDistanceM).toBe(100);
    expect(c.types.shooting.windowDays).toBe(14);
    expect(c.types.explosion.radiusM).toBe(400);
    expect(c.gamma).toBe(2);
    expect(Object.isFrozen(c.types.shooting)).toBe(true);
    try {
      resolveNearRepeatConfig({ types: { shooting: { radiusM: -1, spatialKernel: 'gauss' as never }, bogus: {} } as never, gamma: Number.NaN });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(NearRepeatConfigError);
      expect((e as NearRepeatConfigError).problems).toHaveLength(4);
    }
  });
});

describe('NearRepeatSurface', () => {
  it('a confirmed shooting raises cells within 400 m only, with the linear kernel', () => {
    const [x, y] = centre(100, 80);
    const s = NearRepeatSurface.build(grid, [inc('a', x, y, 1)], NOW);
    expect(s.valueAt(x, y)).toBeCloseTo(1, 6);
    expect(s.valueAt(x + 200, y)).toBeCloseTo(0.5, 6);
    expect(s.valueAt(x + 400, y)).toBe(0);
    expect(s.valueAt(x + 2000, y)).toBe(0);
    let nonzero = 0;
    for (const v of s.values) if (v > 0) nonzero++;
    // Cells whose centres lie within 400 m: about π·8² ≈ 201 cells.
    expect(nonzero).toBeGreaterThan(180);
    expect(nonzero).toBeLessThan(215);
  });
  it('only confirmed incidents count; status changes add and remove the effect', () => {
    const [x, y] = centre(50, 50);
    const s = new NearRepeatSurface(grid, NOW);
    expect(s.upsert(inc('a', x, y, 1, 'shooting', 'unconfirmed')).cells.length).toBe(0);
    expect(s.has('a')).toBe(false);
    const add = s.upsert(inc('a', x, y, 1));
    expect(add.cells.length).toBeGreaterThan(150);
    expect(add.full).toBe(false);
    const retract = s.upsert(inc('a', x, y, 1, 'shooting', 'retracted'));
    expect(Array.from(retract.cells)).toEqual(Array.from(add.cells));
    expect(s.values.every((v) => v === 0)).toBe(true);
  });
  it('changed cells are exactly the footprint and lie in the reported bbox', () => {
    const [x, y] = centre(20, 30);
    const s = new NearRepeatSurface(grid, NOW);
    const ch = s.upsert(inc('a', x, y, 2));
    const bb = ch.bbox!;
    for (const i of ch.cells) {
      const r = Math.floor(i / grid.cols);
      const c = i % grid.cols;
      expect(c).toBeGreaterThanOrEqual(bb.minCol);
      expect(c).toBeLessThanOrEqual(bb.maxCol);
      expect(r).toBeGreaterThanOrEqual(bb.minRow);
      expect(r).toBeLessThanOrEqual(bb.maxRow);
      expect(s.values[i]).toBeGreaterThan(0);
    }
    let nonzero = 0;
    for (const v of s.values) if (v > 0) nonzero++;
    expect(ch.cells.length).toBe(nonzero);
  });
  it('incremental updates equal a full recompute bit for bit (random add/move/retract, all kernels)', () => {
    const rng = createPrng(77);
    for (const sk of KERNELS) {
      const tk = KERNELS[rng.nextInt(KERNELS.length)];
      const config = resolveNearRepeatConfig({
        types: { shooting: { spatialKernel: sk, temporalKernel: tk }, arson: { spatialKernel: sk, temporalKernel: 'linear' } },
      });
      const s = new NearRepeatSurface(grid, NOW, config);
      const live = new Map<string, NearRepeatIncident>();
      for (let step = 0; step < 120; step++) {
        const id = `i${rng.nextInt(40)}`;
        const roll = rng.nextFloat();
        // Cluster the incidents so that footprints overlap; some fall near or beyond the edge.
        const x = grid.originX + 3000 + rng.nextFloat() * 5000 - 500;
        const y = grid.originY - 2000 - rng.nextFloat() * 5000;
        const status = roll < 0.15 ? 'retracted' : roll < 0.2 ? 'unconfirmed' : 'confirmed';
        const type: IncidentType = rng.nextFloat() < 0.7 ? 'shooting' : 'arson';
        const i = inc(id, x, y, rng.nextFloat() * 20 - 1, type, status);
        s.upsert(i);
        if (status === 'confirmed') live.set(id, i);
        else live.delete(id);
      }
      const full = computeNearRepeatSurface(grid, live.values(), NOW, config);
      expect(Buffer.from(s.values.buffer).equals(Buffer.from(full.buffer))).toBe(true);
      // Advancing time incrementally equals recomputing at the new time.
      for (const dt of [0.5, 3, 7.25, 15]) {
        s.advanceTo(NOW + dt * DAY);
        const f2 = computeNearRepeatSurface(grid, live.values(), NOW + dt * DAY, config);
        expect(Buffer.from(s.values.buffer).equals(Buffer.from(f2.buffer))).toBe(true);
      }
    }
  });
  it('the full surface is the sum of single-incident surfaces', () => {
    const incidents = [inc('a', ...centre(60, 60), 1), inc('b', ...centre(64, 62), 3), inc('c', ...centre(150, 20), 10, 'explosion')];
    const full = computeNearRepeatSurface(grid, incidents, NOW);
    const parts = incidents.map((i) => computeNearRepeatSurface(grid, [i], NOW));
    let worst = 0;
    for (let k = 0; k < full.length; k++) worst = Math.max(worst, Math.abs(full[k] - (parts[0][k] + parts[1][k] + parts[2][k])));
    expect(worst).toBeLessThan(1e-6);
  });
  it('time decay: the step kernel expires after 14 days, future incidents start at their time', () => {
    const [x, y] = centre(100, 100);
    const s = NearRepeatSurface.build(grid, [inc('old', x, y, 13.5), inc('future', x + 1000, y, -2)], NOW);
    expect(s.valueAt(x, y)).toBeCloseTo(1, 6);
    expect(s.valueAt(x + 1000, y)).toBe(0);
    expect(s.activeIncidentIds()).toEqual(['old']);
    const ch = s.advanceTo(NOW + 0.5 * DAY);
    expect(ch.cells.length).toBeGreaterThan(0);
    expect(s.valueAt(x, y)).toBe(0);
    expect(s.advanceTo(NOW + 0.75 * DAY).cells.length).toBe(0);
    s.advanceTo(NOW + 2 * DAY);
    expect(s.valueAt(x + 1000, y)).toBeCloseTo(1, 6);
  });
  it('decaying temporal kernels shrink values as now advances', () => {
    const config = resolveNearRepeatConfig({ types: { shooting: { temporalKernel: 'exponential', halfLifeDays: 2 } } });
    const [x, y] = centre(100, 100);
    const s = NearRepeatSurface.build(grid, [inc('a', x, y, 0)], NOW, config);
    expect(s.valueAt(x, y)).toBeCloseTo(1, 6);
    s.advanceTo(NOW + 2 * DAY);
    expect(s.valueAt(x, y)).toBeCloseTo(0.5, 6);
  });
  it('moving an incident recomputes the old and new footprints only', () => {
    const s = new NearRepeatSurface(grid, NOW);
    s.upsert(inc('a', ...centre(30, 30), 1));
    s.upsert(inc('b', ...centre(150, 120), 1));
    const before = Float32Array.from(s.values);
    const ch = s.upsert(inc('a', ...centre(40, 30), 1));
    const changed = new Set(ch.cells);
    let differing = 0;
    for (let i = 0; i < before.length; i++) if (!changed.has(i) && s.values[i] !== before[i]) differing++;
    expect(differing).toBe(0);
    expect(s.valueAt(...centre(40, 30))).toBeCloseTo(1, 6);
    expect(s.valueAt(...centre(150, 120))).toBeCloseTo(1, 6);
  });
  it('disabled types and incidents outside the grid change nothing', () => {
    const s = new NearRepeatSurface(grid, NOW);
    expect(s.upsert(inc('o', ...centre(10, 10), 1, 'other')).cells.length).toBe(0);
    expect(s.upsert(inc('far', grid.originX - 5000, grid.originY + 5000, 1)).cells.length).toBe(0);
    expect(s.values.every((v) => v === 0)).toBe(true);
  });
  it('config change recomputes everything', () => {
    const [x, y] = centre(100, 80);
    const s = NearRepeatSurface.build(grid, [inc('a', x, y, 1)], NOW);
    const ch = s.setConfig(resolveNearRepeatConfig({ types: { shooting: { spatialKernel: 'step' } } }));
    expect(ch.full).toBe(true);
    expect(s.valueAt(x + 300, y)).toBe(1);
  });
});

describe('combined overlay and change helpers', () => {
  it('RRS × (1 + γ·NR), full and per changed cell', () => {
    const n = grid.cols * grid.rows;
    const rrs = new Float32Array(n).fill(2);
    rrs[0] = Number.NaN;
    const s = new NearRepeatSurface(grid, NOW);
    const out = combineOverlay(rrs, s.values, 1);
    expect(out[5]).toBe(2);
    expect(Number.isNaN(out[0])).toBe(true);
    const [x, y] = centre(100, 80);
    const ch = s.upsert(inc('a', x, y, 1));
    combineOverlayCells(rrs, s.values, 1, ch.cells, out);
    const again = combineOverlay(rrs, s.values, 1);
    expect(Buffer.from(out.buffer).equals(Buffer.from(again.buffer))).toBe(true);
    expect(out[80 * grid.cols + 100]).toBeCloseTo(4, 5);
  });
  it('tiles and merged changes', () => {
    const s = new NearRepeatSurface(grid, NOW);
    const a = s.upsert(inc('a', ...centre(64, 10), 1));
    const b = s.upsert(inc('b', ...centre(190, 150), 1));
    expect(Array.from(changedTiles(a, grid, 64))).toEqual([0, 1]);
    const m = mergeChanges(a, b);
    expect(m.cells.length).toBe(a.cells.length + b.cells.length);
    expect(m.bbox).toEqual({ minCol: a.bbox!.minCol, minRow: a.bbox!.minRow, maxCol: b.bbox!.maxCol, maxRow: b.bbox!.maxRow });
    expect(Array.from(changedTiles(m, grid, 64))).toEqual([0, 1, 10, 11]);
  });
});

describe('HTTP schemas', () => {
  it('accept a per-picture config that resolveNearRepeatConfig accepts, and refuse unknown fields', async () => {
    const { Value } = await import('@sinclair/typebox/value');
    const { NearRepeatConfigInputSchema, KnoxOptionsSchema } = await import('./schema.ts');
    const input = { types: { shooting: { radiusM: 300, spatialKernel: 'promap' } }, gamma: 0.5 };
    expect(Value.Check(NearRepeatConfigInputSchema, input)).toBe(true);
    expect(resolveNearRepeatConfig(input as never).types.shooting.radiusM).toBe(300);
    expect(Value.Check(NearRepeatConfigInputSchema, { types: { shooting: { radius: 300 } } })).toBe(false);
    expect(Value.Check(NearRepeatConfigInputSchema, { types: { bogus: {} } })).toBe(false);
    expect(Value.Check(KnoxOptionsSchema, { sds: [0, 1, 100], tds: [0, 7], permutations: 999 })).toBe(true);
    expect(Value.Check(KnoxOptionsSchema, { sds: [], tds: [0, 7] })).toBe(false);
  });
});

describe('rrsOnGrid', () => {
  it('expands study-indexed RRS onto the same grid and resamples onto a finer one', async () => {
    const { rrsOnGrid } = await import('./surface.ts');
    const src = { originX: 0, originY: 100, cellSize: 50, cols: 2, rows: 2, rrs: [1, 2, 3], cellIndex: Int32Array.from([0, -1, 1, 2]) };
    const same = rrsOnGrid(src, src);
    expect(Array.from(same)).toEqual([1, Number.NaN, 2, 3]);
    const fine = rrsOnGrid(src, { originX: 0, originY: 100, cellSize: 25, cols: 4, rows: 4 });
    expect(Array.from(fine.subarray(0, 4))).toEqual([1, 1, Number.NaN, Number.NaN]);
    expect(Array.from(fine.subarray(12, 16))).toEqual([2, 2, 3, 3]);
    const full = rrsOnGrid({ originX: 0, originY: 100, cellSize: 50, cols: 2, rows: 2, rrs: [1, 2, 3, 4] }, { originX: -50, originY: 100, cellSize: 50, cols: 1, rows: 1 });
    expect(Number.isNaN(full[0])).toBe(true);
  });
});

describe('input checks', () => {
  it('refuses bad grids and non-finite incidents without changing state', () => {
    expect(() => new NearRepeatSurface({ ...grid, cols: 0 }, NOW)).toThrow(/column count/);
    const s = new NearRepeatSurface(grid, NOW);
    expect(() => s.upsert(inc('bad', Number.NaN, 0, 1))).toThrow(/finite/);
    expect(s.has('bad')).toBe(false);
    expect(() => NearRepeatSurface.build(grid, [inc('bad', 0, Number.POSITIVE_INFINITY, 1)], NOW)).toThrow(/finite/);
  });
});

describe('Knox-calibrated kernel', () => {
  const cal = {
    spatialUpper: [100, 200, 300],
    temporalUpper: [7, 14],
    weights: [
      [0.8, 0.1],
      [0.4, 0],
      [0.2, 0],
    ],
  };
  it('g(d, τ) = max(0, KR − 1) for significant cells of a Knox result', async () => {
    const { knoxCalibration } = await import('./kernels.ts');
    const res = {
      spatialBands: [
        { kind: 'same_location', lower: 0, upper: 0 },
        { kind: 'interval', lower: 0, upper: 100 },
        { kind: 'interval', lower: 100, upper: 200 },
        { kind: 'open', lower: 200, upper: null },
      ],
      temporalBands: [
        { kind: 'interval', lower: 0, upper: 7 },
        { kind: 'open', lower: 7, upper: null },
      ],
      knoxRatio: [
        [2, 1],
        [1.685, 0.6],
        [1.3, null],
        [1, 1],
      ],
      pValues: [
        [0.05, 1],
        [0.05, 1],
        [0.2, 1],
        [1, 1],
      ],
    };
    const k = knoxCalibration(res);
    expect(k.spatialUpper).toEqual([100, 200]);
    expect(k.temporalUpper).toEqual([7]);
    expect(k.weights[0][0]).toBeCloseTo(0.685, 12);
    expect(k.weights[1][0]).toBe(0);
  });
  it('drives the surface, steps through temporal bands and stays equal to a full recompute', () => {
    const config = resolveNearRepeatConfig({ types: { shooting: { knox: cal } } });
    expect(config.types.shooting.radiusM).toBe(300);
    expect(config.types.shooting.windowDays).toBe(14);
    const [x, y] = centre(100, 80);
    const s = NearRepeatSurface.build(grid, [inc('a', x, y, 1), inc('b', x + 5000, y, 2)], NOW, config);
    expect(s.valueAt(x, y)).toBeCloseTo(0.8, 6);
    expect(s.valueAt(x + 150, y)).toBeCloseTo(0.4, 6);
    expect(s.valueAt(x + 250, y)).toBeCloseTo(0.2, 6);
    expect(s.valueAt(x + 350, y)).toBe(0);
    const ch = s.advanceTo(NOW + 6.5 * DAY);
    expect(ch.cells.length).toBeGreaterThan(0);
    expect(s.valueAt(x, y)).toBeCloseTo(0.1, 6);
    expect(s.valueAt(x + 150, y)).toBe(0);
    const full = computeNearRepeatSurface(grid, [inc('a', x, y, 1), inc('b', x + 5000, y, 2)], NOW + 6.5 * DAY, config);
    expect(Buffer.from(s.values.buffer).equals(Buffer.from(full.buffer))).toBe(true);
    s.advanceTo(NOW + 13 * DAY);
    expect(s.values.every((v) => v === 0)).toBe(true);
  });
  it('rejects malformed calibrations', () => {
    expect(() => resolveNearRepeatConfig({ types: { shooting: { knox: { ...cal, weights: [[1]] } } } })).toThrow(NearRepeatConfigError);
    expect(() => resolveNearRepeatConfig({ types: { shooting: { knox: { ...cal, spatialUpper: [100, 50, 300] } } } })).toThrow(/strictly increasing/);
  });
});
