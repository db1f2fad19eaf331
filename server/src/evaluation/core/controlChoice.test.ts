import { describe, expect, it } from 'vitest';
import { rankCandidates, scaledDistance, slope, trendsDiffer } from './controlChoice.ts';

describe('choosing comparison areas (evaluation-method.md §4)', () => {
  const target = [10, 12, 11, 13, 12, 14];

  it('ranks the candidate with the closest monthly pre-period counts first, stable on ties', () => {
    const ranked = rankCandidates(target, [
      { item: 'far', preCounts: [30, 31, 29, 30, 32, 31] },
      { item: 'same', preCounts: [10, 12, 11, 13, 12, 14] },
      { item: 'near', preCounts: [11, 12, 10, 13, 13, 14] },
      { item: 'same-again', preCounts: [10, 12, 11, 13, 12, 14] },
    ]);
    expect(ranked.map((r) => r.item)).toEqual(['same', 'same-again', 'near', 'far']);
    expect(ranked[0]?.distance).toBe(0);
  });

  it('separates series with the same total but opposite trends', () => {
    const up = [2, 4, 6, 8, 10, 12];
    const down = [12, 10, 8, 6, 4, 2];
    expect(scaledDistance(up, down)).toBeGreaterThan(scaledDistance(up, [3, 4, 6, 7, 10, 12]));
    expect(slope(up)).toBeCloseTo(2, 12);
    expect(slope(down)).toBeCloseTo(-2, 12);
    expect(trendsDiffer([5, 5, 5, 40, 40, 40], [20, 20, 20, 20, 20, 20])).toBe(true);
    expect(trendsDiffer(target, [11, 11, 12, 12, 13, 13])).toBe(false);
  });

  it('is finite with empty months and zero with no months', () => {
    expect(scaledDistance([0, 0, 0], [0, 0, 0])).toBe(0);
    expect(Number.isFinite(scaledDistance([0, 5, 0], [3, 0, 0]))).toBe(true);
    expect(scaledDistance([], [])).toBe(0);
  });
});
