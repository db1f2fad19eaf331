import { describe, expect, it } from 'vitest';
import { cellAuc, coverageMetrics, paiCurve } from './evaluation.ts';
import { informationCriteria } from './glm.ts';
import { relativeRiskScore } from './surface.ts';
import { bandDistances, variableCount, variableName } from './variables.ts';

// Acceptance checks of rtm-method.md §1.12 (Leeds RTMDx report numbers) and §4 (ptools test vectors).
describe('RTM-1..5 (Leeds RTMDx report)', () => {
  it('[RTM-1] RRV = exp(β)', () => {
    expect(Math.exp(3.0617)).toBeCloseTo(21.3638, 4);
    expect(Math.exp(2.1578)).toBeCloseTo(8.6521, 4);
  });

  it('[RTM-2] RRS is the product of the RRVs present; 1 with none', () => {
    // four cells: none, bus stops only, det points only, both
    const state = Int32Array.from([0, 1, 2, 3]);
    const bus = { state, table: Uint8Array.from([0, 1, 0, 1]), beta: 3.0617 };
    const det = { state, table: Uint8Array.from([0, 0, 1, 1]), beta: 2.1578 };
    const rrs = relativeRiskScore(4, [bus, det], new Float64Array(4));
    expect(rrs[0]).toBe(1);
    expect(rrs[1]).toBeCloseTo(21.3638, 4);
    expect(rrs[2]).toBeCloseTo(8.6521, 4);
    expect(rrs[3]).toBeCloseTo(184.84, 2);
    expect(rrs[3].toFixed(1)).toBe('184.8');
  });

  it('[RTM-3] BIC = −2·logLik + p·ln(n) with p counting intercept and σ', () => {
    // Leeds: Global Deviance 18288.17 = −2 logLik; 2 factors + intercept + σ = 4 parameters; 9199 cells.
    const ic = informationCriteria(-18288.17 / 2, 4, 9199);
    expect(ic.bic).toBeCloseTo(18324.68, 2);
    expect(ic.aic).toBeCloseTo(18296.17, 2);
  });

  it('[RTM-4] variable counts', () => {
    expect(
      variableCount([
        { operationalization: 'both', spatialInfluence: 3, increment: 'whole' },
        { operationalization: 'proximity', spatialInfluence: 3, increment: 'whole' },
      ]),
    ).toBe(9);
    const f = [
      ...Array.from({ length: 14 }, () => ({ operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const })),
      { operationalization: 'proximity' as const, spatialInfluence: 3, increment: 'half' as const },
    ];
    expect(variableCount(f)).toBe(174);
  });

  it('[RTM-5] bands for block 500, 3 blocks, half', () => {
    expect(bandDistances(500, 3, 'half')).toEqual([250, 500, 750, 1000, 1250, 1500]);
    expect(bandDistances(500, 3, 'whole')).toEqual([500, 1000, 1500]);
  });

  it('RTMDx variable names', () => {
    expect(variableName(1, 'density', 1, 'det points', 500)).toBe('r01d01_det_points_density_500');
    expect(variableName(2, 'proximity', 1, 'bus stops', 500)).toBe('r02p01_bus_stops_proximity_500');
    expect(variableName(1, 'proximity', 2, 'bars', 100)).toBe('r01p02_bars_proximity_100');
  });
});

describe('§4 metric test vectors (ptools test-pai.R)', () => {
  const close = (a: ArrayLike<number>, b: number[]) => {
    for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 4);
  };
  it('obs (6,3,0), pred (3,2,1)', () => {
    const c = paiCurve([6, 3, 0], [3, 2, 1]);
    close(c.pai, [2, 1.5, 1]);
    close(c.pei, [1, 1, 1]);
    close(c.rri, [0.5, 0.5556, 0.6667]);
  });
  it('obs (6,7,3,2,1,0), pred (8,4,4,2,1,0): ties by ascending observed count', () => {
    const c = paiCurve([6, 7, 3, 2, 1, 0], [8, 4, 4, 2, 1, 0]);
    expect(Array.from(c.order).map((i) => i + 1)).toEqual([1, 3, 2, 4, 5, 6]);
    close(c.pai, [1.8947, 1.4211, 1.6842, 1.4211, 1.2, 1.0]);
    close(c.pei, [0.8571, 0.6923, 1, 1, 1, 1]);
    close(c.rri, [1.3333, 1.3333, 1, 1, 1, 1]);
  });
  it('AUC is the Mann–Whitney probability with ties counted half', () => {
    expect(cellAuc([3, 2, 1, 0], [1, 1, 0, 0])).toBe(1);
    expect(cellAuc([0, 1, 2, 3], [1, 1, 0, 0])).toBe(0);
    expect(cellAuc([1, 1, 1, 1], [1, 0, 1, 0])).toBe(0.5);
    expect(cellAuc([2, 1, 1, 0], [1, 1, 0, 0])).toBe(0.875);
  });
  it('coverage metrics take floor(n·f) top cells, ties in natural order', () => {
    const score = Array.from({ length: 200 }, (_, i) => (i < 10 ? 5 : 1));
    const obs = Array.from({ length: 200 }, (_, i) => (i < 2 ? 3 : i === 50 ? 4 : 0));
    const [c05, c1, c2, c5] = coverageMetrics(score, obs);
    expect(c05.cells).toBe(1);
    expect(c05.events).toBe(3);
    expect(c1.cells).toBe(2);
    expect(c1.hitRate).toBeCloseTo(0.6, 12);
    expect(c1.pai).toBeCloseTo(0.6 / 0.01, 9);
    expect(c1.pei).toBeCloseTo(6 / 7, 12);
    expect(c2.cells).toBe(4);
    expect(c5.cells).toBe(10);
    expect(c5.events).toBe(6);
  });
});
