/**
 * Situation reports (lägesrapporter): the fixed headings Swedish crisis staff share with partners, the report and
 * version shapes the server sends and the client shows, and the names of a report's co-edited documents. Pure.
 */
import type { Classification } from './access.ts';

/**
 * The six headings, in the order staff read them (Swedish first; the English label second). Each is one
 * `Y.Text` of the report's document, under `key`.
 */
export const REPORT_HEADINGS = [
  { key: 'happened', sv: 'Vad har hänt', en: 'What has happened' },
  { key: 'consequences', sv: 'Konsekvenser', en: 'Consequences' },
  { key: 'measures', sv: 'Vidtagna och planerade åtgärder', en: 'Measures taken and planned' },
  { key: 'needs', sv: 'Behov', en: 'Needs' },
  { key: 'outlook', sv: 'Bedömning av utvecklingen', en: 'Assessment of how the situation will develop' },
  { key: 'next', sv: 'Nästa rapport', en: 'Next report' },
] as const;
export type HeadingKey = (typeof REPORT_HEADINGS)[number]['key'];
export const HEADING_KEYS: readonly HeadingKey[] = REPORT_HEADINGS.map((h) => h.key);

/** Where in the chain a report is written, from its author organisation's kind. */
export const REPORT_LEVELS = ['local', 'police_area', 'region', 'national'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];

export const REPORT_STATUSES = ['draft', 'signed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Longest heading text (characters) a report version keeps; a document over it cannot be signed. */
export const MAX_HEADING_CHARS = 20_000;

/**
 * The Yjs documents of a report: the police text and the partner version's own text. Served by the gateway at
 * `/yjs/report:<id>` and `/yjs/report-partner:<id>`. The partner text is never derived from the police text.
 */
export const REPORT_DOC_KINDS = ['report', 'report-partner'] as const;
export type ReportDocKind = (typeof REPORT_DOC_KINDS)[number];
export function reportDocName(kind: ReportDocKind, reportId: string): string {
  return `${kind}:${reportId}`;
}

/** A report as a viewer may see it, with what that viewer may do with it. */
export interface Report {
  id: string;
  pictureId: string;
  pictureTitle: string;
  title: string;
  organisationId: string;
  organisationName: string;
  level: ReportLevel;
  periodFrom: string;
  periodTo: string;
  classification: Classification;
  status: ReportStatus;
  createdBy: string;
  signedBy: string | null;
  signedAt: string | null;
  nextReportDue: string | null;
  createdAt: string;
  updatedAt: string;
  /** Which text this viewer gets: the police version, or the partner version (partners only). */
  audience: 'police' | 'partner';
  /** What this viewer may do (the client shows only these). */
  can: { edit: boolean; sign: boolean };
}

/** Counts and lists pulled in for the report's period, as the version's audience may see them. */
export interface ReportSummary {
  incidentsByType: Record<string, number>;
  incidents: Array<{ id: string; type: string; occurredAt: string; status: string; classification: Classification; location: { type: 'Point'; coordinates: [number, number] } | null; description?: string | null }>;
  measuresByKind: Record<string, number>;
  activeMeasures: number;
  measures: Array<{ id: string; title: string; kind: string; status: string; classification: Classification; startsAt: string; endsAt: string | null; delivered: number }>;
  /**
   * Coverage at signing, from the version audience's own risk surface and the measures it reads (absent in versions
   * signed before coverage was frozen; null without the measures capability).
   */
  coverage?: ReportCoverage | null;
}

/** Share of the top-risk cells with an active measure, and the uncovered high-risk places (highest first, a few). */
export interface ReportCoverage {
  top5: { cells: number; covered: number; share: number };
  top1: { cells: number; covered: number; share: number };
  uncoveredCount: number;
  uncovered: Array<{ rank: number; risk: number; centroid: [number, number]; cells: number }>;
}

/** The layers the version's audience may see, for the map snapshot (features as that audience reads them). */
export interface ReportMap {
  layers: Array<{ id: string; name: string; kind: string; classification: Classification; features: { type: 'FeatureCollection'; features: unknown[] } }>;
  /** WGS84 [minLon, minLat, maxLon, maxLat] of the picture's area, or null. */
  bbox: [number, number, number, number] | null;
  /** The picture's area (WGS84 Polygon or MultiPolygon) for orientation, or null. */
  area?: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null;
}

/** One row of a roll-up: the latest signed report of a unit below, with its figures. */
export interface RollupRow {
  organisationId: string;
  organisationName: string;
  reportId: string | null;
  reportTitle: string | null;
  signedAt: string | null;
  periodTo: string | null;
  /** When that report said the next one is due; past it without a newer signed report, the unit is overdue. */
  nextReportDue: string | null;
  incidentsByType: Record<string, number>;
  activeMeasures: number;
  /** The unit's coverage as frozen in that report's police version; null: no report, or signed without it. */
  coverage: { top5: { cells: number; covered: number; share: number }; uncoveredCount: number } | null;
}

/** Is a unit's next report overdue at `now` (its latest signed report named a time that has passed)? */
export function reportOverdue(row: Pick<RollupRow, 'nextReportDue'>, now: number): boolean {
  return row.nextReportDue !== null && Date.parse(row.nextReportDue) < now;
}

/** What a signed version freezes. */
export interface ReportContent {
  headings: Record<HeadingKey, string>;
  summary: ReportSummary;
  map: ReportMap;
  /** Reports above the local level collect the latest signed reports of the units below. */
  rollup: RollupRow[];
}

export interface ReportVersion {
  id: string;
  reportId: string;
  audience: 'police' | 'partner';
  /** The partner organisation a partner version was assembled for (its rights), null for the police version. */
  organisationId: string | null;
  contentHash: string;
  signedAt: string;
  signedBy: string;
  content: ReportContent;
}

/** An inbox entry: a signed report delivered to the viewer's organisation. */
export interface InboxItem {
  id: string;
  reportId: string;
  title: string;
  organisationName: string;
  level: ReportLevel;
  signedAt: string;
  audience: 'police' | 'partner';
  readAt: string | null;
}

export function isHeadingKey(k: string): k is HeadingKey {
  return (HEADING_KEYS as readonly string[]).includes(k);
}
