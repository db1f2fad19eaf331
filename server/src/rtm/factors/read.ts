/**
 * Reads an RTM factor file (GeoJSON, CSV with lon/lat, x/y or a WKT column, or features a GeoPackage reader
 * produced) into WGS84 features for a factor layer. Pure: text or records in, features and per-row problems
 * out. Problems are Swedish sentences because the analyst reads them as they are; a file that cannot be read
 * at all throws FactorFileError, a bad row or feature is rejected and the rest is imported.
 */
import { CsvSyntaxError, isBlankRecord, readCsv } from '../../../../shared/src/csv.ts';
import { swerefToWgs } from '../../../../shared/src/geo/sweref.ts';
import type { Geometry, Position } from '../../../../shared/src/layerDoc.ts';
import { ProblemsError } from '../../../../shared/src/problems.ts';
import { parseWkt, WktError } from './wkt.ts';

export type FactorCrs = 'EPSG:4326' | 'EPSG:3006';

/**
 * Limits of one import. A factor layer is a Yjs document every police viewer of the picture may open, so it
 * stays well below the document quotas; 20 000 features is more than any Swedish municipality's bus stops,
 * bars or schools.
 */
export const FACTOR_LIMITS = {
  maxFeatures: 20_000,
  /** Positions over the whole file (a detailed road network of a city is about this). */
  maxPositions: 500_000,
  maxPositionsPerFeature: 50_000,
  /** Rejected rows listed one by one; the rest are counted. */
  maxRejectedListed: 200,
  maxTitleLength: 200,
} as const;

export interface FactorFeature {
  geometry: Geometry;
  title: string;
}

export interface RejectedRow {
  /** Data row (CSV) or feature (GeoJSON, GeoPackage) counted from 1. */
  row: number;
  errors: string[];
}

export interface FactorRead {
  features: FactorFeature[];
  rejected: RejectedRow[];
  /** All rejected rows, also those beyond `maxRejectedListed`. */
  rejectedCount: number;
  /** Features per GeoJSON geometry type, e.g. { Point: 120 }. */
  geometryTypes: Record<string, number>;
}

/** The file as a whole cannot be imported; `problems` are Swedish sentences. */
export class FactorFileError extends ProblemsError {
  override name = 'FactorFileError';
}

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
const TYPE_SV: Record<string, string> = { GeometryCollection: 'geometrisamling (GeometryCollection)' };
// Sweden with a margin (SWEREF 99 TM is defined for it); a point outside is almost always swapped or in another CRS.
const SWEDEN = { minLon: 9, maxLon: 26, minLat: 54, maxLat: 70 };

class Collector {
  readonly features: FactorFeature[] = [];
  readonly rejected: RejectedRow[] = [];
  rejectedCount = 0;
  positions = 0;
  readonly geometryTypes: Record<string, number> = {};

  /** @param rowLabel each problem starts "Rad n:" (CSV) or "Objekt n:" (features): the analyst fixes the file by them. */
  constructor(private readonly rowLabel: 'Rad' | 'Objekt') {}

  reject(row: number, errors: string[]): void {
    this.rejectedCount++;
    if (this.rejected.length < FACTOR_LIMITS.maxRejectedListed) this.rejected.push({ row, errors: errors.map((e) => `${this.rowLabel} ${row}: ${e}`) });
  }

  /** Checks and reprojects one geometry; adds it or rejects the row. */
  add(row: number, raw: unknown, title: string, crs: FactorCrs): void {
    const checked = checkGeometry(raw, crs);
    if (typeof checked === 'string') return this.reject(row, [checked]);
    const { geometry, count } = checked;
    if (this.features.length >= FACTOR_LIMITS.maxFeatures)
      throw new FactorFileError([`Filen har fler än ${FACTOR_LIMITS.maxFeatures} objekt; dela upp den eller förenkla den innan import.`]);
    this.positions += count;
    if (this.positions > FACTOR_LIMITS.maxPositions)
      throw new FactorFileError([`Filen har fler än ${FACTOR_LIMITS.maxPositions} koordinater; förenkla linjerna och ytorna (t.ex. i QGIS) innan import.`]);
    this.features.push({ geometry, title: title.slice(0, FACTOR_LIMITS.maxTitleLength) });
    this.geometryTypes[geometry.type] = (this.geometryTypes[geometry.type] ?? 0) + 1;
  }

  result(): FactorRead {
    return { features: this.features, rejected: this.rejected, rejectedCount: this.rejectedCount, geometryTypes: this.geometryTypes };
  }
}

function isNumberPair(p: unknown): p is number[] {
  return Array.isArray(p) && (p.length === 2 || p.length === 3 || p.length === 4) && p.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** A geometry as WGS84 with its position count, or a Swedish sentence saying what is wrong with it. */
export function checkGeometry(raw: unknown, crs: FactorCrs): { geometry: Geometry; count: number } | string {
  if (!raw || typeof raw !== 'object') return 'Geometri saknas.';
  const { type, coordinates } = raw as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !(type in DEPTH))
    return `Geometritypen ${typeof type === 'string' ? (TYPE_SV[type] ?? type) : 'saknas'} stöds inte; använd punkter, linjer eller ytor.`;
  let count = 0;
  let tooMany = false;
  let outside = false;
  let notNumbers = false;
  const walk = (c: unknown, depth: number): unknown => {
    if (depth === 0) {
      if (!isNumberPair(c)) {
        notNumbers = true;
        return c;
      }
      if (++count > FACTOR_LIMITS.maxPositionsPerFeature) tooMany = true;
      const [lon, lat] = crs === 'EPSG:3006' ? swerefToWgs(c[0], c[1]) : [c[0], c[1]];
      if (!(lon >= SWEDEN.minLon && lon <= SWEDEN.maxLon && lat >= SWEDEN.minLat && lat <= SWEDEN.maxLat)) outside = true;
      // Seven decimals is about 1 cm, finer than any factor data.
      return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
    }
    if (!Array.isArray(c) || c.length === 0) {
      notNumbers = true;
      return [];
    }
    return c.map((x) => walk(x, depth - 1));
  };
  const coords = walk(coordinates, DEPTH[type]);
  if (notNumbers) return `Koordinaterna för ${typeSv(type)} är inte tal i rätt form.`;
  if (tooMany) return `Objektet har fler än ${FACTOR_LIMITS.maxPositionsPerFeature} koordinater; förenkla det.`;
  if (outside) {
    const hint =
      crs === 'EPSG:4326'
        ? ' Kontrollera att longitud kommer före latitud, eller ange koordinatsystemet SWEREF 99 TM (EPSG:3006) om filen använder meter.'
        : ' Kontrollera att x (öst) och y (nord) är i SWEREF 99 TM (EPSG:3006).';
    return `Koordinaterna ligger utanför Sverige.${hint}`;
  }
  if (type === 'LineString' && (coords as Position[]).length < 2) return 'En linje behöver minst två punkter.';
  if (type === 'MultiLineString' && (coords as Position[][]).some((l) => l.length < 2)) return 'En linje behöver minst två punkter.';
  if (type === 'Polygon' || type === 'MultiPolygon') {
    const polys = (type === 'Polygon' ? [coords] : coords) as Position[][][];
    for (const poly of polys)
      for (const ring of poly) {
        if (ring.length < 4) return 'En yta behöver minst fyra punkter i varje ring (den sista lika med den första).';
        const a = ring[0];
        const b = ring[ring.length - 1];
        if (a[0] !== b[0] || a[1] !== b[1]) return 'En yta måste vara sluten: den sista punkten ska vara lika med den första.';
      }
  }
  return { geometry: { type, coordinates: coords } as Geometry, count };
}

function typeSv(type: string): string {
  return { Point: 'punkten', MultiPoint: 'punkterna', LineString: 'linjen', MultiLineString: 'linjerna', Polygon: 'ytan', MultiPolygon: 'ytorna' }[type] ?? 'geometrin';
}

const TITLE_KEYS = ['name', 'namn', 'title', 'titel', 'benamning', 'benämning', 'label'];

function titleOf(props: unknown): string {
  if (!props || typeof props !== 'object') return '';
  const entries = Object.entries(props as Record<string, unknown>);
  for (const key of TITLE_KEYS) {
    const hit = entries.find(([k, v]) => k.toLowerCase() === key && (typeof v === 'string' || typeof v === 'number'));
    if (hit) return String(hit[1]).trim();
  }
  return '';
}

/** The CRS a GeoJSON file names in its (pre-RFC 7946) `crs` member, if it names SWEREF 99 TM or WGS84. */
function namedCrs(doc: Record<string, unknown>): FactorCrs | null {
  const name = (doc.crs as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== 'string') return null;
  if (/(EPSG:{1,2})?3006$/i.test(name)) return 'EPSG:3006';
  if (/(4326|CRS84)$/i.test(name)) return 'EPSG:4326';
  throw new FactorFileError([`Filens koordinatsystem ${name} stöds inte; använd WGS 84 (EPSG:4326) eller SWEREF 99 TM (EPSG:3006).`]);
}

/** GeoJSON: a FeatureCollection, a single Feature, or a bare geometry. */
export function readFactorGeoJson(input: unknown, crs?: FactorCrs): FactorRead {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch {
      throw new FactorFileError(['Filen är inte giltig JSON; en GeoJSON-fil ska börja med { "type": "FeatureCollection", … }.']);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new FactorFileError(['Filen är inte ett GeoJSON-objekt.']);
  const obj = doc as Record<string, unknown>;
  const useCrs = crs ?? namedCrs(obj) ?? 'EPSG:4326';
  const features: unknown[] =
    obj.type === 'FeatureCollection' ? (Array.isArray(obj.features) ? obj.features : []) : obj.type === 'Feature' ? [obj] : typeof obj.type === 'string' && obj.type in DEPTH ? [{ type: 'Feature', geometry: obj, properties: {} }] : [];
  if (obj.type === 'FeatureCollection' && !Array.isArray(obj.features)) throw new FactorFileError(['FeatureCollection saknar listan "features".']);
  if (features.length === 0) throw new FactorFileError([obj.type === 'FeatureCollection' ? 'Filen innehåller inga objekt.' : 'Filen är inte en FeatureCollection, ett Feature eller en geometri.']);
  const out = new Collector('Objekt');
  for (const [i, f] of features.entries()) {
    if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
      out.reject(i + 1, ['Objektet är inte ett GeoJSON-Feature.']);
      continue;
    }
    const { geometry, properties } = f as { geometry?: unknown; properties?: unknown };
    out.add(i + 1, geometry, titleOf(properties), useCrs);
  }
  return out.result();
}

const LON = ['lon', 'lng', 'long', 'longitude', 'longitud'];
const LAT = ['lat', 'latitude', 'latitud'];
const X = ['x', 'e', 'easting', 'ost', 'öst'];
const Y = ['y', 'n', 'northing', 'nord'];
const WKT = ['wkt', 'geometry', 'geometri', 'geom', 'the_geom', 'shape'];

/** Parses a decimal number written the Swedish way too (comma as the decimal sign). */
function num(s: string | undefined): number {
  const t = (s ?? '').trim().replace(/\s/g, '');
  if (t === '') return Number.NaN;
  return Number(/^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t);
}

/**
 * CSV with a header: `lon,lat` (WGS84) or `x,y` (SWEREF 99 TM, as the incident import) for points, or a WKT
 * column (`wkt`, `geometry`, `geom`) for any geometry, whose CRS is `crs` (default WGS84). An optional
 * `name`/`namn`/`title` column names each feature.
 */
export function readFactorCsv(text: string, crs?: FactorCrs): FactorRead {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new FactorFileError([`CSV-filen kan inte läsas: ett fält inom citattecken som börjar på rad ${e.line} avslutas aldrig.`]);
    throw e;
  }
  const rows = records.filter((r) => !isBlankRecord(r));
  const header = rows.shift();
  if (!header) throw new FactorFileError(['CSV-filen är tom.']);
  const cols = header.fields.map((h) => h.trim().toLowerCase());
  const find = (names: string[]) => cols.findIndex((c) => names.includes(c));
  const lon = find(LON);
  const lat = find(LAT);
  const x = find(X);
  const y = find(Y);
  const wkt = find(WKT);
  const title = find(TITLE_KEYS);
  let mode: { kind: 'wkt'; crs: FactorCrs } | { kind: 'xy'; a: number; b: number; crs: FactorCrs };
  if (wkt >= 0) mode = { kind: 'wkt', crs: crs ?? 'EPSG:4326' };
  else if (lon >= 0 && lat >= 0) mode = { kind: 'xy', a: lon, b: lat, crs: crs ?? 'EPSG:4326' };
  else if (x >= 0 && y >= 0) mode = { kind: 'xy', a: x, b: y, crs: crs ?? 'EPSG:3006' };
  else
    throw new FactorFileError([
      `CSV-filen saknar kolumner för läget: ange lon och lat (WGS 84), x och y (SWEREF 99 TM) eller en WKT-kolumn (wkt, geometry). Kolumnerna som finns: ${cols.join(', ') || '(inga)'}.`,
    ]);
  if (rows.length === 0) throw new FactorFileError(['CSV-filen har rubrikrad men inga datarader.']);
  const out = new Collector('Rad');
  for (const [i, r] of rows.entries()) {
    const row = i + 1;
    const name = title >= 0 ? (r.fields[title] ?? '').trim() : '';
    if (mode.kind === 'wkt') {
      const w = (r.fields[wkt] ?? '').trim();
      if (!w) out.reject(row, ['WKT-kolumnen är tom.']);
      else {
        try {
          out.add(row, parseWkt(w), name, mode.crs);
        } catch (e) {
          if (!(e instanceof WktError)) throw e;
          out.reject(row, [e.message]);
        }
      }
      continue;
    }
    const a = num(r.fields[mode.a]);
    const b = num(r.fields[mode.b]);
    if (!Number.isFinite(a) || !Number.isFinite(b)) out.reject(row, [`${cols[mode.a]} och ${cols[mode.b]} måste vara tal.`]);
    else out.add(row, { type: 'Point', coordinates: [a, b] }, name, mode.crs);
  }
  return out.result();
}

/** Features as a GeoPackage reader gives them (geometry already GeoJSON in `crs`), checked like GeoJSON's. */
export function readFactorFeatures(items: ReadonlyArray<{ geometry: unknown; properties?: unknown }>, crs: FactorCrs): FactorRead {
  if (items.length === 0) throw new FactorFileError(['GeoPackage-filen innehåller inga objekt.']);
  const out = new Collector('Objekt');
  for (const [i, f] of items.entries()) out.add(i + 1, f.geometry, titleOf(f.properties), crs);
  return out.result();
}
