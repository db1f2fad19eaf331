/**
 * Change over time: the index and each indicator per year, the areas that moved most, and a watch list of
 * areas that score like designated areas (utsatta områden) without being designated — the "new problem
 * pictures" to detect early. Pure.
 *
 * Standardising each year on its own shows *relative* position (z-scores always average 0). With
 * `baselineYear`, every year is standardised against that year's distribution, so a general improvement
 * or decline shows as movement too.
 */
import { aucMannWhitney, type AucResult } from './auc.ts';
import { computeIndex, type IndexArea, type IndexItem, type IndexLevel, type IndexOptions, type IndexResult, type IndicatorWeight, quantileSorted } from './indicatorIndex.ts';

export interface YearScore {
  year: number;
  score: number | null;
  level: IndexLevel | null;
}

export interface AreaTrend {
  code: string;
  name: string;
  points: YearScore[];
}

export interface IndexSeries {
  years: number[];
  byYear: Map<number, IndexResult>;
  trends: AreaTrend[];
}

/** Computes the index for each year. With `baselineYear`, standardises every year against that year. */
export function indexSeries(
  areasByYear: ReadonlyMap<number, readonly IndexArea[]>,
  indicators: readonly IndicatorWeight[],
  options: IndexOptions & { baselineYear?: number },
): IndexSeries {
  const years = [...areasByYear.keys()].sort((a, b) => a - b);
  const reference = options.baselineYear !== undefined ? areasByYear.get(options.baselineYear) : undefined;
  const byYear = new Map<number, IndexResult>();
  const trends = new Map<string, AreaTrend>();
  for (const y of years) {
    const r = computeIndex(areasByYear.get(y) ?? [], indicators, { ...options, reference: reference ?? options.reference });
    byYear.set(y, r);
    for (const it of r.items) {
      let t = trends.get(it.code);
      if (!t) {
        t = { code: it.code, name: it.name, points: [] };
        trends.set(it.code, t);
      }
      t.points.push({ year: y, score: it.score, level: it.level });
    }
  }
  return { years, byYear, trends: [...trends.values()] };
}

export interface IndicatorPoint {
  year: number;
  value: number;
}

/** Each indicator's values per year for one area, years ascending. */
export function indicatorSeries(
  rows: readonly { areaCode: string; year: number; indicator: string; value: number }[],
  areaCode: string,
): { indicator: string; points: IndicatorPoint[] }[] {
  const m = new Map<string, IndicatorPoint[]>();
  for (const r of rows) {
    if (r.areaCode !== areaCode) continue;
    const list = m.get(r.indicator);
    if (list) list.push({ year: r.year, value: r.value });
    else m.set(r.indicator, [{ year: r.year, value: r.value }]);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([indicator, points]) => ({ indicator, points: points.sort((a, b) => a.year - b.year) }));
}

/** Groups indicator rows into per-year index inputs (`values[indicator] = value`). */
export function areasByYearFromRows(
  rows: readonly { areaCode: string; year: number; indicator: string; value: number }[],
  areas: readonly { code: string; name: string; vintage?: string }[],
): Map<number, IndexArea[]> {
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const acc = new Map<number, Map<string, Record<string, number>>>();
  for (const r of rows) {
    if (!byCode.has(r.areaCode)) continue;
    let y = acc.get(r.year);
    if (!y) {
      y = new Map();
      acc.set(r.year, y);
    }
    let v = y.get(r.areaCode);
    if (!v) {
      v = {};
      y.set(r.areaCode, v);
    }
    v[r.indicator] = r.value;
  }
  const out = new Map<number, IndexArea[]>();
  for (const [year, m] of acc) {
    out.set(
      year,
      areas.map((a) => ({ code: a.code, name: a.name, vintage: a.vintage, values: m.get(a.code) ?? {} })),
    );
  }
  return out;
}

export interface Mover {
  code: string;
  name: string;
  from: number;
  to: number;
  /** to − from; positive = worse. */
  change: number;
  levelFrom: IndexLevel | null;
  levelTo: IndexLevel | null;
}

/** Areas whose score changed most between two years (|change| descending; `worse`/`better` filter by sign). */
export function biggestMovers(
  trends: readonly AreaTrend[],
  fromYear: number,
  toYear: number,
  options: { limit?: number; direction?: 'both' | 'worse' | 'better' } = {},
): Mover[] {
  const dir = options.direction ?? 'both';
  const out: Mover[] = [];
  for (const t of trends) {
    const a = t.points.find((p) => p.year === fromYear);
    const b = t.points.find((p) => p.year === toYear);
    if (!a || !b || a.score === null || b.score === null) continue;
    const change = b.score - a.score;
    if ((dir === 'worse' && change <= 0) || (dir === 'better' && change >= 0)) continue;
    out.push({ code: t.code, name: t.name, from: a.score, to: b.score, change, levelFrom: a.level, levelTo: b.level });
  }
  out.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || (x.code < y.code ? -1 : 1));
  return out.slice(0, options.limit ?? 10);
}

export interface WatchItem {
  code: string;
  name: string;
  score: number;
  level: IndexLevel | null;
  /** score − threshold (≥ 0: at the level of designated areas). */
  gap: number;
  /** Change since the previous year, when given. */
  change: number | null;
  status: 'at_level' | 'approaching';
  reason: string;
  reasonEn: string;
}

export interface WatchListResult {
  /** Score at the `quantile` of designated areas' scores; null when no designated area has a score. */
  threshold: number | null;
  margin: number;
  items: WatchItem[];
  /** How well the current index separates designated areas from the rest. */
  separation: AucResult;
}

const fmt = (n: number) => n.toFixed(2);

/**
 * Non-designated areas that score at or above the `quantile` (default lower quartile) of designated areas'
 * scores (`at_level`), or within `margin` below it while rising since `previous` (`approaching`).
 * `margin` defaults to a quarter of the sd of all current scores.
 */
export function watchList(
  current: readonly IndexItem[],
  designated: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  options: { quantile?: number; margin?: number; previous?: readonly IndexItem[]; limit?: number } = {},
): WatchListResult {
  const isDesignated = (code: string) => designated.has(code);
  const separation = aucMannWhitney(current.map((it) => ({ score: it.score, positive: isDesignated(it.code) })));
  const scores = current.flatMap((it) => (it.score === null ? [] : [it.score]));
  const mean = scores.reduce((a, b) => a + b, 0) / (scores.length || 1);
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (scores.length || 1));
  const margin = options.margin ?? sd / 4;
  const des = current.flatMap((it) => (it.score !== null && isDesignated(it.code) ? [it.score] : [])).sort((a, b) => a - b);
  if (des.length === 0) return { threshold: null, margin, items: [], separation };
  const q = options.quantile ?? 0.25;
  const threshold = quantileSorted(des, q);
  const prev = new Map((options.previous ?? []).map((it) => [it.code, it.score]));
  const items: WatchItem[] = [];
  for (const it of current) {
    if (it.score === null || isDesignated(it.code)) continue;
    const p = prev.get(it.code);
    const change = p === undefined || p === null ? null : it.score - p;
    const gap = it.score - threshold;
    let status: WatchItem['status'] | null = null;
    if (gap >= 0) status = 'at_level';
    else if (gap >= -margin && change !== null && change > 0) status = 'approaching';
    if (!status) continue;
    const qPct = Math.round(q * 100);
    const trendSv = change === null ? '' : change > 0 ? `, stigande (+${fmt(change)})` : `, ${fmt(change)} sedan föregående år`;
    const trendEn = change === null ? '' : change > 0 ? `, rising (+${fmt(change)})` : `, ${fmt(change)} since the previous year`;
    items.push({
      code: it.code,
      name: it.name,
      score: it.score,
      level: it.level,
      gap,
      change,
      status,
      reason:
        status === 'at_level'
          ? `Index ${fmt(it.score)} ≥ ${fmt(threshold)} (${qPct}:e percentilen bland utpekade områden) men området är inte utpekat${trendSv}.`
          : `Index ${fmt(it.score)} strax under ${fmt(threshold)} (${qPct}:e percentilen bland utpekade områden)${trendSv}.`,
      reasonEn:
        status === 'at_level'
          ? `Index ${fmt(it.score)} ≥ ${fmt(threshold)} (${qPct}th percentile of designated areas) but the area is not designated${trendEn}.`
          : `Index ${fmt(it.score)} just below ${fmt(threshold)} (${qPct}th percentile of designated areas)${trendEn}.`,
    });
  }
  items.sort((a, b) => b.score - a.score || (a.code < b.code ? -1 : 1));
  return { threshold, margin, items: items.slice(0, options.limit ?? 50), separation };
}
