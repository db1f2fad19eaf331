import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, detectDelimiter, isBlankRecord, readCsv } from './csv.ts';

describe('readCsv', () => {
  it('quoted delimiters, doubled quotes, line breaks in fields, BOM, CR/LF/CRLF; records keep their first line', () => {
    const recs = readCsv('\uFEFFa,b\r\n"x, ""y""","line1\nline2"\r\nc,d\nlast\re', ',');
    expect(recs).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x, "y"', 'line1\nline2'], line: 2 },
      { fields: ['c', 'd'], line: 4 },
      { fields: ['last'], line: 5 },
      { fields: ['e'], line: 6 },
    ]);
  });

  it('blank lines are one-field records; a trailing line break adds none; ragged rows are kept', () => {
    const recs = readCsv('a;b\n\n  \n1;2;3\n', ';');
    expect(recs.map((r) => r.fields)).toEqual([['a', 'b'], [''], ['  '], ['1', '2', '3']]);
    expect(recs.map(isBlankRecord)).toEqual([false, true, true, false]);
    expect(readCsv('')).toEqual([]);
  });

  it('a quote inside an unquoted field is an ordinary character', () => {
    expect(readCsv('a,b"c,d', ',')[0].fields).toEqual(['a', 'b"c', 'd']);
  });

  it('an unclosed quote names the line its record starts on', () => {
    const err = (() => {
      try {
        readCsv('a,b\nå,"x\ny\nz', ',');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(2);
    expect((err as CsvSyntaxError).message).toBe('CSV: a quoted field starting on line 2 is never closed.');
  });

  it('detects , ; or tab from the first non-empty line, ignoring quoted ones', () => {
    expect(detectDelimiter('\n"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb')).toBe('\t');
  });
});
