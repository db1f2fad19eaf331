/**
 * The Poisson E-test for two rates (evaluation-method.md §3; Krishnamoorthy & Thomson 2004, J. Stat. Plan.
 * Inference 119:23–35). H0: k1/n1 = k2/n2 + d.
 *
 * The double sum over (x1, x2) is not done cell by cell: for a fixed x1 the event T(x1, x2) ≥ T(k1, k2) is a
 * convex quadratic inequality in x2, so its x2-set is "x2 ≤ L or x2 ≥ R" and its probability is a CDF plus a
 * survival function, read from prefix log-sums. Everything is in log space and the supports are cut where the
 * log-probability falls below −500, so counts of 10⁶ cost O(√10⁶·30) and never overflow.
 */
import { checkCount, checkWeight, EvaluationInputError } from './errors.ts';

export interface ETestInput {
  k1: number;
  k2: number;
  n1?: number;
  n2?: number;
  d?: number;
  /**
   * The variance in the statistic's denominator. `pooled` (default) is evaluation-method.md §3:
   * √((x1 + x2)/(n1 + n2)). `unpooled` is K&T 2004 eq. (3.2), √(x1/n1² + x2/n2²), as scipy's
   * poisson_means_test. They give the same p when n1 = n2 (the statistics differ by a constant factor).
   */
  variance?: 'pooled' | 'unpooled';
}

export interface ETestCore {
  p: number;
  /** ln p (finite even where p underflows to 0). */
  logP: number;
  /** The observed statistic T(k1, k2) (absolute value). */
  t: number;
}

const LOG_CUT = -500;
/** Largest count the E-test sums over (see etestInputs). */
export const MAX_COUNT = 100_000_000;
const LN_SQRT_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). Only used for small arguments below. */
function lnGamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const xx = x - 1;
  let a = c[0] as number;
  const t = xx + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (c[i] as number) / (xx + i);
  return LN_SQRT_2PI + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Stirling's error ln(n!) − [(n + ½)ln n − n + ln√(2π)] (Loader 2000). */
function stirlerr(n: number): number {
  if (n > 15) {
    const nn = n * n;
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * nn)) / nn) / nn) / nn) / n;
  }
  return lnGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}

/** x·ln(x/m) + m − x, computed without cancellation when x ≈ m (Loader 2000). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    const v2 = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v2;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** ln P(X = x) for X ~ Poisson(m), saddle-point form: accurate for large x and m. */
export function poissonLogPmf(x: number, m: number): number {
  if (m === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) return -m;
  return -0.5 * Math.log(2 * Math.PI * x) - stirlerr(x) - bd0(x, m);
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b), a ≥ b. */
function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (b >= a) return Number.NEGATIVE_INFINITY;
  return a + Math.log1p(-Math.exp(b - a));
}

/** The support of Poisson(m) where ln P ≥ −500, with ln P, ln CDF and ln SF at each point. */
interface Support {
  lo: number;
  hi: number;
  lp: Float64Array;
  logCdf: Float64Array;
  logSf: Float64Array;
}

function support(m: number): Support {
  const mode = Math.floor(m);
  const lpMode = poissonLogPmf(mode, m);
  // Step out from the mode in strides that shrink near the cut: cheap even for m = 10⁸.
  const edge = (dir: 1 | -1): number => {
    let x = mode;
    let step = Math.max(1, Math.floor(Math.sqrt(m + 1)));
    while (step >= 1) {
      const nx = x + dir * step;
      if (nx >= 0 && poissonLogPmf(nx, m) >= LOG_CUT) x = nx;
      else step = Math.floor(step / 2);
    }
    return x;
  };
  const lo = lpMode >= LOG_CUT ? edge(-1) : mode;
  const hi = lpMode >= LOG_CUT ? edge(1) : mode;
  const n = hi - lo + 1;
  const lp = new Float64Array(n);
  for (let i = 0; i < n; i++) lp[i] = poissonLogPmf(lo + i, m);
  const logCdf = new Float64Array(n);
  const logSf = new Float64Array(n);
  let acc = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) logCdf[i] = acc = logAddExp(acc, lp[i] as number);
  acc = Number.NEGATIVE_INFINITY;
  for (let i = n - 1; i >= 0; i--) logSf[i] = acc = logAddExp(acc, lp[i] as number);
  return { lo, hi, lp, logCdf, logSf };
}

/** Fills defaults and checks the inputs; k1 + k2 = 0 is an error (the statistic is 0/0). */
export function etestInputs(input: ETestInput): Required<ETestInput> {
  const full = { k1: input.k1, k2: input.k2, n1: input.n1 ?? 1, n2: input.n2 ?? 1, d: input.d ?? 0, variance: input.variance ?? 'pooled' } as const;
  checkCount('k1', full.k1);
  checkCount('k2', full.k2);
  if (!Number.isInteger(full.k1) || !Number.isInteger(full.k2)) throw new EvaluationInputError('not_finite', 'k1 och k2 måste vara heltal (antal händelser).', 'k1 and k2 must be whole numbers (counts of events).');
  checkWeight('n1', full.n1);
  checkWeight('n2', full.n2);
  if (!Number.isFinite(full.d)) throw new EvaluationInputError('not_finite', 'd måste vara ett ändligt tal.', 'd must be a finite number.');
  // The sum visits about 60·√k values of x1: 10⁸ is well under a second; beyond, a normal test says the same.
  if (full.k1 > MAX_COUNT || full.k2 > MAX_COUNT)
    throw new EvaluationInputError('too_large', `k1 och k2 får vara högst ${MAX_COUNT} (använd ett normaltest för större antal).`, `k1 and k2 may be at most ${MAX_COUNT} (use a normal test for larger counts).`);
  if (full.k1 + full.k2 === 0)
    throw new EvaluationInputError('undefined_etest', 'E-testet är odefinierat när båda antalen är 0 (k1 + k2 = 0).', 'The E-test is undefined when both counts are 0 (k1 + k2 = 0).', true);
  return full;
}

export function etest(input: ETestInput): ETestCore {
  const { k1, k2, n1, n2, d, variance } = etestInputs(input);
  const N = n1 + n2;
  // Denominator of T² as A + B·x2 for a given x1.
  const pooled = variance === 'pooled';
  const varA = (x1: number) => (pooled ? x1 / N : x1 / (n1 * n1));
  const B = pooled ? 1 / N : 1 / (n2 * n2);
  const num0 = k1 / n1 - k2 / n2 - d;
  const var0 = varA(k1) + B * k2;
  const t = Math.abs(num0) / Math.sqrt(var0);
  const t2 = t * t;

  const lambda2 = (k1 + k2) / N - (d * n1) / N;
  // K&T (2004) p. 26: with λ̂ ≤ 0 (or λ̂ + d ≤ 0) H0 cannot be rejected; no sum is needed.
  if (lambda2 <= 0 || lambda2 + d <= 0) return { p: 1, logP: 0, t };
  const s1 = support(n1 * (lambda2 + d));
  const s2 = support(n2 * lambda2);

  // x2 is in the rejection set iff (a − x2/n2)² ≥ t²(A + B·x2): the observed point sits on the boundary, so a
  // relative tolerance keeps it (and its mirror images) inside despite rounding.
  const inSet = (a: number, A: number, x2: number) => {
    const lhs = (a - x2 / n2) ** 2;
    const rhs = t2 * (A + B * x2);
    return lhs >= rhs - 1e-12 * Math.max(Math.abs(rhs), lhs);
  };

  let logP = Number.NEGATIVE_INFINITY;
  const last2 = s2.hi - s2.lo;
  const lp20 = s2.lo === 0 ? (s2.lp[0] as number) : Number.NEGATIVE_INFINITY;
  for (let x1 = s1.lo; x1 <= s1.hi; x1++) {
    const a = x1 / n1 - d;
    const A = varA(x1);
    // f(u) = u²/n2² − (2a/n2 + t²B)·u + a² − t²A ≥ 0
    const qa = 1 / (n2 * n2);
    const qb = -(2 * a / n2 + t2 * B);
    const qc = a * a - t2 * A;
    const disc = qb * qb - 4 * qa * qc;
    let logTail: number;
    let includesZero: boolean;
    if (disc <= 0) {
      logTail = s2.logCdf[last2] as number;
      includesZero = true;
    } else {
      const sq = Math.sqrt(disc);
      const vertex = -qb / (2 * qa);
      let L = Math.floor((-qb - sq) / (2 * qa));
      let R = Math.ceil((-qb + sq) / (2 * qa));
      // The float roots are within a step of the integer boundary; settle it with the inequality itself.
      for (let i = 0; i < 64 && L + 1 <= vertex && inSet(a, A, L + 1); i++) L++;
      for (let i = 0; i < 64 && L >= 0 && !inSet(a, A, L); i++) L--;
      for (let i = 0; i < 64 && R - 1 >= vertex && R - 1 >= 0 && inSet(a, A, R - 1); i++) R--;
      for (let i = 0; i < 64 && !inSet(a, A, R); i++) R++;
      R = Math.max(R, 0);
      let lower = Number.NEGATIVE_INFINITY;
      let upper = Number.NEGATIVE_INFINITY;
      if (L >= s2.lo) lower = s2.logCdf[Math.min(L, s2.hi) - s2.lo] as number;
      if (R <= s2.hi) upper = s2.logSf[Math.max(R, s2.lo) - s2.lo] as number;
      logTail = L + 1 >= R ? (s2.logCdf[last2] as number) : logAddExp(lower, upper);
      includesZero = L >= 0 || R === 0;
    }
    // The (0, 0) outcome is excluded (§3): its statistic is 0/0.
    if (x1 === 0 && includesZero) logTail = logSubExp(logTail, lp20);
    if (logTail === Number.NEGATIVE_INFINITY) continue;
    logP = logAddExp(logP, (s1.lp[x1 - s1.lo] as number) + logTail);
  }
  logP = Math.min(0, logP);
  return { p: Math.exp(logP), logP, t };
}
