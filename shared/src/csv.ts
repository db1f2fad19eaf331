/**
 * CSV reading (RFC 4180 on the maintained csv-parse): quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CR, LF and CRLF all end a record; a leading BOM is dropped. Spreadsheet exports are not
 * always strict, so a quote inside an unquoted field is an ordinary character, and so is text after a
 * closing quote (`"a"b` reads as `"a"b`). Every record keeps the line it starts on, so importers can name
 * rejected rows. Records may have different lengths; blank lines become one-field records (see
 * isBlankRecord) so callers decide whether they count.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  /** Fields of the record, unquoted and untrimmed. */
  fields: string[];
  /** 1-based physical line on which the record starts. */
  line: number;
}

/** Input that cannot be read as CSV at all: a quoted field that is never closed. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    /** Line on which the record with the open quote starts. */
    readonly line: number,
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

/** Splits CSV text into records. A trailing line break does not produce an empty record. */
export function readCsv(text: string, delimiter: string = detectDelimiter(text)): CsvRecord[] {
  const out: CsvRecord[] = [];
  // csv-parse reports the line a record ends on; each record starts on the line after the previous one ended.
  let nextLine = 1;
  try {
    parse(text, {
      delimiter,
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (fields: string[], { lines }) => {
        out.push({ fields, line: nextLine });
        nextLine = lines + 1;
        return null;
      },
    });
  } catch (e) {
    throw syntaxError(e, nextLine);
  }
  return out;
}

function syntaxError(e: unknown, line: number): unknown {
  if ((e as { code?: unknown }).code !== 'CSV_QUOTE_NOT_CLOSED') return e;
  return new CsvSyntaxError(line, `CSV: a quoted field starting on line ${line} is never closed.`);
}

/** True when a record is an empty or whitespace-only line. */
export function isBlankRecord(r: CsvRecord): boolean {
  return r.fields.every((f) => f.trim() === '');
}
