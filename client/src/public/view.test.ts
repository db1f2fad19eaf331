import { describe, expect, it } from 'vitest';
import { en, sv } from './sentences.ts';
import { chartMax, latest, monthLabel, municipalityFromPath, pathFor, statisticsTable } from './view.ts';

describe('public page helpers', () => {
  it('reads the municipality from the path', () => {
    expect(municipalityFromPath('/offentlig')).toBeNull();
    expect(municipalityFromPath('/offentlig/')).toBeNull();
    expect(municipalityFromPath('/offentlig/1280')).toBe('1280');
    expect(municipalityFromPath('/offentlig/1280/')).toBe('1280');
    expect(municipalityFromPath('/offentlig/malmo')).toBe('invalid');
    expect(municipalityFromPath('/offentlig/12800')).toBe('invalid');
    expect(pathFor('1280')).toBe('/offentlig/1280');
  });
  it('pivots statistics into months × types, keeping suppressed cells as they are', () => {
    const t = statisticsTable([
      { month: '2026-01', type: 'arson', count: null, suppressed: true },
      { month: '2026-01', type: 'shooting', count: 6, suppressed: false },
      { month: '2026-02', type: 'arson', count: 0, suppressed: false },
      { month: '2026-02', type: 'shooting', count: 5, suppressed: false },
    ]);
    expect(t.months).toEqual(['2026-01', '2026-02']);
    expect(t.types).toEqual(['arson', 'shooting']);
    expect(t.cell('2026-01', 'arson')).toMatchObject({ suppressed: true, count: null });
    expect(chartMax([{ month: '2026-01', type: 'a', count: null, suppressed: true }])).toBe(4);
  });
  it('names months in the reader’s language and picks the latest time', () => {
    expect(monthLabel('2026-03', 'sv')).toBe('mars 2026');
    expect(monthLabel('2026-03', 'en')).toBe('March 2026');
    expect(latest(null, '2026-01-02T00:00:00Z', '2026-03-01T00:00:00Z', undefined)).toBe('2026-03-01T00:00:00Z');
  });
  it('has the same sentences in both languages, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(sv) as Array<keyof typeof sv>) expect(ph(en[k]), k).toEqual(ph(sv[k]));
  });
});
