import { describe, expect, it } from 'vitest';
import type { OverviewRow, Trend } from '../../../../shared/src/areaFollowup.ts';
import { followupPage } from './FollowupView.tsx';
import { chartGeometry, filterRows, formatChange, sortRows, trendArrow } from './model.ts';
import { followupEn, followupSv, followupText, historyLabel } from './texts.ts';

const row = (name: string, trend: Trend, status: OverviewRow['current']['status']): OverviewRow => ({
  area: { id: name, name, category: 'utsatt', kommunCode: null, lpo: null, responsibleOrganisationId: null, responsibleOrganisationName: null },
  last: [],
  change: null,
  trend,
  current: { period: '2026Q3', status, dueAt: '2026-10-31T00:00:00.000Z' },
});

describe('follow-up overview model', () => {
  const rows = [row('Öxnehaga', 'improved', 'submitted'), row('Araby', 'worsened', 'overdue'), row('Berga', 'unchanged', 'overdue'), row('Ådalen', 'worsened', 'due')];

  it('filters by trend and by overdue', () => {
    expect(filterRows(rows, 'worsened').map((r) => r.area.name)).toEqual(['Araby', 'Ådalen']);
    expect(filterRows(rows, 'overdue').map((r) => r.area.name)).toEqual(['Araby', 'Berga']);
    expect(filterRows(rows, 'all')).toHaveLength(4);
  });

  it('puts worsened areas first, then improved, in Swedish alphabetical order', () => {
    expect(sortRows(rows).map((r) => r.area.name)).toEqual(['Araby', 'Ådalen', 'Öxnehaga', 'Berga']);
  });

  it('the arrow agrees with the word: up is worse', () => {
    expect(trendArrow('worsened')).toBe('▲');
    expect(trendArrow('improved')).toBe('▼');
    expect(formatChange(-0.5, 'sv')).toBe('−0,50');
    expect(formatChange(0.25, 'en')).toBe('+0.25');
    expect(formatChange(null, 'sv')).toBe('–');
  });

  it('chart: quarters spread evenly, 0–4 upwards, a gap where a quarter has no value', () => {
    const g = chartGeometry(
      [
        { period: '2026Q1', value: 4 },
        { period: '2026Q2', value: null },
        { period: '2026Q3', value: 0 },
      ],
      { left: 0, right: 100, top: 0, bottom: 40 },
    );
    expect(g.points.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [50, null],
      [100, 40],
    ]);
    expect(g.path).toBe('M0.0,0.0M100.0,40.0');
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it('paths below /utsatta-omraden name the page', () => {
    expect(followupPage('')).toEqual({ page: 'overview' });
    expect(followupPage('/kriterier')).toEqual({ page: 'criteria' });
    expect(followupPage('/USO2025-2')).toEqual({ page: 'area', areaId: 'USO2025-2' });
    expect(followupPage('/USO2025-2/2026Q3')).toEqual({ page: 'assessment', areaId: 'USO2025-2', period: '2026Q3' });
  });

  it('every Swedish sentence has an English one, and parameters are filled', () => {
    expect(Object.keys(followupEn).sort()).toEqual(Object.keys(followupSv).sort());
    expect(followupText('sv')('due.badge', { n: 3 })).toBe('3 att lämna');
    expect(followupText('en')('due.badgeOverdue', { n: 2 })).toBe('2 overdue');
  });

  it('history actions read as words, unknown ones as recorded', () => {
    expect(historyLabel(followupText('sv'), 'correction_submitted')).toBe('Rättelse inlämnad');
    expect(historyLabel(followupText('en'), 'sharing_changed')).toBe('Sharing changed');
    expect(historyLabel(followupText('sv'), 'something_new')).toBe('something_new');
  });
});
