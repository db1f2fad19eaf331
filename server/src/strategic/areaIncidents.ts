/**
 * Incidents seen through an area: crime exposure (counts and rates per period) and the positioned incidents
 * an RTM study of the area starts from. Reads incidents only through the incidents capability, which also
 * decides what partners may count (incidents/partnerRelease.ts).
 */
import type { AreaIncident, AreaIncidentQuery } from '../incidents/index.ts';
import { appError } from '../errors.ts';
import type { AreaAccess, Viewer } from './access.ts';
import { crimeExposure, exposurePeriods, type GuardedExposureRow, guardExposure, type Period } from './crimeExposure.ts';
import { pointInArea } from './pointInArea.ts';
import type { AreaGeometry } from './projection.ts';
import type { AreaMeta, Crs } from './store.ts';

/** What strategic reads of incidents (IncidentStore implements it). */
export interface IncidentReader {
  confirmedForArea(q: AreaIncidentQuery): Promise<{ byCode: AreaIncident[]; positioned: AreaIncident[] }>;
}

export type GeometryLookup = (code: string, vintage: string, crs: Crs) => Promise<AreaGeometry | null>;

/** Most incidents an RTM study skeleton carries as its outcome. */
const STUDY_OUTCOME_MAX = 50_000;

export class AreaIncidents {
  constructor(
    private readonly incidents: IncidentReader,
    private readonly geometryOf: GeometryLookup,
    private readonly access: Pick<AreaAccess, 'guardValue'>,
  ) {}

  /** GET /api/areas/:code/exposure: the window defaults to 1 January three years back until now, 30 years at most. */
  async exposureAnswer(viewer: Viewer, area: AreaMeta, q: { from?: string; to?: string; period: 'year' | 'total' }) {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(`${to.getUTCFullYear() - 3}-01-01T00:00:00+01:00`);
    if (!(from < to)) throw appError('VALIDATION_FAILED', ['from must be before to']);
    if (to.getTime() - from.getTime() > 30 * 366 * 86_400_000) throw appError('VALIDATION_FAILED', ['the period may span at most 30 years']);
    const rows = await this.exposure(viewer, area, exposurePeriods(from, to, q.period));
    return {
      code: area.code,
      name: area.name,
      level: area.level,
      from: from.toISOString(),
      to: to.toISOString(),
      per: 10_000,
      population: viewer.audience === 'police' ? area.population : this.access.guardValue(viewer, area.population ?? 0, area).value,
      note: 'Bekräftade händelser. Polisens publicerade händelser är ett urval, inte fullständig brottsstatistik. / Confirmed incidents; the police events feed is a selection, not complete crime statistics.',
      items: rows.map(({ areaCode: _a, population: _p, ...r }) => r),
    };
  }

  /**
   * Counts and rates per 10 000 residents by type and period for an area, from confirmed incidents: those
   * carrying the area's code (or a finer code inside it; police events carry their kommun), plus incidents
   * with an exact or street position inside the area. Partners count only incidents released to them, so no
   * count tells them more than their own incident list does, and get small numbers suppressed (with
   * secondary suppression).
   */
  async exposure(viewer: Viewer, area: AreaMeta, periods: Period[]): Promise<GuardedExposureRow[]> {
    const code: AreaIncidentQuery['code'] =
      area.level === 'country' ? { any: true } : area.level === 'lan' || area.level === 'kommun' ? { startsWith: area.code } : { equals: area.code };
    const { byCode, positioned } = await this.incidents.confirmedForArea({
      from: periods[0].from,
      to: periods[periods.length - 1].to,
      code,
      within: area.level === 'country' ? undefined : area.bbox,
      audience: viewer.audience,
    });
    const seen = new Set(byCode.map((r) => r.id));
    const found: AreaIncident[] = [...byCode];
    const outline = positioned.some((p) => !seen.has(p.id)) ? await this.geometryOf(area.code, area.vintage, 'wgs') : null;
    for (const p of positioned) if (outline && !seen.has(p.id) && pointInArea(p.lon, p.lat, outline)) found.push(p);
    const incidents = found.map((r) => ({ type: r.type, occurredAt: r.occurredAt, areaCode: area.code }));
    const rows = crimeExposure(incidents, (c) => (c === area.code ? area.population : null), { periods, areas: [area.code] });
    return guardExposure(rows, viewer.audience);
  }

  /** Confirmed incidents with a precise position inside the area, as EPSG:3006 points (RTM outcome). */
  async positionedIn(area: AreaMeta, geometry3006: AreaGeometry): Promise<{ type: 'FeatureCollection'; features: unknown[] }> {
    const { positioned } = await this.incidents.confirmedForArea({ within: area.bbox, audience: 'police', take: STUDY_OUTCOME_MAX });
    const features = positioned
      .filter((r) => pointInArea(r.x, r.y, geometry3006))
      .map((r) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [r.x, r.y] }, properties: { id: r.id, type: r.type, occurredAt: r.occurredAt.toISOString() } }));
    return { type: 'FeatureCollection', features };
  }
}
