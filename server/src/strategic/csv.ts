/**
 * CSV for the strategic importers: the shared reader, where a file that cannot be read at all is an invalid
 * import (400) rather than a crash; and SCB's way of writing numbers. Pure; no I/O.
 */
import { type CsvRecord, CsvSyntaxError, readCsv } from '../../../shared/src/csv.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';

export { type CsvRecord, isBlankRecord } from '../../../shared/src/csv.ts';

/** Splits CSV text into records (delimiter detected from the first line unless given). */
export function parseCsv(text: string, delimiter?: string): CsvRecord[] {
  try {
    return readCsv(text, delimiter);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new StrategicError(StrategicErrorCode.InvalidImport, e.message);
    throw e;
  }
}

/** SCB and PxWeb symbols for "no value": `..` not available, `.` not applicable, `-` nil/none, `…`. */
const MISSING_SYMBOLS = new Set(['..', '.', '...', '…', '-', '–', 'NA', 'NaN']);

export type ParsedNumber = { ok: true; value: number } | { ok: false; error: string };

/**
 * Parses a statistical number: spaces (incl. no-break) as thousands separators and a decimal comma
 * are accepted; SCB missing-value symbols give a "value missing" error naming the symbol.
 */
export function parseStatNumber(raw: string): ParsedNumber {
  const s = raw.trim();
  if (s === '') return { ok: false, error: 'value is empty' };
  if (MISSING_SYMBOLS.has(s)) return { ok: false, error: `value missing (symbol '${s}')` };
  const compact = s.replace(/[\s\u00a0\u202f]/g, '');
  if (!/^[-+−]?(\d+([.,]\d+)?|[.,]\d+)([eE][-+]?\d+)?$/.test(compact)) {
    return { ok: false, error: `value '${s}' is not a number` };
  }
  const v = Number(compact.replace('−', '-').replace(',', '.'));
  if (!Number.isFinite(v)) return { ok: false, error: `value '${s}' is not a finite number` };
  return { ok: true, value: v };
}
