/**
 * Pure helpers of the follow-up view: the overview's filters, how a change reads, and the chart's geometry
 * (categorical quarters on x, the 0–4 scale on y). No I/O, tested in model.test.ts.
 */
import type { OverviewRow, Period, Trend } from '../../../../shared/src/areaFollowup.ts';

export type OverviewFilter = 'all' | 'improved' | 'worsened' | 'overdue';

export function filterRows(rows: readonly OverviewRow[], f: OverviewFilter): OverviewRow[] {
  if (f === 'all') return [...rows];
  if (f === 'overdue') return rows.filter((r) => r.current.status === 'overdue');
  return rows.filter((r) => r.trend === f);
}

/** Worsened first, then improved, then the rest; by name within each. */
export function sortRows(rows: readonly OverviewRow[]): OverviewRow[] {
  const rank: Record<Trend, number> = { worsened: 0, improved: 1, unchanged: 2, insufficient: 3 };
  return [...rows].sort((a, b) => rank[a.trend] - rank[b.trend] || a.area.name.localeCompare(b.area.name, 'sv'));
}

/** An arrow that agrees with the words beside it: up is worse (the scale measures problems). */
export function trendArrow(t: Trend): string {
  return t === 'worsened' ? '▲' : t === 'improved' ? '▼' : t === 'unchanged' ? '■' : '·';
}

export function formatChange(change: number | null, locale: string): string {
  if (change === null) return '–';
  const s = Math.abs(change).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return change > 0 ? `+${s}` : change < 0 ? `−${s}` : s;
}

export interface ChartGeometry {
  points: Array<{ period: Period; x: number; y: number | null; value: number | null }>;
  path: string;
  yTicks: Array<{ value: number; y: number }>;
}

/** Quarters evenly spread over the plot's width; values on 0–4; a gap where a quarter has no value. */
export function chartGeometry(series: ReadonlyArray<{ period: Period; value: number | null }>, plot: { left: number; right: number; top: number; bottom: number }, max = 4): ChartGeometry {
  const n = series.length;
  const x = (i: number) => (n <= 1 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * i) / (n - 1));
  const y = (v: number) => plot.bottom - ((plot.bottom - plot.top) * Math.max(0, Math.min(max, v))) / max;
  const points = series.map((s, i) => ({ period: s.period, x: x(i), y: s.value === null ? null : y(s.value), value: s.value }));
  let path = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  const yTicks = Array.from({ length: max + 1 }, (_, v) => ({ value: v, y: y(v) }));
  return { points, path, yTicks };
}
