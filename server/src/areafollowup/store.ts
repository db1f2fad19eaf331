/**
 * The follow-up's tables (FollowupCriteriaSet, FollowupAssignment, FollowupAssessment, FollowupShare,
 * FollowupPartnerView, FollowupHistory): the only place that queries them. Plain records, no access rules.
 */
import type { Answer, Criterion } from '../../../shared/src/areaFollowup.ts';
import { newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import type { AssessmentRow, CriteriaSetRow, HistoryRow, NewHistory, PartnerViewRow, ShareRecord } from './types.ts';

export type { AssessmentRow, CriteriaSetRow, HistoryRow, NewHistory, PartnerViewRow, ShareRecord } from './types.ts';

type RawAssessment = Omit<AssessmentRow, 'answers' | 'status'> & { answers: string; status: string };

function assessmentOf(r: RawAssessment): AssessmentRow {
  return { ...r, status: r.status === 'submitted' ? 'submitted' : 'draft', answers: JSON.parse(r.answers) as Answer[] };
}

export class FollowupStore {
  constructor(private readonly db: Db) {}

  // ---------------------------------------------------------------- criteria

  async criteriaSets(year?: number): Promise<CriteriaSetRow[]> {
    const rows = await this.db.followupCriteriaSet.findMany({ where: year === undefined ? {} : { year }, orderBy: [{ year: 'asc' }, { version: 'asc' }] });
    return rows.map((r) => ({ ...r, criteria: JSON.parse(r.criteria) as Criterion[] }));
  }

  async criteriaSet(id: string): Promise<CriteriaSetRow | null> {
    const r = await this.db.followupCriteriaSet.findUnique({ where: { id } });
    return r ? { ...r, criteria: JSON.parse(r.criteria) as Criterion[] } : null;
  }

  async createCriteriaSet(year: number, version: number, criteria: readonly Criterion[], createdById: string | null): Promise<CriteriaSetRow> {
    const r = await this.db.followupCriteriaSet.create({ data: { id: newId('fcs_'), year, version, criteria: JSON.stringify(criteria), createdById } });
    return { ...r, criteria: JSON.parse(r.criteria) as Criterion[] };
  }

  async replaceCriteria(id: string, criteria: readonly Criterion[]): Promise<void> {
    await this.db.followupCriteriaSet.update({ where: { id }, data: { criteria: JSON.stringify(criteria) } });
  }

  async criteriaSetUsed(id: string): Promise<boolean> {
    return (await this.db.followupAssessment.count({ where: { criteriaSetId: id } })) > 0;
  }

  // ---------------------------------------------------------------- assignments

  async assignments(): Promise<Map<string, string>> {
    const rows = await this.db.followupAssignment.findMany();
    return new Map(rows.map((r) => [r.areaId, r.organisationId]));
  }

  async assign(areaId: string, organisationId: string): Promise<void> {
    await this.db.followupAssignment.upsert({ where: { areaId }, create: { areaId, organisationId }, update: { organisationId } });
  }

  // ---------------------------------------------------------------- assessments

  async assessments(where: { areaIds?: readonly string[]; areaId?: string; period?: string; status?: 'submitted' } = {}): Promise<AssessmentRow[]> {
    const rows = await this.db.followupAssessment.findMany({
      where: {
        ...(where.areaIds ? { areaId: { in: [...where.areaIds] } } : {}),
        ...(where.areaId ? { areaId: where.areaId } : {}),
        ...(where.period ? { period: where.period } : {}),
        ...(where.status ? { status: where.status } : {}),
      },
      orderBy: [{ areaId: 'asc' }, { period: 'asc' }, { version: 'asc' }],
    });
    return rows.map(assessmentOf);
  }

  async createAssessment(a: Omit<AssessmentRow, 'id' | 'createdAt' | 'updatedAt'> & { createdAt?: Date; updatedAt?: Date }): Promise<AssessmentRow> {
    const now = new Date();
    const r = await this.db.followupAssessment.create({
      data: { ...a, id: newId('fas_'), answers: JSON.stringify(a.answers), createdAt: a.createdAt ?? now, updatedAt: a.updatedAt ?? now },
    });
    return assessmentOf(r);
  }

  /** Updates a draft; the database refuses to change a submitted row. */
  async updateDraft(id: string, data: Partial<Pick<AssessmentRow, 'answers' | 'overall' | 'summary' | 'status' | 'submittedAt' | 'submittedById' | 'submittedByName'>> & { updatedById: string; updatedByName: string }): Promise<AssessmentRow> {
    const { answers, ...rest } = data;
    const r = await this.db.followupAssessment.update({ where: { id }, data: { ...rest, ...(answers ? { answers: JSON.stringify(answers) } : {}), updatedAt: new Date() } });
    return assessmentOf(r);
  }

  // ---------------------------------------------------------------- sharing and partners' views

  async shares(where: { areaId?: string; period?: string; organisationId?: string } = {}): Promise<ShareRecord[]> {
    return this.db.followupShare.findMany({ where, select: { areaId: true, period: true, organisationId: true, comments: true } });
  }

  async replaceShares(areaId: string, period: string, entries: ReadonlyArray<{ organisationId: string; comments: boolean }>, createdById: string): Promise<void> {
    await this.db.$transaction([
      this.db.followupShare.deleteMany({ where: { areaId, period } }),
      this.db.followupShare.createMany({ data: entries.map((e) => ({ areaId, period, organisationId: e.organisationId, comments: e.comments, createdById })) }),
    ]);
  }

  async partnerViews(where: { areaId?: string; period?: string; organisationId?: string } = {}): Promise<PartnerViewRow[]> {
    const rows = await this.db.followupPartnerView.findMany({ where, orderBy: [{ period: 'asc' }, { organisationId: 'asc' }] });
    return rows.map((r) => ({ ...r, answers: JSON.parse(r.answers) as Answer[] }));
  }

  async savePartnerView(v: Omit<PartnerViewRow, 'updatedAt'>): Promise<PartnerViewRow> {
    const key = { areaId_period_organisationId: { areaId: v.areaId, period: v.period, organisationId: v.organisationId } };
    const data = { answers: JSON.stringify(v.answers), summary: v.summary, updatedById: v.updatedById, updatedAt: new Date() };
    const r = await this.db.followupPartnerView.upsert({ where: key, create: { areaId: v.areaId, period: v.period, organisationId: v.organisationId, ...data }, update: data });
    return { ...r, answers: JSON.parse(r.answers) as Answer[] };
  }

  // ---------------------------------------------------------------- history

  async record(h: NewHistory): Promise<void> {
    await this.db.followupHistory.create({
      data: { areaId: h.areaId, period: h.period, assessmentId: h.assessmentId ?? null, action: h.action, actorId: h.actorId, actorName: h.actorName, organisationId: h.organisationId, detail: JSON.stringify(h.detail ?? {}), ...(h.at ? { at: h.at } : {}) },
    });
  }

  async history(areaId: string): Promise<HistoryRow[]> {
    const rows = await this.db.followupHistory.findMany({ where: { areaId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  async hasAnyAssessment(): Promise<boolean> {
    return (await this.db.followupAssessment.count()) > 0;
  }
}
