/**
 * Monthly public statistics: the month range a query covers, and small-count suppression. Pure.
 *
 * Cells are fixed: municipality × calendar month (Swedish time) × incident type. A query's `from`/`to` are
 * widened to whole months, so overlapping or shifted queries return the same cells and cannot be differenced
 * into a part of a month. A count of 1–4 is published as `null` with `suppressed: true`; 0 and ≥ 5 as they are.
 * No totals are published (per month, per type or overall) — a total beside its cells would give a suppressed
 * cell back by subtraction — so no secondary suppression is needed, and the page shows no computed totals.
 */

export const SUPPRESS_BELOW = 5;

export interface StatisticsCell {
  month: string;
  type: string;
  count: number | null;
  suppressed: boolean;
}

/** The month of a 'YYYY-MM' or 'YYYY-MM-DD' string: [year, month 1–12], or null when it is not a real one. */
export function parseMonth(s: string): [number, number] | null {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return null;
  if (m[3] !== undefined) {
    const day = Number(m[3]);
    if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  }
  return [year, month];
}

/**
 * The instant a month starts in Sweden. Summer time (UTC+2) starts and ends on the last Sunday of March and
 * October, never on the 1st, so a month's first midnight is UTC+2 from April to October and UTC+1 otherwise.
 */
export function stockholmMonthStart(year: number, month: number): Date {
  const offsetHours = month >= 4 && month <= 10 ? 2 : 1;
  return new Date(Date.UTC(year, month - 1, 1) - offsetHours * 3_600_000);
}

export const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Every month from `from` to `to` inclusive, as 'YYYY-MM'. */
export function monthsBetween(from: [number, number], to: [number, number]): string[] {
  const out: string[] = [];
  let [y, m] = from;
  while (y < to[0] || (y === to[0] && m <= to[1])) {
    out.push(monthKey(y, m));
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * One cell per month in range × type seen in the range (0 where a type had none that month), small counts
 * suppressed. Sorted by month, then type.
 */
export function suppressedCells(months: readonly string[], counts: ReadonlyArray<{ month: string; type: string; count: number }>): StatisticsCell[] {
  const types = [...new Set(counts.map((c) => c.type))].sort();
  const byKey = new Map(counts.map((c) => [`${c.month}|${c.type}`, c.count]));
  const out: StatisticsCell[] = [];
  for (const month of months) {
    for (const type of types) {
      const count = byKey.get(`${month}|${type}`) ?? 0;
      const suppressed = count > 0 && count < SUPPRESS_BELOW;
      out.push({ month, type, count: suppressed ? null : count, suppressed });
    }
  }
  return out;
}
