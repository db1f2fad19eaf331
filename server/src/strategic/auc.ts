/**
 * How well the index separates designated areas (utsatta områden) from the rest: the area under the ROC
 * curve via the Mann–Whitney U statistic. Ties get mid-ranks, i.e. a tied pair counts ½. 0.5 = no better
 * than chance, 1 = every designated area scores above every other area.
 */

export interface AucInput {
  score: number | null;
  positive: boolean;
}

export interface AucResult {
  /** P(score of a random designated area > score of a random other area), ties ½; null when a group is empty. */
  auc: number | null;
  /** Mann–Whitney U of the designated group. */
  u: number;
  nPositive: number;
  nNegative: number;
  /** Items left out because their score was null. */
  excluded: number;
  /** Hanley–McNeil standard error of the AUC; null when undefined. */
  se: number | null;
}

/** AUC with ties handled by mid-ranks (Mann–Whitney). O(n log n). */
export function aucMannWhitney(items: readonly AucInput[]): AucResult {
  const scored: AucInput[] = [];
  let excluded = 0;
  for (const it of items) {
    if (typeof it.score === 'number' && Number.isFinite(it.score)) scored.push(it);
    else excluded++;
  }
  scored.sort((a, b) => (a.score as number) - (b.score as number));
  let rankSumPos = 0;
  let nPos = 0;
  let i = 0;
  while (i < scored.length) {
    let j = i;
    while (j + 1 < scored.length && scored[j + 1].score === scored[i].score) j++;
    const midRank = (i + j) / 2 + 1; // ranks are 1-based
    for (let k = i; k <= j; k++) {
      if (scored[k].positive) {
        rankSumPos += midRank;
        nPos++;
      }
    }
    i = j + 1;
  }
  const nNeg = scored.length - nPos;
  const u = rankSumPos - (nPos * (nPos + 1)) / 2;
  if (nPos === 0 || nNeg === 0) return { auc: null, u, nPositive: nPos, nNegative: nNeg, excluded, se: null };
  const auc = u / (nPos * nNeg);
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (nPos - 1) * (q1 - auc * auc) + (nNeg - 1) * (q2 - auc * auc)) / (nPos * nNeg);
  return { auc, u, nPositive: nPos, nNegative: nNeg, excluded, se: v >= 0 ? Math.sqrt(v) : null };
}
