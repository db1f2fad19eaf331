/**
 * Measure events in the picture's event log: a measure created, changed (status, outcome …) and an activity
 * recorded, as read-only rows beside the layers' log entries. Built only from what the server sent this viewer
 * (the readable measures, their history and activities), so a row never names a measure the viewer cannot read.
 * Pure: tested without a browser.
 */
import type { DosageUnit, Measure, MeasureActivity, MeasureHistoryEntry } from '../../../../shared/src/measures.ts';
import type { LogRow } from './EventLog.tsx';

export interface MeasureLogRow {
  kind: 'measure';
  id: string;
  time: string;
  measureId: string;
  measureTitle: string;
  action: 'create' | 'update' | 'outcome' | 'activity';
  organisationId: string;
  /** Changed fields (update/outcome). */
  fields: string[];
  amount: number | null;
  unit: DosageUnit | null;
  note: string | null;
}

export type EventRow = (LogRow & { kind?: 'layer' }) | MeasureLogRow;

export function isMeasureRow(r: EventRow): r is MeasureLogRow {
  return r.kind === 'measure';
}

/** The rows of the readable measures' history and activities (a measure not in `measures` gives none). */
export function measureLogRows(
  measures: readonly Measure[],
  history: ReadonlyMap<string, readonly MeasureHistoryEntry[]>,
  activities: ReadonlyMap<string, readonly MeasureActivity[]>,
): MeasureLogRow[] {
  const rows: MeasureLogRow[] = [];
  for (const m of measures) {
    const base = { kind: 'measure' as const, measureId: m.id, measureTitle: m.title };
    for (const h of history.get(m.id) ?? []) {
      rows.push({ ...base, id: `h:${h.id}`, time: h.at, action: h.action, organisationId: h.organisationId, fields: Object.keys(h.changes ?? {}), amount: null, unit: null, note: null });
    }
    const unit = m.plannedDosage?.unit ?? m.delivered?.unit ?? null;
    for (const a of activities.get(m.id) ?? []) {
      rows.push({ ...base, id: `a:${a.id}`, time: a.at, action: 'activity', organisationId: a.organisationId, fields: [], amount: a.amount, unit, note: a.note });
    }
  }
  return rows;
}

/** Layer log rows and measure rows together, newest first. */
export function mergeEventRows(layerRows: readonly LogRow[], measureRows: readonly MeasureLogRow[]): EventRow[] {
  const rows: EventRow[] = [...layerRows, ...measureRows];
  return rows.sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || b.id.localeCompare(a.id));
}
