import { describe, expect, it } from 'vitest';
import { atStudyCells, countPerCell, gridOverArea, modelAccuracy } from './riskAccuracy.ts';

describe('risk-map accuracy core', () => {
  // An L of 3 km² in SWEREF 99 TM: a 2 × 2 km square without its north-east 1 × 1 km.
  const L = { type: 'Polygon', coordinates: [[[0, 0], [2000, 0], [2000, 1000], [1000, 1000], [1000, 2000], [0, 2000], [0, 0]]] };

  it('lays study cells whose centre is inside the area, coarsening to stay under the cap', () => {
    const g = gridOverArea(L, 100, 1_000_000);
    expect(g.cols).toBe(20);
    expect(g.rows).toBe(20);
    expect(g.n).toBe(300);
    const coarse = gridOverArea(L, 100, 100);
    expect(coarse.cellSize).toBe(200);
    expect(coarse.n).toBe(75);
  });

  it('counts points per study cell and ignores those outside the study area', () => {
    const g = gridOverArea(L, 1000, 1000);
    expect(g.n).toBe(3);
    const counts = countPerCell(g, Float64Array.from([50, 50, 1500, 500, 1500, 1500, -10, 10, 999, 1999]));
    expect([...counts].reduce((s, v) => s + v, 0)).toBe(3);
    expect([...atStudyCells(g, Float64Array.from([1, 2, 3, 4]))].sort()).toEqual([1, 3, 4]);
  });

  it('ranks a perfect model at PEI 1 and reports an unavailable one with its reason', () => {
    const obs = Float64Array.from([0, 5, 0, 1, 0, 0, 0, 0, 0, 0]);
    const perfect = modelAccuracy('prior_counts', Float64Array.from(obs), obs, [0.1, 0.2]);
    expect(perfect.atCoverage[0]).toMatchObject({ cells: 1, hits: 5, pei: 1 });
    expect(perfect.atCoverage[0]?.pai).toBeCloseTo(5 / 6 / 0.1, 12);
    expect(perfect.curve.at(-1)).toEqual({ coverage: 1, hitRate: 1 });
    const none = modelAccuracy('rtm', null, obs, [0.1], { sv: 'Ingen körning.', en: 'No run.' });
    expect(none).toMatchObject({ available: false, reason: { en: 'No run.' }, atCoverage: [] });
    // NaN (outside an RTM study area) ranks last, not first.
    const withNaN = modelAccuracy('rtm', Float64Array.from([Number.NaN, 9, 0, 1, 0, 0, 0, 0, 0, 0]), obs, [0.1]);
    expect(withNaN.atCoverage[0]?.hits).toBe(5);
  });
});
