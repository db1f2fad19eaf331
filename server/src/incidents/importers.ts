/**
 * Import formats → validated candidate rows. Nothing here touches the database: every row is validated first,
 * then the store writes all valid rows (or, atomically, none) in one transaction.
 *
 * Row numbers count data rows (CSV records after the header, GeoJSON features, feed events) from 1.
 */
import { type CsvRecord, CsvSyntaxError, readCsv } from '../../../shared/src/csv.ts';
import { readNdjson } from '../../../shared/src/ndjson.ts';
import { appError } from '../errors.ts';
import { shippedAreaLookup } from './polisenAreas.ts';
import { parsePolisenFeed } from './polisenFeed.ts';
import { fromLonLat, fromSweref, type IncidentInput, validateIncident } from './validate.ts';

export interface Candidate {
  row: number;
  value: IncidentInput | null;
  errors: string[];
}

export interface ParsedImport {
  candidates: Candidate[];
  /** File-level remarks that do not reject rows (ignored columns). */
  warnings: string[];
}

export const IMPORT_FORMATS = ['csv', 'geojson', 'polisen'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Most rows one import takes; larger files should be split. */
export const MAX_IMPORT_ROWS = 50_000;

// ---------------------------------------------------------------------------------------------------------
// CSV

/** CSV records with their starting line numbers; a file that cannot be read at all is a 400. */
export function parseCsvRecords(text: string, delimiter: string): CsvRecord[] {
  try {
    return readCsv(text, delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw appError('BAD_REQUEST', [e.message]);
    throw e;
  }
}

const CSV_COLUMNS = ['source', 'sourceId', 'type', 'occurredAt', 'lon', 'lat', 'x', 'y', 'status', 'severity', 'description', 'classification', 'locationPrecision', 'areaCode'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const CSV_ALIASES: Record<string, CsvColumn> = Object.fromEntries([
  ...CSV_COLUMNS.map((c) => [c.toLowerCase(), c]),
  ['source_id', 'sourceId'],
  ['occurred_at', 'occurredAt'],
  ['location_precision', 'locationPrecision'],
  ['area_code', 'areaCode'],
  ['lng', 'lon'],
  ['longitude', 'lon'],
  ['latitude', 'lat'],
]);

export function parseCsvImport(text: string, now: number): ParsedImport {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Swedish spreadsheets save with ';' and decimal commas.
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const recs = parseCsvRecords(text, delimiter).filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
  if (recs.length === 0) throw appError('BAD_REQUEST', ['CSV: the file is empty; expected a header row source,sourceId,type,occurredAt,lon,lat (or x,y).']);
  const header = recs[0].fields.map((h) => h.trim());
  const col = new Map<CsvColumn, number>();
  const warnings: string[] = [];
  header.forEach((h, i) => {
    const c = CSV_ALIASES[h.toLowerCase()];
    if (c === undefined) warnings.push(`Column "${h}" is not known and was ignored.`);
    else if (col.has(c)) throw appError('BAD_REQUEST', [`CSV: column "${h}" appears twice in the header.`]);
    else col.set(c, i);
  });
  const missing = (['source', 'sourceId', 'type', 'occurredAt'] as const).filter((c) => !col.has(c));
  const hasLonLat = col.has('lon') && col.has('lat');
  const hasXY = col.has('x') && col.has('y');
  if (!hasLonLat && !hasXY) missing.push('lon,lat (or x,y)' as never);
  if (missing.length > 0) {
    throw appError('BAD_REQUEST', [`CSV: the header lacks ${missing.join(', ')}; expected source,sourceId,type,occurredAt,lon,lat (or x,y in EPSG:3006) and optionally status,severity,description,classification.`]);
  }
  if (recs.length - 1 > MAX_IMPORT_ROWS) throw appError('PAYLOAD_TOO_LARGE', [`${MAX_IMPORT_ROWS} rows`]);
  const num = (s: string): number => {
    const t = s.trim();
    if (t === '') return Number.NaN;
    return Number(delimiter === ';' ? t.replace(',', '.') : t);
  };
  const candidates: Candidate[] = [];
  for (let k = 1; k < recs.length; k++) {
    const { fields } = recs[k];
    const get = (c: CsvColumn): string | undefined => {
      const i = col.get(c);
      return i === undefined ? undefined : (fields[i] ?? '');
    };
    const errors: string[] = [];
    if (fields.length !== header.length) errors.push(`has ${fields.length} fields, the header ${header.length}.`);
    const obj: Record<string, unknown> = {};
    for (const c of ['source', 'sourceId', 'type', 'occurredAt', 'status', 'severity', 'description', 'classification', 'locationPrecision', 'areaCode'] as const) {
      const v = get(c);
      if (v !== undefined && v.trim() !== '') obj[c] = c === 'description' ? v : v.trim();
    }
    const locErrors: string[] = [];
    let location = null;
    const lon = get('lon')?.trim();
    const lat = get('lat')?.trim();
    const x = get('x')?.trim();
    const y = get('y')?.trim();
    if (lon && lat) {
      const a = num(lon);
      const b = num(lat);
      if (!Number.isFinite(a) || !Number.isFinite(b)) locErrors.push(`lon/lat "${lon}", "${lat}" are not numbers.`);
      else location = fromLonLat(a, b, locErrors);
    } else if (x && y) {
      location = fromSweref(num(x), num(y), locErrors);
    } else locErrors.push(hasLonLat && !hasXY ? 'lon and lat are required.' : hasXY && !hasLonLat ? 'x and y are required.' : 'lon and lat (or x and y) are required.');
    const r = validateIncident(obj, now, { location, locationErrors: locErrors });
    candidates.push({ row: k, value: errors.length ? null : r.value, errors: [...errors, ...r.errors] });
  }
  return { candidates, warnings };
}

// ---------------------------------------------------------------------------------------------------------
// GeoJSON

function jsonOf(body: unknown, what: string): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
  } catch (e) {
    throw appError('BAD_REQUEST', [`${what}: the body is not valid JSON (${(e as Error).message}).`]);
  }
}

function is3006Crs(crs: unknown): boolean {
  const name = (crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  return typeof name === 'string' && /EPSG:{1,2}3006$/.test(name);
}

/** A GeoJSON FeatureCollection of Point features; properties carry the Incident fields (`sourceId` may be the feature id). */
export function parseGeoJsonImport(body: unknown, now: number): ParsedImport {
  const doc = jsonOf(body, 'GeoJSON') as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw appError('BAD_REQUEST', ['GeoJSON: expected a FeatureCollection with a "features" array of Point features.']);
  }
  if (doc.features.length > MAX_IMPORT_ROWS) throw appError('PAYLOAD_TOO_LARGE', [`${MAX_IMPORT_ROWS} features`]);
  const sweref = is3006Crs(doc.crs);
  const candidates: Candidate[] = doc.features.map((f: unknown, i: number) => {
    const row = i + 1;
    const feat = f as { type?: unknown; id?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
    if (!feat || typeof feat !== 'object' || feat.type !== 'Feature') return { row, value: null, errors: ['is not a GeoJSON Feature.'] };
    const props = feat.properties && typeof feat.properties === 'object' && !Array.isArray(feat.properties) ? { ...(feat.properties as Record<string, unknown>) } : {};
    if (props.sourceId === undefined && (typeof feat.id === 'string' || typeof feat.id === 'number')) props.sourceId = String(feat.id);
    delete props.location;
    const locErrors: string[] = [];
    let location = null;
    const g = feat.geometry;
    const c = g?.coordinates;
    if (g?.type !== 'Point') locErrors.push(`geometry must be a Point${g?.type ? `, not ${String(g.type)}` : ''}.`);
    else if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') locErrors.push('geometry.coordinates must be [lon, lat].');
    else location = sweref ? fromSweref(c[0], c[1], locErrors, 'geometry') : fromLonLat(c[0], c[1], locErrors, 'geometry.coordinates');
    const r = validateIncident(props, now, { location, locationErrors: locErrors });
    return { row, value: r.value, errors: r.errors };
  });
  return { candidates, warnings: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Police events feed

/** Items of the feed: a JSON array, a single event object, or NDJSON (one event per line, as archived). */
function feedItems(body: unknown): unknown[] {
  if (typeof body !== 'string') return Array.isArray(body) ? body : [body];
  const t = body.trim().replace(/^\uFEFF/, '');
  if (t === '') throw appError('BAD_REQUEST', ['Police events: the body is empty.']);
  if (t.startsWith('[') || (t.startsWith('{') && !t.includes('\n'))) {
    const parsed = jsonOf(t, 'Police events');
    return Array.isArray(parsed) ? parsed : [parsed];
  }
  return readNdjson(t).map((l) => (l.ok ? l.value : { __invalid: true }));
}

/**
 * The Swedish Police events feed (polisen.se/api/events): `{ id, datetime, name, summary, url, type, location { name, gps "lat,lon" } }`.
 * Types are mapped by the strategic core's table; positions are municipality/county centroids, so precision is
 * `area`; classification `public`; status stays `unconfirmed` unless the event is re-sent over an existing one.
 */
export function parsePolisenImport(body: unknown, now: number): ParsedImport {
  const items = feedItems(body);
  if (items.length > MAX_IMPORT_ROWS) throw appError('PAYLOAD_TOO_LARGE', [`${MAX_IMPORT_ROWS} events`]);
  const areaByName = shippedAreaLookup();
  const candidates: Candidate[] = items.map((item, i) => {
    const row = i + 1;
    if (!item || typeof item !== 'object' || Array.isArray(item) || (item as { __invalid?: boolean }).__invalid) {
      return { row, value: null, errors: ['is not a JSON object (an event with id, datetime, name, summary, url, type, location).'] };
    }
    const { events, rejected } = parsePolisenFeed([item], { areaByName });
    if (rejected.length > 0 || events.length === 0) return { row, value: null, errors: rejected[0]?.errors ?? ['is not a police event.'] };
    const ev = events[0];
    const r = validateIncident({ ...ev.incident, areaCode: ev.areaCode ?? undefined }, now);
    return { row, value: r.value, errors: r.errors };
  });
  return { candidates, warnings: [] };
}

/** Guesses the format from the content type when `format` is not given. */
export function inferFormat(contentType: string | undefined, body: unknown): ImportFormat | null {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct === 'text/csv') return 'csv';
  if (ct === 'application/geo+json') return 'geojson';
  if (ct === 'application/json') {
    if (body && typeof body === 'object' && !Array.isArray(body) && (body as { type?: unknown }).type === 'FeatureCollection') return 'geojson';
    return 'polisen';
  }
  return null;
}

export function parseImport(format: ImportFormat, body: unknown, now: number): ParsedImport {
  switch (format) {
    case 'csv':
      if (typeof body !== 'string') throw appError('UNSUPPORTED_MEDIA_TYPE', ['format=csv takes the file as text/csv (or text/plain) in the raw body.']);
      return parseCsvImport(body, now);
    case 'geojson':
      return parseGeoJsonImport(body, now);
    case 'polisen':
      return parsePolisenImport(body, now);
  }
}

/** Marks later rows that repeat an earlier row's (source, sourceId): one import may not say two things about one incident. */
export function rejectDuplicates(candidates: Candidate[]): void {
  const seen = new Map<string, number>();
  for (const c of candidates) {
    if (!c.value) continue;
    const key = `${c.value.source}\u0000${c.value.sourceId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      c.errors.push(`has the same source and sourceId as row ${first}.`);
      c.value = null;
    } else seen.set(key, c.row);
  }
}
