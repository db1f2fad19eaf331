/**
 * Area units and their hierarchy from GeoJSON. Pure: the caller reads files and passes text/objects.
 *
 * Hierarchy: country `SE` → län (2 digits) → kommun (4 digits; parent = first two digits) → DeSO/RegSO
 * (parent = first four characters) and city districts (parent = their kommun: Stockholm 0180,
 * Göteborg 1480, Malmö 1280). Geometry is WGS84; input in another CRS (GeoJSON `crs` member or the
 * `crs` option) is reprojected with proj4.
 */
import { StrategicError, StrategicErrorCode } from './errors.ts';
import type { RowError } from './indicatorCsv.ts';
import { mapPositions } from '../geo/crs.ts';
import { type AreaGeometry, converter, normaliseCrs, type Position } from './projection.ts';
import { type AreaLevel, AREA_LEVELS, DISTRICT_VINTAGES, parseAreaCode, Vintage } from './vintage.ts';
import { bboxOf as bboxOfGeometry } from '../../../shared/src/geo/bbox.ts';
import { PICTURE_AREA_LIMITS, polygonalProblems } from '../../../shared/src/geometryCheck.ts';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface AreaRecord {
  code: string;
  name: string;
  level: AreaLevel;
  vintage: string;
  parentCode: string | null;
  /** WGS84 (lon, lat). */
  geometry: AreaGeometry;
  bbox: BBox;
}

type Props = Record<string, unknown>;

export interface AreaImportOptions {
  level: AreaLevel;
  vintage: string;
  /** Property holding the code, or a function of the properties. Default by level (see {@link DEFAULT_PROPERTIES}). */
  code?: string | ((props: Props) => string | null);
  /** Property holding the name, or a function. Default by level; falls back to the code. */
  name?: string | ((props: Props, code: string) => string);
  /** Parent code, or a function. Default: derived from the code (see module comment). */
  parent?: string | null | ((code: string, props: Props) => string | null);
  /** CRS of the coordinates when the document has no `crs` member. @defaultValue 'EPSG:4326' */
  crs?: string;
}

/** Property names tried, in order, per level (SCB's and the shipped files' spellings). */
export const DEFAULT_PROPERTIES: Readonly<Record<AreaLevel, { code: string[]; name: string[] }>> = {
  country: { code: ['code', 'iso_a2'], name: ['name'] },
  lan: { code: ['lan_kod', 'lanskod', 'LnKod', 'code'], name: ['lan', 'lannamn', 'LnNamn', 'name'] },
  kommun: { code: ['kommun_kod', 'kommunkod', 'KnKod', 'code'], name: ['kommun', 'kommunnamn', 'KnNamn', 'name'] },
  deso: { code: ['deso', 'desokod', 'Deso', 'code'], name: ['name'] },
  regso: { code: ['regsokod', 'regso_kod', 'code'], name: ['regso', 'regsonamn', 'name'] },
  district: { code: ['code'], name: ['name', 'namn'] },
};

function firstString(props: Props, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
}

/** Parent code derived from a code: kommun → län, DeSO/RegSO/district → kommun, län → SE. */
export function defaultParent(code: string, level: AreaLevel): string | null {
  if (level === 'country') return null;
  if (level === 'lan') return 'SE';
  if (level === 'kommun') return code.slice(0, 2);
  return code.slice(0, 4);
}

/** Bounding box of a geometry. */
export function bboxOf(g: AreaGeometry): BBox {
  return bboxOfGeometry(g) ?? [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
}

/**
 * Parses a `bbox=minLon,minLat,maxLon,maxLat` query value (WGS84). Returns an error sentence when it is
 * malformed, so the route can answer 400 with it.
 */
export function parseBboxParam(value: string): { bbox: BBox } | { error: string } {
  const parts = value.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return { error: `bbox must be minLon,minLat,maxLon,maxLat (got '${value}')` };
  const [a, b, c, d] = parts;
  if (a < -180 || c > 180 || b < -90 || d > 90) return { error: 'bbox must be WGS84 degrees (lon −180…180, lat −90…90)' };
  if (a > c || b > d) return { error: 'bbox minimum must not exceed maximum' };
  return { bbox: [a, b, c, d] };
}

/** Imported boundaries: inside Sweden like picture areas, but official boundaries may be far more detailed. */
const AREA_IMPORT_LIMITS = { ...PICTURE_AREA_LIMITS, maxVertices: 500_000 };

/** True when two boxes intersect (for the `bbox=` filter of `GET /api/areas`). */
export function bboxIntersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function geometryError(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'feature has no geometry';
  const { type, coordinates } = g as { type?: string; coordinates?: unknown };
  const ringOk = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
  const polyOk = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every(ringOk);
  if (type === 'Polygon') return polyOk(coordinates) ? null : 'Polygon coordinates are malformed (rings need ≥ 4 positions)';
  if (type === 'MultiPolygon') return Array.isArray(coordinates) && coordinates.length > 0 && coordinates.every(polyOk) ? null : 'MultiPolygon coordinates are malformed';
  return `geometry type ${String(type)} is not an area (Polygon or MultiPolygon)`;
}

/** CRS named by a GeoJSON document's (legacy) `crs` member, if any. */
export function documentCrs(doc: unknown): string | null {
  const name = (doc as { crs?: { properties?: { name?: unknown } } })?.crs?.properties?.name;
  return typeof name === 'string' ? normaliseCrs(name) : null;
}

/**
 * Turns a GeoJSON FeatureCollection into area records. Features without a usable code or geometry,
 * codes of another level or vintage, and duplicate codes are rejected per feature (`row` = feature
 * position from 1). Throws `RT_ERR_INVALID_IMPORT` when the document is not a FeatureCollection.
 */
export function parseAreaGeoJson(input: unknown, options: AreaImportOptions): { areas: AreaRecord[]; rejected: RowError[] } {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new StrategicError(StrategicErrorCode.InvalidImport, `GeoJSON: the body is not valid JSON (${(e as Error).message}).`);
    }
  }
  const fc = doc as { type?: string; features?: unknown[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new StrategicError(StrategicErrorCode.InvalidImport, 'GeoJSON: expected a FeatureCollection.');
  }
  if (!AREA_LEVELS.includes(options.level)) {
    throw new StrategicError(StrategicErrorCode.InvalidImport, `Unknown level '${options.level}'; use one of ${AREA_LEVELS.join(', ')}.`);
  }
  const crs = documentCrs(doc) ?? normaliseCrs(options.crs ?? 'EPSG:4326');
  const toWgs = crs === 'EPSG:4326' ? null : converter(crs, 'EPSG:4326');
  const defaults = DEFAULT_PROPERTIES[options.level];
  const areas: AreaRecord[] = [];
  const rejected: RowError[] = [];
  const seen = new Map<string, number>();
  fc.features.forEach((f, i) => {
    const row = i + 1;
    const errors: string[] = [];
    const feature = f as { type?: string; properties?: Props | null; geometry?: unknown };
    const props: Props = feature?.properties ?? {};
    const codeOpt = options.code;
    let code = typeof codeOpt === 'function' ? codeOpt(props) : firstString(props, typeof codeOpt === 'string' ? [codeOpt] : defaults.code);
    if (!code) errors.push(`no code (looked for property ${typeof codeOpt === 'string' ? codeOpt : defaults.code.join(' / ')})`);
    else {
      const parsed = parseAreaCode(code);
      if (options.level !== 'district' || parsed) {
        if (!parsed) errors.push(`unknown area code format '${code}'`);
        else if (parsed.level !== options.level) errors.push(`code '${code}' is a ${parsed.level} code, not ${options.level}`);
        else if (options.level !== 'district' && parsed.vintage !== options.vintage) {
          // A bare DeSO code imported as DeSO2025 is given the SCB suffix; other mismatches are refused.
          if (options.level === 'deso' || options.level === 'regso') {
            const again = parseAreaCode(`${parsed.baseCode}_${options.vintage}`);
            if (again && again.vintage === options.vintage && !/_/.test(code)) code = again.code;
            else errors.push(`code '${code}' has vintage ${parsed.vintage}, not ${options.vintage}`);
          } else errors.push(`code '${code}' has vintage ${parsed.vintage}, not ${options.vintage}`);
        } else code = parsed.code;
      }
    }
    const gErr = geometryError(feature?.geometry);
    if (gErr) errors.push(gErr);
    if (code && seen.has(code)) errors.push(`duplicate code ${code} (first in feature ${seen.get(code)})`);
    if (errors.length > 0 || !code) {
      rejected.push({ row, errors });
      return;
    }
    seen.set(code, row);
    let geometry = feature.geometry as AreaGeometry;
    geometry = toWgs ? mapPositions(geometry, (p) => toWgs(p)) : mapPositions(geometry, (p) => [p[0], p[1]]);
    const bbox = bboxOf(geometry);
    if (bbox[0] < -180 || bbox[2] > 180 || bbox[1] < -90 || bbox[3] > 90) {
      rejected.push({ row, errors: [`coordinates outside WGS84 range (${bbox.map((v) => v.toFixed(1)).join(', ')}); give the CRS (crs member or option)`] });
      return;
    }
    // The same checks as a picture area (an area becomes one by drill-down), with room for detailed boundaries.
    const shapeProblems = polygonalProblems(geometry, AREA_IMPORT_LIMITS);
    if (shapeProblems.length > 0) {
      rejected.push({ row, errors: shapeProblems });
      return;
    }
    const nameOpt = options.name;
    const name = typeof nameOpt === 'function' ? nameOpt(props, code) : (firstString(props, typeof nameOpt === 'string' ? [nameOpt] : defaults.name) ?? code);
    const parentOpt = options.parent;
    const parentCode = parentOpt === undefined ? defaultParent(code, options.level) : typeof parentOpt === 'function' ? parentOpt(code, props) : parentOpt;
    areas.push({ code, name, level: options.level, vintage: options.vintage, parentCode, geometry, bbox });
  });
  return { areas, rejected };
}

/** District code part from a name: upper case, å/ä → A, ö → O, other non-alphanumerics → `_`. */
export function districtKey(name: string): string {
  return name
    .toUpperCase()
    .replace(/[ÅÄ]/g, 'A')
    .replace(/Ö/g, 'O')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `HÄSSELBY GÅRD` → `Hässelby gård`; capitals kept after `-` and `/`. */
export function swedishNameCase(name: string): string {
  const lower = name.toLocaleLowerCase('sv-SE');
  return lower.replace(/(^|[-/]\s*)(\p{L})/gu, (_, pre: string, ch: string) => pre + ch.toLocaleUpperCase('sv-SE'));
}

export interface ShippedAreaFile {
  file: string;
  options: AreaImportOptions;
}

const districtVintage = (prefix: string) => DISTRICT_VINTAGES[prefix];

/** The boundary files in `assets/geo` and how each becomes area records (codes per assets/geo/README.md). */
export const SHIPPED_AREA_FILES: readonly ShippedAreaFile[] = [
  { file: 'lan_scb.geojson', options: { level: 'lan', vintage: Vintage.lan } },
  { file: 'kommuner_scb.geojson', options: { level: 'kommun', vintage: Vintage.kommun } },
  {
    file: 'deso2018_dalarna.geojson',
    options: { level: 'deso', vintage: Vintage.deso2018, name: (p, code) => `${code} ${String(p.kommunnamn ?? '')}`.trim() },
  },
  {
    file: 'stockholm_stadsdelar.geojson',
    options: {
      level: 'district',
      vintage: districtVintage('0180-SD'),
      code: (p) => (typeof p.name === 'string' ? `0180-SD-${districtKey(p.name)}` : null),
      name: (p) => swedishNameCase(String(p.name)),
      parent: '0180',
    },
  },
  {
    file: 'stockholm_basomraden_2016.geojson',
    options: {
      level: 'district',
      vintage: districtVintage('0180-BO'),
      code: (p) => (p.nyckelkod !== undefined && p.nyckelkod !== null ? `0180-BO-${String(p.nyckelkod)}` : null),
      name: (p, code) => (typeof p.namn === 'string' ? p.namn : code),
      parent: '0180',
    },
  },
  {
    file: 'goteborg_basomraden_2021.geojson',
    options: {
      level: 'district',
      vintage: districtVintage('1480-BO'),
      code: (p) => (p.basomrade !== undefined && p.basomrade !== null ? `1480-BO-${String(p.basomrade)}` : null),
      name: (p) => `Basområde ${String(p.basomrade)}`,
      parent: '1480',
    },
  },
  {
    file: 'malmo_delomraden.geojson',
    options: {
      level: 'district',
      vintage: districtVintage('1280-DO'),
      code: (p) => (p.do_kod !== undefined && p.do_kod !== null ? `1280-DO-${String(p.do_kod)}` : null),
      name: (p) => swedishNameCase(String(p.delomrade)),
      parent: '1280',
    },
  },
];

/** The country record: its geometry is the MultiPolygon of all län polygons (not dissolved). */
export function countryFromLan(lan: readonly AreaRecord[]): AreaRecord {
  const polys: Position[][][] = [];
  for (const a of lan) {
    if (a.geometry.type === 'Polygon') polys.push(a.geometry.coordinates);
    else polys.push(...a.geometry.coordinates);
  }
  const geometry: AreaGeometry = { type: 'MultiPolygon', coordinates: polys };
  return { code: 'SE', name: 'Sverige', level: 'country', vintage: Vintage.country, parentCode: null, geometry, bbox: bboxOf(geometry) };
}

/**
 * Builds every shipped area (country first, then län, kommuner, DeSO, districts). `readText(file)` returns
 * the text of a file in `assets/geo`. Throws `RT_ERR_INVALID_IMPORT` if any shipped feature is rejected.
 */
export function buildShippedAreas(readText: (file: string) => string): AreaRecord[] {
  const out: AreaRecord[] = [];
  for (const { file, options } of SHIPPED_AREA_FILES) {
    const { areas, rejected } = parseAreaGeoJson(readText(file), options);
    if (rejected.length > 0) {
      throw new StrategicError(StrategicErrorCode.InvalidImport, `${file}: ${rejected.length} features rejected, first: feature ${rejected[0].row}: ${rejected[0].errors.join('; ')}`);
    }
    if (options.level === 'lan') out.push(countryFromLan(areas));
    out.push(...areas);
  }
  return out;
}

/** Codes of `area` and all its ancestors, nearest first (e.g. `2081C1130` → 2081, 20, SE). */
export function ancestorsOf(code: string, byCode: ReadonlyMap<string, { parentCode: string | null }>): string[] {
  const out: string[] = [];
  let cur = byCode.get(code)?.parentCode ?? null;
  const guard = new Set<string>([code]);
  while (cur && !guard.has(cur)) {
    out.push(cur);
    guard.add(cur);
    cur = byCode.get(cur)?.parentCode ?? null;
  }
  return out;
}
