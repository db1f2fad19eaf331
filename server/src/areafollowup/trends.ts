/**
 * Trends, overviews and reminders computed from the stored assessments: pure functions of the rows, the
 * catalogues and the clock, so every process computes the same answer (the reminder timer relies on it).
 */
import {
  comparePeriods,
  type Criterion,
  currentPeriod,
  type DueItem,
  type DueRule,
  type DueStatus,
  dueAt,
  opensAt,
  type Period,
  shiftPeriod,
  type Trend,
  trendOf,
  weightedScore,
} from '../../../shared/src/areaFollowup.ts';
import type { AssessmentRow } from './types.ts';

/** Per area and period: the newest version, and the newest submitted one (a correction in draft does not hide it). */
export interface PeriodState {
  latest: AssessmentRow;
  submitted: AssessmentRow | null;
}

export function byAreaAndPeriod(rows: readonly AssessmentRow[]): Map<string, Map<string, PeriodState>> {
  const out = new Map<string, Map<string, PeriodState>>();
  for (const r of rows) {
    let periods = out.get(r.areaId);
    if (!periods) {
      periods = new Map();
      out.set(r.areaId, periods);
    }
    const cur = periods.get(r.period);
    const latest = !cur || r.version > cur.latest.version ? r : cur.latest;
    const submitted = r.status === 'submitted' && (!cur?.submitted || r.version > cur.submitted.version) ? r : (cur?.submitted ?? null);
    periods.set(r.period, { latest, submitted });
  }
  return out;
}

/** Where an area stands for a period at `now`. */
export function dueStatus(period: Period, state: PeriodState | undefined, now: Date, rule: DueRule): DueStatus {
  if (state?.submitted) return 'submitted';
  if (now.getTime() < opensAt(period, rule).getTime()) return 'not_open';
  if (now.getTime() > dueAt(period, rule).getTime()) return 'overdue';
  return state ? 'draft' : 'due';
}

export type CriteriaOf = (criteriaSetId: string) => readonly Criterion[];

/** The submitted periods of one area, oldest first, with the weighted score under each version's own catalogue. */
export function submittedSeries(periods: ReadonlyMap<string, PeriodState> | undefined, criteriaOf: CriteriaOf): Array<{ period: Period; row: AssessmentRow; weightedScore: number | null }> {
  if (!periods) return [];
  return [...periods.entries()]
    .filter(([, s]) => s.submitted)
    .sort(([a], [b]) => comparePeriods(a, b))
    .map(([period, s]) => ({ period: period as Period, row: s.submitted!, weightedScore: weightedScore(criteriaOf(s.submitted!.criteriaSetId), s.submitted!.answers) }));
}

/** The change in weighted score between the last two submitted periods, classified by `threshold`. */
export function areaTrend(series: ReturnType<typeof submittedSeries>, threshold: number): { last: Array<{ period: Period; weightedScore: number }>; change: number | null; trend: Trend } {
  const scored = series.filter((s): s is typeof s & { weightedScore: number } => s.weightedScore !== null);
  const last = scored.slice(-2).map((s) => ({ period: s.period, weightedScore: s.weightedScore }));
  const { change, trend } = last.length === 2 ? trendOf(last[0].weightedScore, last[1].weightedScore, threshold) : { change: null, trend: 'insufficient' as const };
  return { last, change, trend };
}

/** Per criterion, the scores of the submitted periods (null where a period did not score it). */
export function criterionSeries(series: ReturnType<typeof submittedSeries>): Map<string, Array<{ period: Period; score: number | null }>> {
  const out = new Map<string, Array<{ period: Period; score: number | null }>>();
  const keys = new Set(series.flatMap((s) => s.row.answers.map((a) => a.key)));
  for (const key of keys) out.set(key, series.map((s) => ({ period: s.period, score: s.row.answers.find((a) => a.key === key)?.score ?? null })));
  return out;
}

/**
 * The reminder list: for each area the organisation follows up, the open periods (the current one and the one
 * before) without a submitted assessment, as due or overdue. Periods before `firstPeriod` (no catalogue) never count.
 */
export function dueItems(
  areas: ReadonlyArray<{ id: string; name: string; responsibleOrgId: string }>,
  states: ReadonlyMap<string, ReadonlyMap<string, PeriodState>>,
  now: Date,
  rule: DueRule,
  firstPeriod: Period,
): DueItem[] {
  const cur = currentPeriod(now, rule);
  const out: DueItem[] = [];
  for (const a of areas) {
    for (const p of [shiftPeriod(cur, -1), cur]) {
      if (comparePeriods(p, firstPeriod) < 0) continue;
      const st = dueStatus(p, states.get(a.id)?.get(p), now, rule);
      if (st === 'submitted' || st === 'not_open') continue;
      out.push({ areaId: a.id, areaName: a.name, organisationId: a.responsibleOrgId, period: p, status: st === 'overdue' ? 'overdue' : 'due', dueAt: dueAt(p, rule).toISOString() });
    }
  }
  return out.sort((x, y) => comparePeriods(x.period, y.period) || x.areaName.localeCompare(y.areaName, 'sv'));
}
