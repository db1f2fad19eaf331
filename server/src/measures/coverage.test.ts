import { describe, expect, it } from 'vitest';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { mulberry32 } from '../../../shared/src/random.ts';
import { type CoverageZone, CoverageIndex, coveredCells, coversPoint, type Geometry3006, isActiveMeasure, zoneCells } from './coverage.ts';
import { plannedSoFar } from './coverageRoutes.ts';
import { generaliseZone } from '../nearrepeat/zones.ts';

const grid = (cols: number, rows: number, cellSize = 50): GridSpec => ({ originX: 370_000, originY: 6_170_000, cellSize, cols, rows });
const cx = (g: GridSpec, i: number) => g.originX + ((i % g.cols) + 0.5) * g.cellSize;
const cy = (g: GridSpec, i: number) => g.originY - (Math.floor(i / g.cols) + 0.5) * g.cellSize;

/** The whole definition, cell by cell, with no index, no incremental state and no bounding boxes. */
function bruteForce(g: GridSpec, values: Float32Array, mask: Uint8Array, targets: Map<string, Geometry3006>, zones: CoverageZone[]) {
  const n = mask.reduce((a, b) => a + b, 0);
  const order = [...values.keys()].filter((i) => mask[i] && values[i] > 0).sort((a, b) => values[b] - values[a] || a - b);
  const top1 = new Set(order.slice(0, Math.ceil(0.01 * n)));
  const top5 = new Set(order.slice(0, Math.ceil(0.05 * n)));
  const coveredBy = (i: number) => [...targets].filter(([, t]) => coversPoint(t, cx(g, i), cy(g, i))).map(([id]) => id);
  const covered = (i: number) => coveredBy(i).length > 0;
  const fig = (s: Set<number>) => {
    const c = [...s].filter(covered).length;
    return { cells: s.size, covered: c, share: s.size ? c / s.size : 0 };
  };
  const zoneOut = zones.map((z) => {
    const touches = (i: number) => {
      // Distance from the centre to the cell's rectangle below r.
      const x0 = g.originX + (i % g.cols) * g.cellSize;
      const y1 = g.originY - Math.floor(i / g.cols) * g.cellSize;
      const dx = Math.max(x0 - z.x, 0, z.x - (x0 + g.cellSize));
      const dy = Math.max(y1 - g.cellSize - z.y, 0, z.y - y1);
      return dx * dx + dy * dy < z.radiusM ** 2;
    };
    const zc = [...values.keys()].filter(
      (i) =>
        z.touch ? touches(i) : (cx(g, i) - z.x) ** 2 + (cy(g, i) - z.y) ** 2 <= z.radiusM ** 2 || (Math.floor((z.x - g.originX) / g.cellSize) === i % g.cols && Math.floor((g.originY - z.y) / g.cellSize) === Math.floor(i / g.cols)),
    );
    const ids = [...new Set(zc.flatMap(coveredBy))].sort();
    return { id: z.id, covered: ids.length > 0, measureIds: ids };
  });
  // Places: union of uncovered top-5 cells by 8-adjacency, by repeated relabelling.
  const open = [...top5].filter((i) => !covered(i));
  const label = new Map(open.map((i) => [i, i]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const a of open)
      for (const b of open) {
        const adj = Math.abs((a % g.cols) - (b % g.cols)) <= 1 && Math.abs(Math.floor(a / g.cols) - Math.floor(b / g.cols)) <= 1;
        if (adj && label.get(a)! > label.get(b)!) {
          label.set(a, label.get(b)!);
          changed = true;
        }
      }
  }
  const groups = new Map<number, number[]>();
  for (const i of open) groups.set(label.get(i)!, [...(groups.get(label.get(i)!) ?? []), i]);
  const places = [...groups.values()]
    .map((cells) => ({ max: Math.max(...cells.map((i) => values[i])), mean: cells.reduce((s, i) => s + values[i], 0) / cells.length, first: Math.min(...cells), cells: cells.length }))
    .sort((a, b) => b.max - a.max || b.mean - a.mean || a.first - b.first);
  return { top1: fig(top1), top5: fig(top5), zones: zoneOut, uncovered: places.map((p) => ({ max: p.max, cells: p.cells })) };
}

function randomTarget(rand: () => number, g: GridSpec): Geometry3006 {
  const x = g.originX + rand() * g.cols * g.cellSize;
  const y = g.originY - rand() * g.rows * g.cellSize;
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return { type: 'Point', coordinates: [x, y] };
  if (kind === 1) return { type: 'LineString', coordinates: [[x, y], [x + (rand() - 0.5) * 800, y + (rand() - 0.5) * 800], [x + (rand() - 0.5) * 800, y]] };
  const ring = (ox: number, oy: number, r: number) => {
    const pts = Array.from({ length: 7 }, (_, k) => {
      const a = (k / 7) * 2 * Math.PI;
      const rr = r * (0.4 + rand());
      return [ox + rr * Math.cos(a), oy + rr * Math.sin(a)];
    });
    return [...pts, pts[0]];
  };
  if (kind === 2) return { type: 'Polygon', coordinates: [ring(x, y, 300), ring(x, y, 60)] };
  return { type: 'MultiPolygon', coordinates: [[ring(x, y, 200)], [ring(x + 150, y - 100, 200)]] };
}

function compare(idx: CoverageIndex, bf: ReturnType<typeof bruteForce>) {
  const s = idx.summary(Infinity);
  expect(s.top1).toEqual(bf.top1);
  expect(s.top5).toEqual(bf.top5);
  expect(s.zones).toEqual(bf.zones);
  expect(s.uncovered.map((p) => ({ max: p.risk, cells: p.cells }))).toEqual(bf.uncovered);
  expect(s.uncovered.map((p) => p.rank)).toEqual(s.uncovered.map((_, i) => i + 1));
}

describe('coverage core', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`equals a brute-force count on random surfaces, measures and zones, through adds, changes and removals (seed ${seed})`, () => {
      const rand = mulberry32(seed);
      const g = grid(20 + Math.floor(rand() * 25), 15 + Math.floor(rand() * 25));
      const n = g.cols * g.rows;
      // Even seeds: few distinct levels, so ties are common and the tie rule is exercised; odd seeds: continuous values.
      const level = () => (seed % 2 === 0 ? Math.floor(rand() * 6) / 2 : rand() * 3);
      const values = Float32Array.from({ length: n }, () => (rand() < 0.3 ? 0 : level()));
      const mask = Uint8Array.from({ length: n }, () => (rand() < 0.85 ? 1 : 0));
      const zones: CoverageZone[] = Array.from({ length: 4 }, (_, k) => ({ id: `z${k}`, x: g.originX + rand() * g.cols * g.cellSize, y: g.originY - rand() * g.rows * g.cellSize, radiusM: [20, 100, 200][k % 3], touch: k >= 2 }));
      const idx = new CoverageIndex({ grid: g, values, mask });
      idx.setZones(zones);
      const targets = new Map<string, Geometry3006>();
      for (let step = 0; step < 14; step++) {
        const id = `m${Math.floor(rand() * 6)}`;
        if (rand() < 0.25) {
          targets.delete(id);
          idx.removeMeasure(id);
        } else {
          const t = randomTarget(rand, g);
          targets.set(id, t);
          idx.setMeasure(id, coveredCells(g, t));
        }
        if (step % 5 === 4) {
          // A new surface on the same grid: counts stay, ranks change.
          for (let i = 0; i < n; i++) if (rand() < 0.2) values[i] = level();
          idx.setSurface({ grid: g, values, mask });
        }
        compare(idx, bruteForce(g, values, mask, targets, zones));
      }
    });
  }

  it('breaks ties by the lower cell index and leaves cells without risk out of the top sets', () => {
    const g = grid(10, 10);
    const values = new Float32Array(100);
    for (let i = 0; i < 100; i++) values[i] = i < 50 ? 1 : 0;
    const idx = new CoverageIndex({ grid: g, values, mask: null });
    // k1 = 1, k5 = 5 of 100 cells; all 50 positive cells tie: cells 0..4 are the top 5 %, cell 0 the top 1 %.
    idx.setMeasure('a', Uint32Array.of(0));
    expect(idx.figures()).toEqual({ top1: { cells: 1, covered: 1, share: 1 }, top5: { cells: 5, covered: 1, share: 0.2 } });
    idx.setMeasure('b', Uint32Array.of(5, 6, 7));
    expect(idx.figures().top5.covered).toBe(1);
    // Only three cells with any risk: the top 5 % shrinks to them.
    values.fill(0);
    values[97] = 3;
    values[98] = 2;
    values[99] = 2;
    idx.setSurface({ grid: g, values, mask: null });
    expect(idx.figures().top5).toEqual({ cells: 3, covered: 0, share: 0 });
    const [place] = idx.uncovered();
    expect(place).toMatchObject({ rank: 1, cells: 3, risk: 3 });
    expect(place.meanRisk).toBeCloseTo(7 / 3, 6);
  });

  it('covers polygon cells by their centre and point/line cells within 100 m; ranks two separate places by their highest value', () => {
    const g = grid(40, 40);
    const values = new Float32Array(1600);
    // Two hot spots: a 2×2 at (5,5) worth 4 and a single cell at (30,30) worth 9.
    for (const [c, r] of [[5, 5], [6, 5], [5, 6], [6, 6]]) values[r * 40 + c] = 4;
    values[30 * 40 + 30] = 9;
    const idx = new CoverageIndex({ grid: g, values, mask: null });
    expect(idx.uncovered().map((p) => [p.rank, p.cells, p.risk])).toEqual([
      [1, 1, 9],
      [2, 4, 4],
    ]);
    // A point 100 m from the centre of (30,30) covers it (boundary included); 101 m does not.
    const c30x = g.originX + 30.5 * 50;
    const c30y = g.originY - 30.5 * 50;
    expect([...coveredCells(g, { type: 'Point', coordinates: [c30x + 101, c30y] })]).not.toContain(30 * 40 + 30);
    idx.setMeasure('p', coveredCells(g, { type: 'Point', coordinates: [c30x + 100, c30y] }));
    expect(idx.uncovered().map((p) => p.cells)).toEqual([4]);
    // A polygon around the centres of (5,5) and (6,5) only: the place shrinks to the other two cells.
    const x0 = g.originX + 5 * 50 + 10;
    const y0 = g.originY - 5 * 50 - 10;
    idx.setMeasure('q', coveredCells(g, { type: 'Polygon', coordinates: [[[x0, y0], [x0 + 80, y0], [x0 + 80, y0 - 30], [x0, y0 - 30], [x0, y0]]] }));
    expect(idx.figures().top5).toEqual({ cells: 5, covered: 3, share: 0.6 });
    const [p] = idx.uncovered();
    expect(p.cells).toBe(2);
    expect(p.bbox[0]).toBeLessThan(p.centroid[0]);
    expect(p.bbox[2]).toBeGreaterThan(p.centroid[0]);
    expect(p.bbox[1]).toBeLessThan(p.centroid[1]);
    expect(p.bbox[3]).toBeGreaterThan(p.centroid[1]);
  });

  it('a zone smaller than a cell is covered through the cell holding its centre, and names its measures', () => {
    const g = grid(10, 10, 250);
    const idx = new CoverageIndex({ grid: g, values: new Float32Array(100), mask: null });
    const z = { id: 'z', x: g.originX + 3 * 250 + 20, y: g.originY - 4 * 250 - 20, radiusM: 50 };
    idx.setZones([z]);
    expect(idx.zoneCoverage()).toEqual([{ id: 'z', covered: false, measureIds: [] }]);
    idx.setMeasure('b', Uint32Array.of(4 * 10 + 3));
    idx.setMeasure('a', Uint32Array.of(4 * 10 + 3, 99));
    idx.setMeasure('c', Uint32Array.of(98));
    expect(idx.zoneCoverage()).toEqual([{ id: 'z', covered: true, measureIds: ['a', 'b'] }]);
  });

  it('a measure counts only while active and inside its period', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    expect(isActiveMeasure({ status: 'active', startsAt: '2026-05-01T00:00:00Z', endsAt: null }, now)).toBe(true);
    expect(isActiveMeasure({ status: 'planned', startsAt: '2026-05-01T00:00:00Z', endsAt: null }, now)).toBe(false);
    expect(isActiveMeasure({ status: 'active', startsAt: '2026-06-02T00:00:00Z', endsAt: null }, now)).toBe(false);
    expect(isActiveMeasure({ status: 'active', startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-06-01T12:00:00Z' }, now)).toBe(false);
  });

  it('planned dosage so far: per day and week over the elapsed period (to its end), or the total', () => {
    const now = Date.parse('2026-06-15T00:00:00Z');
    const m = (per: 'day' | 'week' | 'total', endsAt: string | null = null) => ({ plannedDosage: { amount: 3, unit: 'visit' as const, per }, startsAt: '2026-06-01T00:00:00Z', endsAt });
    expect(plannedSoFar(m('day'), now)).toBe(42);
    expect(plannedSoFar(m('week'), now)).toBe(6);
    expect(plannedSoFar(m('total'), now)).toBe(3);
    expect(plannedSoFar(m('day', '2026-06-08T00:00:00Z'), now)).toBe(21);
    expect(plannedSoFar({ plannedDosage: null, startsAt: '2026-06-01T00:00:00Z', endsAt: null }, now)).toBe(0);
  });

  it("a partner zone's cells are exactly those of the outline partners are shown (generaliseZone)", () => {
    const g = grid(60, 60, 250);
    const rand = mulberry32(99);
    for (let k = 0; k < 50; k++) {
      const z = { id: `z${k}`, x: g.originX + 2_000 + rand() * 10_000, y: g.originY - 2_000 - rand() * 10_000, radiusM: 50 + rand() * 600, touch: true };
      const ring = generaliseZone({ ...z, expiresAtMs: 0 }, { cellSizeM: 250 }).geometry3006.coordinates[0];
      let area = 0;
      for (let i = 1; i < ring.length; i++) area += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
      const cells = zoneCells(g, z);
      expect(cells.length).toBe(Math.round(Math.abs(area) / 2 / 250 ** 2));
      for (const c of cells) {
        const cx = g.originX + ((c % 60) + 0.5) * 250;
        const cy = g.originY - (Math.floor(c / 60) + 0.5) * 250;
        expect(coversPoint({ type: 'Polygon', coordinates: [ring] }, cx, cy, 0)).toBe(true);
      }
    }
  });
});
