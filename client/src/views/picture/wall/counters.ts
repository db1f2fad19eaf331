/**
 * The numbers a duty room watches (ArcGIS Dashboards style): confirmed shootings and explosions in the last
 * 7 days, active near-repeat zones, and confirmed incidents by type and by day. Pure: incidents and zones in,
 * counts out; the feed and the wall screen call it on every live change.
 */
import type { IncidentType, IncidentView, ZoneView } from '../../../../../shared/src/events.ts';

const DAY_MS = 86_400_000;
export const WINDOW_DAYS = 7;

export interface Counters {
  shootings7d: number;
  explosions7d: number;
  confirmed7d: number;
  activeZones: number;
  byType: { type: IncidentType; count: number }[];
  /** Oldest day first, `WINDOW_DAYS` entries; days are Stockholm calendar days. */
  byDay: { day: string; count: number }[];
}

/** YYYY-MM-DD of an instant in Europe/Stockholm. */
export function stockholmDay(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

export function countersFrom(incidents: readonly IncidentView[], zones: readonly ZoneView[], now: number): Counters {
  const since = now - WINDOW_DAYS * DAY_MS;
  const recent = incidents.filter((i) => {
    const at = Date.parse(i.occurredAt);
    return i.status === 'confirmed' && at > since && at <= now;
  });
  const byTypeMap = new Map<IncidentType, number>();
  for (const i of recent) byTypeMap.set(i.type, (byTypeMap.get(i.type) ?? 0) + 1);
  const days: string[] = [];
  for (let k = WINDOW_DAYS - 1; k >= 0; k--) days.push(stockholmDay(now - k * DAY_MS));
  const byDayMap = new Map(days.map((d) => [d, 0]));
  for (const i of recent) {
    const d = stockholmDay(Date.parse(i.occurredAt));
    if (byDayMap.has(d)) byDayMap.set(d, (byDayMap.get(d) ?? 0) + 1);
  }
  return {
    shootings7d: byTypeMap.get('shooting') ?? 0,
    explosions7d: byTypeMap.get('explosion') ?? 0,
    confirmed7d: recent.length,
    activeZones: zones.filter((z) => Date.parse(z.expiresAt) > now).length,
    byType: [...byTypeMap.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    byDay: days.map((day) => ({ day, count: byDayMap.get(day) ?? 0 })),
  };
}
