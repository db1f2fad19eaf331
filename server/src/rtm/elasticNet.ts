/**
 * Elastic-net penalised Poisson regression with seeded k-fold cross-validation (§1.5 step 3), glmnet-style:
 * standardised columns, λ path from λ_max down to λ_max·ratio on a log scale, IRLS outer loop, cyclic coordinate
 * descent with an active set inside, λ chosen as lambda.min (largest λ whose CV deviance equals the minimum).
 *
 * Every variable is an indicator of its factor's per-cell state (see variables.ts), so for one factor all
 * coordinate updates are done in closed form on per-state histograms: a sweep over a factor costs one pass over
 * the cells, whatever the number of its variables.
 */
import { createRng } from './util.ts';

export interface EnetFactor {
  state: Int32Array;
  nStates: number;
  /** Per variable: state → 0/1 table and the global variable id. */
  tables: Uint8Array[];
  varIds: number[];
}

export interface EnetProblem {
  y: Int32Array;
  factors: EnetFactor[];
  /** Total number of variables (ids 0..p−1). */
  p: number;
}

export interface EnetOptions {
  /** L1/L2 mix. @defaultValue 0.5 */
  alpha: number;
  /** @defaultValue 100 */
  nlambda: number;
  /** λ_min / λ_max; glmnet default 1e-4 when n > p else 0.01. */
  lambdaMinRatio?: number;
  /** @defaultValue 10 */
  nfolds: number;
  seed: number;
  /** Convergence threshold relative to the null deviance per observation. @defaultValue 1e-7 */
  thresh: number;
}

export const DEFAULT_ENET: EnetOptions = { alpha: 0.5, nlambda: 100, nfolds: 10, seed: 1, thresh: 1e-7 };

export interface EnetPath {
  lambdas: Float64Array;
  /** Intercept per λ (original scale). */
  intercept: Float64Array;
  /** Coefficients per λ on the original (0/1) scale, each length p. */
  beta: Float64Array[];
  /** Training deviance per λ. */
  dev: Float64Array;
  nullDev: number;
}

function poissonDevTerm(y: number, mu: number): number {
  return y > 0 ? 2 * (y * Math.log(y / mu) - (y - mu)) : 2 * mu;
}

/**
 * Fits the elastic-net path. `v` are observation weights (0/1 for CV training sets; null = all 1).
 * `onLambda(k, eta)` is called after each λ with the current linear predictor of *all* cells.
 */
export function enetPath(
  prob: EnetProblem,
  opts: EnetOptions,
  v: Uint8Array | null,
  lambdasIn: Float64Array | null,
  onLambda?: (k: number, eta: Float64Array) => void,
): EnetPath {
  const { y, factors, p } = prob;
  const n = y.length;
  const F = factors.length;
  const alpha = opts.alpha;
  // Training totals
  let N = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const vi = v ? v[i] : 1;
    N += vi;
    sy += vi * y[i];
  }
  const mu0 = sy / N;
  // Standardisation per variable (training cells, population SD).
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const excluded = new Uint8Array(p);
  const cnt: Float64Array[] = [];
  const WR: Float64Array[] = [];
  const Hw: Float64Array[] = [];
  const pend: Float64Array[] = [];
  for (let f = 0; f < F; f++) {
    const fa = factors[f];
    const c = new Float64Array(fa.nStates);
    const st = fa.state;
    if (v) for (let i = 0; i < n; i++) c[st[i]] += v[i];
    else for (let i = 0; i < n; i++) c[st[i]] += 1;
    cnt.push(c);
    WR.push(new Float64Array(fa.nStates));
    Hw.push(new Float64Array(fa.nStates));
    pend.push(new Float64Array(fa.nStates));
    for (let q = 0; q < fa.tables.length; q++) {
      const T = fa.tables[q];
      const j = fa.varIds[q];
      let ones = 0;
      for (let s = 0; s < fa.nStates; s++) if (T[s]) ones += c[s];
      const m = ones / N;
      center[j] = m;
      scale[j] = Math.sqrt(m * (1 - m));
      if (!(scale[j] > 1e-12)) excluded[j] = 1;
    }
  }
  // Null deviance and λ_max from the gradient at the null model.
  let nullDev = 0;
  for (let i = 0; i < n; i++) if (!v || v[i]) nullDev += poissonDevTerm(y[i], mu0);
  let lamMax = 0;
  for (let f = 0; f < F; f++) {
      const fa = factors[f];
      const h = WR[f];
      h.fill(0);
      const st = fa.state;
      for (let i = 0; i < n; i++) {
        const vi = v ? v[i] : 1;
        if (vi) h[st[i]] += y[i] - mu0;
      }
      let tot = 0;
      for (let s = 0; s < fa.nStates; s++) tot += h[s];
      for (let q = 0; q < fa.tables.length; q++) {
        const j = fa.varIds[q];
        if (excluded[j]) continue;
        const T = fa.tables[q];
        let a = 0;
        for (let s = 0; s < fa.nStates; s++) if (T[s]) a += h[s];
        const g = Math.abs((a - center[j] * tot) / scale[j] / N);
        if (g > lamMax) lamMax = g;
      }
  }
  lamMax /= Math.max(alpha, 1e-3);
  let lambdas: Float64Array;
  if (lambdasIn) lambdas = lambdasIn;
  else {
    const ratio = opts.lambdaMinRatio ?? (n > p ? 1e-4 : 0.01);
    const L = Math.max(2, opts.nlambda);
    lambdas = new Float64Array(L);
    for (let k = 0; k < L; k++) lambdas[k] = lamMax * ratio ** (k / (L - 1));
  }
  const eta = new Float64Array(n).fill(Math.log(mu0));
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  const bt = new Float64Array(p); // standardised coefficients
  const H = new Float64Array(p);
  let b0 = Math.log(mu0);
  const activeF = new Uint8Array(F);
  const thresh = opts.thresh * (nullDev / N);
  const allList = Array.from({ length: F }, (_, f) => f);

  const outLam: number[] = [];
  const outB0: number[] = [];
  const outBeta: Float64Array[] = [];
  const outDev: number[] = [];
  let Wtot = 0;

  let prevF = -1;
  let pend0 = 0;
  const flush = () => {
    if (prevF >= 0) {
      const ps = factors[prevF].state;
      const pd = pend[prevF];
      for (let i = 0; i < n; i++) {
        const d = pd[ps[i]] + pend0;
        r[i] -= d;
        eta[i] += d;
      }
      pd.fill(0);
    } else if (pend0 !== 0) {
      for (let i = 0; i < n; i++) {
        r[i] -= pend0;
        eta[i] += pend0;
      }
    }
    prevF = -1;
    pend0 = 0;
  };

  const sweep = (list: number[], lam: number): number => {
    let maxD = 0;
    const l1 = lam * alpha;
    const l2 = lam * (1 - alpha);
    for (const f of list) {
      const fa = factors[f];
      const st = fa.state;
      const h = WR[f];
      const hw = Hw[f];
      const S = fa.nStates;
      h.fill(0);
      if (prevF >= 0) {
        const ps = factors[prevF].state;
        const pd = pend[prevF];
        const p0 = pend0;
        for (let i = 0; i < n; i++) {
          const d = pd[ps[i]] + p0;
          const ri = r[i] - d;
          r[i] = ri;
          eta[i] += d;
          h[st[i]] += w[i] * ri;
        }
        pd.fill(0);
      } else if (pend0 !== 0) {
        const p0 = pend0;
        for (let i = 0; i < n; i++) {
          const ri = r[i] - p0;
          r[i] = ri;
          eta[i] += p0;
          h[st[i]] += w[i] * ri;
        }
      } else {
        for (let i = 0; i < n; i++) h[st[i]] += w[i] * r[i];
      }
      pend0 = 0;
      prevF = f;
      const pd = pend[f];
      let tot = 0;
      for (let s = 0; s < S; s++) tot += h[s];
      for (let q = 0; q < fa.tables.length; q++) {
        const j = fa.varIds[q];
        if (excluded[j]) continue;
        const T = fa.tables[q];
        const c = center[j];
        const sd = scale[j];
        let a = 0;
        for (let s = 0; s < S; s++) if (T[s]) a += h[s];
        const G = (a - c * tot) / sd / N;
        const bOld = bt[j];
        const u = G + H[j] * bOld;
        const au = Math.abs(u) - l1;
        const bNew = au > 0 ? (Math.sign(u) * au) / (H[j] + l2) : 0;
        if (bNew !== bOld) {
          const delta = bNew - bOld;
          bt[j] = bNew;
          tot = 0;
          for (let s = 0; s < S; s++) {
            const dx = (delta * (T[s] - c)) / sd;
            h[s] -= dx * hw[s];
            pd[s] += dx;
            tot += h[s];
          }
          const dd = H[j] * delta * delta;
          if (dd > maxD) maxD = dd;
          activeF[f] = 1;
        }
      }
      // Intercept (unpenalised).
      const d0 = tot / Wtot;
      if (d0 !== 0) {
        b0 += d0;
        for (let s = 0; s < S; s++) h[s] -= d0 * hw[s];
        pend0 += d0;
        const dd = (Wtot / N) * d0 * d0;
        if (dd > maxD) maxD = dd;
      }
    }
    return maxD;
  };

  const snapshot = new Float64Array(p);
  for (let k = 0; k < lambdas.length; k++) {
    const lam = lambdas[k];
    for (let irls = 0; irls < 50; irls++) {
      // Working weights and residuals at the current η.
      Wtot = 0;
      for (let i = 0; i < n; i++) {
        const mu = Math.exp(eta[i]);
        const vi = v ? v[i] : 1;
        w[i] = vi * mu;
        r[i] = (y[i] - mu) / mu;
        Wtot += w[i];
      }
      for (let f = 0; f < F; f++) {
        const fa = factors[f];
        const hw = Hw[f];
        hw.fill(0);
        const st = fa.state;
        for (let i = 0; i < n; i++) hw[st[i]] += w[i];
        for (let q = 0; q < fa.tables.length; q++) {
          const j = fa.varIds[q];
          if (excluded[j]) continue;
          const T = fa.tables[q];
          let a = 0;
          for (let s = 0; s < fa.nStates; s++) {
            const x = T[s] - center[j];
            a += hw[s] * x * x;
          }
          H[j] = a / (scale[j] * scale[j]) / N;
        }
      }
      snapshot.set(bt);
      const b0s = b0;
      for (let outer = 0; outer < 1000; outer++) {
        const d = sweep(allList, lam);
        if (d < thresh) break;
        const act = allList.filter((f) => activeF[f]);
        for (let inner = 0; inner < 10000; inner++) {
          if (sweep(act, lam) < thresh) break;
        }
      }
      flush();
      let dlx = (Wtot / N) * (b0 - b0s) ** 2;
      for (let j = 0; j < p; j++) {
        const dd = H[j] * (bt[j] - snapshot[j]) ** 2;
        if (dd > dlx) dlx = dd;
      }
      if (dlx < thresh) break;
    }
    // Record
    let dev = 0;
    for (let i = 0; i < n; i++) if (!v || v[i]) dev += poissonDevTerm(y[i], Math.exp(eta[i]));
    const beta = new Float64Array(p);
    let icpt = b0;
    for (let j = 0; j < p; j++)
      if (bt[j] !== 0) {
        beta[j] = bt[j] / scale[j];
        icpt -= (bt[j] * center[j]) / scale[j];
      }
    outLam.push(lam);
    outB0.push(icpt);
    outBeta.push(beta);
    outDev.push(dev);
    onLambda?.(k, eta);
    if (!lambdasIn && k > 0) {
      const rsq = 1 - dev / nullDev;
      const rsq0 = 1 - outDev[k - 1] / nullDev;
      if (rsq - rsq0 < 1e-5 * rsq || rsq > 0.999) break;
    }
  }
  return {
    lambdas: Float64Array.from(outLam),
    intercept: Float64Array.from(outB0),
    beta: outBeta,
    dev: Float64Array.from(outDev),
    nullDev,
  };
}

export interface CvResult {
  path: EnetPath;
  cvm: Float64Array;
  cvsd: Float64Array;
  /** Index of lambda.min in path.lambdas. */
  iMin: number;
  lambdaMin: number;
  /** Coefficients at lambda.min (original scale). */
  beta: Float64Array;
  foldOf: Uint8Array;
}

/** Balanced seeded fold assignment, like `sample(rep(1:K, length = n))`. */
export function assignFolds(n: number, nfolds: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const fold = new Uint8Array(n);
  for (let i = 0; i < n; i++) fold[perm[i]] = i % nfolds;
  return fold;
}

/** Cross-validated elastic net; returns the full-data path and lambda.min. */
export function cvEnet(prob: EnetProblem, opts: EnetOptions, onProgress?: (frac: number) => void): CvResult {
  const n = prob.y.length;
  const path = enetPath(prob, opts, null, null);
  onProgress?.(1 / (opts.nfolds + 1));
  const L = path.lambdas.length;
  const K = opts.nfolds;
  const foldOf = assignFolds(n, K, opts.seed);
  const devFold = Array.from({ length: K }, () => new Float64Array(L));
  const nFold = new Float64Array(K);
  for (let i = 0; i < n; i++) nFold[foldOf[i]]++;
  const v = new Uint8Array(n);
  const y = prob.y;
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < n; i++) v[i] = foldOf[i] === k ? 0 : 1;
    let last = -1;
    const df = devFold[k];
    enetPath(prob, opts, v, path.lambdas, (l, eta) => {
      let d = 0;
      for (let i = 0; i < n; i++) if (foldOf[i] === k) d += poissonDevTerm(y[i], Math.exp(eta[i]));
      df[l] = d;
      last = l;
    });
    for (let l = last + 1; l < L; l++) df[l] = df[last];
    onProgress?.((k + 2) / (K + 1));
  }
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += devFold[k][l];
    cvm[l] = s / n;
    let ss = 0;
    for (let k = 0; k < K; k++) {
      const e = devFold[k][l] / nFold[k] - cvm[l];
      ss += nFold[k] * e * e;
    }
    cvsd[l] = Math.sqrt(ss / n / Math.max(1, K - 1));
  }
  let iMin = 0;
  for (let l = 1; l < L; l++) if (cvm[l] < cvm[iMin]) iMin = l;
  return { path, cvm, cvsd, iMin, lambdaMin: path.lambdas[iMin], beta: path.beta[iMin], foldOf };
}
