import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../shared/src/events.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { type ReportContent, reportOverdue } from '../../../shared/src/reports.ts';
import { activeAt, canonicalJson, rollupRow, rollupTotals, summarise } from './assemble.ts';

const from = new Date('2026-12-04T17:00:00Z');
const to = new Date('2026-12-05T05:00:00Z');
const incident = (id: string, type: IncidentView['type'], status: IncidentView['status'] = 'confirmed'): IncidentView => ({
  id, type, status, occurredAt: '2026-12-04T22:40:00Z', classification: 'police_internal', locationPrecision: 'exact', location: { type: 'Point', coordinates: [13, 55.6] },
});
const measure = (id: string, kind: Measure['kind'], status: Measure['status'], startsAt: string, endsAt: string | null): Measure =>
  ({ id, kind, status, startsAt, endsAt, title: id, classification: 'partner', delivered: { amount: 2 } }) as unknown as Measure;

describe('report assembly (pure)', () => {
  it('counts incidents by type without retracted ones, and measures overlapping the period by kind', () => {
    const s = summarise(
      [incident('a', 'shooting'), incident('b', 'shooting'), incident('c', 'explosion'), incident('d', 'shooting', 'retracted')],
      [
        measure('m1', 'patrol', 'active', '2026-12-01T00:00:00Z', null),
        measure('m2', 'social', 'active', '2026-12-06T00:00:00Z', null), // starts after the period
        measure('m3', 'patrol', 'cancelled', '2026-12-01T00:00:00Z', null),
        measure('m4', 'situational', 'completed', '2026-11-01T00:00:00Z', '2026-12-04T20:00:00Z'),
      ],
      from,
      to,
    );
    expect(s.incidentsByType).toEqual({ shooting: 2, explosion: 1 });
    expect(s.incidents.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(s.measuresByKind).toEqual({ patrol: 1, situational: 1 });
    expect(s.activeMeasures).toBe(1);
    expect(activeAt(measure('x', 'patrol', 'active', '2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z'), to)).toBe(false);
  });

  it('roll-up rows and totals; a unit is overdue once the time its latest report named has passed', () => {
    const content = { summary: { incidentsByType: { shooting: 2 }, activeMeasures: 3 } } as unknown as ReportContent;
    const row = rollupRow({ id: 'po', name: 'Polisområde Malmö' }, { reportId: 'r1', title: 'Rapport', signedAt: to, periodTo: to, nextReportDue: new Date('2026-12-05T17:00:00Z'), content });
    const none = rollupRow({ id: 'lpo', name: 'LPO Malmö Norr' }, null);
    // A version signed before coverage was frozen: the row says "unknown", not 0 %.
    expect(row.coverage).toBeNull();
    expect(rollupTotals([row, none])).toEqual({ incidentsByType: { shooting: 2 }, activeMeasures: 3, reporting: 1, units: 2, coverage: null });
    expect(reportOverdue(row, Date.parse('2026-12-05T16:59:00Z'))).toBe(false);
    expect(reportOverdue(row, Date.parse('2026-12-05T17:01:00Z'))).toBe(true);
    expect(reportOverdue(none, Date.now())).toBe(false);
  });

  it('coverage in the roll-up: each row as its version froze it; the total pools cells (a larger hot area weighs more)', () => {
    const withCoverage = (cells: number, covered: number, uncoveredCount: number) =>
      ({ summary: { incidentsByType: {}, activeMeasures: 0, coverage: { top5: { cells, covered, share: covered / cells }, top1: { cells: 1, covered: 0, share: 0 }, uncoveredCount, uncovered: [] } } }) as unknown as ReportContent;
    const at = { title: 'R', signedAt: to, periodTo: to, nextReportDue: null };
    const a = rollupRow({ id: 'a', name: 'A' }, { ...at, reportId: 'ra', content: withCoverage(10, 5, 2) });
    const b = rollupRow({ id: 'b', name: 'B' }, { ...at, reportId: 'rb', content: withCoverage(90, 0, 7) });
    expect(a.coverage).toEqual({ top5: { cells: 10, covered: 5, share: 0.5 }, uncoveredCount: 2 });
    const totals = rollupTotals([a, b, rollupRow({ id: 'c', name: 'C' }, null)]);
    expect(totals.coverage).toEqual({ top5: { cells: 100, covered: 5, share: 0.05 }, uncoveredCount: 9 });
  });

  it('hashes equal content equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});
