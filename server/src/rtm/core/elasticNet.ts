/**
 * Elastic-net penalised Poisson regression with seeded k-fold cross-validation (§1.5 step 3), glmnet-style:
 * standardised columns, λ path from λ_max down to λ_max·ratio on a log scale, IRLS outer loop, cyclic coordinate
 * descent with an active set inside, λ chosen as lambda.min (largest λ whose CV deviance equals the minimum).
 *
 * Every variable is an indicator of its factor's per-cell state (see variables.ts), so for one factor all
 * coordinate updates are done in closed form on per-state histograms: a sweep over a factor costs one pass over
 * the cells, whatever the number of its variables.
 */
import { type Deadline, NO_DEADLINE } from './budget.ts';
import { createRng } from '../../../../shared/src/random.ts';

export interface EnetFactor {
  state: Int32Array;
  nStates: number;
  /** Per variable: state → 0/1 table and the global variable id. */
  tables: Uint8Array[];
  varIds: number[];
}

/** Cell-level problem: outcome per cell and each factor's state per cell. */
export interface EnetProblem {
  y: Int32Array;
  factors: EnetFactor[];
  /** Total number of variables (ids 0..p−1). */
  p: number;
}

/**
 * Weighted rows (distinct covariate patterns): cells, Σy and Σ y·log y per row. The Poisson likelihood and
 * deviance of the cells equal those of the rows, so fitting on rows is exact.
 */
export interface EnetRows {
  cnt: Float64Array;
  sum: Float64Array;
  ylogy: Float64Array;
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
  /**
   * Stop the CV path once this many consecutive λ fail to lower the mean CV deviance (0 = fit the whole path,
   * as glmnet does). @defaultValue 10
   */
  patience: number;
  /**
   * Coordinate-descent passes allowed per λ (glmnet's `maxit`). A λ that needs more ends the path there, and the
   * solutions for the larger λ are kept, as glmnet does. @defaultValue 10000
   */
  maxPasses?: number;
  /** Wall-time budget of the whole run; checked on every pass. */
  deadline?: Deadline;
}

export const DEFAULT_ENET: EnetOptions = { alpha: 0.5, nlambda: 100, nfolds: 10, seed: 1, thresh: 1e-7, patience: 10 };

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

/** w = cnt·μ, r = (ȳ − μ)/μ, z = η + r per row; returns Σ w. */
function working(n: number, eta: Float64Array, rows: EnetRows, w: Float64Array, r: Float64Array, z: Float64Array): number {
  const { cnt, sum } = rows;
  let W = 0;
  for (let i = 0; i < n; i++) {
    const e = eta[i];
    const mu = Math.exp(e);
    const c = cnt[i];
    const wi = c * mu;
    const ri = c > 0 ? (sum[i] / c - mu) / mu : 0;
    w[i] = wi;
    r[i] = ri;
    z[i] = e + ri;
    W += wi;
  }
  return W;
}

/** Poisson deviance of the rows: 2 Σ [Σy log y − Σy·log μ − Σy + cnt·μ]. */
function deviance(n: number, rows: EnetRows, eta: Float64Array): number {
  const { cnt, sum, ylogy } = rows;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const c = cnt[i];
    if (c === 0) continue;
    const e = eta[i];
    d += ylogy[i] - sum[i] * e - sum[i] + c * Math.exp(e);
  }
  return 2 * d;
}

/** Per factor (keyed by its row-state array): the most common state and the rows in any other state. */
interface SparseIndex {
  base: number;
  idx: Int32Array;
  st: Int32Array;
}
const sparseCache = new WeakMap<Int32Array, SparseIndex>();

function sparseIndex(state: Int32Array, nStates: number): SparseIndex {
  const hit = sparseCache.get(state);
  if (hit) return hit;
  const counts = new Int32Array(nStates);
  for (let i = 0; i < state.length; i++) counts[state[i]]++;
  let base = 0;
  for (let q = 1; q < nStates; q++) if (counts[q] > counts[base]) base = q;
  const m = state.length - counts[base];
  const idx = new Int32Array(m);
  const st = new Int32Array(m);
  let k = 0;
  for (let i = 0; i < state.length; i++)
    if (state[i] !== base) {
      idx[k] = i;
      st[k++] = state[i];
    }
  const out = { base, idx, st };
  sparseCache.set(state, out);
  return out;
}

/** h[st] += w_i·(r_i − omega) over the listed rows. */
function sparseAccWR(idx: Int32Array, st: Int32Array, w: Float64Array, r: Float64Array, omega: number, h: Float64Array): void {
  for (let t = 0; t < idx.length; t++) {
    const i = idx[t];
    h[st[t]] += w[i] * (r[i] - omega);
  }
}

function sparseAccW(idx: Int32Array, st: Int32Array, w: Float64Array, h: Float64Array): void {
  for (let t = 0; t < idx.length; t++) h[st[t]] += w[idx[t]];
}

/** r_i −= pd[st] − pdBase over the listed rows. */
function sparseApply(idx: Int32Array, st: Int32Array, r: Float64Array, pd: Float64Array, pdBase: number): void {
  for (let t = 0; t < idx.length; t++) r[idx[t]] -= pd[st[t]] - pdBase;
}

/** h[st[i]] += a[i]·(b ? b[i] : 1); state 0 (usually most cells) is summed in a register. */
function accumulate(n: number, a: Float64Array, b: Float64Array | null, st: Int32Array, h: Float64Array): void {
  let h0 = 0;
  if (b === null) {
    for (let i = 0; i < n; i++) {
      const s = st[i];
      if (s === 0) h0 += a[i];
      else h[s] += a[i];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const s = st[i];
      const x = a[i] * b[i];
      if (s === 0) h0 += x;
      else h[s] += x;
    }
  }
  h[0] += h0;
}


/**
 * Fits the elastic-net path on weighted rows (cells or distinct patterns; CV training sets have the held-out
 * cells subtracted). `onLambda(k, eta)` is called after each λ with the linear predictor of every row.
 */
export type EnetStep =
  | { kind: 'init'; lambdas: Float64Array; nullDev: number }
  | { kind: 'lambda'; k: number; lambda: number; eta: Float64Array; intercept: number; beta: Float64Array; dev: number; stop: boolean }
  /** λ number k could not be fitted (pass budget spent, or no step lowered the objective); the path ends before it. */
  | { kind: 'failed'; k: number; reason: 'passes' | 'diverged' };

/** Thrown inside one λ's fit to abandon it; never escapes enetSteps. */
class LambdaNotConverged {
  constructor(readonly reason: 'passes' | 'diverged') {}
}

/**
 * The path as a generator: first yields the λ sequence, then one step per λ (so several fits can be advanced in
 * lockstep). `stop` is glmnet's path-termination rule for the free path.
 */
export function* enetSteps(prob: EnetProblem, opts: EnetOptions, rows: EnetRows, lambdasIn: Float64Array | null): Generator<EnetStep> {
  const { factors, p } = prob;
  const { cnt, sum } = rows;
  const n = cnt.length;
  const F = factors.length;
  const alpha = opts.alpha;
  let N = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    N += cnt[i];
    sy += sum[i];
  }
  const mu0 = sy / N;
  // Standardisation per variable (training cells, population SD).
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  const excluded = new Uint8Array(p);
  const WR: Float64Array[] = [];
  const Hw: Float64Array[] = [];
  const pend: Float64Array[] = [];
  for (let f = 0; f < F; f++) {
    const fa = factors[f];
    const c = new Float64Array(fa.nStates);
    accumulate(n, cnt, null, fa.state, c);
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
  const eta = new Float64Array(n).fill(Math.log(mu0));
  const nullDev = deviance(n, rows, eta);
  const g0 = new Float64Array(n);
  for (let i = 0; i < n; i++) g0[i] = sum[i] - cnt[i] * mu0;
  let lamMax = 0;
  for (let f = 0; f < F; f++) {
    const fa = factors[f];
    const h = WR[f];
    h.fill(0);
    accumulate(n, g0, null, fa.state, h);
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
    const ratio = opts.lambdaMinRatio ?? (N > p ? 1e-4 : 0.01);
    const L = Math.max(2, opts.nlambda);
    lambdas = new Float64Array(L);
    for (let k = 0; k < L; k++) lambdas[k] = lamMax * ratio ** (k / (L - 1));
  }
  const z = new Float64Array(n);
  const r = new Float64Array(n);
  const w = new Float64Array(n);
  const bt = new Float64Array(p); // standardised coefficients
  const H = new Float64Array(p);
  /** Per variable: the states where it is 1, and Σ hw over them (refreshed with Hw). */
  const onesOf: Int32Array[] = new Array(p);
  const hwOnes = new Float64Array(p);
  for (const fa of factors)
    fa.tables.forEach((T, q) => {
      const list: number[] = [];
      for (let s2 = 0; s2 < fa.nStates; s2++) if (T[s2]) list.push(s2);
      onesOf[fa.varIds[q]] = Int32Array.from(list);
    });
  const lastG = new Float64Array(p);
  let b0 = Math.log(mu0);
  const strong = new Uint8Array(F);
  const hwFresh = new Uint8Array(F);
  const thresh = opts.thresh * (nullDev / N);

  let prevDev = nullDev;
  yield { kind: 'init', lambdas, nullDev };
  // Residuals are stored as r with a global offset: true residual = r[i] − omega. A factor's pending update is
  // constant on its most common ("base") state, so that part goes into omega and only the other rows are touched.
  const st0 = { Wtot: 0, prevF: -1, pend0: 0, omega: 0, wrTot: 0 };
  const sp = factors.map((fa) => sparseIndex(fa.state, fa.nStates));

  /** Applies the pending update of the previous factor and the pending intercept shift. */
  const applyPendingSparse = () => {
    const g = st0.prevF;
    if (g >= 0) {
      const pd = pend[g];
      const si = sp[g];
      const pb = pd[si.base];
      sparseApply(si.idx, si.st, r, pd, pb);
      const hw = Hw[g];
      let dw = 0;
      for (let q = 0; q < pd.length; q++) dw += hw[q] * pd[q];
      st0.omega += pb + st0.pend0;
      st0.wrTot -= dw + st0.Wtot * st0.pend0;
      pd.fill(0);
    } else if (st0.pend0 !== 0) {
      st0.omega += st0.pend0;
      st0.wrTot -= st0.Wtot * st0.pend0;
    }
    st0.prevF = -1;
    st0.pend0 = 0;
  };

  /** True histogram of w·r by state of factor f (base state from the running total). */
  const histWR = (f: number, h: Float64Array) => {
    const si = sp[f];
    h.fill(0);
    sparseAccWR(si.idx, si.st, w, r, st0.omega, h);
    let other = 0;
    for (let q = 0; q < h.length; q++) if (q !== si.base) other += h[q];
    h[si.base] = st0.wrTot - other;
  };

  const flush = () => {
    applyPendingSparse();
    // Re-anchor the running total to avoid drift.
    let t = 0;
    const om = st0.omega;
    for (let i = 0; i < n; i++) t += w[i] * (r[i] - om);
    st0.wrTot = t;
  };

  const computeHw = (f: number) => {
    const fa = factors[f];
    const hw = Hw[f];
    hw.fill(0);
    const si = sp[f];
    sparseAccW(si.idx, si.st, w, hw);
    let other = 0;
    for (let q = 0; q < fa.nStates; q++) if (q !== si.base) other += hw[q];
    hw[si.base] = st0.Wtot - other;
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
      let ho = 0;
      for (let s = 0; s < fa.nStates; s++) if (T[s]) ho += hw[s];
      hwOnes[j] = ho;
    }
    hwFresh[f] = 1;
  };

  /** One CD pass over the factors in `list`; returns the largest weighted coefficient change. */
  const sweep = (list: number[], lam: number): number => {
    let maxD = 0;
    const l1 = lam * alpha;
    const l2 = lam * (1 - alpha);
    const Wtot = st0.Wtot;
    for (const f of list) {
      const fa = factors[f];
      const h = WR[f];
      const hw = Hw[f];
      const S = fa.nStates;
      applyPendingSparse();
      histWR(f, h);
      st0.prevF = f;
      const pd = pend[f];
      let tot = 0;
      for (let s = 0; s < S; s++) tot += h[s];
      // Block coordinate descent: the factor's variables (often strongly correlated nested bands) are iterated to
      // convergence on the per-state histograms, which costs nothing per cell. The centring part of every update
      // is the same for all states, so it is kept as a multiple γ of hw (histogram) and folded into pend0 (rows):
      // true histogram = h + γ·hw. Each update then touches only the states where the variable is 1.
      let gam = 0;
      let totH = tot;
      for (let inner = 0; inner < 50; inner++) {
        let blockD = 0;
        for (let q = 0; q < fa.tables.length; q++) {
          const j = fa.varIds[q];
          if (excluded[j]) continue;
          const ones = onesOf[j];
          const m1 = ones.length;
          const c = center[j];
          const sd = scale[j];
          const hwo = hwOnes[j];
          let a = 0;
          for (let t = 0; t < m1; t++) a += h[ones[t]];
          a += gam * hwo;
          const G = (a - c * (totH + gam * Wtot)) / sd / N;
          lastG[j] = G;
          const bOld = bt[j];
          const u = G + H[j] * bOld;
          const au = Math.abs(u) - l1;
          const bNew = au > 0 ? (Math.sign(u) * au) / (H[j] + l2) : 0;
          if (bNew !== bOld) {
            const delta = bNew - bOld;
            bt[j] = bNew;
            const k1 = delta / sd;
            for (let t = 0; t < m1; t++) {
              const st = ones[t];
              h[st] -= k1 * hw[st];
              pd[st] += k1;
            }
            totH -= k1 * hwo;
            gam += k1 * c;
            st0.pend0 -= k1 * c;
            const dd = H[j] * delta * delta;
            if (dd > blockD) blockD = dd;
          }
        }
        // Intercept inside the block keeps the factor's centring consistent.
        const d0 = (totH + gam * Wtot) / Wtot;
        if (d0 !== 0) {
          b0 += d0;
          gam -= d0;
          st0.pend0 += d0;
          const dd = (Wtot / N) * d0 * d0;
          if (dd > blockD) blockD = dd;
        }
        if (blockD > maxD) maxD = blockD;
        if (blockD < thresh) break;
      }
    }
    return maxD;
  };

  /** Gradient of every variable of factor f at the current residuals (no update); returns true on a KKT violation. */
  const kkt = (f: number, lam: number): boolean => {
    const fa = factors[f];
    const h = WR[f];
    histWR(f, h);
    let tot = 0;
    for (let s = 0; s < fa.nStates; s++) tot += h[s];
    let viol = false;
    for (let q = 0; q < fa.tables.length; q++) {
      const j = fa.varIds[q];
      if (excluded[j]) continue;
      const T = fa.tables[q];
      let a = 0;
      for (let s = 0; s < fa.nStates; s++) if (T[s]) a += h[s];
      const G = (a - center[j] * tot) / scale[j] / N;
      lastG[j] = G;
      if (Math.abs(G) > lam * alpha * (1 + 1e-9)) viol = true;
    }
    return viol;
  };

  const snapshot = new Float64Array(p);
  const etaOld = new Float64Array(n);
  const deadline = opts.deadline ?? NO_DEADLINE;
  const maxPasses = opts.maxPasses ?? 10_000;
  /** Penalised objective (glmnet's): deviance/2N + λ·Σ [α|b| + (1−α)/2·b²] on the standardised scale. */
  const objective = (dev: number, b: Float64Array, lam: number) => {
    let pen = 0;
    for (let j = 0; j < p; j++) pen += alpha * Math.abs(b[j]) + ((1 - alpha) / 2) * b[j] * b[j];
    return dev / (2 * N) + lam * pen;
  };
  let curDev = nullDev;
  let prevLam = lambdas[0];
  for (let k = 0; k < lambdas.length; k++) {
    const lam = lambdas[k];
    let passes = 0;
    // Every coordinate-descent pass goes through here: the pass budget and the wall-time limit bound every loop
    // below, whatever the data (issue 17: a stacked-events study cycled here for ever).
    const pass = (list: number[]) => {
      if (++passes > maxPasses) throw new LambdaNotConverged('passes');
      deadline.check('elastic_net');
      return sweep(list, lam);
    };
    // Sequential strong rule: screen factors whose every variable is inactive with a small gradient.
    const cut = alpha * (2 * lam - prevLam);
    for (let f = 0; f < F; f++) {
      if (strong[f]) continue;
      const fa = factors[f];
      for (const j of fa.varIds)
        if (!excluded[j] && (bt[j] !== 0 || Math.abs(lastG[j]) >= cut)) {
          strong[f] = 1;
          break;
        }
    }
    prevLam = lam;
    try {
    for (let irls = 0; irls < 50; irls++) {
      st0.Wtot = working(n, eta, rows, w, r, z);
      st0.omega = 0;
      {
        let t = 0;
        for (let i = 0; i < n; i++) t += w[i] * r[i];
        st0.wrTot = t;
      }
      hwFresh.fill(0);
      for (let f = 0; f < F; f++) if (strong[f]) computeHw(f);
      snapshot.set(bt);
      etaOld.set(eta);
      const b0s = b0;
      for (let outer = 0; outer < 1000; outer++) {
        const list: number[] = [];
        for (let f = 0; f < F; f++) if (strong[f]) list.push(f);
        const d = pass(list);
        if (d < thresh) break;
        const act: number[] = [];
        for (const f of list) {
          for (const j of factors[f].varIds)
            if (bt[j] !== 0) {
              act.push(f);
              break;
            }
        }
        for (let inner = 0; inner < 10000; inner++) if (pass(act) < thresh) break;
      }
      flush();
      const om = st0.omega;
      for (let i = 0; i < n; i++) eta[i] = z[i] - (r[i] - om);
      // Step halving (as R's glm.fit and glmnet ≥ 4 do): a full IRLS step from a poor quadratic approximation
      // (e.g. many events stacked in one cell, μ ≪ ȳ) can overshoot so far that μ overflows and coordinate
      // descent never settles. Halve towards the previous point until the penalised objective does not rise.
      const objOld = objective(curDev, snapshot, lam);
      let newDev = deviance(n, rows, eta);
      let halvings = 0;
      while (!(objective(newDev, bt, lam) <= objOld + 1e-9 * Math.abs(objOld))) {
        if (++halvings > 30) {
          bt.set(snapshot);
          b0 = b0s;
          eta.set(etaOld);
          throw new LambdaNotConverged('diverged');
        }
        deadline.check('elastic_net');
        for (let j = 0; j < p; j++) bt[j] = (bt[j] + snapshot[j]) / 2;
        b0 = (b0 + b0s) / 2;
        for (let i = 0; i < n; i++) eta[i] = (eta[i] + etaOld[i]) / 2;
        newDev = deviance(n, rows, eta);
      }
      curDev = newDev;
      let dlx = (st0.Wtot / N) * (b0 - b0s) ** 2;
      for (let j = 0; j < p; j++) {
        const dd = H[j] * (bt[j] - snapshot[j]) ** 2;
        if (dd > dlx) dlx = dd;
      }
      // After a halved step the residuals no longer match η, so the KKT check waits for the next iteration.
      if (halvings === 0 && dlx < thresh) {
        // Converged on the strong set: check the KKT conditions of the screened factors at this quadratic
        // approximation (residuals are unchanged by the η update). A violation adds the factor and iterates again.
        let added = false;
        for (let f = 0; f < F; f++) {
          if (strong[f]) continue;
          if (kkt(f, lam)) {
            strong[f] = 1;
            added = true;
          }
        }
        if (!added) break;
      }
    }
    } catch (e) {
      if (!(e instanceof LambdaNotConverged)) throw e;
      yield { kind: 'failed', k, reason: e.reason };
      return;
    }
    // Record
    const dev = lambdasIn ? Number.NaN : deviance(n, rows, eta);
    const beta = new Float64Array(p);
    let icpt = b0;
    for (let j = 0; j < p; j++)
      if (bt[j] !== 0) {
        beta[j] = bt[j] / scale[j];
        icpt -= (bt[j] * center[j]) / scale[j];
      }
    let stop = false;
    if (!lambdasIn && k > 0) {
      const rsq = 1 - dev / nullDev;
      const rsq0 = 1 - prevDev / nullDev;
      stop = rsq - rsq0 < 1e-5 * rsq || rsq > 0.999;
    }
    prevDev = dev;
    yield { kind: 'lambda', k, lambda: lam, eta, intercept: icpt, beta, dev, stop };
    if (stop) return;
  }
}

/** Fits the whole elastic-net path (see enetSteps). `onLambda(k, eta)` is called after each λ. */
export function enetPath(
  prob: EnetProblem,
  opts: EnetOptions,
  rows: EnetRows,
  lambdasIn: Float64Array | null,
  onLambda?: (k: number, eta: Float64Array) => void,
): EnetPath {
  const outLam: number[] = [];
  const outB0: number[] = [];
  const outBeta: Float64Array[] = [];
  const outDev: number[] = [];
  let nullDev = 0;
  for (const st of enetSteps(prob, opts, rows, lambdasIn)) {
    if (st.kind === 'init') {
      nullDev = st.nullDev;
      continue;
    }
    if (st.kind === 'failed') break;
    outLam.push(st.lambda);
    outB0.push(st.intercept);
    outBeta.push(st.beta);
    outDev.push(st.dev);
    onLambda?.(st.k, st.eta);
  }
  return {
    lambdas: Float64Array.from(outLam),
    intercept: Float64Array.from(outB0),
    beta: outBeta,
    dev: Float64Array.from(outDev),
    nullDev,
  };
}

/** The first λ of the sequence that some fit could not reach (null when the path ended normally). */
export interface UnfittedLambda {
  index: number;
  fit: string;
  reason: 'passes' | 'diverged';
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

/**
 * Aggregates cells into distinct joint factor-state patterns (rows). Returns the row of every cell and the
 * per-row factor states.
 */
export function aggregatePatterns(prob: EnetProblem): { rowOf: Int32Array; rows: number; factors: EnetFactor[] } {
  const n = prob.y.length;
  const rowOf = new Int32Array(n);
  let P = 1;
  for (const fa of prob.factors) {
    const S = fa.nStates;
    const st = fa.state;
    let np = 0;
    if (P * S <= 1 << 25) {
      const map = new Int32Array(P * S).fill(-1);
      for (let i = 0; i < n; i++) {
        const key = rowOf[i] * S + st[i];
        let v = map[key];
        if (v < 0) {
          v = np++;
          map[key] = v;
        }
        rowOf[i] = v;
      }
    } else {
      const map = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const key = rowOf[i] * S + st[i];
        let v = map.get(key);
        if (v === undefined) {
          v = np++;
          map.set(key, v);
        }
        rowOf[i] = v;
      }
    }
    P = np;
  }
  const factors: EnetFactor[] = prob.factors.map((fa) => {
    const rs = new Int32Array(P);
    for (let i = 0; i < n; i++) rs[rowOf[i]] = fa.state[i];
    return { state: rs, nStates: fa.nStates, tables: fa.tables, varIds: fa.varIds };
  });
  return { rowOf, rows: P, factors };
}

function rowStats(P: number, rowOf: Int32Array, y: Int32Array, select: (i: number) => boolean): EnetRows {
  const cnt = new Float64Array(P);
  const sum = new Float64Array(P);
  const ylogy = new Float64Array(P);
  for (let i = 0; i < y.length; i++) {
    if (!select(i)) continue;
    const p = rowOf[i];
    const yi = y[i];
    cnt[p]++;
    sum[p] += yi;
    if (yi > 1) ylogy[p] += yi * Math.log(yi);
  }
  return { cnt, sum, ylogy };
}

/**
 * Cross-validated elastic net; returns the full-data path and lambda.min. The full-data fit and the K fold fits
 * advance along the λ sequence in lockstep, so the CV curve is known after each λ and the path can stop
 * `patience` steps after the last new minimum (see DESIGN.md).
 */
export function cvEnet(prob: EnetProblem, opts: EnetOptions, onProgress?: (frac: number) => void): CvResult & { rows: number; stoppedEarly: boolean; unfitted: UnfittedLambda | null } {
  const n = prob.y.length;
  const y = prob.y;
  const agg = aggregatePatterns(prob);
  const P = agg.rows;
  const rowProb: EnetProblem = { y: prob.y, factors: agg.factors, p: prob.p };
  const all = rowStats(P, agg.rowOf, y, () => true);
  const K = opts.nfolds;
  const foldOf = assignFolds(n, K, opts.seed);
  const nFold = new Float64Array(K);
  for (let i = 0; i < n; i++) nFold[foldOf[i]]++;
  const full = enetSteps(rowProb, opts, all, null);
  const init = full.next().value as Extract<EnetStep, { kind: 'init' }>;
  const lambdas = init.lambdas;
  const folds = Array.from({ length: K }, (_, k) => {
    const test = rowStats(P, agg.rowOf, y, (i) => foldOf[i] === k);
    const train: EnetRows = { cnt: new Float64Array(P), sum: new Float64Array(P), ylogy: new Float64Array(P) };
    for (let q = 0; q < P; q++) {
      train.cnt[q] = all.cnt[q] - test.cnt[q];
      train.sum[q] = all.sum[q] - test.sum[q];
      train.ylogy[q] = all.ylogy[q] - test.ylogy[q];
    }
    const gen = enetSteps(rowProb, opts, train, lambdas);
    gen.next();
    return { test, gen };
  });
  const outLam: number[] = [];
  const outB0: number[] = [];
  const outBeta: Float64Array[] = [];
  const outDev: number[] = [];
  const cvmA: number[] = [];
  const cvsdA: number[] = [];
  const devK = new Float64Array(K);
  let iMin = 0;
  let stoppedEarly = false;
  let unfitted: UnfittedLambda | null = null;
  for (let l = 0; l < lambdas.length; l++) {
    const st = full.next();
    if (st.done) break;
    if (st.value.kind === 'failed') {
      unfitted = { index: l, fit: 'full', reason: st.value.reason };
      break;
    }
    if (st.value.kind !== 'lambda') break;
    const v = st.value;
    // A λ counts only if every fold could fit it too: the CV curve ends where the first fit gave up.
    let sumDev = 0;
    for (let k = 0; k < K && !unfitted; k++) {
      const fs = folds[k].gen.next();
      if (!fs.done && fs.value.kind === 'failed') unfitted = { index: l, fit: `fold ${k + 1}`, reason: fs.value.reason };
      else if (!fs.done && fs.value.kind === 'lambda') devK[k] = deviance(P, folds[k].test, fs.value.eta);
      sumDev += devK[k];
    }
    if (unfitted) break;
    outLam.push(v.lambda);
    outB0.push(v.intercept);
    outBeta.push(v.beta);
    outDev.push(v.dev);
    const cvm = sumDev / n;
    let ss = 0;
    for (let k = 0; k < K; k++) {
      const e = devK[k] / nFold[k] - cvm;
      ss += nFold[k] * e * e;
    }
    cvmA.push(cvm);
    cvsdA.push(Math.sqrt(ss / n / Math.max(1, K - 1)));
    if (cvm < cvmA[iMin]) iMin = l;
    onProgress?.(Math.min(0.99, (l + 1) / lambdas.length));
    if (v.stop) break;
    if (opts.patience > 0 && l - iMin >= opts.patience) {
      stoppedEarly = l + 1 < lambdas.length;
      break;
    }
  }
  for (const f of folds) f.gen.return(undefined);
  full.return(undefined);
  const path: EnetPath = {
    lambdas: Float64Array.from(outLam),
    intercept: Float64Array.from(outB0),
    beta: outBeta,
    dev: Float64Array.from(outDev),
    nullDev: init.nullDev,
  };
  return {
    path,
    cvm: Float64Array.from(cvmA),
    cvsd: Float64Array.from(cvsdA),
    iMin,
    lambdaMin: path.lambdas.length > 0 ? path.lambdas[iMin] : Number.NaN,
    // Not even the largest λ could be fitted: nothing is selected, which the engine reports.
    beta: path.beta[iMin] ?? new Float64Array(prob.p),
    foldOf,
    rows: P,
    stoppedEarly,
    unfitted,
  };
}
