/**
 * Crime exposure per area: counts and rates per 10 000 residents by incident type and period, from
 * incidents that carry the code of the area they lie in (e.g. the municipality of a police event).
 * Pure; the caller passes incidents and populations.
 */
import { readCsv } from '../../../shared/src/csv.ts';
import type { ParsedPolisenEvent } from '../incidents/polisenFeed.ts';
import type { IndicatorRow } from './indicatorCsv.ts';
import { type Audience, guardCount, guardRate, type SuppressionReason, type SuppressionRules, DEFAULT_SUPPRESSION } from './suppression.ts';

export interface ExposureIncident {
  type: string;
  occurredAt: string | Date;
  /** Code of the smallest area the incident is placed in; null when unknown (not counted). */
  areaCode: string | null;
}

/** A half-open period [from, to). */
export interface Period {
  id: string;
  from: Date;
  to: Date;
}

/** Calendar years in Swedish time (1 January is always UTC+1). */
export function yearPeriods(years: readonly number[]): Period[] {
  return years.map((y) => ({ id: String(y), from: new Date(`${y}-01-01T00:00:00+01:00`), to: new Date(`${y + 1}-01-01T00:00:00+01:00`) }));
}

export interface ExposureRow {
  areaCode: string;
  period: string;
  /** An incident type, or `all`. */
  type: string;
  count: number;
  population: number | null;
  /** Events per `per` residents; null when the population is unknown or 0. */
  rate: number | null;
}

export type PopulationSource = ReadonlyMap<string, number> | ((areaCode: string, period: Period) => number | null | undefined);

export interface ExposureOptions {
  periods: readonly Period[];
  /** Types to report separately (besides `all`). @defaultValue every type seen */
  types?: readonly string[];
  /** Rate denominator. @defaultValue 10 000 */
  per?: number;
  /** Areas to report even with zero events. @defaultValue areas with events or a population */
  areas?: Iterable<string>;
  /** Ancestors of an area (e.g. kommun → län → SE), so events also count upwards. @defaultValue none */
  ancestors?: (areaCode: string) => readonly string[];
}

/** Counts and rates for every area × period × type (and `all`). Rows are sorted by area, period, type. */
export function crimeExposure(incidents: readonly ExposureIncident[], populations: PopulationSource, options: ExposureOptions): ExposureRow[] {
  const per = options.per ?? 10_000;
  const periods = options.periods;
  const starts = periods.map((p) => p.from.getTime());
  const ends = periods.map((p) => p.to.getTime());
  const counts = new Map<string, number>(); // `${area}\u0000${periodIdx}\u0000${type}`
  const areas = new Set<string>(options.areas ?? []);
  const typesSeen = new Set<string>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const inc of incidents) {
    if (!inc.areaCode) continue;
    const t = (inc.occurredAt instanceof Date ? inc.occurredAt : new Date(inc.occurredAt)).getTime();
    if (!Number.isFinite(t)) continue;
    const pi = starts.findIndex((s, i) => t >= s && t < ends[i]);
    if (pi < 0) continue;
    typesSeen.add(inc.type);
    const targets = [inc.areaCode, ...(options.ancestors?.(inc.areaCode) ?? [])];
    for (const a of targets) {
      if (options.areas === undefined) areas.add(a);
      bump(`${a}\u0000${pi}\u0000${inc.type}`);
      bump(`${a}\u0000${pi}\u0000all`);
    }
  }
  if (options.areas === undefined && populations instanceof Map) for (const a of populations.keys()) areas.add(a);
  const types = [...(options.types ?? [...typesSeen].sort()), 'all'];
  const popOf = (a: string, p: Period): number | null => {
    const v = typeof populations === 'function' ? populations(a, p) : populations.get(a);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const rows: ExposureRow[] = [];
  for (const a of [...areas].sort()) {
    periods.forEach((p, pi) => {
      const population = popOf(a, p);
      for (const type of types) {
        const count = counts.get(`${a}\u0000${pi}\u0000${type}`) ?? 0;
        const rate = population !== null && population > 0 ? (count * per) / population : null;
        rows.push({ areaCode: a, period: p.id, type, count, population, rate });
      }
    });
  }
  return rows;
}

export interface GuardedExposureRow {
  areaCode: string;
  period: string;
  type: string;
  count: number | null;
  rate: number | null;
  population: number | null;
  suppressed: boolean;
  reason?: SuppressionReason;
}

/**
 * Applies small-number suppression for the audience (police rows pass unchanged): primary (counts under
 * `minEvents`, rates on few events or residents) and then secondary within each area × period, so the
 * `all` row minus the released types never gives back a withheld count (see {@link secondarySuppression}).
 */
export function guardExposure(rows: readonly ExposureRow[], audience: Audience, rules: SuppressionRules = DEFAULT_SUPPRESSION): GuardedExposureRow[] {
  const out = rows.map((r) => {
    const c = guardCount(r.count, audience, rules);
    const rt = guardRate(r.rate, { events: r.count, residents: r.population }, audience, rules);
    const suppressed = c.suppressed || rt.suppressed;
    const g: GuardedExposureRow = { areaCode: r.areaCode, period: r.period, type: r.type, count: c.value, rate: rt.value, population: r.population, suppressed };
    const reason = c.reason ?? rt.reason;
    if (reason) g.reason = reason;
    return g;
  });
  if (audience === 'police') return out;
  const cells = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = `${r.areaCode}\u0000${r.period}`;
    cells.set(k, [...(cells.get(k) ?? []), i]);
  });
  for (const idx of cells.values()) {
    const total = idx.find((i) => rows[i].type === 'all');
    if (total === undefined) continue;
    const parts = idx.filter((i) => i !== total);
    // Only when the types partition the total can it be differenced (always so with the default types).
    if (parts.reduce((s, i) => s + rows[i].count, 0) !== rows[total].count) continue;
    const hide = secondarySuppression(
      parts.map((i) => ({ count: rows[i].count, hidden: out[i].count === null })),
      out[total].count === null,
      rules.minEvents,
    );
    for (const j of hide.parts) withhold(out[parts[j]]);
    if (hide.total) withhold(out[total]);
  }
  return out;
}

function withhold(r: GuardedExposureRow): void {
  r.count = null;
  r.rate = null;
  r.suppressed = true;
  r.reason ??= 'few_events';
}

/**
 * Which further cells to withhold so that a released total minus the released parts (which must sum to the
 * total) does not reveal the withheld parts. Parts are added smallest first; when none is left the total is
 * withheld instead. Returns indexes into `parts`.
 */
export function secondarySuppression(
  parts: ReadonlyArray<{ count: number; hidden: boolean }>,
  totalHidden: boolean,
  minEvents: number,
): { parts: number[]; total: boolean } {
  const hidden = new Set(parts.flatMap((p, i) => (p.hidden ? [i] : [])));
  if (totalHidden || hidden.size === 0) return { parts: [], total: false };
  const added: number[] = [];
  // What total − released parts gives away: the hidden sum. Zero only says "none of these", which the
  // released rows already say; otherwise it must be at least minEvents over at least two non-empty cells.
  const safe = () => {
    const sum = parts.reduce((s, p, i) => (hidden.has(i) ? s + p.count : s), 0);
    const nonEmpty = [...hidden].filter((i) => parts[i].count > 0).length;
    return sum === 0 || (nonEmpty >= 2 && sum >= minEvents);
  };
  while (!safe()) {
    const next = parts
      .map((p, i) => ({ i, count: p.count }))
      .filter((p) => !hidden.has(p.i))
      .sort((a, b) => a.count - b.count)[0];
    if (!next) return { parts: added, total: true };
    hidden.add(next.i);
    added.push(next.i);
  }
  return { parts: added, total: false };
}

/**
 * Exposure rates as indicator rows (`<prefix>.<type>`, e.g. `incidents_per_10k.shooting`, or the id in
 * `names[type]`, e.g. `{ all: 'serious_violence_rate' }`), for periods whose id is a year; areas without a
 * population give no row.
 */
export function exposureIndicatorRows(rows: readonly ExposureRow[], prefix = 'incidents_per_10k', names: Readonly<Record<string, string>> = {}): IndicatorRow[] {
  const out: IndicatorRow[] = [];
  for (const r of rows) {
    if (r.rate === null || !/^\d{4}$/.test(r.period)) continue;
    out.push({ areaCode: r.areaCode, year: Number(r.period), indicator: names[r.type] ?? `${prefix}.${r.type}`, value: r.rate });
  }
  return out;
}

/** Reads `kommun_population_2024.csv` (`kommun_kod,kommun_namn,population`) into a code → population map. */
export function parseKommunPopulation(csvText: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const { fields } of readCsv(csvText, ',').slice(1)) {
    const [code, , pop] = fields;
    if (code && /^\d{4}$/.test(code.trim()) && pop !== undefined && Number.isFinite(Number(pop))) m.set(code.trim(), Number(pop));
  }
  return m;
}

/** Police events as crime-exposure input: type, time and area code. */
export function toExposureIncidents(events: readonly ParsedPolisenEvent[]): ExposureIncident[] {
  return events.map((e) => ({ type: e.incident.type, occurredAt: e.incident.occurredAt, areaCode: e.areaCode }));
}

/** The periods of an exposure answer: calendar years in Swedish time, clipped to [from, to), or the whole span. */
export function exposurePeriods(from: Date, to: Date, period: 'year' | 'total'): Period[] {
  if (period === 'total') return [{ id: `${from.toISOString()}/${to.toISOString()}`, from, to }];
  const out: Period[] = [];
  const y0 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(from));
  const y1 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date(to.getTime() - 1)));
  for (let y = y0; y <= y1; y++) {
    const a = new Date(`${y}-01-01T00:00:00+01:00`);
    const b = new Date(`${y + 1}-01-01T00:00:00+01:00`);
    out.push({ id: String(y), from: a > from ? a : from, to: b < to ? b : to });
  }
  return out;
}
