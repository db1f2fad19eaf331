import { describe, expect, it } from 'vitest';
import type { Measure, MeasureActivity, MeasureHistoryEntry } from '../../../../shared/src/measures.ts';
import type { LogRow } from './EventLog.tsx';
import { isMeasureRow, measureLogRows, mergeEventRows } from './measureLog.ts';

const measure = (id: string, title: string): Measure =>
  ({ id, title, plannedDosage: { amount: 3, unit: 'visit', per: 'day' }, delivered: { amount: 1, unit: 'visit', byWeek: [], byDay: [] } }) as unknown as Measure;

const layerRow = (id: string, time: string): LogRow => ({ id, time, author: 'Anna', text: `text ${id}`, featureIds: [], layerId: 'L1', layerName: 'Lager' });

const hist: MeasureHistoryEntry = { id: 'h1', measureId: 'm1', at: '2026-01-01T10:00:00Z', userId: 'u', organisationId: 'o1', action: 'create', changes: { title: { after: 'Patrull' } } };
const upd: MeasureHistoryEntry = { ...hist, id: 'h2', at: '2026-01-01T12:00:00Z', action: 'update', changes: { status: { before: 'planned', after: 'active' } } };
const act: MeasureActivity = { id: 'a1', measureId: 'm1', at: '2026-01-01T13:00:00Z', amount: 2, note: 'Lugnt', location: null, organisationId: 'o2', userId: 'u2', createdAt: '2026-01-01T13:00:01Z' };

describe('measure rows in the event log', () => {
  it('builds rows for history and activities, with the unit of the plan', () => {
    const rows = measureLogRows([measure('m1', 'Patrull')], new Map([['m1', [hist, upd]]]), new Map([['m1', [act]]]));
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'activity']);
    const a = rows.find((r) => r.action === 'activity')!;
    expect(a).toMatchObject({ kind: 'measure', measureId: 'm1', measureTitle: 'Patrull', amount: 2, unit: 'visit', note: 'Lugnt', organisationId: 'o2' });
    expect(rows.find((r) => r.action === 'update')!.fields).toEqual(['status']);
  });

  it('never gives a row for a measure the viewer was not sent', () => {
    const rows = measureLogRows([], new Map([['m1', [hist]]]), new Map([['m1', [act]]]));
    expect(rows).toEqual([]);
  });

  it('merges layer rows and measure rows newest first', () => {
    const mrows = measureLogRows([measure('m1', 'Patrull')], new Map([['m1', [hist, upd]]]), new Map([['m1', [act]]]));
    const merged = mergeEventRows([layerRow('x', '2026-01-01T11:00:00Z'), layerRow('y', '2026-01-01T14:00:00Z')], mrows);
    expect(merged.map((r) => (isMeasureRow(r) ? r.action : r.id))).toEqual(['y', 'activity', 'update', 'x', 'create']);
  });
});
