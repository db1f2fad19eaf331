/** Strategic index on the client: defaults, colour classes and ranking (pure; tested in indexModel.test.ts). */
import type { IndexItem } from '../api/types.ts';

export type Direction = 'higher_is_worse' | 'higher_is_better';

export interface IndicatorChoice {
  indicator: string;
  weight: number;
  direction: Direction;
}

/**
 * The documented default index (server/src/strategic/indicators.ts: every catalogue indicator with a
 * positive default weight). The server computes; the client only proposes the request.
 */
export const DEFAULT_INDICATORS: readonly IndicatorChoice[] = [
  { indicator: 'crowding_share', weight: 1, direction: 'higher_is_worse' },
  { indicator: 'employment_rate', weight: 1, direction: 'higher_is_better' },
  { indicator: 'low_education_share', weight: 1, direction: 'higher_is_worse' },
  { indicator: 'no_upper_secondary_eligibility_share', weight: 1, direction: 'higher_is_worse' },
  { indicator: 'low_economic_standard_share', weight: 1, direction: 'higher_is_worse' },
  { indicator: 'foreign_background_share', weight: 0, direction: 'higher_is_worse' },
  { indicator: 'serious_violence_rate', weight: 0, direction: 'higher_is_worse' },
];

export const KNOWN_INDICATORS = ['population', ...DEFAULT_INDICATORS.map((d) => d.indicator)] as const;

/** Levels 1–5, viridis (colour-blind safe, readable in greyscale); no score is light grey. */
export const LEVEL_COLORS: Record<number, string> = { 1: '#fde725', 2: '#5ec962', 3: '#21918c', 4: '#3b528b', 5: '#440154' };
export const NO_SCORE_COLOR = '#d9d9d9';

/** Score → level 1–5 with four ascending cut-offs (the server's default for z-scores). */
export function levelFor(score: number | null, cutoffs: readonly number[] = [-0.5, 0, 0.5, 1]): number | null {
  if (score == null || !Number.isFinite(score)) return null;
  let level = 1;
  for (const c of cutoffs) if (score >= c) level++;
  return level;
}

/** Ranks by score, worst (highest) first; areas without a score last, by name. */
export function rank<T extends IndexItem>(items: readonly T[]): (T & { rank: number | null })[] {
  const scored = items.filter((i) => i.score != null).sort((a, b) => (b.score as number) - (a.score as number) || a.name.localeCompare(b.name, 'sv'));
  const unscored = items.filter((i) => i.score == null).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return [...scored.map((i, n) => ({ ...i, rank: n + 1 })), ...unscored.map((i) => ({ ...i, rank: null }))];
}

/** Values per indicator ordered by year, for the trend sparkline. */
export function seriesByIndicator(rows: readonly { indicator: string; year: number; value: number | null }[]): Map<string, { year: number; value: number | null }[]> {
  const m = new Map<string, { year: number; value: number | null }[]>();
  for (const r of rows) {
    const list = m.get(r.indicator) ?? [];
    list.push({ year: r.year, value: r.value });
    m.set(r.indicator, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.year - b.year);
  return m;
}

/** SVG polyline points for a sparkline of `w`×`h`; null values break nothing (skipped). */
export function sparkPoints(series: readonly { year: number; value: number | null }[], w: number, h: number): string {
  const pts = series.filter((s) => s.value != null && Number.isFinite(s.value)) as { year: number; value: number }[];
  if (pts.length === 0) return '';
  const minY = Math.min(...pts.map((p) => p.value));
  const maxY = Math.max(...pts.map((p) => p.value));
  const minX = pts[0].year;
  const maxX = pts[pts.length - 1].year;
  return pts
    .map((p) => {
      const x = maxX === minX ? w / 2 : ((p.year - minX) / (maxX - minX)) * w;
      const y = maxY === minY ? h / 2 : h - ((p.value - minY) / (maxY - minY)) * h;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
