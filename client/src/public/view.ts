/** Pure helpers of the public page: its route, the statistics table, dates. No DOM, no fetch. */

export interface StatisticsItem {
  month: string;
  type: string;
  count: number | null;
  suppressed: boolean;
}

/** `/offentlig` → null, `/offentlig/1280` → '1280'; anything else under /offentlig → 'invalid'. */
export function municipalityFromPath(pathname: string): string | null | 'invalid' {
  const m = /^\/offentlig(?:\/([^/]*))?\/?$/.exec(pathname);
  if (!m?.[1]) return m ? null : 'invalid';
  return /^\d{4}$/.test(m[1]) ? m[1] : 'invalid';
}

export const pathFor = (code: string | null) => (code ? `/offentlig/${code}` : '/offentlig');

/** Months as rows, types as columns, in the server's order; a cell is the item (count or suppressed). */
export function statisticsTable(items: readonly StatisticsItem[]): { months: string[]; types: string[]; cell(month: string, type: string): StatisticsItem | undefined } {
  const months = [...new Set(items.map((i) => i.month))];
  const types = [...new Set(items.map((i) => i.type))];
  const byKey = new Map(items.map((i) => [`${i.month}|${i.type}`, i]));
  return { months, types, cell: (month, type) => byKey.get(`${month}|${type}`) };
}

/** The month 'YYYY-MM' as the reader says it ("mars 2026" / "March 2026"). */
export function monthLabel(month: string, lang: 'sv' | 'en'): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 15)));
}

export function dateLabel(iso: string, lang: 'sv' | 'en', withTime = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' } : {}), timeZone: 'Europe/Stockholm' }).format(d);
}

/** The latest of several ISO times (null when none). */
export function latest(...times: Array<string | null | undefined>): string | null {
  let out: string | null = null;
  for (const t of times) if (t && (!out || t > out)) out = t;
  return out;
}

/** Bar heights for the chart: suppressed cells draw as a hatched bar at the top of their range (4). */
export function chartMax(items: readonly StatisticsItem[]): number {
  return Math.max(4, ...items.map((i) => i.count ?? 4));
}
