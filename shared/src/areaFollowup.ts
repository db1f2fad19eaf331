/**
 * Periodic follow-up of the police's designated vulnerable areas (utsatta områden): the vocabulary, the
 * shapes the server sends, and the pure arithmetic both sides use — quarters, due dates, weighted scores and
 * the trend between two submitted periods. Pure: no I/O.
 */

/** A quarter, e.g. `2026Q4`. */
export type Period = `${number}Q${1 | 2 | 3 | 4}`;

const PERIOD_RE = /^(\d{4})Q([1-4])$/;

export function parsePeriod(s: string): { year: number; quarter: 1 | 2 | 3 | 4 } | null {
  const m = PERIOD_RE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return { year, quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
}

export function isPeriod(s: string): s is Period {
  return parsePeriod(s) !== null;
}

/** The quarter holding `at` (UTC). */
export function periodOf(at: Date): Period {
  return `${at.getUTCFullYear()}Q${(Math.floor(at.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4}`;
}

export function shiftPeriod(p: Period, quarters: number): Period {
  const { year, quarter } = parsePeriod(p)!;
  const i = year * 4 + (quarter - 1) + quarters;
  return `${Math.floor(i / 4)}Q${((i % 4) + 1) as 1 | 2 | 3 | 4}`;
}

export function comparePeriods(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first instant after the quarter (UTC midnight of the next quarter's first day). */
export function periodEnd(p: Period): Date {
  const { year, quarter } = parsePeriod(p)!;
  return new Date(Date.UTC(year, quarter * 3, 1));
}

/** When reminders and the timer count: an assessment opens before its quarter ends and is due after it. */
export interface DueRule {
  /** Days before the quarter ends that the assessment opens. @defaultValue 14 */
  openDaysBeforeEnd: number;
  /** Days after the quarter ends that it is due. @defaultValue 30 */
  dueDaysAfterEnd: number;
}

export const DEFAULT_DUE_RULE: DueRule = { openDaysBeforeEnd: 14, dueDaysAfterEnd: 30 };

const DAY_MS = 86_400_000;

export function opensAt(p: Period, rule: DueRule = DEFAULT_DUE_RULE): Date {
  return new Date(periodEnd(p).getTime() - rule.openDaysBeforeEnd * DAY_MS);
}

export function dueAt(p: Period, rule: DueRule = DEFAULT_DUE_RULE): Date {
  return new Date(periodEnd(p).getTime() + rule.dueDaysAfterEnd * DAY_MS);
}

/** The newest period open for assessment at `now`: the running quarter once it opens, else the one before. */
export function currentPeriod(now: Date, rule: DueRule = DEFAULT_DUE_RULE): Period {
  const running = periodOf(now);
  return now.getTime() >= opensAt(running, rule).getTime() ? running : shiftPeriod(running, -1);
}

/**
 * Every instant at which some period opens or falls due, in (from, to]. The reminder timer announces only
 * when such an instant passed since its previous tick, so any number of processes agree on the moments.
 */
export function dueBoundaries(from: Date, to: Date, rule: DueRule = DEFAULT_DUE_RULE): Array<{ at: Date; period: Period; kind: 'opened' | 'overdue' }> {
  const out: Array<{ at: Date; period: Period; kind: 'opened' | 'overdue' }> = [];
  if (to.getTime() <= from.getTime()) return out;
  // A period's moments lie within ±2 quarters of the period itself.
  for (let p = shiftPeriod(periodOf(from), -2); comparePeriods(p, shiftPeriod(periodOf(to), 1)) <= 0; p = shiftPeriod(p, 1)) {
    for (const [kind, at] of [['opened', opensAt(p, rule)], ['overdue', dueAt(p, rule)]] as const) {
      if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) out.push({ at, period: p, kind });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// ---------------------------------------------------------------- criteria

export interface ScaleStep {
  value: number;
  sv: string;
  en: string;
}

/** The default scale: how strongly a criterion shows in the area (higher is worse). */
export const DEFAULT_SCALE: readonly ScaleStep[] = [
  { value: 0, sv: 'Ingen', en: 'None' },
  { value: 1, sv: 'Låg', en: 'Low' },
  { value: 2, sv: 'Måttlig', en: 'Moderate' },
  { value: 3, sv: 'Hög', en: 'High' },
  { value: 4, sv: 'Mycket hög', en: 'Very high' },
];

export interface Criterion {
  key: string;
  labelSv: string;
  labelEn: string;
  descriptionSv: string;
  descriptionEn: string;
  /** Labelled steps, ascending values; a higher value means the problem shows more strongly. */
  scale: ScaleStep[];
  /** Relative weight in the area's weighted score (> 0). */
  weight: number;
}

export interface CriteriaSet {
  year: number;
  version: number;
  criteria: Criterion[];
  /** Used by an assessment: a change makes a new version. */
  frozen: boolean;
  createdAt: string;
  createdBy: string | null;
}

// ---------------------------------------------------------------- assessments

export const ASSESSMENT_STATUSES = ['draft', 'submitted'] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export interface Answer {
  key: string;
  score: number | null;
  /** Null where the viewer may not see comments (a partner the assessment is shared without comments). */
  comment: string | null;
}

export interface PartnerViewOut {
  organisationId: string;
  organisationName: string;
  answers: Answer[];
  summary: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface ShareEntry {
  organisationId: string;
  /** Whether the partner also sees the police's comments and free text. */
  comments: boolean;
}

/** One version of an area's assessment for a period, as a given viewer may see it. */
export interface Assessment {
  id: string;
  areaId: string;
  period: Period;
  version: number;
  status: AssessmentStatus;
  organisationId: string;
  criteriaYear: number;
  criteriaVersion: number;
  answers: Answer[];
  /** Overall judgement on the criteria scale (null: not given). */
  overall: number | null;
  summary: string | null;
  /** Why a correction was made (versions > 1). */
  correctionReason: string | null;
  weightedScore: number | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  submittedAt: string | null;
  submittedBy: string | null;
  /** Only police readers see whom it is shared with. */
  sharedWith?: ShareEntry[];
  partnerViews: PartnerViewOut[];
  demo: boolean;
  /** What the viewer may do. */
  access: 'read' | 'write' | 'partner_write';
}

export type Trend = 'improved' | 'worsened' | 'unchanged' | 'insufficient';
/** `unassigned`: no local police area follows the area up, so nothing is due. */
export type DueStatus = 'submitted' | 'draft' | 'due' | 'overdue' | 'not_open' | 'unassigned';

export interface FollowupArea {
  id: string;
  name: string;
  category: 'utsatt' | 'sarskilt_utsatt';
  kommunCode: string | null;
  lpo: string | null;
  responsibleOrganisationId: string | null;
  responsibleOrganisationName: string | null;
}

export interface OverviewRow {
  area: FollowupArea;
  /** The last two submitted periods with their weighted scores (older first). */
  last: Array<{ period: Period; weightedScore: number }>;
  change: number | null;
  trend: Trend;
  current: { period: Period; status: DueStatus; dueAt: string };
}

export interface DueItem {
  areaId: string;
  areaName: string;
  organisationId: string;
  period: Period;
  status: 'due' | 'overdue';
  dueAt: string;
}

export interface HistoryEntry {
  id: number;
  at: string;
  areaId: string;
  period: string | null;
  action: string;
  actor: string;
  organisationId: string;
  detail: Record<string, unknown>;
}

/** Live: the viewer's own reminder list changed (a period opened or fell due, or an assessment was submitted). */
export interface FollowupDueEvent {
  v: 1;
  type: 'areafollowup.due';
  at: string;
  items: DueItem[];
}

/** Live: an assessment changed, as this viewer may see it. */
export interface FollowupAssessmentEvent {
  v: 1;
  type: 'areafollowup.assessment';
  at: string;
  assessment: Assessment;
}

export type FollowupEvent = FollowupDueEvent | FollowupAssessmentEvent;
export const FOLLOWUP_EVENT_NAMES = ['areafollowup.due', 'areafollowup.assessment'] as const;

// ---------------------------------------------------------------- arithmetic

/**
 * The weighted mean score on the criteria scale, over the criteria answered; null when none is. Scores are
 * scaled to 0–4 per criterion so that criteria with different scales weigh alike.
 */
export function weightedScore(criteria: readonly Criterion[], answers: readonly Pick<Answer, 'key' | 'score'>[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const a = answers.find((x) => x.key === c.key);
    if (!a || a.score === null) continue;
    const lo = c.scale[0]?.value ?? 0;
    const hi = c.scale[c.scale.length - 1]?.value ?? 4;
    const norm = hi === lo ? 0 : ((a.score - lo) / (hi - lo)) * 4;
    sum += c.weight * norm;
    weights += c.weight;
  }
  return weights === 0 ? null : Math.round((sum / weights) * 1000) / 1000;
}

/** Improved when the score fell by at least `threshold` (higher is worse), worsened when it rose by that much. */
export function trendOf(older: number | null | undefined, newer: number | null | undefined, threshold: number): { change: number | null; trend: Trend } {
  if (older === null || older === undefined || newer === null || newer === undefined) return { change: null, trend: 'insufficient' };
  const change = Math.round((newer - older) * 1000) / 1000;
  if (change <= -threshold) return { change, trend: 'improved' };
  if (change >= threshold) return { change, trend: 'worsened' };
  return { change, trend: 'unchanged' };
}

export const DEFAULT_TREND_THRESHOLD = 0.25;
