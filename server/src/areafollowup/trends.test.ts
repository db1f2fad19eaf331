import { describe, expect, it } from 'vitest';
import {
  type Criterion,
  currentPeriod,
  DEFAULT_DUE_RULE,
  DEFAULT_SCALE,
  dueAt,
  dueBoundaries,
  opensAt,
  parsePeriod,
  shiftPeriod,
  trendOf,
  weightedScore,
} from '../../../shared/src/areaFollowup.ts';
import { answerProblems, criteriaProblems, defaultCriteria } from './criteria.ts';
import { areaTrend, byAreaAndPeriod, dueItems, dueStatus, submittedSeries } from './trends.ts';
import type { AssessmentRow } from './types.ts';

const crit = (key: string, weight: number): Criterion => ({ key, labelSv: key, labelEn: key, descriptionSv: '', descriptionEn: '', scale: DEFAULT_SCALE.map((s) => ({ ...s })), weight });
const CRITERIA = [crit('a', 1), crit('b', 3)];

let n = 0;
function row(areaId: string, period: string, version: number, status: 'draft' | 'submitted', scores: [number, number]): AssessmentRow {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id: `r${++n}`, areaId, period, version, status, organisationId: 'norr', criteriaSetId: 'set', answers: [{ key: 'a', score: scores[0], comment: null }, { key: 'b', score: scores[1], comment: null }],
    overall: null, summary: null, correctionReason: null, demo: false, createdById: 'u', createdByName: 'U', createdAt: at, updatedById: 'u', updatedByName: 'U', updatedAt: at,
    submittedById: status === 'submitted' ? 'u' : null, submittedByName: null, submittedAt: status === 'submitted' ? at : null,
  };
}

describe('quarters and due dates', () => {
  it('parses quarters and refuses what is not one', () => {
    expect(parsePeriod('2026Q4')).toEqual({ year: 2026, quarter: 4 });
    for (const bad of ['2026Q5', '2026Q0', '2026-Q1', '26Q1', '2026q1', '']) expect(parsePeriod(bad)).toBeNull();
    expect(shiftPeriod('2026Q1', -1)).toBe('2025Q4');
    expect(shiftPeriod('2025Q4', 5)).toBe('2027Q1');
  });

  it('a quarter opens 14 days before it ends and is due 30 days after', () => {
    expect(opensAt('2026Q4').toISOString()).toBe('2026-12-18T00:00:00.000Z');
    expect(dueAt('2026Q4').toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(currentPeriod(new Date('2026-12-05T00:00:00Z'))).toBe('2026Q3');
    expect(currentPeriod(new Date('2026-12-18T00:00:00Z'))).toBe('2026Q4');
  });

  it('lists the moments periods open and fall due, each once, in order', () => {
    const b = dueBoundaries(new Date('2026-10-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(b.map((x) => `${x.period} ${x.kind} ${x.at.toISOString().slice(0, 10)}`)).toEqual(['2026Q3 overdue 2026-10-31', '2026Q4 opened 2026-12-18', '2026Q4 overdue 2027-01-31']);
    // Back-to-back windows neither repeat nor miss a moment.
    const split = [...dueBoundaries(new Date('2026-10-01T00:00:00Z'), new Date('2026-12-18T00:00:00Z')), ...dueBoundaries(new Date('2026-12-18T00:00:00Z'), new Date('2027-02-01T00:00:00Z'))];
    expect(split.map((x) => x.at.getTime())).toEqual(b.map((x) => x.at.getTime()));
  });

  it('an area is due once its period opens, overdue after the due date, done when submitted (a later draft does not undo it)', () => {
    const p = '2026Q3';
    expect(dueStatus(p, undefined, new Date('2026-09-01T00:00:00Z'), DEFAULT_DUE_RULE)).toBe('not_open');
    expect(dueStatus(p, undefined, new Date('2026-09-20T00:00:00Z'), DEFAULT_DUE_RULE)).toBe('due');
    expect(dueStatus(p, undefined, new Date('2026-11-01T00:00:00Z'), DEFAULT_DUE_RULE)).toBe('overdue');
    const states = byAreaAndPeriod([row('x', p, 1, 'submitted', [1, 1]), row('x', p, 2, 'draft', [2, 2])]);
    expect(dueStatus(p, states.get('x')?.get(p), new Date('2026-11-01T00:00:00Z'), DEFAULT_DUE_RULE)).toBe('submitted');
    expect(states.get('x')?.get(p)?.latest.version).toBe(2);
    expect(states.get('x')?.get(p)?.submitted?.version).toBe(1);
  });

  it('the reminder list holds the open periods without a submission, never those before the first catalogue', () => {
    const now = new Date('2026-12-20T00:00:00Z');
    const states = byAreaAndPeriod([row('x', '2026Q3', 1, 'submitted', [1, 1])]);
    const items = dueItems([{ id: 'x', name: 'X', responsibleOrgId: 'norr' }, { id: 'y', name: 'Y', responsibleOrgId: 'norr' }], states, now, DEFAULT_DUE_RULE, '2026Q1');
    expect(items.map((i) => `${i.areaId} ${i.period} ${i.status}`)).toEqual(['y 2026Q3 overdue', 'x 2026Q4 due', 'y 2026Q4 due']);
    expect(dueItems([{ id: 'y', name: 'Y', responsibleOrgId: 'norr' }], states, now, DEFAULT_DUE_RULE, '2026Q4').map((i) => i.period)).toEqual(['2026Q4']);
  });
});

describe('scores and trends', () => {
  it('weights criteria and leaves unanswered ones out', () => {
    expect(weightedScore(CRITERIA, [{ key: 'a', score: 4 }, { key: 'b', score: 0 }])).toBe(1);
    expect(weightedScore(CRITERIA, [{ key: 'a', score: 4 }, { key: 'b', score: null }])).toBe(4);
    expect(weightedScore(CRITERIA, [])).toBeNull();
  });

  it('improved or worsened only by at least the threshold (a higher score is worse)', () => {
    expect(trendOf(2, 1.5, 0.25)).toEqual({ change: -0.5, trend: 'improved' });
    expect(trendOf(2, 2.25, 0.25)).toEqual({ change: 0.25, trend: 'worsened' });
    expect(trendOf(2, 2.2, 0.25).trend).toBe('unchanged');
    expect(trendOf(null, 2, 0.25).trend).toBe('insufficient');
  });

  it('compares the last two submitted periods; a correction replaces its period, an unsubmitted draft counts for nothing', () => {
    const rows = [
      row('x', '2026Q1', 1, 'submitted', [0, 0]),
      row('x', '2026Q2', 1, 'submitted', [3, 3]),
      row('x', '2026Q3', 1, 'submitted', [4, 4]),
      row('x', '2026Q3', 2, 'submitted', [2, 2]),
      row('x', '2026Q4', 1, 'draft', [0, 0]),
    ];
    const series = submittedSeries(byAreaAndPeriod(rows).get('x'), () => CRITERIA);
    expect(series.map((s) => [s.period, s.weightedScore])).toEqual([
      ['2026Q1', 0],
      ['2026Q2', 3],
      ['2026Q3', 2],
    ]);
    expect(areaTrend(series, 0.25)).toEqual({ last: [{ period: '2026Q2', weightedScore: 3 }, { period: '2026Q3', weightedScore: 2 }], change: -1, trend: 'improved' });
    expect(areaTrend(series.slice(0, 1), 0.25).trend).toBe('insufficient');
  });
});

describe('criteria and answers', () => {
  it('the default catalogue passes its own checks', () => {
    expect(criteriaProblems({ criteria: defaultCriteria() }).problems).toEqual([]);
  });

  it('names every problem of a bad catalogue', () => {
    const { problems } = criteriaProblems({ criteria: [{ key: 'Bad Key', labelSv: '', labelEn: 'x', weight: 0 }, { key: 'ok', labelSv: 'a', labelEn: 'b', weight: 1, scale: [{ value: 2, sv: 'a', en: 'a' }, { value: 1, sv: 'b', en: 'b' }] }] });
    expect(problems.join(' ')).toMatch(/key must be/);
    expect(problems.join(' ')).toMatch(/labelSv/);
    expect(problems.join(' ')).toMatch(/weight/);
    expect(problems.join(' ')).toMatch(/ascend/);
    expect(criteriaProblems({}).problems).toEqual(['the body must be { criteria: [ … ] }.']);
  });

  it('answers: scores on the scale, known keys; a submission needs every criterion scored', () => {
    expect(answerProblems(CRITERIA, [{ key: 'a', score: 2, comment: 'ok' }], false).problems).toEqual([]);
    expect(answerProblems(CRITERIA, [{ key: 'a', score: 2 }], true).problems).toEqual(['"b" (b) has no score.']);
    expect(answerProblems(CRITERIA, [{ key: 'a', score: 7 }], false).problems[0]).toMatch(/one of 0, 1, 2, 3, 4/);
    expect(answerProblems(CRITERIA, [{ key: 'zz', score: 1 }], false).problems[0]).toMatch(/not a criterion/);
    expect(answerProblems(CRITERIA, 'x', false).problems[0]).toMatch(/list/);
  });
});
