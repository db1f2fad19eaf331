/**
 * Minimal RFC 4180 CSV reader shared by the strategic importers: quoted fields may hold the
 * delimiter, doubled quotes and newlines. Pure; no I/O.
 */

export interface CsvRecord {
  /** Fields of the record, unquoted. */
  fields: string[];
  /** 1-based physical line on which the record starts (for messages). */
  line: number;
}

/** Picks `,`, `;` or tab by counting them (outside quotes) in the first non-empty line. */
export function detectDelimiter(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  let best = ',';
  let bestCount = -1;
  for (const d of [',', ';', '\t']) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Splits CSV text into records. A trailing newline does not produce an empty record; blank lines
 * in the middle produce records with a single empty field (callers count and skip them).
 */
export function parseCsv(text: string, delimiter: string = detectDelimiter(text)): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      out.push({ fields, line: recordLine });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ fields, line: recordLine });
  }
  return out;
}

/** True when a record is an empty line. */
export function isBlankRecord(r: CsvRecord): boolean {
  return r.fields.every((f) => f.trim() === '');
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
