/**
 * SCB statistics import: PxWeb JSON-stat 2 datasets (API v2 `outputFormat=json-stat2`, and API v1
 * `format=json-stat2`; the v1 `json-stat` bundle `{ dataset: … }` is accepted too) and PxWeb's CSV export,
 * turned into indicator rows `{ areaCode, year, indicator, value }` with per-row errors.
 *
 * Dimensions are recognised by `role` (geo, time, metric) or by SCB's ids (`Region`, `Tid`, `ContentsCode`).
 * Any further dimension with more than one category (e.g. `Kon`, `Alder`) is folded into the indicator id
 * as `<indicator>|<dimId>=<categoryKey>`, so no two rows share a key. Region keys are SCB codes: `00`
 * (Riket → `SE`), `01` (län), `1280` (kommun), `2080A0010` (DeSO2018), `2080A0010_DeSO2025`,
 * `0114R001_RegSO2025`; a key that is not a code is resolved from its label (`"1280 Malmö"`, or a name
 * looked up in `regionNames`).
 */
import { isBlankRecord, parseCsv, parseStatNumber } from './csv.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import type { IndicatorParseResult, IndicatorRow, RowError } from './indicatorCsv.ts';
import { parseYear } from './indicatorCsv.ts';
import { parseAreaCode, vintageMismatchMessage } from './vintage.ts';

export interface ScbImportOptions {
  /**
   * Our indicator id: one id for every content, or a map from content code (JSON-stat) / content label
   * (CSV) to id. Default: the content code (JSON-stat) or a slug of the content label (CSV).
   */
  indicator?: string | Readonly<Record<string, string>>;
  /** Region name (lower-cased) → code, for exports that carry names only. `Riket` is always `SE`. */
  regionNames?: ReadonlyMap<string, string>;
  /** When set, every area code must be of this vintage. */
  vintage?: string;
}

interface JsonStatCategory {
  index?: Record<string, number> | string[];
  label?: Record<string, string>;
  unit?: Record<string, unknown>;
}
interface JsonStatDimension {
  label?: string;
  category: JsonStatCategory;
}
interface JsonStatDataset {
  id: string[];
  size: number[];
  dimension: Record<string, JsonStatDimension>;
  value: (number | null)[] | Record<string, number | null>;
  status?: string | (string | null)[] | Record<string, string>;
  role?: { time?: string[]; geo?: string[]; metric?: string[] };
  label?: string;
}

function bad(message: string): never {
  throw new StrategicError(StrategicErrorCode.InvalidImport, message);
}

/** Category keys of a dimension in index order. */
function categoryKeys(dimId: string, dim: JsonStatDimension, size: number): string[] {
  const idx = dim?.category?.index;
  let keys: string[];
  if (Array.isArray(idx)) keys = [...idx];
  else if (idx && typeof idx === 'object') {
    keys = new Array<string>(size);
    for (const [k, i] of Object.entries(idx)) {
      if (!Number.isInteger(i) || i < 0 || i >= size) bad(`Dimension '${dimId}': category '${k}' has index ${i} outside 0…${size - 1}.`);
      keys[i] = k;
    }
  } else if (dim?.category?.label && size === 1) keys = Object.keys(dim.category.label);
  else bad(`Dimension '${dimId}' has no category.index.`);
  if (keys.length !== size || keys.some((k) => k === undefined)) bad(`Dimension '${dimId}' has ${keys.length} categories but size ${size}.`);
  return keys;
}

/** Normalises a JSON-stat 2 dataset or a v1 bundle to the v2 dataset shape. */
function asDataset(doc: unknown): JsonStatDataset {
  if (!doc || typeof doc !== 'object') bad('JSON-stat: expected a JSON object.');
  const o = doc as Record<string, any>;
  if (o.class === 'dataset' || (Array.isArray(o.id) && o.dimension)) {
    if (!Array.isArray(o.id) || !Array.isArray(o.size) || o.id.length !== o.size.length) bad('JSON-stat: dataset needs id and size arrays of equal length.');
    if (!o.dimension || typeof o.dimension !== 'object') bad('JSON-stat: dataset has no dimension object.');
    if (o.value === undefined || o.value === null) bad('JSON-stat: dataset has no value.');
    return o as JsonStatDataset;
  }
  if (o.class === 'collection' || o.class === 'bundle') bad('JSON-stat: a collection/bundle was sent; send one dataset.');
  // JSON-stat 1 bundle: { "dataset": { dimension: { id, size, role, <dims> }, value, status } }
  const ds = o.dataset ?? Object.values(o).find((v: any) => v && typeof v === 'object' && v.dimension?.id);
  if (ds?.dimension?.id && ds.dimension.size) {
    const { id, size, role, ...dims } = ds.dimension;
    return { id, size, role, dimension: dims, value: ds.value, status: ds.status, label: ds.label };
  }
  return bad("JSON-stat: not a dataset (expected class 'dataset' with id, size, dimension and value).");
}

function findDim(ds: JsonStatDataset, role: 'time' | 'geo' | 'metric', pattern: RegExp): string | null {
  const byRole = ds.role?.[role]?.[0];
  if (byRole && ds.id.includes(byRole)) return byRole;
  return ds.id.find((d) => pattern.test(d) || pattern.test(ds.dimension[d]?.label ?? '')) ?? null;
}

/** Resolves an SCB region key/label to our canonical area code. */
export function resolveScbRegion(key: string, label: string | undefined, names?: ReadonlyMap<string, string>): { code: string; vintage: string } | { error: string } {
  const direct = parseAreaCode(key);
  if (direct) return { code: direct.code, vintage: direct.vintage };
  const text = (label ?? key).trim();
  if (/^riket$/i.test(text) || /^(sverige|sweden)$/i.test(text)) return { code: 'SE', vintage: 'SE' };
  const lead = /^(\S+)\s+\S/.exec(text);
  if (lead) {
    const p = parseAreaCode(lead[1]);
    if (p) return { code: p.code, vintage: p.vintage };
  }
  const byName = names?.get(text.toLowerCase());
  if (byName) {
    const p = parseAreaCode(byName);
    if (p) return { code: p.code, vintage: p.vintage };
  }
  return { error: `unknown region '${text}'` };
}

function indicatorFor(option: ScbImportOptions['indicator'], key: string, fallback: string): string {
  if (typeof option === 'string') return option;
  if (option && option[key] !== undefined) return option[key];
  return fallback;
}

/** Lower-case ASCII slug: `Folkmängd 1 nov` → `folkmangd_1_nov`. */
export function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Parses a JSON-stat document (object or JSON text). Each cell becomes one row; `row` in errors is the
 * cell's position in `value` counted from 1. Cells with a status symbol and no value are reported as
 * missing, naming the status.
 */
export function parseJsonStat(input: unknown, options: ScbImportOptions = {}): IndicatorParseResult {
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      bad(`JSON-stat: the body is not valid JSON (${(e as Error).message}).`);
    }
  }
  const ds = asDataset(doc);
  for (const d of ds.id) if (!ds.dimension[d]) bad(`JSON-stat: dimension '${d}' is listed in id but missing from dimension.`);
  const geo = findDim(ds, 'geo', /^(region|område|omrade|area|geo)/i);
  const time = findDim(ds, 'time', /^(tid|time|år|ar|year)$/i);
  const metric = findDim(ds, 'metric', /^(contentscode|tabellinnehåll|contents)$/i);
  if (!geo) bad(`JSON-stat: no region dimension (looked for role.geo or an id like 'Region'; dimensions: ${ds.id.join(', ')}).`);
  if (!time) bad(`JSON-stat: no time dimension (looked for role.time or an id like 'Tid'; dimensions: ${ds.id.join(', ')}).`);

  const keys = ds.id.map((d, i) => categoryKeys(d, ds.dimension[d], ds.size[i]));
  const total = ds.size.reduce((a, b) => a * b, 1);
  if (Array.isArray(ds.value) && ds.value.length !== total) bad(`JSON-stat: value has ${ds.value.length} entries but the sizes multiply to ${total}.`);
  const statusOf = (i: number): string | undefined => {
    const s = ds.status;
    if (s === undefined || s === null) return undefined;
    if (typeof s === 'string') return s;
    if (Array.isArray(s)) return s.length === 1 ? (s[0] ?? undefined) : (s[i] ?? undefined);
    return s[String(i)];
  };
  const cellValue = (i: number): number | null | undefined => (Array.isArray(ds.value) ? ds.value[i] : ds.value[String(i)]);

  const geoI = ds.id.indexOf(geo);
  const timeI = ds.id.indexOf(time);
  const metricI = metric ? ds.id.indexOf(metric) : -1;
  const extraDims = ds.id.map((_, i) => i).filter((i) => i !== geoI && i !== timeI && i !== metricI && ds.size[i] > 1);

  // Resolve every region and time category once.
  const regionCache = keys[geoI].map((k) => resolveScbRegion(k, ds.dimension[geo].category.label?.[k], options.regionNames));
  const yearCache = keys[timeI].map((k) => parseYear(k));

  const rows: IndicatorRow[] = [];
  const rejected: RowError[] = [];
  const sourceRows: number[] = [];
  const coord = new Array<number>(ds.id.length).fill(0);
  for (let cell = 0; cell < total; cell++) {
    // Row-major: the last dimension varies fastest.
    let rest = cell;
    for (let d = ds.id.length - 1; d >= 0; d--) {
      coord[d] = rest % ds.size[d];
      rest = Math.floor(rest / ds.size[d]);
    }
    const errors: string[] = [];
    const region = regionCache[coord[geoI]];
    const regionKey = keys[geoI][coord[geoI]];
    const y = yearCache[coord[timeI]];
    const timeKey = keys[timeI][coord[timeI]];
    if ('error' in region) errors.push(region.error);
    else if (options.vintage && region.vintage !== options.vintage) errors.push(vintageMismatchMessage(`Koden/code ${region.code}`, region.vintage, options.vintage));
    if (!y.ok) errors.push(`time '${timeKey}': ${y.error} (only annual data is imported)`);
    const contentKey = metricI >= 0 ? keys[metricI][coord[metricI]] : 'value';
    let indicator = indicatorFor(options.indicator, contentKey, contentKey);
    for (const d of extraDims) indicator += `|${ds.id[d]}=${keys[d][coord[d]]}`;
    const raw = cellValue(cell);
    const status = statusOf(cell);
    let value: number | null = null;
    if (raw === null || raw === undefined) errors.push(`value missing${status ? ` (status '${status}')` : ''}`);
    else if (typeof raw !== 'number' || !Number.isFinite(raw)) errors.push(`value '${String(raw)}' is not a number`);
    else value = raw;
    if (errors.length > 0 || value === null || 'error' in region || !y.ok) {
      rejected.push({ row: cell + 1, errors: errors.map((e) => `${regionKey}, ${timeKey}, ${contentKey}: ${e}`) });
      continue;
    }
    rows.push({ areaCode: region.code, year: y.year, indicator, value, vintage: region.vintage });
    sourceRows.push(cell + 1);
  }
  return { rows, rejected, sourceRows };
}

/** PxWeb CSV headers of the region column. */
const REGION_HEADER = /^(region|område|omrade|kommun|län|lan|deso|regso|area)\b/i;
const YEAR_HEADER = /^(år|ar|tid|year|time|period)$/i;
const YEAR_SUFFIX = /^(.*?)\s*(\d{4})$/;

/**
 * Parses PxWeb's CSV export. Two layouts are recognised:
 * - years as columns (`"region","Folkmängd 2023","Folkmängd 2024"` or `"region","2023","2024"`), and
 * - long (`"region","år","Folkmängd"`), where every numeric column is a content.
 * Leading title lines (fewer than two fields) are skipped. Other text columns (e.g. `kön`) are folded into the
 * indicator id as `|<column>=<value>`. `row` in errors counts data records from 1; a row with several year
 * columns reports each bad cell in the same entry.
 */
export function parsePxWebCsv(text: string, options: ScbImportOptions = {}): IndicatorParseResult {
  const records = parseCsv(text);
  const headerIdx = records.findIndex((r) => r.fields.filter((f) => f.trim() !== '').length >= 2);
  if (headerIdx < 0) bad('PxWeb CSV: no header line with at least two columns.');
  const header = records[headerIdx].fields.map((h) => h.trim());
  const data = records.slice(headerIdx + 1);
  let regionCol = header.findIndex((h) => REGION_HEADER.test(h));
  if (regionCol < 0) {
    regionCol = header.findIndex((_, c) => data.some((r) => !isBlankRecord(r) && r.fields[c] !== undefined && parseAreaCode(r.fields[c].trim().split(/\s+/)[0] ?? '') !== null));
  }
  if (regionCol < 0) bad(`PxWeb CSV: no region column (header: ${header.join(', ')}).`);
  const yearCol = header.findIndex((h) => YEAR_HEADER.test(h));

  type ValueCol = { col: number; content: string; year: number | null };
  const valueCols: ValueCol[] = [];
  const dimCols: number[] = [];
  for (let c = 0; c < header.length; c++) {
    if (c === regionCol || c === yearCol) continue;
    const m = YEAR_SUFFIX.exec(header[c]);
    if (yearCol < 0 && m) {
      valueCols.push({ col: c, content: m[1].trim(), year: Number(m[2]) });
      continue;
    }
    const numeric = data.every((r) => {
      if (isBlankRecord(r)) return true;
      const v = (r.fields[c] ?? '').trim();
      const p = parseStatNumber(v);
      return p.ok || /missing/.test(p.error);
    });
    if (yearCol >= 0 && numeric) valueCols.push({ col: c, content: header[c], year: null });
    else dimCols.push(c);
  }
  if (valueCols.length === 0) bad(`PxWeb CSV: no value columns (need year columns like "Folkmängd 2024", or an "år" column plus numeric columns; header: ${header.join(', ')}).`);

  const rows: IndicatorRow[] = [];
  const rejected: RowError[] = [];
  const sourceRows: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const rec = data[i];
    if (isBlankRecord(rec)) continue;
    const row = i + 1;
    const errors: string[] = [];
    const regionText = (rec.fields[regionCol] ?? '').trim();
    const region = resolveScbRegion(regionText.split(/\s+/)[0] ?? '', regionText, options.regionNames);
    if ('error' in region) errors.push(region.error);
    else if (options.vintage && region.vintage !== options.vintage) errors.push(vintageMismatchMessage(`Koden/code ${region.code}`, region.vintage, options.vintage));
    let rowYear: number | null = null;
    if (yearCol >= 0) {
      const y = parseYear(rec.fields[yearCol] ?? '');
      if (y.ok) rowYear = y.year;
      else errors.push(`${header[yearCol]}: ${y.error}`);
    }
    let suffix = '';
    for (const c of dimCols) suffix += `|${slug(header[c])}=${(rec.fields[c] ?? '').trim()}`;
    const good: IndicatorRow[] = [];
    for (const vc of valueCols) {
      const p = parseStatNumber(rec.fields[vc.col] ?? '');
      if (!p.ok) {
        errors.push(`${header[vc.col]}: ${p.error}`);
        continue;
      }
      if ('error' in region) continue;
      const year = vc.year ?? rowYear;
      if (year === null) continue;
      const content = vc.content === '' ? 'value' : vc.content;
      const indicator = indicatorFor(options.indicator, content, slug(content) || 'value') + suffix;
      good.push({ areaCode: region.code, year, indicator, value: p.value, vintage: region.vintage });
    }
    if (errors.length > 0) rejected.push({ row, errors });
    // Good cells of a partly bad row are kept when the row's region and year are valid.
    if (!('error' in region) && (yearCol < 0 || rowYear !== null) && !(options.vintage && region.vintage !== options.vintage)) {
      rows.push(...good);
      for (const _ of good) sourceRows.push(row);
    }
  }
  return { rows, rejected, sourceRows };
}
