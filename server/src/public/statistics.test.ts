import { describe, expect, it } from 'vitest';
import { monthsBetween, parseMonth, stockholmMonthStart, suppressedCells } from './statistics.ts';

describe('public statistics core', () => {
  it('a month starts at Swedish midnight, summer time from April to October', () => {
    expect(stockholmMonthStart(2026, 1).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(stockholmMonthStart(2026, 4).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect(stockholmMonthStart(2026, 10).toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(stockholmMonthStart(2026, 11).toISOString()).toBe('2026-10-31T23:00:00.000Z');
    // Checked against the time zone database for every month of a decade.
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
    for (let y = 2020; y < 2030; y++) for (let m = 1; m <= 12; m++) expect(local.format(stockholmMonthStart(y, m))).toBe(`${y}-${String(m).padStart(2, '0')}-01 00:00`);
  });

  it('reads months and dates, refuses what is not one', () => {
    expect(parseMonth('2026-03')).toEqual([2026, 3]);
    expect(parseMonth('2026-02-28')).toEqual([2026, 2]);
    for (const bad of ['2026-13', '2026-00', '2026-02-30', '26-01', '2026-1', 'march', '2026-03-01T00:00']) expect(parseMonth(bad), bad).toBeNull();
    expect(monthsBetween([2025, 11], [2026, 2])).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('suppresses 1–4, keeps 0 and ≥ 5, fills every month × type', () => {
    const cells = suppressedCells(['2026-01', '2026-02'], [
      { month: '2026-01', type: 'shooting', count: 1 },
      { month: '2026-01', type: 'arson', count: 4 },
      { month: '2026-02', type: 'arson', count: 5 },
    ]);
    expect(cells).toEqual([
      { month: '2026-01', type: 'arson', count: null, suppressed: true },
      { month: '2026-01', type: 'shooting', count: null, suppressed: true },
      { month: '2026-02', type: 'arson', count: 5, suppressed: false },
      { month: '2026-02', type: 'shooting', count: 0, suppressed: false },
    ]);
  });
});
