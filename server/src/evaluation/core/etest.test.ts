import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../shared/src/random.ts';
import { EvaluationInputError } from './errors.ts';
import { etest, poissonLogPmf } from './etest.ts';

describe('Poisson E-test (Krishnamoorthy & Thomson 2004)', () => {
  it('reproduces the paper examples as ptools tests them: e_test(6,2) = 0.1749, e_test(0,3) ≈ 0.0884', () => {
    expect(etest({ k1: 6, k2: 2 }).p).toBeCloseTo(0.1748748, 7);
    expect(Math.abs(etest({ k1: 0, k2: 3 }).p - 0.0884)).toBeLessThan(0.0005);
    // K&T's example of 0 vs 3 dodder seeds in two 100 g samples, as scipy's poisson_means_test documents it
    // (p = 0.088379009…; scipy starts its sums at the 1e-10 quantile, so it is 1.7e-10 lower).
    expect(etest({ k1: 0, n1: 100, k2: 3, n2: 100 }).p).toBeCloseTo(0.0883790093, 9);
  });

  it('gives the same p when the two samples are swapped (seeded random counts and exposures)', () => {
    const rng = createRng(2004);
    for (let i = 0; i < 150; i++) {
      const k1 = Math.floor(rng() * 60);
      const k2 = Math.floor(rng() * 60) + (k1 === 0 ? 1 : 0);
      const n1 = 0.2 + rng() * 5;
      const n2 = 0.2 + rng() * 5;
      for (const variance of ['pooled', 'unpooled'] as const) {
        const a = etest({ k1, k2, n1, n2, variance }).p;
        const b = etest({ k1: k2, k2: k1, n1: n2, n2: n1, variance }).p;
        expect(Math.abs(a - b)).toBeLessThan(1e-12);
      }
    }
  });

  it('agrees with scipy.stats.poisson_means_test over a grid incl. unequal exposures and d ≠ 0', () => {
    const grid: Array<[number, number, number, number, number]> = [];
    for (const [k1, k2] of [[6, 2], [0, 3], [1, 0], [10, 20], [25, 25], [40, 12], [3, 17], [100, 130]])
      for (const [n1, n2] of [[1, 1], [2, 5], [3.5, 1.2]]) for (const d of [0, 0.5]) grid.push([k1 as number, k2 as number, n1 as number, n2 as number, d]);
    const py = `import json,sys
from scipy.stats import poisson_means_test as t
print(json.dumps([t(k1,n1,k2,n2,diff=d).pvalue for k1,k2,n1,n2,d in json.loads(sys.argv[1])]))`;
    const expected = JSON.parse(execFileSync('python3', ['-c', py, JSON.stringify(grid)], { encoding: 'utf8' })) as number[];
    grid.forEach(([k1, k2, n1, n2, d], i) => {
      // With d ≠ 0 scipy counts the (0, 0) outcome (its statistic is ±∞ there); the spec excludes it. Its
      // probability is e^−(n1(λ̂+d) + n2·λ̂) = e^−(k1+k2).
      const summed = (k1 + k2) / (n1 + n2) - (d * n1) / (n1 + n2) > 0;
      const scipy = (expected[i] as number) - (d !== 0 && summed ? Math.exp(-(k1 + k2)) : 0);
      // scipy uses K&T's unpooled statistic (their eq. 3.2); the spec's pooled one coincides when n1 = n2.
      const unpooled = etest({ k1, k2, n1, n2, d, variance: 'unpooled' }).p;
      // scipy starts its sums at the 1e-10 quantile (it loses up to ~2e-7 of mass there); ours reaches
      // log-probability −500, and the brute-force test below checks it to 1e-12.
      expect(Math.abs(unpooled - scipy), `k=${k1},${k2} n=${n1},${n2} d=${d}`).toBeLessThan(1e-6);
      if (n1 === n2) expect(Math.abs(etest({ k1, k2, n1, n2, d }).p - scipy)).toBeLessThan(1e-6);
    });
  });

  it('equals the brute-force double sum of §3 over the whole support, both statistics', () => {
    for (const [k1, k2, n1, n2, d] of [[10, 20, 3.5, 1.2, 0], [6, 2, 1, 1, 0], [0, 3, 2, 1, 0], [15, 4, 1, 3, 0.5], [7, 7, 1.5, 0.7, -1]] as const) {
      for (const variance of ['pooled', 'unpooled'] as const) {
        const lam = (k1 + k2) / (n1 + n2) - (d * n1) / (n1 + n2);
        const m1 = n1 * (lam + d);
        const m2 = n2 * lam;
        const T = (x1: number, x2: number) => Math.abs(x1 / n1 - x2 / n2 - d) / Math.sqrt(variance === 'pooled' ? (x1 + x2) / (n1 + n2) : x1 / n1 ** 2 + x2 / n2 ** 2);
        const t0 = T(k1, k2);
        let p = 0;
        for (let x1 = 0; x1 < 250; x1++)
          for (let x2 = 0; x2 < 250; x2++) {
            if (x1 === 0 && x2 === 0) continue;
            if (T(x1, x2) >= t0 * (1 - 1e-12)) p += Math.exp(poissonLogPmf(x1, m1) + poissonLogPmf(x2, m2));
          }
        expect(Math.abs(etest({ k1, k2, n1, n2, d, variance }).p - p), `${k1},${k2},${n1},${n2},${d},${variance}`).toBeLessThan(1e-12);
      }
    }
  });

  it('handles counts of a million without overflow, quickly, and matches the normal approximation there', () => {
    const t0 = performance.now();
    const r = etest({ k1: 1_000_000, k2: 1_002_000 });
    const ms = performance.now() - t0;
    // Under H0 X1 − X2 has variance ≈ k1 + k2: z = 2000/√2002000 ≈ 1.4135 → two-sided p ≈ 0.1575.
    expect(r.p).toBeCloseTo(0.1575, 3);
    expect(ms).toBeLessThan(2000);
    const far = etest({ k1: 1_000_000, k2: 1_100_000 });
    expect(far.p).toBe(0);
    // Its rejection region lies beyond the −500 log-probability cut: p is 0 to double precision.
    expect(far.logP).toBeLessThan(-400);
  });

  it('has log-pmfs that sum to 1 and match the direct formula for small counts', () => {
    let s = 0;
    for (let x = 0; x < 200; x++) s += Math.exp(poissonLogPmf(x, 37.5));
    expect(s).toBeCloseTo(1, 12);
    expect(poissonLogPmf(3, 2)).toBeCloseTo(3 * Math.log(2) - 2 - Math.log(6), 13);
  });

  it('refuses k1 + k2 = 0 as undefined (422) and negative or fractional counts', () => {
    try {
      etest({ k1: 0, k2: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EvaluationInputError);
      expect((e as EvaluationInputError).undefinedStatistic).toBe(true);
    }
    expect(() => etest({ k1: -1, k2: 3 })).toThrow(/negative/);
    expect(() => etest({ k1: 1.5, k2: 3 })).toThrow(/whole/);
    expect(() => etest({ k1: 1, k2: 3, n1: 0 })).toThrow(/positive/);
    expect(() => etest({ k1: 100_000_001, k2: 3 })).toThrow(/at most/);
  });

  it('answers p = 1 when λ̂ ≤ 0 (K&T p. 26: H0 cannot be rejected)', () => {
    expect(etest({ k1: 1, k2: 1, d: 5 }).p).toBe(1);
  });
});
