/**
 * Risk-map evaluation metrics (§4): ptools-style cumulative curves (PAI, PEI, RRI) and open_cp-style
 * coverage metrics (hit rate, PAI, PEI, RRI at fixed coverages), plus cell ROC AUC (Mann–Whitney).
 * All cells have equal area here.
 */

export interface PaiCurve {
  order: Int32Array;
  pai: Float64Array;
  pei: Float64Array;
  rri: Float64Array;
}

/**
 * ptools `pai()`: cells sorted by pred (per unit area) descending, ties by ascending observed count; cumulative
 * PAI = (CumCount/C)/(CumArea/A), PEI = CumCount / (best possible count in the same number of cells),
 * RRI = CumPred / CumCount.
 */
export function paiCurve(obs: ArrayLike<number>, pred: ArrayLike<number>): PaiCurve {
  const n = obs.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => pred[b] - pred[a] || obs[a] - obs[b] || a - b);
  const sortedObs = Array.from(obs).sort((a, b) => b - a);
  let C = 0;
  for (let i = 0; i < n; i++) C += obs[i];
  const pai = new Float64Array(n);
  const pei = new Float64Array(n);
  const rri = new Float64Array(n);
  let cc = 0;
  let cp = 0;
  let best = 0;
  for (let k = 0; k < n; k++) {
    cc += obs[idx[k]];
    cp += pred[idx[k]];
    best += sortedObs[k];
    pai[k] = C > 0 ? cc / C / ((k + 1) / n) : Number.NaN;
    pei[k] = best > 0 ? cc / best : Number.NaN;
    rri[k] = cc > 0 ? cp / cc : Number.NaN;
  }
  return { order: Int32Array.from(idx), pai, pei, rri };
}

/** Cell ROC AUC: P(score_pos > score_neg) + ½ P(tie); positive = cell with ≥ 1 test event. */
export function cellAuc(score: ArrayLike<number>, obs: ArrayLike<number>): number {
  const n = score.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0;
  let nPos = 0;
  let k = 0;
  while (k < n) {
    let e = k;
    while (e + 1 < n && score[idx[e + 1]] === score[idx[k]]) e++;
    const avg = (k + e + 2) / 2; // ranks are 1-based
    for (let t = k; t <= e; t++)
      if (obs[idx[t]] > 0) {
        rankSumPos += avg;
        nPos++;
      }
    k = e + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return Number.NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export interface CoveragePoint {
  coveragePct: number;
  cells: number;
  events: number;
  hitRate: number;
  pai: number;
  pei: number;
  rri: number;
}

export const COVERAGES_PCT = [0.5, 1, 2, 5, 10, 20];

/**
 * Coverage metrics (open_cp `top_slice`): the floor(n·f) highest-scoring cells, ties in natural (cell) order.
 * RRI is the ptools variant Σ_H pred / Σ_H obs with pred scaled to the test-period total.
 */
export function coverageMetrics(score: ArrayLike<number>, obs: ArrayLike<number>, coveragesPct = COVERAGES_PCT): CoveragePoint[] {
  const n = score.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  const sortedObs = Array.from(obs).sort((a, b) => b - a);
  let N = 0;
  let S = 0;
  for (let i = 0; i < n; i++) {
    N += obs[i];
    S += score[i];
  }
  const scaleP = S > 0 ? N / S : 0;
  return coveragesPct.map((pct) => {
    const k = Math.floor((n * pct) / 100);
    let ev = 0;
    let pr = 0;
    let best = 0;
    for (let t = 0; t < k; t++) {
      ev += obs[idx[t]];
      pr += score[idx[t]] * scaleP;
      best += sortedObs[t];
    }
    const hitRate = N > 0 ? ev / N : Number.NaN;
    return {
      coveragePct: pct,
      cells: k,
      events: ev,
      hitRate,
      pai: k > 0 ? hitRate / (k / n) : Number.NaN,
      pei: best > 0 ? ev / best : Number.NaN,
      rri: ev > 0 ? pr / ev : Number.NaN,
    };
  });
}

/** Area under the hit-rate-vs-coverage curve on [0, 1] (cells ranked as in coverageMetrics). */
export function hitRateCurveArea(score: ArrayLike<number>, obs: ArrayLike<number>): number {
  const n = score.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  let N = 0;
  for (let i = 0; i < n; i++) N += obs[i];
  if (N === 0) return Number.NaN;
  let cum = 0;
  let area = 0;
  for (let t = 0; t < n; t++) {
    const prev = cum;
    cum += obs[idx[t]];
    area += (prev + cum) / 2;
  }
  return area / (N * n);
}

export interface MethodEvaluation {
  method: 'rtm' | 'kde' | 'prior_counts';
  auc: number;
  hitRateCurveArea: number;
  coverage: CoveragePoint[];
}

export function evaluateMethod(method: MethodEvaluation['method'], score: ArrayLike<number>, obs: ArrayLike<number>): MethodEvaluation {
  return {
    method,
    auc: cellAuc(score, obs),
    hitRateCurveArea: hitRateCurveArea(score, obs),
    coverage: coverageMetrics(score, obs),
  };
}
