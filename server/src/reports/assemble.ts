/**
 * What a report pulls in for its period, built from what one audience may read (the caller passes only that):
 * counts and lists of incidents and measures, the roll-up table of the units below. Pure: no I/O.
 */
import type { IncidentView } from '../../../shared/src/events.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import type { HeadingKey, ReportContent, ReportCoverage, ReportSummary, RollupRow } from '../../../shared/src/reports.ts';
import { HEADING_KEYS, MAX_HEADING_CHARS } from '../../../shared/src/reports.ts';

/** At most this many incidents and measures are listed in a version (the counts cover every one). */
export const MAX_LISTED = 200;

/** Is a measure active at `at`: status active and its period holding. */
export function activeAt(m: Pick<Measure, 'status' | 'startsAt' | 'endsAt'>, at: Date): boolean {
  const t = at.getTime();
  return m.status === 'active' && Date.parse(m.startsAt) <= t && (m.endsAt === null || Date.parse(m.endsAt) >= t);
}

/** Does a measure's period overlap [from, to]? */
function overlaps(m: Pick<Measure, 'startsAt' | 'endsAt'>, from: Date, to: Date): boolean {
  return Date.parse(m.startsAt) <= to.getTime() && (m.endsAt === null || Date.parse(m.endsAt) >= from.getTime());
}

/**
 * The summary of a period from incidents and measures the audience reads. Incidents are those of the period
 * (the caller's query); measures those whose period overlaps it and that are not cancelled.
 */
export function summarise(incidents: readonly IncidentView[], measures: readonly Measure[], from: Date, to: Date, coverage: ReportCoverage | null = null): ReportSummary {
  const incidentsByType: Record<string, number> = {};
  for (const i of incidents) if (i.status !== 'retracted') incidentsByType[i.type] = (incidentsByType[i.type] ?? 0) + 1;
  const inPeriod = measures.filter((m) => m.status !== 'cancelled' && overlaps(m, from, to));
  const measuresByKind: Record<string, number> = {};
  for (const m of inPeriod) measuresByKind[m.kind] = (measuresByKind[m.kind] ?? 0) + 1;
  return {
    incidentsByType,
    incidents: incidents
      .filter((i) => i.status !== 'retracted')
      .slice(0, MAX_LISTED)
      .map((i) => ({
        id: i.id,
        type: i.type,
        occurredAt: i.occurredAt,
        status: i.status,
        classification: i.classification,
        location: i.location,
        ...(i.description !== undefined ? { description: i.description } : {}),
      })),
    measuresByKind,
    activeMeasures: inPeriod.filter((m) => activeAt(m, to)).length,
    measures: inPeriod.slice(0, MAX_LISTED).map((m) => ({
      id: m.id,
      title: m.title,
      kind: m.kind,
      status: m.status,
      classification: m.classification,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      delivered: m.delivered.amount,
    })),
    coverage,
  };
}

/** Heading texts as stored, every key present; problems for texts over the limit. */
export function headingsFrom(read: (key: HeadingKey) => string): { headings: Record<HeadingKey, string>; problems: string[] } {
  const headings = {} as Record<HeadingKey, string>;
  const problems: string[] = [];
  for (const k of HEADING_KEYS) {
    const text = read(k);
    if (text.length > MAX_HEADING_CHARS) problems.push(`the text under "${k}" is longer than ${MAX_HEADING_CHARS} characters.`);
    headings[k] = text;
  }
  return { headings, problems };
}

/** A roll-up row from a unit's latest signed police version (or none). */
export function rollupRow(org: { id: string; name: string }, latest: { reportId: string; title: string; signedAt: Date; periodTo: Date; nextReportDue: Date | null; content: ReportContent } | null): RollupRow {
  if (!latest) return { organisationId: org.id, organisationName: org.name, reportId: null, reportTitle: null, signedAt: null, periodTo: null, nextReportDue: null, incidentsByType: {}, activeMeasures: 0, coverage: null };
  const c = latest.content.summary.coverage;
  return {
    organisationId: org.id,
    organisationName: org.name,
    reportId: latest.reportId,
    reportTitle: latest.title,
    signedAt: latest.signedAt.toISOString(),
    periodTo: latest.periodTo.toISOString(),
    nextReportDue: latest.nextReportDue?.toISOString() ?? null,
    incidentsByType: latest.content.summary.incidentsByType,
    activeMeasures: latest.content.summary.activeMeasures,
    coverage: c ? { top5: c.top5, uncoveredCount: c.uncoveredCount } : null,
  };
}

export interface RollupTotals {
  incidentsByType: Record<string, number>;
  activeMeasures: number;
  reporting: number;
  units: number;
  coverage: RollupRow['coverage'];
}

/** The totals row of a roll-up table. */
export function rollupTotals(rows: readonly RollupRow[]): RollupTotals {
  const incidentsByType: Record<string, number> = {};
  let activeMeasures = 0;
  let cells = 0;
  let covered = 0;
  let uncoveredCount = 0;
  let withCoverage = 0;
  for (const r of rows) {
    for (const [t, n] of Object.entries(r.incidentsByType)) incidentsByType[t] = (incidentsByType[t] ?? 0) + n;
    activeMeasures += r.activeMeasures;
    if (r.coverage) {
      withCoverage++;
      cells += r.coverage.top5.cells;
      covered += r.coverage.top5.covered;
      uncoveredCount += r.coverage.uncoveredCount;
    }
  }
  // Cells are pooled (not shares averaged): a unit with a larger hot area weighs more, as it should.
  const coverage = withCoverage ? { top5: { cells, covered, share: cells === 0 ? 0 : covered / cells }, uncoveredCount } : null;
  return { incidentsByType, activeMeasures, reporting: rows.filter((r) => r.reportId).length, units: rows.length, coverage };
}

/** A stable JSON text of a value (keys sorted) so that equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}
