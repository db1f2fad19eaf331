import { describe, expect, it } from 'vitest';
import { findSelfIntersection, parseBoundary, parseFeatureSet } from './geometry.ts';
import { buildGrid, cellX, cellY, countPoints } from './grid.ts';
import { createRng, pointsFc, randomPoints, squareBoundary } from './synthetic.ts';
import { buildFactorVariables, densityPoints, kernelDensity, nearestDistanceSq } from './variables.ts';

const X0 = 100_000;
const Y0 = 6_000_000;

function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const ex = bx - ax;
  const ey = by - ay;
  const l2 = ex * ex + ey * ey;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * ex + (py - ay) * ey) / l2)) : 0;
  return (px - ax - t * ex) ** 2 + (py - ay - t * ey) ** 2;
}

describe('grid', () => {
  it('keeps a cell when its centroid is inside the boundary (holes excluded)', () => {
    const poly = {
      type: 'Polygon',
      coordinates: [
        [[X0, Y0], [X0 + 1000, Y0], [X0 + 1000, Y0 + 1000], [X0, Y0 + 1000], [X0, Y0]],
        [[X0 + 400, Y0 + 400], [X0 + 600, Y0 + 400], [X0 + 600, Y0 + 600], [X0 + 400, Y0 + 600], [X0 + 400, Y0 + 400]],
      ],
    };
    const g = buildGrid(parseBoundary(poly), 100, 1e6);
    expect(g.cols).toBe(10);
    expect(g.rows).toBe(10);
    expect(g.n).toBe(100 - 4);
    const { counts, outside } = countPoints(g, Float64Array.from([X0 + 50, Y0 + 950, X0 + 500, Y0 + 500, X0 - 1, Y0]));
    expect(outside).toBe(2);
    expect(counts[0]).toBe(1);
    expect(cellX(g, 0)).toBe(X0 + 50);
    expect(cellY(g, 0)).toBe(Y0 + 950);
  });
  it('detects crossing edges but accepts simple rings', () => {
    expect(findSelfIntersection(parseBoundary(squareBoundary(0, 0, 10, 10)))).toBeNull();
    const bow = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]] };
    expect(findSelfIntersection(parseBoundary(bow))).toMatch(/cross/);
  });
});

describe('proximity: exact nearest distance from cell centroids', () => {
  const g = buildGrid(parseBoundary(squareBoundary(X0, Y0, 3000, 2000)), 50, 1e6);
  it('points, lines and polygons agree with brute force', () => {
    const rng = createRng(3);
    const pts = randomPoints(rng, 15, X0, Y0, 3000, 2000);
    const line = [
      [X0 + 100, Y0 + 100],
      [X0 + 1700, Y0 + 900],
      [X0 + 2500, Y0 + 300],
    ];
    const poly = [
      [X0 + 2000, Y0 + 1200],
      [X0 + 2600, Y0 + 1200],
      [X0 + 2600, Y0 + 1800],
      [X0 + 2000, Y0 + 1800],
      [X0 + 2000, Y0 + 1200],
    ];
    const fc = pointsFc(pts) as { features: unknown[] };
    fc.features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } });
    fc.features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [poly] } });
    const fs = parseFeatureSet(fc);
    const dmax = 300;
    const d2 = nearestDistanceSq(g, fs, dmax);
    for (let i = 0; i < g.n; i++) {
      const x = cellX(g, i);
      const y = cellY(g, i);
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < pts.length; k += 2) best = Math.min(best, (x - pts[k]) ** 2 + (y - pts[k + 1]) ** 2);
      for (let k = 0; k + 1 < line.length; k++) best = Math.min(best, segDist2(x, y, line[k][0], line[k][1], line[k + 1][0], line[k + 1][1]));
      for (let k = 0; k + 1 < poly.length; k++) best = Math.min(best, segDist2(x, y, poly[k][0], poly[k][1], poly[k + 1][0], poly[k + 1][1]));
      if (x > X0 + 2000 && x < X0 + 2600 && y > Y0 + 1200 && y < Y0 + 1800) best = 0;
      if (best <= dmax * dmax) expect(d2[i]).toBeCloseTo(best, 6);
      else expect(d2[i]).toBe(Number.POSITIVE_INFINITY);
    }
  });
  it('a centroid exactly at distance d is within d (≤)', () => {
    // feature at a cell centroid; the neighbour centroid is exactly 50 m away
    const fs = parseFeatureSet(pointsFc([X0 + 75, Y0 + 1975]));
    const fv = buildFactorVariables(g, fs, { name: 'x', operationalization: 'proximity', spatialInfluence: 1, increment: 'half' }, 1, 100, 2);
    const v50 = fv.vars[0];
    expect(v50.distance).toBe(50);
    // centre + 4 edge neighbours (the corner neighbours are 70.7 m away); top row so 1 neighbour is outside
    expect(v50.ones).toBe(4);
  });
});

describe('density: exact quartic kernel at centroids, thresholded at mean + k·SD', () => {
  const g = buildGrid(parseBoundary(squareBoundary(X0, Y0, 2000, 2000)), 50, 1e6);
  it('matches brute force and the dichotomisation rule', () => {
    const rng = createRng(4);
    const pts = randomPoints(rng, 40, X0 + 500, Y0 + 500, 600, 600);
    const fs = parseFeatureSet(pointsFc(pts));
    const d = 250;
    const K = kernelDensity(g, densityPoints(fs, 50), d, new Float64Array(g.n));
    let mean = 0;
    for (let i = 0; i < g.n; i++) {
      let s = 0;
      for (let k = 0; k < pts.length; k += 2) {
        const u2 = ((cellX(g, i) - pts[k]) ** 2 + (cellY(g, i) - pts[k + 1]) ** 2) / (d * d);
        if (u2 < 1) s += (3 / Math.PI) * (1 - u2) ** 2 / (d * d);
      }
      expect(K[i]).toBeCloseTo(s, 12);
      mean += s;
    }
    mean /= g.n;
    let ss = 0;
    for (let i = 0; i < g.n; i++) ss += (K[i] - mean) ** 2;
    const thr = mean + 2 * Math.sqrt(ss / g.n);
    const fv = buildFactorVariables(g, fs, { name: 'x', operationalization: 'density', spatialInfluence: 3, increment: 'half' }, 1, 100, 2);
    const v = fv.vars.find((x) => x.distance === 250);
    if (!v) throw new Error('no 250 m density variable');
    for (let i = 0; i < g.n; i++) expect(v.table[fv.state[i]]).toBe(K[i] > thr ? 1 : 0);
  });
  it('both operationalisations give 2 × bands variables with nested proximity', () => {
    const fs = parseFeatureSet(pointsFc([X0 + 1000, Y0 + 1000]));
    const fv = buildFactorVariables(g, fs, { name: 'bars', operationalization: 'both', spatialInfluence: 3, increment: 'half' }, 1, 100, 2);
    expect(fv.vars.map((v) => v.name)).toEqual([
      'r01p01_bars_proximity_50',
      'r01p02_bars_proximity_100',
      'r01p03_bars_proximity_150',
      'r01p04_bars_proximity_200',
      'r01p05_bars_proximity_250',
      'r01p06_bars_proximity_300',
      'r01d01_bars_density_50',
      'r01d02_bars_density_100',
      'r01d03_bars_density_150',
      'r01d04_bars_density_200',
      'r01d05_bars_density_250',
      'r01d06_bars_density_300',
    ]);
    for (let b = 1; b < 6; b++) expect(fv.vars[b].ones).toBeGreaterThanOrEqual(fv.vars[b - 1].ones);
  });
});
