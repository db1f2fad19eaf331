import { describe, expect, it } from 'vitest';
import { sortOverview } from './overviewModel.ts';
import type { OverviewItem } from './types.ts';

const item = (id: string, title: string, estTotal: number, delivered: number, p: number, afterFrom: string): OverviewItem => ({
  evaluationId: id,
  measureId: `m-${id}`,
  title,
  kind: 'patrol',
  ownerOrganisationId: 'o',
  areaName: null,
  createdAt: '2026-12-01T00:00:00Z',
  periods: { before: { from: '', to: '', days: 28 }, after: { from: afterFrom, to: '', days: 28 } },
  dosage: { deliveredTotal: delivered, plannedTotal: null, unit: 'visit' },
  estTotal,
  lowCI: estTotal - 5,
  highCI: estTotal + 5,
  p,
  significant: p < 0.1,
  caveats: [],
});

const items = [item('a', 'Öresund', -3, 40, 0.2, '2026-10-01'), item('b', 'ärendet', -12, 10, Number.NaN, '2026-09-01'), item('c', 'Bellevue', 4, 25, 0.01, '2026-11-01'), item('d', 'Annelund', -3, 5, 0.5, '2026-08-01')];
const withA = [...items, item('e', 'Åkarp', 1, 1, 0.9, '2026-07-01')];
const ids = (xs: OverviewItem[]) => xs.map((x) => x.evaluationId);

describe('regional overview sorting', () => {
  it('sorts by effect both ways, ties keeping the API order', () => {
    expect(ids(sortOverview(items, { column: 'effect', ascending: true }))).toEqual(['b', 'a', 'd', 'c']);
    expect(ids(sortOverview(items, { column: 'effect', ascending: false }))).toEqual(['c', 'a', 'd', 'b']);
  });
  it('sorts titles in Swedish order (å, ä, ö last) and puts missing p-values last either way', () => {
    expect(ids(sortOverview(withA, { column: 'title', ascending: true }))).toEqual(['d', 'c', 'e', 'b', 'a']);
    expect(ids(sortOverview(items, { column: 'p', ascending: true })).at(-1)).toBe('b');
    expect(ids(sortOverview(items, { column: 'p', ascending: false })).at(-1)).toBe('b');
    expect(ids(sortOverview(items, { column: 'dosage', ascending: false }))).toEqual(['a', 'c', 'b', 'd']);
    expect(ids(sortOverview(items, { column: 'period', ascending: true }))).toEqual(['d', 'b', 'a', 'c']);
  });
  it('sorts by area name in Swedish order, rows without a place last either way', () => {
    const placed = [
      { ...items[0], areaName: 'Östra Innerstaden' },
      { ...items[1], areaName: null },
      { ...items[2], areaName: 'Fosie' },
      { ...items[3], areaName: 'Centrum' },
    ];
    expect(ids(sortOverview(placed, { column: 'area', ascending: true }))).toEqual(['d', 'c', 'a', 'b']);
    expect(ids(sortOverview(placed, { column: 'area', ascending: false }))).toEqual(['a', 'c', 'd', 'b']);
  });
});
