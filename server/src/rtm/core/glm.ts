/**
 * Poisson and negative binomial type II (gamlss NBII: Var = μ(1+σ), log links) maximum-likelihood fits
 * for binary designs, computed on the distinct covariate patterns (§1.5.1).
 *
 * With k binary variables there are at most min(n, 2^k) distinct rows. The Poisson likelihood needs only the
 * cell count and event sum per pattern; NBII needs the zero count per pattern plus the individual cells with
 * events (which are few), so every fit is O(patterns + cells with events) per Newton iteration.
 */
import { logFactorial, twoSidedP } from './util.ts';

/** A binary model variable: x_i = table[state[i]]. */
export interface BinaryVar {
  state: Int32Array;
  table: Uint8Array;
}

export interface PatternData {
  n: number;
  k: number;
  P: number;
  /** P × k row-major 0/1. */
  X: Uint8Array;
  count: Float64Array;
  sumY: Float64Array;
  zeros: Float64Array;
  /** Pattern of every cell with y > 0, and its y. */
  posPid: Int32Array;
  posY: Int32Array;
  /** Σ log(y_i!) */
  logFactSum: number;
}

export interface Outcome {
  y: Int32Array;
  posIdx: Int32Array;
  logFactSum: number;
}

export function makeOutcome(y: Int32Array): Outcome {
  let m = 0;
  let lf = 0;
  for (let i = 0; i < y.length; i++)
    if (y[i] > 0) {
      m++;
      lf += logFactorial(y[i]);
    }
  const posIdx = new Int32Array(m);
  m = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > 0) posIdx[m++] = i;
  return { y, posIdx, logFactSum: lf };
}

/**
 * Builds the distinct-pattern representation of the design given by `vars`. `pid` (length n) is scratch and
 * receives each cell's pattern id.
 */
export function buildPatterns(out: Outcome, vars: BinaryVar[], pid: Int32Array): PatternData {
  const n = out.y.length;
  const k = vars.length;
  pid.fill(0, 0, n);
  let P = 1;
  // rows[p] = bit string as array of bits carried through compaction
  let rowBits: Uint8Array = new Uint8Array(0);
  let map = new Int32Array(4);
  for (let j = 0; j < k; j++) {
    const { state, table } = vars[j];
    if (map.length < 2 * P) map = new Int32Array(2 * P);
    map.fill(-1, 0, 2 * P);
    const parent: number[] = [];
    const bit: number[] = [];
    let np = 0;
    for (let i = 0; i < n; i++) {
      const key = pid[i] * 2 + table[state[i]];
      let s = map[key];
      if (s < 0) {
        s = np++;
        map[key] = s;
        parent.push(pid[i]);
        bit.push(key & 1);
      }
      pid[i] = s;
    }
    const nb = new Uint8Array(np * (j + 1));
    for (let p = 0; p < np; p++) {
      for (let q = 0; q < j; q++) nb[p * (j + 1) + q] = rowBits[parent[p] * j + q];
      nb[p * (j + 1) + j] = bit[p];
    }
    rowBits = nb;
    P = np;
  }
  if (k === 0) rowBits = new Uint8Array(0);
  const count = new Float64Array(P);
  const sumY = new Float64Array(P);
  const zeros = new Float64Array(P);
  const y = out.y;
  for (let i = 0; i < n; i++) {
    const p = pid[i];
    count[p]++;
    const yi = y[i];
    if (yi === 0) zeros[p]++;
    else sumY[p] += yi;
  }
  const m = out.posIdx.length;
  const posPid = new Int32Array(m);
  const posY = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    const i = out.posIdx[t];
    posPid[t] = pid[i];
    posY[t] = y[i];
  }
  return { n, k, P, X: rowBits, count, sumY, zeros, posPid, posY, logFactSum: out.logFactSum };
}

/** Patterns of `base` plus one more variable (appended as the last column), one pass over the cells. */
export function extendPatterns(out: Outcome, base: PatternData, basePid: Int32Array, v: BinaryVar, pid: Int32Array): PatternData {
  const n = base.n;
  const k = base.k;
  const map = new Int32Array(2 * base.P).fill(-1);
  const parent: number[] = [];
  const bit: number[] = [];
  let np = 0;
  const { state, table } = v;
  for (let i = 0; i < n; i++) {
    const key = basePid[i] * 2 + table[state[i]];
    let s = map[key];
    if (s < 0) {
      s = np++;
      map[key] = s;
      parent.push(basePid[i]);
      bit.push(key & 1);
    }
    pid[i] = s;
  }
  const X = new Uint8Array(np * (k + 1));
  const count = new Float64Array(np);
  const sumY = new Float64Array(np);
  const zeros = new Float64Array(np);
  for (let p = 0; p < np; p++) {
    const q = parent[p];
    for (let j = 0; j < k; j++) X[p * (k + 1) + j] = base.X[q * k + j];
    X[p * (k + 1) + k] = bit[p];
  }
  const y = out.y;
  for (let i = 0; i < n; i++) {
    const p = pid[i];
    count[p]++;
    if (y[i] === 0) zeros[p]++;
    else sumY[p] += y[i];
  }
  const m = out.posIdx.length;
  const posPid = new Int32Array(m);
  const posY = new Int32Array(m);
  for (let t = 0; t < m; t++) {
    posPid[t] = pid[out.posIdx[t]];
    posY[t] = y[out.posIdx[t]];
  }
  return { n, k: k + 1, P: np, X, count, sumY, zeros, posPid, posY, logFactSum: base.logFactSum };
}

export interface FitResult {
  family: 'poisson' | 'negbin';
  /** Intercept first, then one per variable. */
  beta: Float64Array;
  se: Float64Array;
  z: Float64Array;
  pValue: Float64Array;
  /** NBII σ (negbin only). */
  sigma?: number;
  logSigma?: number;
  seLogSigma?: number;
  logLik: number;
  /** Number of estimated parameters (intercept + variables + σ). */
  df: number;
  aic: number;
  bic: number;
  converged: boolean;
  iterations: number;
}

/** Solves A x = b for symmetric positive definite A (in place copy), returns null if not PD. */
export function cholSolve(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  const L = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j];
      for (let k = 0; k < j; k++) s -= L[i * m + k] * L[j * m + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else L[i * m + j] = s / L[j * m + j];
    }
  }
  const x = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * x[k];
    x[i] = s / L[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * x[k];
    x[i] = s / L[i * m + i];
  }
  return x;
}

/** Inverse of a symmetric PD matrix via Cholesky solves (null if not PD). */
export function invertSpd(A: Float64Array, m: number): Float64Array | null {
  const inv = new Float64Array(m * m);
  const e = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[c] = 1;
    const x = cholSolve(A, e, m);
    if (!x) return null;
    for (let r = 0; r < m; r++) inv[r * m + c] = x[r];
  }
  return inv;
}

function finish(
  family: 'poisson' | 'negbin',
  theta: Float64Array,
  negH: Float64Array,
  m: number,
  k: number,
  logLik: number,
  n: number,
  converged: boolean,
  iterations: number,
): FitResult {
  const inv = invertSpd(negH, m);
  const kb = k + 1;
  const beta = theta.slice(0, kb);
  const se = new Float64Array(kb);
  const z = new Float64Array(kb);
  const pValue = new Float64Array(kb);
  for (let j = 0; j < kb; j++) {
    se[j] = inv ? Math.sqrt(Math.max(0, inv[j * m + j])) : Number.NaN;
    z[j] = beta[j] / se[j];
    pValue[j] = twoSidedP(z[j]);
  }
  const df = m;
  const res: FitResult = {
    family,
    beta,
    se,
    z,
    pValue,
    logLik,
    df,
    aic: -2 * logLik + 2 * df,
    bic: -2 * logLik + df * Math.log(n),
    converged,
    iterations,
  };
  if (family === 'negbin') {
    res.logSigma = theta[kb];
    res.sigma = Math.exp(theta[kb]);
    res.seLogSigma = inv ? Math.sqrt(Math.max(0, inv[kb * m + kb])) : Number.NaN;
  }
  return res;
}

/** Poisson log-likelihood, gradient and negative Hessian at beta. */
function poissonEval(d: PatternData, beta: Float64Array, grad: Float64Array | null, negH: Float64Array | null): number {
  const { k, P, X, count, sumY } = d;
  const m = k + 1;
  if (grad) grad.fill(0);
  if (negH) negH.fill(0);
  let ll = -d.logFactSum;
  for (let p = 0; p < P; p++) {
    let eta = beta[0];
    const row = p * k;
    for (let j = 0; j < k; j++) if (X[row + j]) eta += beta[j + 1];
    const mu = Math.exp(eta);
    ll += sumY[p] * eta - count[p] * mu;
    if (!grad || !negH) continue;
    const g = sumY[p] - count[p] * mu;
    const w = count[p] * mu;
    grad[0] += g;
    negH[0] += w;
    for (let a = 0; a < k; a++) {
      if (!X[row + a]) continue;
      grad[a + 1] += g;
      negH[a + 1] += w; // (0, a+1)
      for (let b = 0; b <= a; b++) if (X[row + b]) negH[(a + 1) * m + b + 1] += w;
    }
  }
  if (negH) {
    for (let a = 1; a < m; a++) {
      negH[a * m] = negH[a];
      for (let b = 0; b < a; b++) negH[b * m + a] = negH[a * m + b];
    }
  }
  return ll;
}

function newton(
  m: number,
  theta: Float64Array,
  evalFn: (t: Float64Array, g: Float64Array | null, H: Float64Array | null) => number,
  maxIter: number,
  clamp?: (t: Float64Array) => void,
): { ll: number; converged: boolean; iterations: number; negH: Float64Array } {
  const grad = new Float64Array(m);
  const negH = new Float64Array(m * m);
  let ll = evalFn(theta, grad, negH);
  let converged = false;
  let it = 0;
  const trial = new Float64Array(m);
  for (; it < maxIter; it++) {
    let step = cholSolve(negH, grad, m);
    let ridge = 1e-8;
    while (!step && ridge < 1e12) {
      const A = negH.slice();
      let mx = 0;
      for (let i = 0; i < m; i++) mx = Math.max(mx, Math.abs(A[i * m + i]));
      for (let i = 0; i < m; i++) A[i * m + i] += ridge * (mx + 1);
      step = cholSolve(A, grad, m);
      ridge *= 10;
    }
    if (!step) break;
    let t = 1;
    let llNew = Number.NEGATIVE_INFINITY;
    for (let h = 0; h < 40; h++) {
      for (let i = 0; i < m; i++) trial[i] = theta[i] + t * step[i];
      if (clamp) clamp(trial);
      llNew = evalFn(trial, null, null);
      if (llNew >= ll - 1e-12 * Math.abs(ll)) break;
      t /= 2;
    }
    if (!(llNew >= ll - 1e-12 * Math.abs(ll))) break;
    theta.set(trial);
    const dl = llNew - ll;
    ll = evalFn(theta, grad, negH);
    let gmax = 0;
    for (let i = 0; i < m; i++) gmax = Math.max(gmax, Math.abs(grad[i] * step[i]));
    if (Math.abs(dl) < 1e-10 * (Math.abs(ll) + 1) && gmax < 1e-6) {
      converged = true;
      it++;
      break;
    }
  }
  evalFn(theta, grad, negH);
  return { ll, converged, iterations: it, negH };
}

/** Maximum-likelihood Poisson fit with log link. */
export function fitPoisson(d: PatternData, start?: Float64Array): FitResult {
  const m = d.k + 1;
  const theta = new Float64Array(m);
  if (start) theta.set(start.subarray(0, m));
  else {
    let sy = 0;
    for (let p = 0; p < d.P; p++) sy += d.sumY[p];
    theta[0] = Math.log(Math.max(sy, 0.5) / d.n);
  }
  const r = newton(m, theta, (t, g, H) => poissonEval(d, t, g, H), 100, (t) => {
    for (let i = 1; i < m; i++) t[i] = Math.max(-40, Math.min(40, t[i]));
  });
  return finish('poisson', theta, r.negH, m, d.k, r.ll, d.n, r.converged, r.iterations);
}

const PHI_MIN = -25;
const PHI_MAX = 15;

/** NBII log-likelihood with gradient and negative Hessian in (β, φ = log σ). */
function nbiiEval(d: PatternData, theta: Float64Array, grad: Float64Array | null, negH: Float64Array | null, muBuf: Float64Array): number {
  const { k, P, X, zeros, posPid, posY } = d;
  const m = k + 2;
  const kb = k + 1;
  const phi = theta[kb];
  const sigma = Math.exp(phi);
  const L = Math.log1p(sigma);
  const s = sigma / (1 + sigma);
  if (grad) grad.fill(0);
  if (negH) negH.fill(0);
  for (let p = 0; p < P; p++) {
    let eta = theta[0];
    const row = p * k;
    for (let j = 0; j < k; j++) if (X[row + j]) eta += theta[j + 1];
    muBuf[p] = Math.exp(eta);
  }
  let ll = -d.logFactSum;
  // Accumulators per pattern for derivatives: gEta, hEtaEta, hEtaPhi (scalar sums), and global gPhi, hPhiPhi.
  const acc = grad && negH;
  let gPhi = 0;
  let hPhiPhi = 0;
  const gEta = acc ? new Float64Array(P) : null;
  const hEE = acc ? new Float64Array(P) : null;
  const hEP = acc ? new Float64Array(P) : null;
  for (let p = 0; p < P; p++) {
    const z = zeros[p];
    if (z === 0) continue;
    const r = muBuf[p] / sigma;
    const A = -L;
    ll += -z * r * L;
    if (gEta && hEE && hEP) {
      const rA = r * A;
      gEta[p] += z * rA;
      gPhi += z * (-rA - r * s);
      hEE[p] += z * rA;
      hEP[p] += z * (-rA - r * s);
      hPhiPhi += z * (rA + 2 * r * s - r * s * (1 - s));
    }
  }
  for (let t = 0; t < posPid.length; t++) {
    const p = posPid[t];
    const y = posY[t];
    const r = muBuf[p] / sigma;
    let lsum = 0;
    let dsum = 0;
    let tsum = 0;
    for (let q = 0; q < y; q++) {
      const v = r + q;
      lsum += Math.log(v);
      if (acc) {
        dsum += 1 / v;
        tsum += 1 / (v * v);
      }
    }
    ll += lsum + y * phi - (y + r) * L;
    if (gEta && hEE && hEP) {
      const A = dsum - L;
      const B = -tsum;
      const rA = r * A;
      const r2B = r * r * B;
      gEta[p] += rA;
      gPhi += -rA + y - (y + r) * s;
      hEE[p] += rA + r2B;
      hEP[p] += -rA - r2B - r * s;
      hPhiPhi += rA + r2B + 2 * r * s - (y + r) * s * (1 - s);
    }
  }
  if (grad && negH && gEta && hEE && hEP) {
    for (let p = 0; p < P; p++) {
      const row = p * k;
      const g = gEta[p];
      const h = hEE[p];
      const hp = hEP[p];
      grad[0] += g;
      negH[0] -= h;
      negH[kb] -= hp;
      for (let a = 0; a < k; a++) {
        if (!X[row + a]) continue;
        grad[a + 1] += g;
        negH[a + 1] -= h;
        negH[(a + 1) * m + kb] -= hp;
        for (let b = 0; b <= a; b++) if (X[row + b]) negH[(a + 1) * m + b + 1] -= h;
      }
    }
    grad[kb] = gPhi;
    negH[kb * m + kb] = -hPhiPhi;
    // Lower triangle: (a,0) ← (0,a); (kb,a) ← (a,kb); then mirror lower → upper.
    for (let a = 1; a < kb; a++) {
      negH[a * m] = negH[a];
      negH[kb * m + a] = negH[a * m + kb];
    }
    negH[kb * m] = negH[kb];
    for (let a = 0; a < m; a++) for (let b = 0; b < a; b++) negH[b * m + a] = negH[a * m + b];
  }
  return ll;
}

/**
 * Maximum-likelihood NBII fit (gamlss NBII parameterisation). Starts from the Poisson β and log σ = 0 (§1.5.1),
 * or from `startLogSigma` when given (warm start inside the stepwise search).
 */
export function fitNegBinII(d: PatternData, poissonBeta?: Float64Array, startLogSigma = 0): FitResult {
  const kb = d.k + 1;
  const m = kb + 1;
  const theta = new Float64Array(m);
  if (poissonBeta) theta.set(poissonBeta.subarray(0, kb));
  else theta.set(fitPoisson(d).beta);
  theta[kb] = startLogSigma;
  const mu = new Float64Array(d.P);
  const r = newton(m, theta, (t, g, H) => nbiiEval(d, t, g, H, mu), 200, (t) => {
    for (let i = 1; i < kb; i++) t[i] = Math.max(-40, Math.min(40, t[i]));
    t[kb] = Math.max(PHI_MIN, Math.min(PHI_MAX, t[kb]));
  });
  return finish('negbin', theta, r.negH, m, d.k, r.ll, d.n, r.converged, r.iterations);
}

export function fitFamily(d: PatternData, family: 'poisson' | 'negbin', poissonStart?: Float64Array): FitResult {
  if (family === 'poisson') return fitPoisson(d, poissonStart);
  return fitNegBinII(d, poissonStart ?? fitPoisson(d).beta);
}

/** Pearson dispersion Σ(y−μ)²/μ / (n − p) of a Poisson fit (diagnostic only, §1.5). */
export function pearsonDispersion(d: PatternData, beta: Float64Array, y: Int32Array, pid: Int32Array): number {
  const mu = new Float64Array(d.P);
  for (let p = 0; p < d.P; p++) {
    let eta = beta[0];
    for (let j = 0; j < d.k; j++) if (d.X[p * d.k + j]) eta += beta[j + 1];
    mu[p] = Math.exp(eta);
  }
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const u = mu[pid[i]];
    const e = y[i] - u;
    s += (e * e) / u;
  }
  return s / (d.n - (d.k + 1));
}

/** AIC and BIC from the full log-likelihood; df counts the intercept and, for NBII, σ (§1.5 step 4). */
export function informationCriteria(logLik: number, df: number, n: number): { aic: number; bic: number; globalDeviance: number } {
  return { aic: -2 * logLik + 2 * df, bic: -2 * logLik + df * Math.log(n), globalDeviance: -2 * logLik };
}
