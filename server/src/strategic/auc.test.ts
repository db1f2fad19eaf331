import { describe, expect, it } from 'vitest';
import { aucMannWhitney } from './auc.ts';

const items = (pos: number[], neg: number[]) => [...pos.map((score) => ({ score, positive: true })), ...neg.map((score) => ({ score, positive: false }))];

describe('aucMannWhitney', () => {
  it('counts a tied pair as ½ (hand-computed: 5.5 of 6 pairs)', () => {
    const r = aucMannWhitney(items([0.9, 0.8], [0.8, 0.1, 0.3]));
    expect(r.auc).toBeCloseTo(5.5 / 6, 12);
    expect(r.u).toBe(5.5);
    expect([r.nPositive, r.nNegative]).toEqual([2, 3]);
  });

  it('is 1 for perfect separation, 0 for reversed, 0.5 when everything ties', () => {
    expect(aucMannWhitney(items([3, 4], [1, 2])).auc).toBe(1);
    expect(aucMannWhitney(items([1, 2], [3, 4])).auc).toBe(0);
    expect(aucMannWhitney(items([1, 1], [1, 1, 1])).auc).toBe(0.5);
  });

  it('leaves out null scores and returns null when a group is empty', () => {
    const r = aucMannWhitney([...items([2], [1]), { score: null, positive: true }]);
    expect(r).toMatchObject({ auc: 1, excluded: 1, nPositive: 1 });
    expect(aucMannWhitney(items([1, 2], [])).auc).toBeNull();
  });

  it('agrees with the brute-force pair count on a seeded random sample', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const pos = Array.from({ length: 37 }, () => Math.round(rnd() * 20) / 2 + 1);
    const neg = Array.from({ length: 91 }, () => Math.round(rnd() * 20) / 2);
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(aucMannWhitney(items(pos, neg)).auc).toBeCloseTo(wins / (pos.length * neg.length), 12);
  });
});
