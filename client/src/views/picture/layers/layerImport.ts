/**
 * Reading a GeoJSON or CSV file into features for a layer, before anything is written: every row is checked
 * (layerDoc's geometry rules, and for polygons the same checks the server applies to picture areas), so the
 * preview can say how many will be imported and why the others will not. Pure: no DOM, no Yjs.
 */
import { PICTURE_AREA_LIMITS, polygonalProblems } from '../../../../../shared/src/geometryCheck.ts';
import { CsvSyntaxError, isBlankRecord, readCsv } from '../../../../../shared/src/csv.ts';
import { FEATURE_CATEGORIES, type Geometry, geometryProblem } from '../../../../../shared/src/layerDoc.ts';

/** Why a row is left out; the view turns each into a Swedish sentence (`import.problem.<kind>`). */
export type ImportProblemKind = 'noGeometry' | 'badGeometry' | 'badPolygon' | 'outsideSweden' | 'badNumber' | 'tooMany';
/** Why the file as a whole cannot be read. */
export type ImportFileError = 'unknownFormat' | 'notJson' | 'notGeojson' | 'csvSyntax' | 'csvColumns' | 'empty';

export interface ImportedFeature {
  geometry: Geometry;
  title: string;
  description: string;
  category: string;
}

export interface ImportProblem {
  /** 1-based feature number (GeoJSON) or data row (CSV). */
  row: number;
  kind: ImportProblemKind;
  /** The checker's own words (English), shown as detail after the Swedish sentence. */
  detail?: string;
}

export interface ImportPreview {
  format: 'geojson' | 'csv';
  features: ImportedFeature[];
  problems: ImportProblem[];
  /** Rows or features read in all. */
  total: number;
  counts: { points: number; lines: number; polygons: number };
}

/**
 * One import goes into one Yjs transaction; beyond this the update would pass the gateway's message limit
 * (a few MB), so larger files are refused with a sentence instead of being cut off silently.
 */
export const MAX_IMPORT_FEATURES = 5_000;

const [MIN_LON, MIN_LAT, MAX_LON, MAX_LAT] = PICTURE_AREA_LIMITS.bounds;

export function formatOf(fileName: string, text: string): 'geojson' | 'csv' | null {
  const n = fileName.toLowerCase();
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  if (n.endsWith('.csv') || n.endsWith('.txt')) return 'csv';
  const head = text.trimStart()[0];
  return head === '{' || head === '[' ? 'geojson' : null;
}

export function previewImport(fileName: string, text: string): ImportPreview | { error: ImportFileError; detail?: string } {
  const format = formatOf(fileName, text);
  if (!format) return { error: 'unknownFormat' };
  return format === 'geojson' ? fromGeojson(text) : fromCsv(text);
}

function positionsOf(c: unknown, out: number[][] = []): number[][] {
  if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as number[]);
  else if (Array.isArray(c)) for (const x of c) positionsOf(x, out);
  return out;
}

/** The row's problem, or null when the geometry may go into a layer. */
export function checkGeometry(g: unknown): Omit<ImportProblem, 'row'> | null {
  if (g === null || g === undefined) return { kind: 'noGeometry' };
  const p = geometryProblem(g);
  if (p) return { kind: 'badGeometry', detail: p };
  const geom = g as Geometry;
  // Layers are Swedish working maps; a point in the Atlantic is almost always swapped lon/lat.
  if (positionsOf(geom.coordinates).some(([lon, lat]) => lon < MIN_LON || lon > MAX_LON || lat < MIN_LAT || lat > MAX_LAT)) return { kind: 'outsideSweden' };
  if (geom.type === 'Polygon' || geom.type === 'MultiPolygon') {
    const problems = polygonalProblems(geom);
    if (problems.length) return { kind: 'badPolygon', detail: problems[0] };
  }
  return null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const category = (v: unknown): string => {
  const s = text(v).trim().toLowerCase();
  return (FEATURE_CATEGORIES as readonly string[]).includes(s) ? s : 'other';
};

function tally(features: readonly ImportedFeature[]): ImportPreview['counts'] {
  const counts = { points: 0, lines: 0, polygons: 0 };
  for (const f of features) {
    if (f.geometry.type.endsWith('Point')) counts.points++;
    else if (f.geometry.type.endsWith('LineString')) counts.lines++;
    else counts.polygons++;
  }
  return counts;
}

function finish(format: ImportPreview['format'], features: ImportedFeature[], problems: ImportProblem[], total: number): ImportPreview {
  if (features.length > MAX_IMPORT_FEATURES) {
    problems.push({ row: MAX_IMPORT_FEATURES + 1, kind: 'tooMany', detail: String(MAX_IMPORT_FEATURES) });
    features = features.slice(0, 0);
  }
  return { format, features, problems, total, counts: tally(features) };
}

function fromGeojson(raw: string): ImportPreview | { error: ImportFileError; detail?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    return { error: 'notJson', detail: (e as Error).message };
  }
  const d = doc as { type?: unknown; features?: unknown; geometry?: unknown; properties?: unknown };
  let list: unknown[];
  if (d?.type === 'FeatureCollection' && Array.isArray(d.features)) list = d.features;
  else if (d?.type === 'Feature') list = [d];
  else if (typeof d?.type === 'string' && 'coordinates' in (d as object)) list = [{ type: 'Feature', geometry: d, properties: {} }];
  else return { error: 'notGeojson' };
  if (list.length === 0) return { error: 'empty' };
  const features: ImportedFeature[] = [];
  const problems: ImportProblem[] = [];
  list.forEach((f, i) => {
    const feat = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    const problem = checkGeometry(feat?.geometry);
    if (problem) {
      problems.push({ row: i + 1, ...problem });
      return;
    }
    const p = feat.properties ?? {};
    features.push({
      geometry: feat.geometry as Geometry,
      title: text(p.title ?? p.name ?? p.namn ?? p.titel).slice(0, 200),
      description: text(p.description ?? p.beskrivning).slice(0, 4000),
      category: category(p.category ?? p.kategori),
    });
  });
  return finish('geojson', features, problems, list.length);
}

const LON = ['lon', 'lng', 'long', 'longitude', 'longitud'];
const LAT = ['lat', 'latitude', 'latitud'];

function fromCsv(raw: string): ImportPreview | { error: ImportFileError; detail?: string } {
  let records: ReturnType<typeof readCsv>;
  try {
    records = readCsv(raw).filter((r) => !isBlankRecord(r));
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { error: 'csvSyntax', detail: String(e.line) };
    throw e;
  }
  if (records.length < 2) return { error: 'empty' };
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const col = (names: readonly string[]) => header.findIndex((h) => names.includes(h));
  const lonAt = col(LON);
  const latAt = col(LAT);
  if (lonAt < 0 || latAt < 0) return { error: 'csvColumns', detail: header.join(', ') };
  const titleAt = col(['title', 'name', 'namn', 'titel']);
  const descAt = col(['description', 'beskrivning']);
  const catAt = col(['category', 'kategori']);
  const features: ImportedFeature[] = [];
  const problems: ImportProblem[] = [];
  const rows = records.slice(1);
  rows.forEach((r, i) => {
    // Swedish spreadsheets write decimal commas; with ; as delimiter "13,0012" is one field.
    const num = (at: number) => Number((r.fields[at] ?? '').trim().replace(',', '.'));
    const lon = num(lonAt);
    const lat = num(latAt);
    if ((r.fields[lonAt] ?? '').trim() === '' || (r.fields[latAt] ?? '').trim() === '' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      problems.push({ row: i + 1, kind: 'badNumber', detail: `${r.fields[lonAt] ?? ''}; ${r.fields[latAt] ?? ''}` });
      return;
    }
    const geometry: Geometry = { type: 'Point', coordinates: [lon, lat] };
    const problem = checkGeometry(geometry);
    if (problem) {
      problems.push({ row: i + 1, ...problem });
      return;
    }
    const cell = (at: number) => (at >= 0 ? (r.fields[at] ?? '').trim() : '');
    features.push({ geometry, title: cell(titleAt).slice(0, 200), description: cell(descAt).slice(0, 4000), category: category(cell(catAt)) });
  });
  return finish('csv', features, problems, rows.length);
}
