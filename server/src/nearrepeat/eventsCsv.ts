/**
 * Parsing of the Knox CLI's events CSV: columns `x,y,time` (projected metres, ISO date or date-time), with or
 * without a header row. Pure: text in, typed arrays and problem sentences out.
 */
import { type CsvRecord, CsvSyntaxError, readCsv } from '../../../shared/src/csv.ts';
import type { KnoxEvents } from './knox.ts';

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 date (`2016-01-31`) or date-time (`2016-01-31T13:05`, optional seconds, fraction and
 * offset; no offset means UTC) into days since 1970-01-01 UTC. Dates give whole days. Returns `null` when the
 * text is not a valid ISO date or date-time.
 */
export function parseIsoDays(text: string): number | null {
  const s = text.trim();
  let m = DATE_RE.exec(s);
  if (m !== null) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const ms = Date.UTC(y, mo - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    return ms / MS_PER_DAY;
  }
  m = DATE_TIME_RE.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`);
  if (h > 24 || mi > 59 || sec > 60 || (h === 24 && (mi > 0 || sec > 0 || frac > 0))) return null;
  const dayMs = Date.UTC(y, mo - 1, d);
  const check = new Date(dayMs);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  let offsetMin = 0;
  const tz = m[8];
  if (tz !== undefined && tz !== 'Z' && tz !== 'z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = sign * (oh * 60 + om);
  }
  const ms = dayMs + ((h * 60 + mi - offsetMin) * 60 + sec + frac) * 1000;
  return ms / MS_PER_DAY;
}

export interface ParsedEvents {
  events: KnoxEvents & { x: Float64Array; y: Float64Array; t: Float64Array };
  /** Number of data rows read (blank lines skipped). */
  rows: number;
  /** One sentence per problem, rows numbered from 1 over data rows (the header is not counted). */
  problems: string[];
}

const X_NAMES = ['x', 'easting', 'east', 'e'];
const Y_NAMES = ['y', 'northing', 'north', 'n'];
const T_NAMES = ['time', 'date', 'datetime', 'date_time', 't', 'occurredat', 'occurred_at', 'timestamp'];

/**
 * Parses `x,y,time` CSV text. A first row whose first two fields are not numbers is taken as a header; its
 * column names (x/y/time, case-insensitive, also date/datetime) choose the columns, otherwise the first three
 * columns are used. At most `maxProblems` problems are listed, followed by a count of the rest.
 */
export function parseEventsCsv(text: string, maxProblems = 25): ParsedEvents {
  const problems: string[] = [];
  let extra = 0;
  const report = (msg: string): void => {
    if (problems.length < maxProblems) problems.push(msg);
    else extra++;
  };
  let records: CsvRecord[];
  try {
    records = readCsv(text, ',').filter((r) => !(r.fields.length === 1 && r.fields[0].trim() === ''));
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    report(e.message);
    records = [];
  }
  let xi = 0;
  let yi = 1;
  let ti = 2;
  let start = 0;
  if (records.length > 0) {
    const first = records[0].fields.map((f) => f.trim());
    const looksNumeric = first.length >= 2 && first[0] !== '' && Number.isFinite(Number(first[0])) && Number.isFinite(Number(first[1]));
    if (!looksNumeric) {
      const names = first.map((f) => f.toLowerCase());
      const find = (cands: string[]): number => names.findIndex((nm) => cands.includes(nm));
      const fx = find(X_NAMES);
      const fy = find(Y_NAMES);
      const ft = find(T_NAMES);
      if (fx >= 0 && fy >= 0 && ft >= 0) {
        xi = fx;
        yi = fy;
        ti = ft;
      } else if (names.length < 3) {
        report('The header row has fewer than three columns; expected x,y,time.');
      }
      start = 1;
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  const t: number[] = [];
  let row = 0;
  for (const { fields, line } of records.slice(start)) {
    row++;
    const f = fields.map((v) => v.trim());
    const need = Math.max(xi, yi, ti) + 1;
    if (f.length < need) {
      report(`Row ${row} (line ${line}) has ${f.length} column${f.length === 1 ? '' : 's'}, but x, y and time are needed.`);
      continue;
    }
    const xs = f[xi];
    const ys = f[yi];
    const tsText = f[ti];
    const xv = xs === '' ? Number.NaN : Number(xs);
    const yv = ys === '' ? Number.NaN : Number(ys);
    const tv = parseIsoDays(tsText);
    let ok = true;
    if (!Number.isFinite(xv)) {
      report(`Row ${row} (line ${line}): x "${xs}" is not a number.`);
      ok = false;
    }
    if (!Number.isFinite(yv)) {
      report(`Row ${row} (line ${line}): y "${ys}" is not a number.`);
      ok = false;
    }
    if (tv === null) {
      report(`Row ${row} (line ${line}): time "${tsText}" is not an ISO date (YYYY-MM-DD) or date-time.`);
      ok = false;
    }
    if (ok && tv !== null) {
      x.push(xv);
      y.push(yv);
      t.push(tv);
    }
  }
  if (extra > 0) problems.push(`${extra} more row problem${extra === 1 ? '' : 's'} not listed.`);
  return {
    events: { x: Float64Array.from(x), y: Float64Array.from(y), t: Float64Array.from(t) },
    rows: row,
    problems,
  };
}
