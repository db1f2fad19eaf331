/**
 * Validation of one incident as it arrives (POST body item, CSV row, GeoJSON feature, police feed event).
 * Pure: the clock is passed in. Every problem is a sentence that says how to fix it; all problems are reported
 * at once.
 */
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import {
  CLASSIFICATIONS,
  INCIDENT_STATUSES,
  INCIDENT_TYPES,
  type IncidentClassification,
  type IncidentStatus,
  type IncidentType,
  isClassification,
  isIncidentStatus,
  isIncidentType,
  isPrecision,
  LOCATION_PRECISIONS,
  type LocationPrecision,
} from './types.ts';

/** A validated incident. Optional fields are `undefined` when not given: on create they take the defaults, on update they keep the stored value. */
export interface IncidentInput {
  source: string;
  sourceId: string;
  type: IncidentType;
  occurredAt: Date;
  x: number;
  y: number;
  lon: number;
  lat: number;
  locationPrecision?: LocationPrecision;
  status?: IncidentStatus;
  severity?: number | null;
  description?: string | null;
  classification?: IncidentClassification;
  areaCode?: string | null;
}

export const LIMITS = {
  sourceChars: 100,
  sourceIdChars: 200,
  descriptionChars: 4_000,
  severityMin: 0,
  severityMax: 10,
  /** Accepted clock skew for occurredAt in the future. */
  futureToleranceMs: 60 * 60_000,
  /** The SWEREF 99 TM domain, generously: Sweden and its neighbours' border areas. */
  lon: [2, 32] as const,
  lat: [53, 72] as const,
  x: [-100_000, 1_400_000] as const,
  y: [5_800_000, 7_900_000] as const,
} as const;

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' });
function stockholmOffsetMin(utcMs: number): number {
  const part = offsetFormat.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
  if (!m) return part === 'GMT' ? 0 : 60;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO 8601 date or date-time → epoch ms, or null. With an offset (or Z) it is exact; without one (a bare date
 * or a local date-time) it is read as Swedish local time (Europe/Stockholm), since that is what a Swedish
 * spreadsheet means.
 */
export function parseIsoTime(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = [m[1], m[2], m[3], m[4], m[5], m[6]];
  const Y = Number(y);
  const MO = Number(mo);
  const D = Number(d);
  const H = Number(h);
  const MI = Number(mi);
  const S = Number(s);
  if (MO < 1 || MO > 12 || D < 1 || D > 31 || H > 23 || MI > 59 || S > 59) return null;
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  const wall = Date.UTC(Y, MO - 1, D, H, MI, S, frac);
  if (new Date(wall).getUTCDate() !== D) return null; // 31 February and friends
  const off = m[8];
  if (off === 'Z' || off === 'z') return wall;
  if (off) {
    const om = /^([+-])(\d{2}):?(\d{2})$/.exec(off)!;
    const minutes = (om[1] === '-' ? -1 : 1) * (Number(om[2]) * 60 + Number(om[3]));
    if (Math.abs(minutes) > 14 * 60) return null;
    return wall - minutes * 60_000;
  }
  let o = stockholmOffsetMin(wall - 60 * 60_000);
  o = stockholmOffsetMin(wall - o * 60_000);
  return wall - o * 60_000;
}

const listOf = (xs: readonly string[]) => xs.join(', ');
const show = (v: unknown) => (typeof v === 'string' ? `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"` : JSON.stringify(v) ?? String(v));

/** Reads a location: a GeoJSON Point in WGS84 or `{ x, y, crs: "EPSG:3006" }`. */
export function readLocation(loc: unknown, errors: string[]): { x: number; y: number; lon: number; lat: number } | null {
  if (!loc || typeof loc !== 'object' || Array.isArray(loc)) {
    errors.push('location must be a GeoJSON Point { "type": "Point", "coordinates": [lon, lat] } or { "x", "y", "crs": "EPSG:3006" }.');
    return null;
  }
  const o = loc as Record<string, unknown>;
  if (o.type === 'Point') {
    const c = o.coordinates;
    if (!Array.isArray(c) || c.length < 2 || c.length > 3 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      errors.push('location.coordinates must be [lon, lat] in WGS84 (two finite numbers).');
      return null;
    }
    return fromLonLat(c[0] as number, c[1] as number, errors, 'location.coordinates');
  }
  if ('x' in o || 'y' in o) {
    const crs = o.crs;
    if (crs !== 'EPSG:3006' && crs !== 'urn:ogc:def:crs:EPSG::3006') {
      errors.push(`location.crs must be "EPSG:3006" when x and y are given${crs === undefined ? '' : `, not ${show(crs)}`}; for WGS84 send a GeoJSON Point.`);
      return null;
    }
    return fromSweref(o.x, o.y, errors, 'location');
  }
  errors.push('location must be a GeoJSON Point { "type": "Point", "coordinates": [lon, lat] } or { "x", "y", "crs": "EPSG:3006" }.');
  return null;
}

/** Millimetres and ~1 mm in degrees: finer says nothing, and short decimals survive every database round trip. */
const mm = (v: number) => Math.round(v * 1000) / 1000;
const deg = (v: number) => Math.round(v * 1e8) / 1e8;

export function fromLonLat(lon: number, lat: number, errors: string[], what = 'lon/lat'): { x: number; y: number; lon: number; lat: number } | null {
  const inLon = lon >= LIMITS.lon[0] && lon <= LIMITS.lon[1];
  const inLat = lat >= LIMITS.lat[0] && lat <= LIMITS.lat[1];
  if (!inLon || !inLat) {
    const swapped = lat >= LIMITS.lon[0] && lat <= LIMITS.lon[1] && lon >= LIMITS.lat[0] && lon <= LIMITS.lat[1];
    errors.push(
      swapped
        ? `${what} [${lon}, ${lat}] looks like [lat, lon]; give longitude first, then latitude.`
        : `${what} [${lon}, ${lat}] is outside the area the service covers (longitude ${LIMITS.lon[0]}–${LIMITS.lon[1]}, latitude ${LIMITS.lat[0]}–${LIMITS.lat[1]}).`,
    );
    return null;
  }
  const [x, y] = wgsToSweref(lon, lat);
  return { x: mm(x), y: mm(y), lon: deg(lon), lat: deg(lat) };
}

export function fromSweref(xv: unknown, yv: unknown, errors: string[], what = 'x/y'): { x: number; y: number; lon: number; lat: number } | null {
  const x = typeof xv === 'number' ? xv : Number.NaN;
  const y = typeof yv === 'number' ? yv : Number.NaN;
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    errors.push(`${what} x and y must be numbers (EPSG:3006 metres).`);
    return null;
  }
  if (x < LIMITS.x[0] || x > LIMITS.x[1] || y < LIMITS.y[0] || y > LIMITS.y[1]) {
    const swapped = y >= LIMITS.x[0] && y <= LIMITS.x[1] && x >= LIMITS.y[0] && x <= LIMITS.y[1];
    errors.push(
      swapped
        ? `${what} x=${x}, y=${y} looks swapped: in EPSG:3006 x (easting) is about 200 000–1 000 000 and y (northing) about 6 100 000–7 700 000.`
        : `${what} x=${x}, y=${y} is outside SWEREF 99 TM (EPSG:3006) coverage of Sweden.`,
    );
    return null;
  }
  const [lon, lat] = swerefToWgs(x, y);
  return { x: mm(x), y: mm(y), lon: deg(lon), lat: deg(lat) };
}

function str(o: Record<string, unknown>, key: string, max: number, errors: string[], required: boolean): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) errors.push(`${key} is required.`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    errors.push(`${key} must be a string.`);
    return undefined;
  }
  const s = String(v).trim();
  if (s === '') {
    if (required) errors.push(`${key} is required.`);
    return undefined;
  }
  if (s.length > max) errors.push(`${key} is longer than ${max} characters.`);
  return s;
}

const KNOWN_KEYS = new Set(['source', 'sourceId', 'type', 'occurredAt', 'location', 'status', 'severity', 'description', 'classification', 'locationPrecision', 'areaCode', 'reportedAt']);

/**
 * Validates one incident object (the contract's Incident). Returns the value or every problem found.
 * `loc` overrides `raw.location` (CSV and GeoJSON rows bring their location separately).
 */
export function validateIncident(
  raw: unknown,
  now: number,
  opts: { location?: { x: number; y: number; lon: number; lat: number } | null; locationErrors?: string[]; strictKeys?: boolean } = {},
): { value: IncidentInput | null; errors: string[] } {
  const errors: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { value: null, errors: ['An incident must be a JSON object.'] };
  const o = raw as Record<string, unknown>;
  if (opts.strictKeys) {
    const unknown = Object.keys(o).filter((k) => !KNOWN_KEYS.has(k));
    if (unknown.length > 0) errors.push(`Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}.`);
  }
  const source = str(o, 'source', 100, errors, true);
  const sourceId = str(o, 'sourceId', 200, errors, true);
  let type: IncidentType | undefined;
  if (o.type === undefined || o.type === null || o.type === '') errors.push('type is required.');
  else if (isIncidentType(o.type)) type = o.type;
  else errors.push(`type must be one of ${listOf(INCIDENT_TYPES)}, not ${show(o.type)}.`);

  let occurredAt: Date | undefined;
  if (o.occurredAt === undefined || o.occurredAt === null || o.occurredAt === '') errors.push('occurredAt is required (ISO 8601, e.g. 2026-11-20T21:15:00+01:00).');
  else if (typeof o.occurredAt !== 'string') errors.push('occurredAt must be an ISO 8601 string, e.g. 2026-11-20T21:15:00+01:00.');
  else {
    const t = parseIsoTime(o.occurredAt);
    if (t === null) errors.push(`occurredAt ${show(o.occurredAt)} is not an ISO 8601 date or date-time (e.g. 2026-11-20T21:15:00+01:00).`);
    else if (t > now + LIMITS.futureToleranceMs) errors.push(`occurredAt ${o.occurredAt} lies in the future.`);
    else if (t < Date.UTC(1970, 0, 1)) errors.push(`occurredAt ${o.occurredAt} is before 1970.`);
    else occurredAt = new Date(t);
  }

  let location: { x: number; y: number; lon: number; lat: number } | null = null;
  if (opts.location !== undefined || opts.locationErrors !== undefined) {
    location = opts.location ?? null;
    errors.push(...(opts.locationErrors ?? []));
    if (!location && (opts.locationErrors ?? []).length === 0) errors.push('location is required.');
  } else if (o.location === undefined || o.location === null) errors.push('location is required: a GeoJSON Point [lon, lat] or { x, y, crs: "EPSG:3006" }.');
  else location = readLocation(o.location, errors);

  let status: IncidentStatus | undefined;
  if (o.status !== undefined && o.status !== null && o.status !== '') {
    if (isIncidentStatus(o.status)) status = o.status;
    else errors.push(`status must be one of ${listOf(INCIDENT_STATUSES)}, not ${show(o.status)}.`);
  }
  let classification: IncidentClassification | undefined;
  if (o.classification !== undefined && o.classification !== null && o.classification !== '') {
    if (isClassification(o.classification)) classification = o.classification;
    else errors.push(`classification must be one of ${listOf(CLASSIFICATIONS)}, not ${show(o.classification)}.`);
  }
  let locationPrecision: LocationPrecision | undefined;
  if (o.locationPrecision !== undefined && o.locationPrecision !== null && o.locationPrecision !== '') {
    if (isPrecision(o.locationPrecision)) locationPrecision = o.locationPrecision;
    else errors.push(`locationPrecision must be one of ${listOf(LOCATION_PRECISIONS)}, not ${show(o.locationPrecision)}.`);
  }
  let severity: number | null | undefined;
  if (o.severity === null) severity = null;
  else if (o.severity !== undefined && o.severity !== '') {
    const n = typeof o.severity === 'string' ? Number(o.severity) : o.severity;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < LIMITS.severityMin || n > LIMITS.severityMax) {
      errors.push(`severity must be a whole number from ${LIMITS.severityMin} to ${LIMITS.severityMax}, not ${show(o.severity)}.`);
    } else severity = n;
  }
  let description: string | null | undefined;
  if (o.description === null) description = null;
  else if (o.description !== undefined) {
    if (typeof o.description !== 'string') errors.push('description must be a string.');
    else if (o.description.length > LIMITS.descriptionChars) errors.push(`description is longer than ${LIMITS.descriptionChars} characters.`);
    else description = o.description;
  }
  let areaCode: string | null | undefined;
  if (o.areaCode === null) areaCode = null;
  else if (o.areaCode !== undefined) {
    if (typeof o.areaCode !== 'string' || !/^[0-9A-Za-z_-]{1,20}$/.test(o.areaCode)) errors.push('areaCode must be a code such as "1280" (at most 20 letters/digits).');
    else areaCode = o.areaCode;
  }
  if (errors.length > 0 || !source || !sourceId || !type || !occurredAt || !location) {
    if (errors.length === 0) errors.push('The incident is incomplete.');
    return { value: null, errors };
  }
  const value: IncidentInput = { source, sourceId, type, occurredAt, ...location };
  if (status !== undefined) value.status = status;
  if (classification !== undefined) value.classification = classification;
  if (locationPrecision !== undefined) value.locationPrecision = locationPrecision;
  if (severity !== undefined) value.severity = severity;
  if (description !== undefined) value.description = description;
  if (areaCode !== undefined) value.areaCode = areaCode;
  return { value, errors: [] };
}
