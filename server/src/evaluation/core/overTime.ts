/**
 * The cumulative view of evaluation-method.md §5: per bin after the start, cumulative treated minus cumulative
 * control with √(cumT + cumC) as standard error, and the incidence rate ratio cumT / cumC with its log-scale
 * interval exp(ln IRR ± q·√(1/cumT + 1/cumC)). Pure.
 */
import { normalQuantile } from './normal.ts';

export interface BinCounts {
  from: Date;
  to: Date;
  phase: 'before' | 'after';
  treated: number;
  control: number;
}

export interface CumulativeBin extends BinCounts {
  cumTreated?: number;
  cumControl?: number;
  cumDiff?: number;
  se?: number;
  low?: number;
  high?: number;
  irr?: number | null;
  irrLow?: number | null;
  irrHigh?: number | null;
}

export function cumulative(bins: readonly BinCounts[], alpha = 0.05): CumulativeBin[] {
  const q = normalQuantile(1 - alpha / 2);
  let cumT = 0;
  let cumC = 0;
  return bins.map((b) => {
    if (b.phase === 'before') return { ...b };
    cumT += b.treated;
    cumC += b.control;
    const se = Math.sqrt(cumT + cumC);
    const cumDiff = cumT - cumC;
    // The IRR and its log interval need both counts above 0.
    const irr = cumT > 0 && cumC > 0 ? cumT / cumC : null;
    const half = irr === null ? 0 : q * Math.sqrt(1 / cumT + 1 / cumC);
    return {
      ...b,
      cumTreated: cumT,
      cumControl: cumC,
      cumDiff,
      se,
      low: cumDiff - q * se,
      high: cumDiff + q * se,
      irr,
      irrLow: irr === null ? null : Math.exp(Math.log(irr) - half),
      irrHigh: irr === null ? null : Math.exp(Math.log(irr) + half),
    };
  });
}

/** Half-open bins [from, to) of a week (7 days from `start`) or a calendar month (UTC), clipped to `end`. */
export function binEdges(start: Date, end: Date, bin: 'week' | 'month'): Array<[Date, Date]> {
  const out: Array<[Date, Date]> = [];
  let a = start;
  while (a < end) {
    let b: Date;
    if (bin === 'week') b = new Date(a.getTime() + 7 * 86_400_000);
    else b = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + 1, 1));
    if (b > end) b = end;
    out.push([a, b]);
    a = b;
  }
  return out;
}
