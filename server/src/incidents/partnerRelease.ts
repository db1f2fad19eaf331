/**
 * Small-count protection for everything a partner learns about incidents (issue 10, item 11).
 *
 * Partner-readable incidents (V2: `partner`/`public`, not retracted) are put in FIXED groups: a 10 km cell of
 * an EPSG:3006 grid aligned to multiples of 10 km × a calendar month in Swedish time × the incident type.
 * A group is released to partners only when it holds at least 5 partner-readable incidents; otherwise none
 * of its incidents reaches a partner through any endpoint (the list, a single incident, crime exposure).
 *
 * Because the groups do not depend on a query's bbox, time window, type or status filter, and everything a
 * partner receives is computed from released incidents only, overlapping queries can only ever difference
 * released incidents out of each other: a group of 1–4 cannot be read back by subtraction.
 */
import type { Db } from '../db/database.ts';

/** Side of a group cell, metres (EPSG:3006, aligned to multiples). Coarser than any city district. */
export const RELEASE_CELL_M = 10_000;
/** Fewest partner-readable incidents a group needs to be released (the strategic map's minimum count). */
export const RELEASE_MIN_GROUP = 5;

export interface GroupedIncident {
  id: string;
  x: number;
  y: number;
  occurredAt: Date;
  type: string;
}

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });

/** `YYYY-MM` of the instant in Swedish time. */
export function swedishMonth(t: Date): string {
  const parts = monthFormat.formatToParts(t);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

export function releaseGroupKey(rec: Omit<GroupedIncident, 'id'>): string {
  const cx = Math.floor(rec.x / RELEASE_CELL_M);
  const cy = Math.floor(rec.y / RELEASE_CELL_M);
  return `${cx}|${cy}|${swedishMonth(rec.occurredAt)}|${rec.type}`;
}

/** Partner-readable incidents: V2 of visibility.ts, as a database filter. */
export const PARTNER_READABLE_WHERE = { classification: { in: ['partner', 'public'] }, status: { not: 'retracted' } };

/**
 * Answers "is this incident's group released to partners" with one query per month touched; group sizes
 * are remembered for the lifetime of the object (one request).
 */
export class PartnerRelease {
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly minGroup = RELEASE_MIN_GROUP,
  ) {}

  /** The ids, among these partner-readable incidents, whose groups are released. */
  async released(recs: readonly GroupedIncident[]): Promise<Set<string>> {
    const keyed = recs.map((r) => ({ id: r.id, key: releaseGroupKey(r), r }));
    const missing = keyed.filter((k) => !this.sizes.has(k.key));
    const byMonth = new Map<string, typeof missing>();
    for (const k of missing) {
      const m = k.key.split('|')[2];
      const list = byMonth.get(m) ?? [];
      list.push(k);
      byMonth.set(m, list);
    }
    for (const [month, list] of byMonth) await this.countMonth(month, list);
    return new Set(keyed.filter((k) => (this.sizes.get(k.key) ?? 0) >= this.minGroup).map((k) => k.id));
  }

  /** Counts every group of `month` that the listed incidents fall in. */
  private async countMonth(month: string, list: ReadonlyArray<{ key: string; r: GroupedIncident }>): Promise<void> {
    const [y, m] = month.split('-').map(Number);
    // Swedish time is UTC+1 or +2: this window covers the month; keys are recomputed for each row found.
    const from = new Date(Date.UTC(y, m - 1, 1) - 2 * 3_600_000);
    const to = new Date(Date.UTC(y, m, 1));
    const cells = list.map((k) => [Math.floor(k.r.x / RELEASE_CELL_M), Math.floor(k.r.y / RELEASE_CELL_M)]);
    const minX = Math.min(...cells.map((c) => c[0])) * RELEASE_CELL_M;
    const maxX = (Math.max(...cells.map((c) => c[0])) + 1) * RELEASE_CELL_M;
    const minY = Math.min(...cells.map((c) => c[1])) * RELEASE_CELL_M;
    const maxY = (Math.max(...cells.map((c) => c[1])) + 1) * RELEASE_CELL_M;
    const types = [...new Set(list.map((k) => k.r.type))];
    const rows = await this.db.incident.findMany({
      where: { ...PARTNER_READABLE_WHERE, type: { in: types }, occurredAt: { gte: from, lt: to }, x: { gte: minX, lt: maxX }, y: { gte: minY, lt: maxY } },
      select: { x: true, y: true, occurredAt: true, type: true },
    });
    const wanted = new Set(list.map((k) => k.key));
    for (const key of wanted) this.sizes.set(key, 0);
    for (const row of rows) {
      const key = releaseGroupKey(row);
      if (wanted.has(key)) this.sizes.set(key, (this.sizes.get(key) ?? 0) + 1);
    }
  }
}
