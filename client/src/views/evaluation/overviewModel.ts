/** Sorting of the regional overview's rows (pure). */
import type { OverviewItem } from './types.ts';

export type OverviewColumn = 'title' | 'area' | 'period' | 'dosage' | 'effect' | 'p';
export interface OverviewSort {
  column: OverviewColumn;
  ascending: boolean;
}

const KEY: Record<OverviewColumn, (i: OverviewItem) => string | number> = {
  title: (i) => i.title,
  // Rows without a place sort after every named one, ascending or descending (like missing numbers).
  area: (i) => i.areaName ?? Number.NaN,
  period: (i) => i.periods.after.from,
  dosage: (i) => i.dosage.deliveredTotal,
  effect: (i) => i.estTotal,
  p: (i) => i.p,
};

/** A stable sort by one column; ties keep the API's order. Missing numbers (NaN) go last either way. */
export function sortOverview(items: readonly OverviewItem[], s: OverviewSort): OverviewItem[] {
  const key = KEY[s.column];
  const dir = s.ascending ? 1 : -1;
  return items
    .map((item, i) => ({ item, i, k: key(item) }))
    .sort((a, b) => {
      const an = typeof a.k === 'number' && !Number.isFinite(a.k);
      const bn = typeof b.k === 'number' && !Number.isFinite(b.k);
      if (an !== bn) return an ? 1 : -1;
      const c = typeof a.k === 'string' && typeof b.k === 'string' ? a.k.localeCompare(b.k, 'sv') : a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return c !== 0 ? c * dir : a.i - b.i;
    })
    .map((x) => x.item);
}
