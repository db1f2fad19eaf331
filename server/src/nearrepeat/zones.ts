/**
 * Near-repeat zones: every confirmed incident of a zone-creating type (by default shootings and explosions)
 * gets a circular zone of the type's radius that expires at occurredAt + T. A partner-safe form snaps the zone to
 * a coarse grid and drops every incident detail.
 */
import { createHash } from 'node:crypto';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { DEFAULT_NEAR_REPEAT_CONFIG, type IncidentType, MS_PER_DAY, type NearRepeatConfig } from './kernels.ts';
import type { NearRepeatIncident } from './surface.ts';

export interface Polygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface NearRepeatZone {
  /** `nrz:<incidentId>`; one zone per incident. */
  id: string;
  incidentId: string;
  incidentType: IncidentType;
  /** Centre in EPSG:3006. */
  x: number;
  y: number;
  radiusM: number;
  occurredAt: string;
  expiresAt: string;
  expiresAtMs: number;
  /** Circle approximation in EPSG:3006 (counter-clockwise, closed, circumscribing the circle). */
  geometry3006: Polygon;
  /** The same polygon in WGS84 (lon, lat), GeoJSON RFC 7946. */
  geometry: Polygon;
}

/** Partner-safe zone: a coarse-grid footprint and an hour-rounded expiry, nothing about the incident. */
export interface PartnerZone {
  /** Opaque id, stable per zone, not derivable from the incident id without the salt. */
  id: string;
  /** Expiry rounded up to the next full hour (UTC). */
  expiresAt: string;
  expiresAtMs: number;
  cellSizeM: number;
  /** Outline of the grid cells the zone touches, EPSG:3006. */
  geometry3006: Polygon;
  /** The same outline in WGS84. */
  geometry: Polygon;
}

export interface ZoneOptions {
  /** Vertices of the circle approximation. @defaultValue 64 */
  segments?: number;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Reprojects an EPSG:3006 ring to WGS84 (7 decimals ≈ 1 cm). */
export function ringToWgs84(ring: number[][]): number[][] {
  return ring.map(([x, y]) => {
    const [lon, lat] = swerefToWgs(x, y);
    return [round(lon, 7), round(lat, 7)];
  });
}

/** Converts an EPSG:3006 point to WGS84 [lon, lat]. */
export function toLonLat(x: number, y: number): [number, number] {
  return swerefToWgs(x, y);
}

/** Time the zone of an incident expires (epoch ms): occurredAt + windowDays of its type. */
export function zoneExpiresAt(inc: Pick<NearRepeatIncident, 'type' | 'occurredAt'>, config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG): number {
  return inc.occurredAt + config.types[inc.type].windowDays * MS_PER_DAY;
}

/** Whether an incident creates a zone at all (confirmed and of a zone-creating type), regardless of time. */
export function createsZone(inc: Pick<NearRepeatIncident, 'type' | 'status'>, config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG): boolean {
  const c = config.types[inc.type];
  return inc.status === 'confirmed' && c !== undefined && c.createsZone;
}

/** Circle polygon (closed, counter-clockwise) whose edges circumscribe the circle of radius r. */
export function circlePolygon3006(x: number, y: number, r: number, segments = 64): Polygon {
  const n = Math.max(8, Math.floor(segments));
  const R = r / Math.cos(Math.PI / n);
  const ring: number[][] = [];
  for (let k = 0; k < n; k++) {
    const a = (2 * Math.PI * k) / n;
    ring.push([round(x + R * Math.cos(a), 3), round(y + R * Math.sin(a), 3)]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/**
 * The zone of one incident, or `null` when it creates none (not confirmed, or a type without zones). The zone
 * is returned even if already expired; use {@link isZoneActive} to filter.
 */
export function zoneForIncident(
  inc: NearRepeatIncident,
  config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG,
  options: ZoneOptions = {},
): NearRepeatZone | null {
  if (!createsZone(inc, config)) return null;
  const c = config.types[inc.type];
  const expiresAtMs = zoneExpiresAt(inc, config);
  const geometry3006 = circlePolygon3006(inc.x, inc.y, c.radiusM, options.segments ?? 64);
  return {
    id: `nrz:${inc.id}`,
    incidentId: inc.id,
    incidentType: inc.type,
    x: inc.x,
    y: inc.y,
    radiusM: c.radiusM,
    occurredAt: new Date(inc.occurredAt).toISOString(),
    expiresAt: new Date(expiresAtMs).toISOString(),
    expiresAtMs,
    geometry3006,
    geometry: { type: 'Polygon', coordinates: [ringToWgs84(geometry3006.coordinates[0])] },
  };
}

/** A zone is active from its incident's time until (not including) its expiry. */
export function isZoneActive(zone: Pick<NearRepeatZone, 'expiresAtMs' | 'occurredAt'>, now: number): boolean {
  return Date.parse(zone.occurredAt) <= now && now < zone.expiresAtMs;
}

/** Active zones at `now` for a set of incidents, sorted by expiry then id. */
export function activeZones(
  incidents: Iterable<NearRepeatIncident>,
  now: number,
  config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG,
): NearRepeatZone[] {
  const out: NearRepeatZone[] = [];
  for (const inc of incidents) {
    if (!createsZone(inc, config) || inc.occurredAt > now || zoneExpiresAt(inc, config) <= now) continue;
    const z = zoneForIncident(inc, config);
    if (z !== null) out.push(z);
  }
  return out.sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Earliest expiry after `now` among the zones, or null. Schedule the next `zone.expired` check for then. */
export function nextZoneExpiry(zones: Iterable<Pick<NearRepeatZone, 'expiresAtMs'>>, now: number): number | null {
  let best: number | null = null;
  for (const z of zones) if (z.expiresAtMs > now && (best === null || z.expiresAtMs < best)) best = z.expiresAtMs;
  return best;
}

export interface ZoneUpdate {
  created: NearRepeatZone[];
  /** Zones whose geometry or expiry changed (incident moved, re-timed). */
  updated: NearRepeatZone[];
  /** Zones removed because their incident was retracted, unconfirmed or no longer creates a zone. */
  removed: NearRepeatZone[];
  /** Zones that reached their expiry. */
  expired: NearRepeatZone[];
}

/**
 * Zone state of one picture. Feed it incident changes and clock ticks; it says which `zone.created` /
 * `zone.expired` events to emit. Pure apart from its own state; time is always passed in.
 */
export class ZoneRegistry {
  private readonly zones = new Map<string, NearRepeatZone>();
  private cfg: Readonly<NearRepeatConfig>;
  private readonly segments: number;

  constructor(config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG, options: ZoneOptions = {}) {
    this.cfg = config;
    this.segments = options.segments ?? 64;
  }

  /** Applies an incident change at time `now`. */
  upsert(inc: NearRepeatIncident, now: number): ZoneUpdate {
    const res: ZoneUpdate = { created: [], updated: [], removed: [], expired: [] };
    const key = `nrz:${inc.id}`;
    const old = this.zones.get(key);
    const z = zoneForIncident(inc, this.cfg, { segments: this.segments });
    const live = z !== null && z.expiresAtMs > now && inc.occurredAt <= now;
    if (!live) {
      if (old !== undefined) {
        this.zones.delete(key);
        if (z !== null && z.expiresAtMs <= now) res.expired.push(old);
        else res.removed.push(old);
      }
      return res;
    }
    this.zones.set(key, z);
    if (old === undefined) res.created.push(z);
    else if (old.expiresAtMs !== z.expiresAtMs || old.x !== z.x || old.y !== z.y || old.radiusM !== z.radiusM) res.updated.push(z);
    return res;
  }

  /** Removes the zone of an incident (e.g. deleted). */
  remove(incidentId: string): NearRepeatZone | null {
    const key = `nrz:${incidentId}`;
    const z = this.zones.get(key) ?? null;
    this.zones.delete(key);
    return z;
  }

  /** Removes and returns the zones with expiresAt ≤ now. */
  expire(now: number): NearRepeatZone[] {
    const out: NearRepeatZone[] = [];
    for (const [k, z] of this.zones) {
      if (z.expiresAtMs <= now) {
        out.push(z);
        this.zones.delete(k);
      }
    }
    return out.sort((a, b) => a.expiresAtMs - b.expiresAtMs);
  }

  /** Current zones sorted by expiry. */
  list(): NearRepeatZone[] {
    return [...this.zones.values()].sort((a, b) => a.expiresAtMs - b.expiresAtMs || (a.id < b.id ? -1 : 1));
  }

  /** Next expiry time, or null when there are no zones. */
  nextExpiry(): number | null {
    return nextZoneExpiry(this.zones.values(), Number.NEGATIVE_INFINITY);
  }

  get size(): number {
    return this.zones.size;
  }
}

export interface GeneraliseOptions {
  /** Coarse grid cell size in metres (grid aligned to multiples of it in EPSG:3006). @defaultValue 250 */
  cellSizeM?: number;
  /** Secret salt for the opaque id. @defaultValue '' */
  salt?: string;
}

/**
 * Partner-safe generalisation: the union of the coarse grid cells (aligned to multiples of `cellSizeM`) that the
 * zone's circle touches, as one outline polygon; expiry rounded up to the full hour; opaque id. No incident id,
 * type, exact centre or time is included.
 */
export function generaliseZone(zone: Pick<NearRepeatZone, 'id' | 'x' | 'y' | 'radiusM' | 'expiresAtMs'>, options: GeneraliseOptions = {}): PartnerZone {
  const g = options.cellSizeM ?? 250;
  if (!(g > 0)) throw new RangeError('cellSizeM must be positive.');
  const { x, y, radiusM: r } = zone;
  const row0 = Math.floor((y - r) / g);
  const row1 = Math.floor((y + r) / g);
  const runs: { row: number; c0: number; c1: number }[] = [];
  for (let row = row0; row <= row1; row++) {
    // Nearest y of the row's cells to the centre; the circle touches the row if within r.
    const ylo = row * g;
    const yhi = ylo + g;
    const dy = y < ylo ? ylo - y : y > yhi ? y - yhi : 0;
    if (dy >= r) continue;
    const half = Math.sqrt(r * r - dy * dy);
    // Cells [c·g, (c+1)·g) whose x-range meets (x − half, x + half).
    const c0 = Math.floor((x - half) / g);
    const c1 = Math.ceil((x + half) / g) - 1;
    runs.push({ row, c0, c1 });
  }
  // Rows of a disk are contiguous and row-convex: walk up the east side, down the west side (counter-clockwise).
  const ring: number[][] = [];
  const pushPt = (px: number, py: number): void => {
    const last = ring[ring.length - 1];
    if (last !== undefined && last[0] === px && last[1] === py) return;
    ring.push([px, py]);
  };
  for (const run of runs) {
    pushPt((run.c1 + 1) * g, run.row * g);
    pushPt((run.c1 + 1) * g, (run.row + 1) * g);
  }
  for (let k = runs.length - 1; k >= 0; k--) {
    pushPt(runs[k].c0 * g, (runs[k].row + 1) * g);
    pushPt(runs[k].c0 * g, runs[k].row * g);
  }
  // Drop collinear middle points.
  const simple: number[][] = [];
  for (let k = 0; k < ring.length; k++) {
    const a = ring[(k - 1 + ring.length) % ring.length];
    const b = ring[k];
    const c = ring[(k + 1) % ring.length];
    if ((a[0] === b[0] && b[0] === c[0]) || (a[1] === b[1] && b[1] === c[1])) continue;
    simple.push(b);
  }
  simple.push([simple[0][0], simple[0][1]]);
  const hour = 3_600_000;
  const expiresAtMs = Math.ceil(zone.expiresAtMs / hour) * hour;
  const id = `pz:${createHash('sha256')
    .update(`${options.salt ?? ''}\u0000${zone.id}`)
    .digest('hex')
    .slice(0, 20)}`;
  return {
    id,
    expiresAt: new Date(expiresAtMs).toISOString(),
    expiresAtMs,
    cellSizeM: g,
    geometry3006: { type: 'Polygon', coordinates: [simple] },
    geometry: { type: 'Polygon', coordinates: [ringToWgs84(simple)] },
  };
}
