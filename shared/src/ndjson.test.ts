import { describe, expect, it } from 'vitest';
import { readNdjson } from './ndjson.ts';

describe('readNdjson', () => {
  it('one value per line, blank lines skipped, bad lines kept as text', () => {
    expect(readNdjson('{"a":1}\r\n\n  \n[2]\nnot json\n')).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: true, value: [2] },
      { ok: false, text: 'not json' },
    ]);
  });
});
