/**
 * Indicator value import, CSV `areaCode,year,indicator,value` (header required, any column order,
 * optional `vintage` column; `,` `;` or tab). Every bad row is reported with all its errors; rows count
 * data records from 1 (= the first record after the header, blank records included in the count).
 */
import { isBlankRecord, parseCsv, parseStatNumber } from './csv.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import { parseAreaCode, vintageMismatchMessage } from './vintage.ts';

export interface IndicatorRow {
  /** Canonical area code (see `parseAreaCode`). */
  areaCode: string;
  year: number;
  indicator: string;
  value: number;
  /** Code vintage inferred from the code (or the `vintage` column when it agrees). */
  vintage?: string;
}

export interface RowError {
  row: number;
  errors: string[];
}

export interface IndicatorParseResult {
  rows: IndicatorRow[];
  rejected: RowError[];
  /** `sourceRows[i]` is the source row (as in `RowError.row`) of `rows[i]`, for checks done after parsing (e.g. unknown area). */
  sourceRows?: number[];
}

const INDICATOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.:|=+-]{0,99}$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

/** Checks an indicator id: letters, digits, `_ . : | = + -` (the last three from folded SCB dimensions), at most 100 characters. */
export function indicatorIdError(id: string): string | null {
  if (id === '') return 'indicator is empty';
  return INDICATOR_ID.test(id) ? null : `indicator '${id}' may only contain letters, digits and _ . : | = + - (max 100)`;
}

/** Checks a year string; returns the year or an error. */
export function parseYear(raw: string): { ok: true; year: number } | { ok: false; error: string } {
  const s = raw.trim();
  if (!/^\d{4}$/.test(s)) return { ok: false, error: `year '${s}' is not a four-digit year` };
  const year = Number(s);
  if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: `year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}` };
  return { ok: true, year };
}

export interface IndicatorCsvOptions {
  /** When set, every row's code must be of this vintage (e.g. `DeSO2025`). */
  vintage?: string;
}

/**
 * Parses the indicator CSV. Throws `RT_ERR_INVALID_IMPORT` only when the header is unusable; everything
 * else is a per-row error (unknown code format, wrong vintage, bad year, bad value, duplicate key).
 */
export function parseIndicatorCsv(text: string, options: IndicatorCsvOptions = {}): IndicatorParseResult {
  const records = parseCsv(text);
  const headerIdx = records.findIndex((r) => !isBlankRecord(r));
  if (headerIdx < 0) throw new StrategicError(StrategicErrorCode.InvalidImport, 'The CSV is empty; expected a header areaCode,year,indicator,value.');
  const header = records[headerIdx].fields.map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name.toLowerCase());
  const idx = { areaCode: col('areaCode'), year: col('year'), indicator: col('indicator'), value: col('value'), vintage: col('vintage') };
  const absent = (['areaCode', 'year', 'indicator', 'value'] as const).filter((k) => idx[k] < 0);
  if (absent.length > 0) {
    throw new StrategicError(
      StrategicErrorCode.InvalidImport,
      `The CSV header lacks ${absent.join(', ')}; expected areaCode,year,indicator,value (got ${records[headerIdx].fields.join(',')}).`,
    );
  }
  const rows: IndicatorRow[] = [];
  const rejected: RowError[] = [];
  const sourceRows: number[] = [];
  const seen = new Map<string, number>();
  for (let i = headerIdx + 1; i < records.length; i++) {
    const rec = records[i];
    const row = i - headerIdx;
    if (isBlankRecord(rec)) continue;
    const errors: string[] = [];
    const get = (c: number) => (c >= 0 && c < rec.fields.length ? rec.fields[c].trim() : '');
    const rawCode = get(idx.areaCode);
    const parsed = rawCode === '' ? null : parseAreaCode(rawCode);
    if (rawCode === '') errors.push('areaCode is empty');
    else if (!parsed) errors.push(`unknown area code format '${rawCode}'`);
    const colVintage = get(idx.vintage);
    if (parsed && colVintage !== '' && colVintage !== parsed.vintage) errors.push(vintageMismatchMessage(`Koden/code ${rawCode}`, parsed.vintage, colVintage));
    if (parsed && options.vintage && parsed.vintage !== options.vintage) errors.push(vintageMismatchMessage(`Koden/code ${rawCode}`, parsed.vintage, options.vintage));
    const y = parseYear(get(idx.year));
    if (!y.ok) errors.push(y.error);
    const indicator = get(idx.indicator);
    const indErr = indicatorIdError(indicator);
    if (indErr) errors.push(indErr);
    const v = parseStatNumber(get(idx.value));
    if (!v.ok) errors.push(v.error);
    if (errors.length === 0 && parsed && y.ok && v.ok) {
      const key = `${parsed.code}|${y.year}|${indicator}`;
      const first = seen.get(key);
      if (first !== undefined) {
        rejected.push({ row, errors: [`duplicate of row ${first} (${parsed.code}, ${y.year}, ${indicator})`] });
        continue;
      }
      seen.set(key, row);
      rows.push({ areaCode: parsed.code, year: y.year, indicator, value: v.value, vintage: parsed.vintage });
      sourceRows.push(row);
    } else {
      rejected.push({ row, errors });
    }
  }
  return { rows, rejected, sourceRows };
}
