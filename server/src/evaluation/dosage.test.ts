import { describe, expect, it } from 'vitest';
import { dosageOf } from './measureEvaluation.ts';

const after = { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-04-22T00:00:00Z') };
const delivered = (byWeek: Array<{ week: string; amount: number }>) => ({ amount: byWeek.reduce((s, w) => s + w.amount, 0), unit: 'visit' as const, byWeek, byDay: [] });

describe('dosage beside the evaluation: planned vs delivered per ISO week of the after period', () => {
  it('turns a daily plan into 7 a day per week and reads delivered by ISO week (Monday, UTC)', () => {
    const d = dosageOf(
      { plannedDosage: { amount: 2, unit: 'visit', per: 'day' }, startsAt: '2026-04-01T00:00:00Z', endsAt: null, delivered: delivered([{ week: '2026-03-30', amount: 5 }, { week: '2026-04-13', amount: 9 }, { week: '2026-05-04', amount: 100 }]) },
      after,
    );
    // 1 April is a Wednesday: weeks of 30 March, 6, 13 and 20 April touch the period.
    expect(d.weeks.map((w) => w.from.slice(0, 10))).toEqual(['2026-03-30', '2026-04-06', '2026-04-13', '2026-04-20']);
    expect(d.weeks.map((w) => w.planned)).toEqual([14, 14, 14, 14]);
    expect(d.weeks.map((w) => w.delivered)).toEqual([5, 0, 9, 0]);
    expect(d.deliveredTotal).toBe(14);
    expect(d.plannedTotal).toBe(56);
  });

  it('spreads a total plan over the measure’s weeks, and has no plan without an end', () => {
    const spread = dosageOf({ plannedDosage: { amount: 30, unit: 'hour', per: 'total' }, startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-05-13T00:00:00Z', delivered: delivered([]) }, after);
    expect(spread.weeks[0]?.planned).toBeCloseTo(5, 12);
    expect(spread.unit).toBe('hour');
    const open = dosageOf({ plannedDosage: { amount: 30, unit: 'hour', per: 'total' }, startsAt: '2026-04-01T00:00:00Z', endsAt: null, delivered: delivered([]) }, after);
    expect(open.plannedTotal).toBeNull();
    const none = dosageOf({ plannedDosage: null, startsAt: '2026-04-01T00:00:00Z', endsAt: null, delivered: delivered([{ week: '2026-04-06', amount: 3 }]) }, after);
    expect(none).toMatchObject({ planned: null, plannedTotal: null, deliveredTotal: 3, unit: 'visit' });
  });
});
