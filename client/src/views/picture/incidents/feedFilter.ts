/**
 * The incident feed's filters and text search: a night shift sees the confirmed shootings of the last hours,
 * not 200 unfiltered cards. Pure; the view pages the result.
 */
import type { IncidentStatus, IncidentType, IncidentView } from '../../../../../shared/src/events.ts';

export type Precision = IncidentView['locationPrecision'];

export interface FeedFilter {
  types: ReadonlySet<IncidentType>;
  statuses: ReadonlySet<IncidentStatus>;
  precisions: ReadonlySet<Precision>;
  /** '' for every source. */
  source: string;
  /** Only incidents that occurred within this many hours before now; null for any time. */
  withinHours: number | null;
  text: string;
}

export const EMPTY_FILTER: FeedFilter = { types: new Set(), statuses: new Set(), precisions: new Set(), source: '', withinHours: null, text: '' };

/** Case- and accent-insensitive Swedish folding for search ("malmo" finds "Malmö" only with å/ä/ö kept apart). */
const fold = (s: string) => s.toLocaleLowerCase('sv').normalize('NFC');

/**
 * Incidents passing every set filter, newest first. An empty set lets everything through. `describe` gives
 * the searchable text of each (type label, place, description) so the search finds what the card shows.
 */
export function filterFeed(items: readonly IncidentView[], f: FeedFilter, now: number, describe: (i: IncidentView) => string): IncidentView[] {
  const since = f.withinHours === null ? null : now - f.withinHours * 3_600_000;
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  const out: IncidentView[] = [];
  for (const i of items) {
    if (f.types.size && !f.types.has(i.type)) continue;
    if (f.statuses.size && !f.statuses.has(i.status)) continue;
    if (f.precisions.size && !f.precisions.has(i.locationPrecision)) continue;
    if (f.source && (i.source ?? '') !== f.source) continue;
    if (since !== null && Date.parse(i.occurredAt) < since) continue;
    if (words.length) {
      const hay = fold(describe(i));
      if (!words.every((w) => hay.includes(w))) continue;
    }
    out.push(i);
  }
  return out.sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (a.id < b.id ? -1 : 1));
}

/** The sources present (for the source filter's choices), sorted. Partners' incidents carry none. */
export function sourcesOf(items: readonly IncidentView[]): string[] {
  return [...new Set(items.map((i) => i.source).filter((s): s is string => !!s))].sort();
}

export function isFiltered(f: FeedFilter): boolean {
  return f.types.size > 0 || f.statuses.size > 0 || f.precisions.size > 0 || !!f.source || f.withinHours !== null || !!f.text.trim();
}
