/**
 * Measures in and out as GeoJSON and CSV (existing plans live in spreadsheets). Pure: rows in, rows out.
 * CSV columns: id, title, kind, classification, status, startsAt, endsAt, ownerOrganisationId, responsible,
 * sharedWith (";"-separated), riskFactors (";"), plannedAmount, plannedUnit, plannedPer, deliveredAmount,
 * description, publicText, outcomeNote, target (GeoJSON geometry as text). An import reads the same columns
 * (id, owner and delivered are ignored: imported measures are the importer's own, with nothing delivered).
 */
import { CsvSyntaxError, isBlankRecord, readCsv } from '../../../shared/src/csv.ts';
import type { Measure, MeasureActivity } from '../../../shared/src/measures.ts';

export const CSV_COLUMNS = [
  'id',
  'title',
  'kind',
  'classification',
  'status',
  'startsAt',
  'endsAt',
  'ownerOrganisationId',
  'responsible',
  'sharedWith',
  'riskFactors',
  'plannedAmount',
  'plannedUnit',
  'plannedPer',
  'deliveredAmount',
  'description',
  'publicText',
  'outcomeNote',
  'target',
] as const;

/** A cell as CSV: quoted when needed; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",;\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function measuresCsv(items: readonly Measure[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const m of items) {
    const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      id: m.id,
      title: m.title,
      kind: m.kind,
      classification: m.classification,
      status: m.status,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      ownerOrganisationId: m.ownerOrganisationId,
      responsible: m.responsible,
      sharedWith: m.sharedWith.join(';'),
      riskFactors: m.riskFactors.join(';'),
      plannedAmount: m.plannedDosage?.amount,
      plannedUnit: m.plannedDosage?.unit,
      plannedPer: m.plannedDosage?.per,
      deliveredAmount: m.delivered.amount,
      description: m.description,
      publicText: m.publicText,
      outcomeNote: m.outcomeNote,
      target: JSON.stringify(m.target),
    };
    lines.push(CSV_COLUMNS.map((c) => cell(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function measuresGeoJson(items: readonly Measure[]) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map(({ target, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry: target, properties })),
  };
}

export interface ImportRow {
  row: number;
  value?: Record<string, unknown>;
  errors: string[];
}

const FIELDS_FROM_PROPERTIES = ['title', 'kind', 'classification', 'status', 'startsAt', 'endsAt', 'description', 'responsible', 'sharedWith', 'riskFactors', 'evidence', 'plannedDosage', 'publicText', 'outcomeNote'];

/** The features of a GeoJSON FeatureCollection (parsed from a string if need be), or why there are none. */
function featureCollectionOf(body: unknown): unknown[] | string {
  let doc = body;
  if (typeof body === 'string') {
    try {
      doc = JSON.parse(body);
    } catch {
      return 'The body is not JSON.';
    }
  }
  const fc = doc as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return 'The body must be a GeoJSON FeatureCollection.';
  return fc.features;
}

/** Rows of a GeoJSON FeatureCollection: each feature's geometry is the target, its properties the fields. */
export function rowsFromGeoJson(body: unknown): ImportRow[] {
  const fc = featureCollectionOf(body);
  if (typeof fc === 'string') return [{ row: 0, errors: [fc] }];
  return fc.map((f, i) => {
    const feat = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    if (!feat || typeof feat !== 'object') return { row: i + 1, errors: ['not a Feature.'] };
    const value: Record<string, unknown> = { target: feat.geometry };
    for (const k of FIELDS_FROM_PROPERTIES) if (feat.properties?.[k] !== undefined && feat.properties[k] !== null) value[k] = feat.properties[k];
    return { row: i + 1, value, errors: [] };
  });
}

/** The non-blank records of a CSV file (the header first), or why there are none. */
function csvRecordsOf(text: string): ReturnType<typeof readCsv> | string {
  try {
    const records = readCsv(text).filter((r) => !isBlankRecord(r));
    return records.length === 0 ? 'The CSV file is empty.' : records;
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e.message;
    throw e;
  }
}

/** Rows of a CSV file with the export's header (any column order; unknown columns refused). */
export function rowsFromCsv(text: string): ImportRow[] {
  const records = csvRecordsOf(text);
  if (typeof records === 'string') return [{ row: 0, errors: [records] }];
  const header = records[0].fields.map((h) => h.trim());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) return [{ row: records[0].line, errors: [`Unknown columns: ${unknown.join(', ')} (columns: ${CSV_COLUMNS.join(', ')}).`] }];
  return records.slice(1).map((r) => {
    const get = (c: string) => {
      const i = header.indexOf(c);
      const v = i >= 0 ? (r.fields[i] ?? '').trim() : '';
      return v === '' ? undefined : v.replace(/^'(?=[=+\-@])/, '');
    };
    const errors: string[] = [];
    const value: Record<string, unknown> = {};
    for (const c of ['title', 'kind', 'classification', 'status', 'startsAt', 'endsAt', 'responsible', 'description', 'publicText', 'outcomeNote']) {
      const v = get(c);
      if (v !== undefined) value[c] = v;
    }
    for (const c of ['sharedWith', 'riskFactors']) {
      const v = get(c);
      if (v !== undefined)
        value[c] = v
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean);
    }
    const amount = get('plannedAmount');
    if (amount !== undefined || get('plannedUnit') !== undefined || get('plannedPer') !== undefined) {
      value.plannedDosage = { amount: amount === undefined ? Number.NaN : Number(amount.replace(',', '.')), unit: get('plannedUnit'), per: get('plannedPer') };
    }
    const target = get('target');
    if (target !== undefined) {
      try {
        value.target = JSON.parse(target);
      } catch {
        errors.push('target is not a GeoJSON geometry.');
      }
    }
    return { row: r.line, value, errors };
  });
}

export const ACTIVITY_CSV_COLUMNS = ['id', 'measureId', 'measureTitle', 'at', 'amount', 'note', 'lon', 'lat', 'organisationId', 'userId'] as const;

export function activitiesCsv(items: ReadonlyArray<MeasureActivity & { measureTitle: string }>): string {
  const lines = [ACTIVITY_CSV_COLUMNS.join(',')];
  for (const a of items) {
    const row = [a.id, a.measureId, a.measureTitle, a.at, a.amount, a.note, a.location?.coordinates[0], a.location?.coordinates[1], a.organisationId, a.userId];
    lines.push(row.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function activitiesGeoJson(items: ReadonlyArray<MeasureActivity & { measureTitle: string }>) {
  return {
    type: 'FeatureCollection' as const,
    features: items.map(({ location, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry: location, properties })),
  };
}

export interface ActivityImportRow {
  row: number;
  measureId?: string;
  value?: Record<string, unknown>;
  errors: string[];
}

/** Activity rows of a CSV file (columns measureId, at, amount, note?, lon?, lat?; the export's other columns are ignored). */
export function activityRowsFromCsv(text: string): ActivityImportRow[] {
  const records = csvRecordsOf(text);
  if (typeof records === 'string') return [{ row: 0, errors: [records] }];
  const header = records[0].fields.map((h) => h.trim());
  const missing = ['measureId', 'at', 'amount'].filter((c) => !header.includes(c));
  if (missing.length) return [{ row: records[0].line, errors: [`Missing columns: ${missing.join(', ')}.`] }];
  return records.slice(1).map((r) => {
    const get = (c: string) => {
      const v = (r.fields[header.indexOf(c)] ?? '').trim();
      return header.includes(c) && v !== '' ? v.replace(/^'(?=[=+\-@])/, '') : undefined;
    };
    const value: Record<string, unknown> = { at: get('at'), amount: Number((get('amount') ?? '').replace(',', '.')) };
    const note = get('note');
    if (note !== undefined) value.note = note;
    const lon = get('lon');
    const lat = get('lat');
    if (lon !== undefined || lat !== undefined) value.location = { type: 'Point', coordinates: [Number(lon), Number(lat)] };
    return { row: r.line, measureId: get('measureId'), value, errors: [] };
  });
}

/** Activity rows of a GeoJSON FeatureCollection (geometry: the optional Point; properties measureId, at, amount, note?). */
export function activityRowsFromGeoJson(body: unknown): ActivityImportRow[] {
  const fc = featureCollectionOf(body);
  if (typeof fc === 'string') return [{ row: 0, errors: [fc] }];
  return fc.map((f, i) => {
    const feat = f as { geometry?: unknown; properties?: Record<string, unknown> | null };
    const p = feat?.properties ?? {};
    const value: Record<string, unknown> = { at: p.at, amount: p.amount };
    if (p.note !== undefined && p.note !== null) value.note = p.note;
    if (feat?.geometry) value.location = feat.geometry;
    return { row: i + 1, measureId: typeof p.measureId === 'string' ? p.measureId : undefined, value, errors: [] };
  });
}
