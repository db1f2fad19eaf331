import { describe, expect, it } from 'vitest';
import type { LogRow } from '../EventLog.tsx';
import { numberJournal, searchJournal } from './journal.ts';

const row = (id: string, time: string, layerName: string, text: string): LogRow => ({ id, time, author: 'duty', text, featureIds: [], layerId: layerName, layerName });

describe('staff journal', () => {
  it('numbers the entries of every readable layer together, oldest first, ties by id', () => {
    const j = numberJournal([
      row('b', '2026-12-05T10:00:00Z', 'Samverkan', 'Patrull på plats'),
      row('a', '2026-12-05T09:00:00Z', 'Polisens lägesbild', 'Larm inkom'),
      row('c', '2026-12-05T10:00:00Z', 'Polisens lägesbild', 'Avspärrning'),
    ]);
    expect(j.map((e) => [e.no, e.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('searches text, author and layer and keeps the numbers', () => {
    const j = numberJournal([row('a', '2026-12-05T09:00:00Z', 'Polisens lägesbild', 'Larm inkom'), row('b', '2026-12-05T10:00:00Z', 'Samverkan', 'Patrull på plats')]);
    expect(searchJournal(j, 'patrull').map((e) => e.no)).toEqual([2]);
    expect(searchJournal(j, 'SAMVERKAN').map((e) => e.no)).toEqual([2]);
    expect(searchJournal(j, '  ').map((e) => e.no)).toEqual([1, 2]);
  });
});
