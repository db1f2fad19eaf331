import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, twoSidedP } from './normal.ts';

describe('normal distribution', () => {
  it('gives the textbook quantiles (AS 241)', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(normalQuantile(1.5))).toBe(true);
  });

  it('agrees with scipy.stats.norm over the whole range, tails included', () => {
    const ps = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999, 1 - 1e-10];
    const zs = [-37, -20, -10, -5, -3, -1.96, -1, -0.1, 0, 0.5, 1, 2.5, 3.5, 6];
    const out = JSON.parse(
      execFileSync('python3', ['-c', `import json,sys; from scipy.stats import norm; a=json.loads(sys.argv[1]); print(json.dumps([list(norm.ppf(a[0])), list(norm.cdf(a[1]))]))`, JSON.stringify([ps, zs])], { encoding: 'utf8' }),
    ) as [number[], number[]];
    ps.forEach((p, i) => {
      expect(Math.abs(normalQuantile(p) - (out[0][i] as number))).toBeLessThan(1e-9 * Math.max(1, Math.abs(out[0][i] as number)));
    });
    zs.forEach((z, i) => {
      expect(Math.abs(normalCdf(z) - (out[1][i] as number)) / Math.max(out[1][i] as number, 1e-300)).toBeLessThan(1e-10);
    });
  });

  it('inverts its own CDF', () => {
    for (const z of [-8, -4, -2, -0.5, 0.25, 1, 3]) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 8);
    expect(twoSidedP(-1.959963984540054)).toBeCloseTo(0.05, 14);
  });
});
