import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BinaryVar, buildPatterns, fitNegBinII, fitPoisson, makeOutcome } from './glm.ts';

// Reference numbers from testdata/reference.R (R glm for Poisson; direct NBII MLE with dnbinom(size = μ/σ)).
const ref = JSON.parse(readFileSync(new URL('./testdata/reference.json', import.meta.url), 'utf8'));
const rows = readFileSync(new URL('./testdata/design.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
const n = rows.length;
const cols = [0, 1, 2].map(() => new Int32Array(n));
const yP = new Int32Array(n);
const yN = new Int32Array(n);
rows.forEach((line, i) => {
  const v = line.split(',').map(Number);
  for (let j = 0; j < 3; j++) cols[j][i] = v[j];
  yP[i] = v[3];
  yN[i] = v[4];
});
const ident = Uint8Array.from([0, 1]);
const vars: BinaryVar[] = cols.map((state) => ({ state, table: ident }));

function close(a: ArrayLike<number>, b: number[], tol: number) {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

describe('Poisson fit on distinct patterns matches R glm', () => {
  it('coefficients, standard errors, full logLik (with −log y!) and AIC', () => {
    const d = buildPatterns(makeOutcome(yP), vars, new Int32Array(n));
    expect(d.P).toBeLessThanOrEqual(8);
    const f = fitPoisson(d);
    close(f.beta, ref.poisson.coef, 1e-7);
    // R's glm reports SEs from the weights of its last IRLS iteration (one step before its converged β),
    // so they agree to ~1e-5 only; ours are evaluated at the optimum.
    close(f.se, ref.poisson.se, 2e-5);
    expect(f.logLik).toBeCloseTo(ref.poisson.logLik, 6);
    expect(f.aic).toBeCloseTo(ref.poisson.aic, 6);
    expect(f.bic).toBeCloseTo(-2 * ref.poisson.logLik + 4 * Math.log(n), 6);
  });
  it('on overdispersed data too', () => {
    const f = fitPoisson(buildPatterns(makeOutcome(yN), vars, new Int32Array(n)));
    close(f.beta, ref.poissonOnNb.coef, 1e-7);
    close(f.se, ref.poissonOnNb.se, 2e-5);
    expect(f.logLik).toBeCloseTo(ref.poissonOnNb.logLik, 6);
  });
});

describe('NBII fit (gamlss NBII, Var = μ(1+σ)) matches an independent R MLE', () => {
  it('β, log σ, SEs (observed information) and logLik', () => {
    const d = buildPatterns(makeOutcome(yN), vars, new Int32Array(n));
    const f = fitNegBinII(d);
    expect(f.converged).toBe(true);
    close(f.beta, ref.nbii.coef, 1e-5);
    expect(f.logSigma).toBeCloseTo(ref.nbii.logSigma, 5);
    close([...f.se, f.seLogSigma ?? 0], ref.nbii.se, 1e-4);
    expect(f.logLik).toBeCloseTo(ref.nbii.logLik, 6);
    expect(f.df).toBe(5);
    expect(f.bic).toBeCloseTo(-2 * ref.nbii.logLik + 5 * Math.log(n), 5);
  });
  it('collapses towards Poisson on equidispersed data (σ → 0, logLik → Poisson logLik)', () => {
    const d = buildPatterns(makeOutcome(yP), vars, new Int32Array(n));
    const p = fitPoisson(d);
    const nb = fitNegBinII(d, p.beta);
    expect(nb.logLik).toBeGreaterThanOrEqual(p.logLik - 1e-6);
    expect(nb.logLik - p.logLik).toBeLessThan(2);
    expect(nb.bic).toBeGreaterThan(p.bic);
  });
});
