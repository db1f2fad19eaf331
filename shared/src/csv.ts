/**
 * CSV reading (RFC 4180 on the maintained csv-parse): quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CR, LF and CRLF all end a record; a leading BOM is dropped; a quote inside an unquoted
 * field is an ordinary character. Every record keeps the line it starts on, so importers can name rejected
 * rows. Records may have different lengths; blank lines become one-field records (see isBlankRecord) so
 * callers decide whether they count.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Fields of the record, unquoted and untrimmed. */
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
}

/** Input that cannot be read as CSV at all: a quoted field never closed, or a stray quote after one. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    /** Line on which the offending record starts. */
    readonly line: number,
    readonly reason: 'unclosed-quote' | 'invalid-quote',
    message: string,
  ) {
    super(message);
  }
}

/** Picks `,`, `;` or tab by counting them (outside quotes) in the first non-empty line. */
export function detectDelimiter(text: string): string {
  const firstLine =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
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

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Splits CSV text into records. A trailing line break does not produce an empty record. */
export function readCsv(text: string, delimiter: string = detectDelimiter(text)): CsvRecord[] {
  let rows: ParsedRecord[];
  try {
    rows = parse(text, {
      delimiter,
      bom: true,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as ParsedRecord[];
  } catch (e) {
    throw syntaxError(text, e);
  }
  // csv-parse reports the line a record ends on; each record starts on the line after the previous one ended.
  let nextLine = 1;
  return rows.map(({ record, info }) => {
    const out = { fields: record, line: nextLine };
    nextLine = info.lines + 1;
    return out;
  });
}

function syntaxError(text: string, e: unknown): unknown {
  const { code, bytes_records: done } = e as { code?: unknown; bytes_records?: number };
  if (code !== 'CSV_QUOTE_NOT_CLOSED' && code !== 'CSV_INVALID_CLOSING_QUOTE') return e;
  const reason = code === 'CSV_QUOTE_NOT_CLOSED' ? 'unclosed-quote' : 'invalid-quote';
  const line = lineAfter(text, done ?? 0);
  const what = reason === 'unclosed-quote' ? `a quoted field starting on line ${line} is never closed` : `a quoted field on line ${line} has text after its closing quote`;
  return new CsvSyntaxError(line, reason, `CSV: ${what}.`);
}

/** The line on which the record starting `bytes` UTF-8 bytes into `text` begins (csv-parse counts bytes). */
function lineAfter(text: string, bytes: number): number {
  const read = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, bytes));
  return 1 + (read.match(/\r\n|\n|\r/g)?.length ?? 0);
}

/** True when a record is an empty or whitespace-only line. */
export function isBlankRecord(r: CsvRecord): boolean {
  return r.fields.every((f) => f.trim() === '');
}
