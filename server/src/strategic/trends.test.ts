import { describe, expect, it } from 'vitest';
import type { IndexItem } from './indicatorIndex.ts';
import { areasByYearFromRows, biggestMovers, indexSeries, indicatorSeries, watchList } from './trends.ts';

const spec = [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' as const }];
const rows = [
  ...[
    ['a', 1, 1],
    ['b', 2, 2],
    ['c', 3, 6],
    ['d', 4, 3],
  ].flatMap(([code, v2023, v2024]) => [
    { areaCode: code as string, year: 2023, indicator: 'x', value: v2023 as number },
    { areaCode: code as string, year: 2024, indicator: 'x', value: v2024 as number },
  ]),
];
const areas = ['a', 'b', 'c', 'd'].map((code) => ({ code, name: code.toUpperCase() }));

describe('trends', () => {
  it('builds per-year inputs and indicator series', () => {
    const byYear = areasByYearFromRows(rows, areas);
    expect([...byYear.keys()]).toEqual([2023, 2024]);
    expect(byYear.get(2024)?.find((a) => a.code === 'c')?.values).toEqual({ x: 6 });
    expect(indicatorSeries(rows, 'c')).toEqual([{ indicator: 'x', points: [{ year: 2023, value: 3 }, { year: 2024, value: 6 }] }]);
  });

  it('finds the areas that moved most, against a baseline year', () => {
    const s = indexSeries(areasByYearFromRows(rows, areas), spec, { method: 'zscore', baselineYear: 2023 });
    // baseline 2023: mean 2.5, sd √1.25 → c: (3−2.5)/sd → (6−2.5)/sd, change 3/sd
    const movers = biggestMovers(s.trends, 2023, 2024, { limit: 2 });
    expect(movers.map((m) => m.code)).toEqual(['c', 'd']);
    expect(movers[0].change).toBeCloseTo(3 / Math.sqrt(1.25), 12);
    expect(movers[1].change).toBeCloseTo(-1 / Math.sqrt(1.25), 12);
    expect(biggestMovers(s.trends, 2023, 2024, { direction: 'better' }).map((m) => m.code)).toEqual(['d']);
  });

  it('relative (per-year) standardisation keeps the mean at 0 each year', () => {
    const s = indexSeries(areasByYearFromRows(rows, areas), spec, { method: 'zscore' });
    for (const y of s.years) {
      const scores = s.byYear.get(y)!.items.map((i) => i.score as number);
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
  });
});

describe('watchList', () => {
  const item = (code: string, score: number | null): IndexItem => ({ code, name: code, score, level: null, contributions: [] });
  const current = [item('D1', 2), item('D2', 1.2), item('D3', 1.0), item('N1', 1.5), item('N2', 0.95), item('N3', 0.2), item('N4', 0.9), item('N5', null)];
  const designated = new Set(['D1', 'D2', 'D3']);

  it('lists undesignated areas at the level of designated ones, and those approaching while rising', () => {
    const previous = [item('N2', 0.5), item('N4', 1.0)];
    const r = watchList(current, designated, { previous, margin: 0.2 });
    // designated scores 1.0, 1.2, 2 → lower quartile = 1.1
    expect(r.threshold).toBeCloseTo(1.1, 12);
    expect(r.items.map((i) => [i.code, i.status])).toEqual([
      ['N1', 'at_level'],
      ['N2', 'approaching'],
    ]);
    expect(r.items[0].reason).toMatch(/inte utpekat/);
    expect(r.items[1].reasonEn).toMatch(/rising \(\+0\.45\)/);
    // N4 is as close as N2 but falling, so not listed.
    // AUC: designated {2, 1.2, 1.0} vs {1.5, 0.95, 0.2, 0.9}: wins 4 + 3 + 3 = 10 of 12
    expect(r.separation.auc).toBeCloseTo(10 / 12, 12);
  });

  it('has no threshold when no designated area has a score', () => {
    expect(watchList(current, new Set(['N5'])).threshold).toBeNull();
  });
});
