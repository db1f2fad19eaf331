/**
 * Ranking candidate comparison areas (evaluation-method.md §4): the candidate whose monthly pre-period counts
 * are closest to the area it stands in for. The distance is scaled per month by the Poisson spread of the two
 * counts, so a month of 40 vs 44 is as close as one of 4 vs 5, and it compares the months in order, so two
 * series with the same total but opposite trends are far apart. Pure.
 */

export interface Candidate<T> {
  item: T;
  preCounts: readonly number[];
}

/**
 * √(mean over months of (c − t)² / (c + t + 1)): a chi-like distance (the +1 keeps empty months finite).
 * 0: identical series; about 1: the months differ by about what chance alone gives.
 */
export function scaledDistance(target: readonly number[], candidate: readonly number[]): number {
  if (target.length === 0) return 0;
  let s = 0;
  for (let m = 0; m < target.length; m++) {
    const t = target[m] as number;
    const c = candidate[m] as number;
    s += (c - t) ** 2 / (c + t + 1);
  }
  return Math.sqrt(s / target.length);
}

/** Least-squares slope of a series per step. */
export function slope(series: readonly number[]): number {
  const n = series.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  let my = 0;
  for (const v of series) my += v;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - mx) * ((series[i] as number) - my);
    sxx += (i - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * Whether the two pre-period trends differ by more than chance: the change from the first to the second half of
 * the pre period, treated minus control, against its Poisson standard error (|z| > 1.96).
 */
export function trendsDiffer(target: readonly number[], control: readonly number[]): boolean {
  const h = Math.floor(target.length / 2);
  if (h === 0) return false;
  const sum = (xs: readonly number[], a: number, b: number) => xs.slice(a, b).reduce((s, v) => s + v, 0);
  const n = target.length;
  // Halves of equal length (the middle month of an odd series is left out).
  const t1 = sum(target, 0, h);
  const t2 = sum(target, n - h, n);
  const c1 = sum(control, 0, h);
  const c2 = sum(control, n - h, n);
  const se = Math.sqrt(t1 + t2 + c1 + c2);
  if (se === 0) return false;
  return Math.abs(t2 - t1 - (c2 - c1)) / se > 1.959963984540054;
}

/** Candidates sorted by distance (ties by their order given, so the ranking is stable). */
export function rankCandidates<T>(target: readonly number[], candidates: readonly Candidate<T>[]): Array<Candidate<T> & { distance: number }> {
  return candidates
    .map((c, i) => ({ ...c, distance: scaledDistance(target, c.preCounts), i }))
    .sort((a, b) => a.distance - b.distance || a.i - b.i)
    .map(({ i: _i, ...c }) => c);
}
