/**
 * Who sees what of an incident. One pure rule used by the list endpoint, the POST response and every live event:
 *
 * - V1 police (a police organisation's user; on a picture: one who may read a police-internal `incidents`
 *   layer) see every incident with all its details.
 * - V2 partners see only incidents classified `partner` or `public`, never `police_internal`, and never
 *   retracted ones.
 * - V3 what partners see is generalised: no description, source, source id or severity; the location is snapped
 *   to the centre of its cell of a 250 m grid in EPSG:3006 (aligned to multiples of 250 m) whatever its stated
 *   precision (`area` is set by whoever reports, so it cannot be trusted to mean "already coarse"); the time is
 *   the start of its hour (UTC).
 * - V4 anyone else sees nothing.
 */
import type { IncidentView } from '../../../shared/src/events.ts';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { INCIDENT_TYPE_LABELS, type IncidentRecord } from './types.ts';

export type IncidentAudience = 'police' | 'partner' | 'none';

/** Cell size of the partner generalisation grid, metres (EPSG:3006, aligned to multiples). */
export const PARTNER_GRID_M = 250;

/** Partners see an incident's time to the hour (the start of the hour it happened in). */
export const PARTNER_TIME_MS = 3_600_000;

/** The occurrence time a partner sees (V3), epoch ms: the start of its hour. */
export function partnerOccurredAt(occurredAt: Date): number {
  return Math.floor(occurredAt.getTime() / PARTNER_TIME_MS) * PARTNER_TIME_MS;
}

/**
 * A partner's `from`/`to` filter as a condition on the stored time: it selects by the hour the partner sees
 * (`from ≤ hour ≤ to`), so narrowing the window cannot home in on the exact minute.
 */
export function partnerTimeFilter(from?: Date, to?: Date): { gte?: Date; lt?: Date } {
  const out: { gte?: Date; lt?: Date } = {};
  if (from) out.gte = new Date(Math.ceil(from.getTime() / PARTNER_TIME_MS) * PARTNER_TIME_MS);
  if (to) out.lt = new Date(Math.floor(to.getTime() / PARTNER_TIME_MS) * PARTNER_TIME_MS + PARTNER_TIME_MS);
  return out;
}

/** Centre of the `cellM` grid cell containing (x, y), EPSG:3006. */
export function snapToGrid(x: number, y: number, cellM = PARTNER_GRID_M): [number, number] {
  return [Math.floor(x / cellM) * cellM + cellM / 2, Math.floor(y / cellM) * cellM + cellM / 2];
}

const r7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Whether a partner may see the incident at all (V2). */
export function partnerMaySee(rec: Pick<IncidentRecord, 'classification' | 'status'>): boolean {
  return (rec.classification === 'partner' || rec.classification === 'public') && rec.status !== 'retracted';
}

/** The generalised location a partner sees (V3), WGS84 and EPSG:3006. */
export function partnerLocation(rec: Pick<IncidentRecord, 'x' | 'y'>): {
  lon: number;
  lat: number;
  x: number;
  y: number;
} {
  const [x, y] = snapToGrid(rec.x, rec.y);
  const [lon, lat] = swerefToWgs(x, y);
  return { lon: r7(lon), lat: r7(lat), x, y };
}

/** What every audience that sees an incident at all receives. */
function commonView(rec: IncidentRecord, location: [number, number], occurredAt: Date) {
  return {
    id: rec.id,
    type: rec.type,
    occurredAt: occurredAt.toISOString(),
    status: rec.status,
    classification: rec.classification,
    locationPrecision: rec.locationPrecision,
    location: { type: 'Point' as const, coordinates: location },
  };
}

/** The incident as the audience may see it, or null (V1–V4). */
export function incidentView(rec: IncidentRecord, audience: IncidentAudience): IncidentView | null {
  if (audience === 'police') {
    return {
      ...commonView(rec, [r7(rec.lon), r7(rec.lat)], rec.occurredAt),
      severity: rec.severity,
      description: rec.description,
      source: rec.source,
      sourceId: rec.sourceId,
      generalised: false,
    };
  }
  if (audience === 'partner' && partnerMaySee(rec)) {
    const loc = partnerLocation(rec);
    return { ...commonView(rec, [loc.lon, loc.lat], new Date(partnerOccurredAt(rec.occurredAt))), generalised: true, precisionM: PARTNER_GRID_M };
  }
  return null;
}

/** REST representation: the view plus labels, and for police the stored metadata and SWEREF 99 TM position. */
export function incidentOut(rec: IncidentRecord, audience: IncidentAudience): Record<string, unknown> | null {
  const view = incidentView(rec, audience);
  if (!view) return null;
  const out: Record<string, unknown> = { ...view, typeLabel: INCIDENT_TYPE_LABELS[rec.type] };
  if (audience === 'police') {
    out.reportedAt = rec.reportedAt.toISOString();
    out.createdAt = rec.createdAt.toISOString();
    out.updatedAt = rec.updatedAt.toISOString();
    out.ownerOrgId = rec.ownerOrgId;
    out.areaCode = rec.areaCode;
    out.locationSweref = { x: Math.round(rec.x * 100) / 100, y: Math.round(rec.y * 100) / 100, crs: 'EPSG:3006' };
  }
  return out;
}
