import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textDiff } from './useReportText.ts';

describe('textDiff', () => {
  it('is the smallest replacement, so two writers editing different places both keep their edits', () => {
    expect(textDiff('abc', 'abXc')).toEqual([2, 0, 'X']);
    expect(textDiff('abc', 'ac')).toEqual([1, 1, '']);
    expect(textDiff('', 'ny text')).toEqual([0, 0, 'ny text']);
    expect(textDiff('same', 'same')).toEqual([4, 0, '']);
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Vad har hänt. Behov.');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const apply = (d: Y.Doc, next: string) => {
      const [s, del, ins] = textDiff(d.getText('t').toString(), next);
      if (del) d.getText('t').delete(s, del);
      if (ins) d.getText('t').insert(s, ins);
    };
    apply(a, 'Vad har hänt i natt. Behov.');
    apply(b, 'Vad har hänt. Behov: två patruller.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Vad har hänt i natt. Behov: två patruller.');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });
});
