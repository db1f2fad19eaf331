import { describe, expect, it } from 'vitest';
import { levelFor, rank, seriesByIndicator, sparkPoints } from './indexModel.ts';

describe('strategic index on the client', () => {
  it('maps scores to levels with the default z cut-offs', () => {
    expect(levelFor(-1)).toBe(1);
    expect(levelFor(-0.5)).toBe(2);
    expect(levelFor(0.2)).toBe(3);
    expect(levelFor(0.5)).toBe(4);
    expect(levelFor(3)).toBe(5);
    expect(levelFor(null)).toBeNull();
  });

  it('ranks worst first and puts areas without a score last', () => {
    const r = rank([
      { code: 'a', name: 'Ö', score: 1, level: 5, contributions: [] },
      { code: 'b', name: 'B', score: null, level: null, contributions: [], reason: 'för få indikatorer' },
      { code: 'c', name: 'C', score: 2, level: 5, contributions: [] },
    ]);
    expect(r.map((x) => [x.code, x.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['b', null],
    ]);
  });

  it('builds trend series and sparklines', () => {
    const s = seriesByIndicator([
      { indicator: 'x', year: 2024, value: 2 },
      { indicator: 'x', year: 2022, value: 0 },
      { indicator: 'y', year: 2024, value: null },
    ]);
    expect(s.get('x')?.map((p) => p.year)).toEqual([2022, 2024]);
    expect(sparkPoints(s.get('x')!, 10, 10)).toBe('0.0,10.0 10.0,0.0');
    expect(sparkPoints(s.get('y')!, 10, 10)).toBe('');
  });
});
