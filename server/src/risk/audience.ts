/**
 * Who gets what of a picture's risk and incidents (pure):
 *
 * - A1 `full`: a police user who may read a police-internal `incidents` (or `risk`) layer of the picture:
 *   incidents with details, exact zones, fine tiles.
 * - A2 `generalised`: otherwise, anyone who may read a `partner` or `public` `risk` layer of the picture (e.g.
 *   Malmö stad on the partner risk layer): the partner products only (pictureRisk.ts P1), which are built from
 *   `partner`/`public` incidents alone, already snapped to the 250 m grid and the hour; zones as the outline of the
 *   coarse cells they touch, without incident id; coarse tiles; never anything derived from a police-internal
 *   incident or from RTM.
 * - A3 `none`: nothing at all.
 */
import type { ZoneView } from '../../../shared/src/events.ts';
import type { IncidentAudience } from '../incidents/index.ts';
import { generaliseZone, type NearRepeatZone } from '../nearrepeat/zones.ts';

export type RiskAudience = 'full' | 'generalised' | 'none';

export interface ReadableLayer {
  kind: string;
  classification: string;
}

export function riskAudience(viewer: { isPolice: boolean }, readable: readonly ReadableLayer[]): RiskAudience {
  if (viewer.isPolice && readable.some((l) => (l.kind === 'incidents' || l.kind === 'risk') && l.classification === 'police_internal')) return 'full';
  if (readable.some((l) => l.kind === 'risk' && (l.classification === 'partner' || l.classification === 'public'))) return 'generalised';
  return 'none';
}

export function incidentAudienceOf(a: RiskAudience): IncidentAudience {
  return a === 'full' ? 'police' : a === 'generalised' ? 'partner' : 'none';
}

export function fullZoneView(z: NearRepeatZone): ZoneView {
  return {
    id: z.id,
    incidentId: z.incidentId,
    incidentType: z.incidentType,
    createdAt: z.occurredAt,
    expiresAt: z.expiresAt,
    geometry: z.geometry,
    generalised: false,
  };
}

/**
 * The partner-safe zone of a zone of the partner products (whose centre is already a 250 m cell centre and whose
 * time is already the hour): coarse-grid outline, expiry rounded up to the hour, an opaque id salted per picture,
 * no incident id. The type is the real one: the causing incident is one partners may read, type included.
 */
export function generalisedZoneView(z: NearRepeatZone, pictureId: string, cellSizeM: number): ZoneView {
  const g = generaliseZone(z, { cellSizeM, salt: pictureId });
  const lifeMs = z.expiresAtMs - Date.parse(z.occurredAt);
  return {
    id: g.id,
    incidentId: null,
    incidentType: z.incidentType,
    createdAt: new Date(g.expiresAtMs - lifeMs).toISOString(),
    expiresAt: g.expiresAt,
    geometry: g.geometry,
    generalised: true,
  };
}

export function zoneViewFor(a: RiskAudience, z: NearRepeatZone, pictureId: string, cellSizeM: number): ZoneView | null {
  return a === 'full' ? fullZoneView(z) : a === 'generalised' ? generalisedZoneView(z, pictureId, cellSizeM) : null;
}
