import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregatePatterns, assignFolds, cvEnet, DEFAULT_ENET, type EnetProblem, enetPath } from './elasticNet.ts';
import { createRng } from '../../../../shared/src/random.ts';

const ref = JSON.parse(readFileSync(new URL('./testdata/reference.json', import.meta.url), 'utf8'));
const lines = readFileSync(new URL('./testdata/design.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const n = lines.length;
const xs = [0, 1, 2].map(() => new Int32Array(n));
const y = new Int32Array(n);
lines.forEach((l, i) => {
  const v = l.split(',').map(Number);
  for (let j = 0; j < 3; j++) xs[j][i] = v[j];
  y[i] = v[3];
});
const ident = Uint8Array.from([0, 1]);
const prob: EnetProblem = { y, p: 3, factors: xs.map((state, j) => ({ state, nStates: 2, tables: [ident], varIds: [j] })) };

function cellRows(yy: Int32Array) {
  const cnt = new Float64Array(yy.length).fill(1);
  const sum = Float64Array.from(yy);
  const ylogy = Float64Array.from(yy, (v) => (v > 0 ? v * Math.log(v) : 0));
  return { cnt, sum, ylogy };
}

describe('elastic-net Poisson path', () => {
  it('matches glmnet (alpha 0.5, standardised) at four λ values', () => {
    const opts = { ...DEFAULT_ENET, thresh: 1e-14 };
    const free = enetPath(prob, opts, cellRows(y), null);
    expect(free.lambdas[0]).toBeCloseTo(ref.glmnet.lambdaMax, 9);
    const path = enetPath(prob, opts, cellRows(y), Float64Array.from(ref.glmnet.lambda));
    for (let k = 0; k < 4; k++) {
      expect(path.intercept[k]).toBeCloseTo(ref.glmnet.intercept[k], 5);
      expect(path.beta[k][0]).toBeCloseTo(ref.glmnet.x1[k], 5);
      expect(path.beta[k][1]).toBeCloseTo(ref.glmnet.x2[k], 5);
      expect(path.beta[k][2]).toBeCloseTo(ref.glmnet.x3[k], 5);
    }
  });

  it('satisfies the KKT conditions on a larger random design', () => {
    const rng = createRng(7);
    const m = 4000;
    const F = 6;
    const states = Array.from({ length: F }, () => new Int32Array(m));
    const yy = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      let eta = -1;
      for (let f = 0; f < F; f++) {
        const s = Math.floor(rng() * 4);
        states[f][i] = s;
        if (f < 2 && s >= 2) eta += 0.6;
      }
      const mu = Math.exp(eta);
      let k = 0;
      let p = rng();
      const L = Math.exp(-mu);
      while (p > L) {
        k++;
        p *= rng();
      }
      yy[i] = k;
    }
    // three nested indicators per factor: state ≥ 1, ≥ 2, ≥ 3
    const tables = [1, 2, 3].map((t) => Uint8Array.from([0, 1, 2, 3], (s) => (s >= t ? 1 : 0)));
    const pr: EnetProblem = { y: yy, p: 3 * F, factors: states.map((state, f) => ({ state, nStates: 4, tables, varIds: [0, 1, 2].map((q) => 3 * f + q) })) };
    const alpha = 0.5;
    const path = enetPath(pr, { ...DEFAULT_ENET, thresh: 1e-13, nlambda: 30 }, cellRows(yy), null);
    for (const k of [5, 15, path.lambdas.length - 1]) {
      const lam = path.lambdas[k];
      const beta = path.beta[k];
      const mu = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let eta = path.intercept[k];
        for (let j = 0; j < 3 * F; j++) if (tables[j % 3][states[Math.floor(j / 3)][i]]) eta += beta[j];
        mu[i] = Math.exp(eta);
      }
      let g0 = 0;
      for (let i = 0; i < m; i++) g0 += yy[i] - mu[i];
      expect(Math.abs(g0 / m)).toBeLessThan(1e-6);
      for (let j = 0; j < 3 * F; j++) {
        const T = tables[j % 3];
        const st = states[Math.floor(j / 3)];
        let mean = 0;
        for (let i = 0; i < m; i++) mean += T[st[i]];
        mean /= m;
        const sd = Math.sqrt(mean * (1 - mean));
        let g = 0;
        for (let i = 0; i < m; i++) g += (yy[i] - mu[i]) * ((T[st[i]] - mean) / sd);
        g /= m;
        const bs = beta[j] * sd; // standardised coefficient
        if (bs === 0) expect(Math.abs(g)).toBeLessThanOrEqual(lam * alpha + 1e-6);
        else expect(Math.abs(g - lam * (1 - alpha) * bs - lam * alpha * Math.sign(bs))).toBeLessThan(1e-6);
      }
    }
  });

  it('fitting on distinct patterns equals fitting on cells', () => {
    const agg = aggregatePatterns(prob);
    expect(agg.rows).toBeLessThanOrEqual(8);
    const a = enetPath(prob, DEFAULT_ENET, cellRows(y), null);
    const cnt = new Float64Array(agg.rows);
    const sum = new Float64Array(agg.rows);
    const ylogy = new Float64Array(agg.rows);
    for (let i = 0; i < n; i++) {
      cnt[agg.rowOf[i]]++;
      sum[agg.rowOf[i]] += y[i];
      if (y[i] > 0) ylogy[agg.rowOf[i]] += y[i] * Math.log(y[i]);
    }
    const b = enetPath({ ...prob, factors: agg.factors }, DEFAULT_ENET, { cnt, sum, ylogy }, null);
    expect(b.lambdas.length).toBe(a.lambdas.length);
    for (let k = 0; k < a.lambdas.length; k += 7) for (let j = 0; j < 3; j++) expect(b.beta[k][j]).toBeCloseTo(a.beta[k][j], 6);
  });

  it('cross-validation is seeded, balanced and deterministic', () => {
    const f1 = assignFolds(1003, 10, 5);
    const sizes = new Array(10).fill(0);
    for (const f of f1) sizes[f]++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Array.from(assignFolds(1003, 10, 5))).toEqual(Array.from(f1));
    const a = cvEnet(prob, { ...DEFAULT_ENET, seed: 3 });
    const b = cvEnet(prob, { ...DEFAULT_ENET, seed: 3 });
    expect(a.lambdaMin).toBe(b.lambdaMin);
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
    // x1 and x2 are real effects and survive at lambda.min
    expect(a.beta[0]).toBeGreaterThan(0.5);
    expect(a.beta[1]).toBeGreaterThan(0.3);
  });
});
