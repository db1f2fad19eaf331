/**
 * The area follow-up: criteria per year, assessments per designated area and quarter, sharing with partners
 * and their own views, trends, overviews, reminders and history. Every read is built for the viewer from the
 * rules in rules.ts; every write is recorded in the append-only history and announced live.
 */
import type { Feature, Geometry } from 'geojson';
import {
  type Answer,
  type Assessment,
  comparePeriods,
  type CriteriaSet,
  type Criterion,
  currentPeriod,
  DEFAULT_TREND_THRESHOLD,
  type DueItem,
  type DueRule,
  type DueStatus,
  dueAt,
  type FollowupArea,
  type HistoryEntry,
  isPeriod,
  opensAt,
  type OverviewRow,
  type PartnerViewOut,
  type Period,
  parsePeriod,
  type ShareEntry,
  weightedScore,
} from '../../../shared/src/areaFollowup.ts';
import type { OrgTree } from '../../../shared/src/access.ts';
import type { AuditLog } from '../audit/audit.ts';
import type { AuthUser } from '../auth/authService.ts';
import { appError } from '../errors.ts';
import type { Measure, MeasureService } from '../measures/index.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import type { PictureService } from '../pictures/index.ts';
import type { DesignatedArea, PlaceIndicators, StrategicReader } from '../strategic/index.ts';
import type { Clock } from '../time/clock.ts';
import { responsibleOrgs } from './assignment.ts';
import { answerProblems, criteriaProblems, overallProblems } from './criteria.ts';
import type { FollowupLive } from './live.ts';
import { assignsAreas, criteriaRight, partnerShare, partnerWrites, policeReadsArea, policeWritesArea, shareProblems } from './rules.ts';
import type { AssessmentRow, CriteriaSetRow, FollowupStore, ShareRecord } from './store.ts';
import { areaTrend, byAreaAndPeriod, criterionSeries, dueItems, dueStatus, type PeriodState, submittedSeries } from './trends.ts';

export type Actor = AuthUser;

export interface FollowupDeps {
  store: FollowupStore;
  orgs: Pick<OrgDirectory, 'load' | 'get'>;
  strategic: StrategicReader;
  measures: Pick<MeasureService, 'listReadable'> | null;
  pictures: Pick<PictureService, 'listPictures'> | null;
  live: FollowupLive;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  rule: DueRule;
}

interface AreaContext {
  tree: OrgTree & { all(): Iterable<{ id: string; kind: string; parentId: string | null }> };
  areas: DesignatedArea[];
  byId: Map<string, DesignatedArea>;
  responsible: Map<string, string | null>;
  orgName: (id: string | null) => string | null;
}

const nameOf = (u: AuthUser) => `${u.displayName} (${u.organisation.name})`;

export class FollowupService {
  constructor(private readonly d: FollowupDeps) {}

  private now(): Date {
    return new Date(this.d.clock.now());
  }

  private async context(): Promise<AreaContext> {
    const tree = await this.d.orgs.load();
    const areas = await this.d.strategic.designatedAreas();
    const orgs = await Promise.all([...tree.all()].map((n) => this.d.orgs.get(n.id)));
    const names = new Map(orgs.filter((o) => o !== undefined).map((o) => [o.id, o.name]));
    const responsible = responsibleOrgs(areas, await this.d.store.assignments(), orgs.filter((o) => o !== undefined));
    return { tree, areas, byId: new Map(areas.map((a) => [a.id, a])), responsible, orgName: (id) => (id ? (names.get(id) ?? null) : null) };
  }

  private areaOut(c: AreaContext, a: DesignatedArea): FollowupArea {
    const org = c.responsible.get(a.id) ?? null;
    return { id: a.id, name: a.name, category: a.category, kommunCode: a.kommunCode, lpo: a.lpo, responsibleOrganisationId: org, responsibleOrganisationName: c.orgName(org) };
  }

  /** The area if the viewer may read anything of it (police by F1/F2, partners by a share, F4); else 404. */
  private async readable(viewer: AuthUser, areaId: string): Promise<{ c: AreaContext; area: DesignatedArea; police: boolean; shares: ShareRecord[] }> {
    const c = await this.context();
    const area = c.byId.get(areaId);
    if (!area) throw appError('NOT_FOUND', [`Area ${areaId}`]);
    const shares = await this.d.store.shares({ areaId });
    if (policeReadsArea(c.tree, viewer, c.responsible.get(areaId) ?? null)) return { c, area, police: true, shares };
    if (shares.some((s) => partnerShare(c.tree, viewer, [s]))) return { c, area, police: false, shares };
    throw appError('NOT_FOUND', [`Area ${areaId}`]);
  }

  // ---------------------------------------------------------------- criteria

  private criteriaCache = new Map<string, CriteriaSetRow>();

  private async criteriaById(id: string): Promise<CriteriaSetRow> {
    let set = this.criteriaCache.get(id);
    if (!set) {
      const found = await this.d.store.criteriaSet(id);
      if (!found) throw new Error(`criteria set ${id} is missing`);
      set = found;
      // putCriteria drops an entry it replaces in place (only unused sets are).
      this.criteriaCache.set(id, set);
    }
    return set;
  }

  private async criteriaMap(rows: readonly AssessmentRow[]): Promise<(id: string) => Criterion[]> {
    const sets = new Map<string, Criterion[]>();
    for (const id of new Set(rows.map((r) => r.criteriaSetId))) sets.set(id, (await this.criteriaById(id)).criteria);
    return (id) => sets.get(id) ?? [];
  }

  /** The catalogue a new assessment of `year` takes: the year's newest, else the newest of an earlier year. */
  private async criteriaFor(year: number): Promise<CriteriaSetRow | null> {
    const own = await this.latestCriteria(year);
    if (own) return own;
    return (await this.d.store.criteriaSets()).filter((s) => s.year < year).pop() ?? null;
  }

  /**
   * The year's catalogue for a new draft; a year nobody configured starts as a copy of the latest earlier one
   * (version 1 of that year), so a new year never stops the follow-up. Two processes racing: one insert wins.
   */
  private async criteriaForDraft(year: number): Promise<CriteriaSetRow | null> {
    const own = await this.latestCriteria(year);
    if (own) return own;
    const earlier = await this.criteriaFor(year);
    if (!earlier) return null;
    try {
      return await this.d.store.createCriteriaSet(year, 1, earlier.criteria, null);
    } catch {
      return this.latestCriteria(year);
    }
  }

  private async latestCriteria(year: number): Promise<CriteriaSetRow | null> {
    return (await this.d.store.criteriaSets(year)).pop() ?? null;
  }

  async criteria(viewer: AuthUser, year: number): Promise<CriteriaSet> {
    const c = await this.context();
    if (criteriaRight(c.tree, viewer) === 'none') throw appError('FORBIDDEN');
    const set = await this.latestCriteria(year);
    if (!set) throw appError('NOT_FOUND', [`The criteria of ${year}`]);
    return this.criteriaOut(set);
  }

  private async criteriaOut(set: CriteriaSetRow): Promise<CriteriaSet> {
    return { year: set.year, version: set.version, criteria: set.criteria, frozen: await this.d.store.criteriaSetUsed(set.id), createdAt: set.createdAt.toISOString(), createdBy: set.createdById };
  }

  /** F6. A catalogue in use is frozen: the change becomes a new version, which new assessments take. */
  async putCriteria(actor: Actor, year: number, body: unknown): Promise<CriteriaSet> {
    const c = await this.context();
    if (criteriaRight(c.tree, actor) !== 'write') throw appError('FORBIDDEN');
    const { criteria, problems } = criteriaProblems(body);
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const latest = await this.latestCriteria(year);
    let set: CriteriaSetRow;
    if (latest && !(await this.d.store.criteriaSetUsed(latest.id))) {
      await this.d.store.replaceCriteria(latest.id, criteria);
      this.criteriaCache.delete(latest.id);
      set = { ...latest, criteria };
    } else set = await this.d.store.createCriteriaSet(year, (latest?.version ?? 0) + 1, criteria, actor.id);
    await this.d.store.record({ areaId: '*', period: null, action: 'criteria_changed', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { year, version: set.version, keys: criteria.map((x) => x.key) } });
    return this.criteriaOut(set);
  }

  // ---------------------------------------------------------------- views

  private async view(row: AssessmentRow, viewer: AuthUser, c: AreaContext, shares: readonly ShareRecord[]): Promise<Assessment | null> {
    const set = await this.criteriaById(row.criteriaSetId);
    const periodShares = shares.filter((s) => s.period === row.period);
    const responsible = c.responsible.get(row.areaId) ?? null;
    const police = policeReadsArea(c.tree, viewer, responsible);
    const partner = police ? null : partnerShare(c.tree, viewer, periodShares);
    if (!police && !partner) return null;
    // F4: partners read submitted versions only, and comments only when shared with comments.
    if (partner && row.status !== 'submitted') return null;
    const withComments = police || partner?.comments === true;
    const views = await this.d.store.partnerViews({ areaId: row.areaId, period: row.period, ...(police ? {} : { organisationId: viewer.organisationId }) });
    const partnerViews: PartnerViewOut[] = views.map((v) => ({
      organisationId: v.organisationId,
      organisationName: c.orgName(v.organisationId) ?? v.organisationId,
      answers: v.answers,
      summary: v.summary,
      updatedAt: v.updatedAt.toISOString(),
      updatedBy: police || v.organisationId === viewer.organisationId ? v.updatedById : '',
    }));
    const answers: Answer[] = row.answers.map((a) => ({ key: a.key, score: a.score, comment: withComments ? a.comment : null }));
    // Partners see the responsible unit, not which officer wrote.
    const who = (name: string | null) => (police ? name : c.orgName(row.organisationId));
    return {
      id: row.id,
      areaId: row.areaId,
      period: row.period as Period,
      version: row.version,
      status: row.status,
      organisationId: row.organisationId,
      criteriaYear: set.year,
      criteriaVersion: set.version,
      answers,
      overall: withComments ? row.overall : null,
      summary: withComments ? row.summary : null,
      correctionReason: withComments ? row.correctionReason : null,
      weightedScore: weightedScore(set.criteria, row.answers),
      createdAt: row.createdAt.toISOString(),
      createdBy: who(row.createdByName) ?? '',
      updatedAt: row.updatedAt.toISOString(),
      updatedBy: who(row.updatedByName) ?? '',
      submittedAt: row.submittedAt?.toISOString() ?? null,
      submittedBy: row.submittedByName ? who(row.submittedByName) : null,
      ...(police ? { sharedWith: periodShares.map((s) => ({ organisationId: s.organisationId, comments: s.comments })) } : {}),
      partnerViews,
      demo: row.demo,
      access: police ? (policeWritesArea(c.tree, viewer, responsible) ? 'write' : 'read') : partnerWrites(c.tree, viewer, periodShares) ? 'partner_write' : 'read',
    };
  }

  // ---------------------------------------------------------------- areas and assessments

  /**
   * Where an area stands for a period; nothing is due of an area nobody follows up. A partner (F4) learns only
   * whether a quarter shared with it is submitted, not the police's drafts or lateness.
   */
  private statusOf(c: AreaContext, areaId: string, state: PeriodState | undefined, period: Period, now: Date, partner?: { shared: boolean }): DueStatus {
    if (partner) return partner.shared && state?.submitted ? 'submitted' : 'not_open';
    return c.responsible.get(areaId) ? dueStatus(period, state, now, this.d.rule) : state?.submitted ? 'submitted' : 'unassigned';
  }

  /** The areas the viewer may read, with where each stands for the current period. */
  async listAreas(viewer: AuthUser): Promise<Array<FollowupArea & { current: OverviewRow['current'] }>> {
    const c = await this.context();
    const shares = await this.d.store.shares({ organisationId: viewer.organisationId });
    const states = byAreaAndPeriod(await this.d.store.assessments());
    const now = this.now();
    const cur = currentPeriod(now, this.d.rule);
    return c.areas
      .filter((a) => policeReadsArea(c.tree, viewer, c.responsible.get(a.id) ?? null) || shares.some((s) => s.areaId === a.id && partnerShare(c.tree, viewer, [s])))
      .map((a) => {
        const partner = viewer.isPolice ? undefined : { shared: shares.some((s) => s.areaId === a.id && s.period === cur) };
        return { ...this.areaOut(c, a), current: { period: cur, status: this.statusOf(c, a.id, states.get(a.id)?.get(cur), cur, now, partner), dueAt: dueAt(cur, this.d.rule).toISOString() } };
      })
      .sort((x, y) => x.name.localeCompare(y.name, 'sv'));
  }

  /** One area: its assessments (newest version per period, as the viewer may see them), series, indicators, measures. */
  async area(viewer: AuthUser, areaId: string, threshold = DEFAULT_TREND_THRESHOLD) {
    const { c, area, police, shares } = await this.readable(viewer, areaId);
    const rows = await this.d.store.assessments({ areaId });
    const criteriaOf = await this.criteriaMap(rows);
    const states = byAreaAndPeriod(rows).get(areaId);
    const assessments: Assessment[] = [];
    for (const [, st] of [...(states ?? new Map<string, PeriodState>())].sort(([a], [b]) => comparePeriods(b, a))) {
      const v = (await this.view(st.latest, viewer, c, shares)) ?? (st.submitted ? await this.view(st.submitted, viewer, c, shares) : null);
      if (v) assessments.push(v);
    }
    // Partners' series come only from the periods shared with them.
    const visiblePeriods = new Set(assessments.filter((a) => a.status === 'submitted' || police).map((a) => a.period));
    const visibleStates = new Map([...(states ?? [])].filter(([p]) => police || visiblePeriods.has(p as Period)));
    const series = submittedSeries(visibleStates, criteriaOf);
    const trend = areaTrend(series, threshold);
    const now = this.now();
    const cur = currentPeriod(now, this.d.rule);
    const year = parsePeriod(cur)!.year;
    const criteria = await this.criteriaFor(year);
    return {
      area: { ...this.areaOut(c, area), geometry: area.geometry },
      current: { period: cur, status: this.statusOf(c, areaId, states?.get(cur), cur, now, police ? undefined : { shared: shares.some((s) => s.period === cur && partnerShare(c.tree, viewer, [s]) !== null) }), opensAt: opensAt(cur, this.d.rule).toISOString(), dueAt: dueAt(cur, this.d.rule).toISOString() },
      criteria: criteria ? await this.criteriaOut(criteria) : null,
      assessments,
      weightedSeries: series.map((s) => ({ period: s.period, weightedScore: s.weightedScore })),
      criterionSeries: Object.fromEntries(criterionSeries(series)),
      trend,
      // Police read the strategic map; partners get what their kommun shows there (the strategic rules), not here.
      indicators: police ? await this.indicators(area) : [],
      measures: await this.measuresIn(viewer, area),
      access: police ? (policeWritesArea(c.tree, viewer, c.responsible.get(areaId) ?? null) ? 'write' : 'read') : 'partner',
    };
  }

  private async indicators(area: DesignatedArea): Promise<PlaceIndicators[]> {
    return this.d.strategic.indicatorsAt(area.point);
  }

  /** Measures the viewer may read whose target intersects the area (every picture, through the measures capability). */
  private async measuresIn(viewer: AuthUser, area: DesignatedArea): Promise<Measure[]> {
    if (!this.d.measures || !this.d.pictures) return [];
    // Loaded on first use: the server starts without turf (≈ 1 MB of heap with its dependencies).
    const { default: booleanIntersects } = await import('@turf/boolean-intersects');
    const out: Measure[] = [];
    const areaFeature: Feature = { type: 'Feature', properties: {}, geometry: area.geometry as unknown as Geometry };
    for (const p of await this.d.pictures.listPictures()) {
      const items = await this.d.measures.listReadable(viewer, p.id);
      for (const m of items ?? []) {
        if (booleanIntersects({ type: 'Feature', properties: {}, geometry: m.target as unknown as Geometry }, areaFeature)) out.push(m);
      }
    }
    return out;
  }

  /** Every version of an area's period the viewer may see, oldest first. */
  async versions(viewer: AuthUser, areaId: string, period: string): Promise<Assessment[]> {
    const p = this.period(period);
    const { c, shares } = await this.readable(viewer, areaId);
    const out: Assessment[] = [];
    for (const r of await this.d.store.assessments({ areaId, period: p })) {
      const v = await this.view(r, viewer, c, shares);
      if (v) out.push(v);
    }
    return out;
  }

  /** The catalogue a period is (or will be) assessed under: its newest version's, else the year's newest. */
  async periodCriteria(viewer: AuthUser, areaId: string, period: string): Promise<CriteriaSet | null> {
    const p = this.period(period);
    await this.readable(viewer, areaId);
    const rows = await this.d.store.assessments({ areaId, period: p });
    const set = rows.length > 0 ? await this.criteriaById(rows[rows.length - 1].criteriaSetId) : await this.criteriaFor(parsePeriod(p)!.year);
    return set ? this.criteriaOut(set) : null;
  }

  private period(s: string): Period {
    if (!isPeriod(s)) throw appError('VALIDATION_FAILED', [`"${s}" is not a quarter such as 2026Q4.`]);
    return s;
  }

  /** F3: the responsible unit, for a period that has opened and has a catalogue. */
  private async writable(actor: Actor, areaId: string, period: string) {
    const p = this.period(period);
    const c = await this.context();
    const area = c.byId.get(areaId);
    if (!area) throw appError('NOT_FOUND', [`Area ${areaId}`]);
    const responsible = c.responsible.get(areaId) ?? null;
    if (!policeWritesArea(c.tree, actor, responsible)) {
      const shares = await this.d.store.shares({ areaId });
      if (!policeReadsArea(c.tree, actor, responsible) && !shares.some((s) => partnerShare(c.tree, actor, [s]))) throw appError('NOT_FOUND', [`Area ${areaId}`]);
      throw appError('FORBIDDEN');
    }
    if (this.now().getTime() < opensAt(p, this.d.rule).getTime()) throw appError('UNPROCESSABLE', [`${p} opens for assessment on ${opensAt(p, this.d.rule).toISOString().slice(0, 10)}.`]);
    const rows = await this.d.store.assessments({ areaId, period: p });
    return { c, area, p, responsible: responsible as string, rows, latest: rows[rows.length - 1] ?? null };
  }

  /** Creates or updates the draft of a period. */
  async saveDraft(actor: Actor, areaId: string, period: string, body: unknown): Promise<Assessment> {
    const w = await this.writable(actor, areaId, period);
    const b = (body ?? {}) as { answers?: unknown; overall?: unknown; summary?: unknown };
    if (typeof body !== 'object' || body === null) throw appError('VALIDATION_FAILED', ['the body must be { answers, overall?, summary? }.']);
    if (w.latest?.status === 'submitted') throw appError('CONFLICT', [`The assessment of ${w.p} is submitted and cannot change; make a correction (a new version) instead.`]);
    const set = w.latest ? await this.criteriaById(w.latest.criteriaSetId) : await this.criteriaForDraft(parsePeriod(w.p)!.year);
    if (!set) throw appError('UNPROCESSABLE', [`There are no criteria for ${parsePeriod(w.p)!.year}.`]);
    const { answers, problems } = answerProblems(set.criteria, b.answers, false);
    problems.push(...overallProblems(b.overall));
    if (b.summary !== undefined && b.summary !== null && (typeof b.summary !== 'string' || b.summary.length > 8000)) problems.push('summary must be text of at most 8000 characters.');
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const overall = typeof b.overall === 'number' ? b.overall : null;
    const summary = typeof b.summary === 'string' && b.summary.trim() !== '' ? b.summary : null;
    let row: AssessmentRow;
    if (w.latest) {
      row = await this.d.store.updateDraft(w.latest.id, { answers, overall, summary, updatedById: actor.id, updatedByName: nameOf(actor) });
    } else {
      row = await this.d.store.createAssessment({
        areaId, period: w.p, version: 1, status: 'draft', organisationId: w.responsible, criteriaSetId: set.id, answers, overall, summary, correctionReason: null, demo: false,
        createdById: actor.id, createdByName: nameOf(actor), updatedById: actor.id, updatedByName: nameOf(actor), submittedById: null, submittedByName: null, submittedAt: null,
      });
    }
    await this.d.store.record({ areaId, period: w.p, assessmentId: row.id, action: w.latest ? 'draft_saved' : 'draft_created', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { version: row.version, weightedScore: weightedScore(set.criteria, answers) } });
    await this.announce(row, false);
    return (await this.view(row, actor, w.c, await this.d.store.shares({ areaId })))!;
  }

  /** Submits the draft: every criterion scored; afterwards the version never changes (database triggers). */
  async submit(actor: Actor, areaId: string, period: string): Promise<Assessment> {
    const w = await this.writable(actor, areaId, period);
    if (!w.latest) throw appError('UNPROCESSABLE', [`There is no draft of ${w.p} to submit.`]);
    if (w.latest.status === 'submitted') throw appError('CONFLICT', [`The assessment of ${w.p} is already submitted.`]);
    const set = await this.criteriaById(w.latest.criteriaSetId);
    const { problems } = answerProblems(set.criteria, w.latest.answers, true);
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const row = await this.d.store.updateDraft(w.latest.id, { status: 'submitted', submittedAt: this.now(), submittedById: actor.id, submittedByName: nameOf(actor), updatedById: actor.id, updatedByName: nameOf(actor) });
    await this.d.store.record({ areaId, period: w.p, assessmentId: row.id, action: row.version > 1 ? 'correction_submitted' : 'submitted', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { version: row.version, weightedScore: weightedScore(set.criteria, row.answers) } });
    await this.announce(row, true);
    return (await this.view(row, actor, w.c, await this.d.store.shares({ areaId })))!;
  }

  /** A correction of a submitted period: a new draft version copying it, with a reason. */
  async correct(actor: Actor, areaId: string, period: string, body: unknown): Promise<Assessment> {
    const w = await this.writable(actor, areaId, period);
    const reason = (body as { reason?: unknown } | null)?.reason;
    if (typeof reason !== 'string' || reason.trim().length < 3 || reason.length > 2000) throw appError('VALIDATION_FAILED', ['reason: say why the submitted assessment is corrected (3–2000 characters).']);
    const prev = w.latest;
    if (prev?.status !== 'submitted') throw appError('CONFLICT', [`Only a submitted assessment is corrected; ${w.p} has ${prev ? 'a draft' : 'none'}.`]);
    const row = await this.d.store.createAssessment({
      areaId, period: w.p, version: prev.version + 1, status: 'draft', organisationId: prev.organisationId, criteriaSetId: prev.criteriaSetId, answers: prev.answers, overall: prev.overall, summary: prev.summary,
      correctionReason: reason.trim(), demo: false, createdById: actor.id, createdByName: nameOf(actor), updatedById: actor.id, updatedByName: nameOf(actor), submittedById: null, submittedByName: null, submittedAt: null,
    });
    await this.d.store.record({ areaId, period: w.p, assessmentId: row.id, action: 'correction_started', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { version: row.version, reason: reason.trim() } });
    await this.announce(row, false);
    return (await this.view(row, actor, w.c, await this.d.store.shares({ areaId })))!;
  }

  /** F4: which partner organisations see the period (scores; with `comments`, the police's comments and text too). */
  async setSharing(actor: Actor, areaId: string, period: string, body: unknown): Promise<{ entries: ShareEntry[] }> {
    const w = await this.writable(actor, areaId, period);
    const list = (body as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(list) || list.some((e) => !e || typeof (e as ShareEntry).organisationId !== 'string' || ((e as ShareEntry).comments !== undefined && typeof (e as ShareEntry).comments !== 'boolean'))) {
      throw appError('VALIDATION_FAILED', ['the body must be { entries: [{ organisationId, comments? }] }.']);
    }
    const entries = (list as ShareEntry[]).map((e) => ({ organisationId: e.organisationId, comments: e.comments === true }));
    const problems = shareProblems(w.c.tree, entries);
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const before = await this.d.store.shares({ areaId, period: w.p });
    await this.d.store.replaceShares(areaId, w.p, entries, actor.id);
    // Sharing with a partner is a disclosure: audited like a layer's access list, beside the follow-up's own history.
    await this.d.audit.record({ actor, action: 'areafollowup.share', target: `${areaId}/${w.p}`, outcome: 'success', address: null, detail: { before: before.map((s) => s.organisationId), after: entries } });
    await this.d.store.record({ areaId, period: w.p, action: 'sharing_changed', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { before: before.map((s) => ({ organisationId: s.organisationId, comments: s.comments })), after: entries } });
    const submitted = w.rows.filter((r) => r.status === 'submitted').pop();
    if (submitted) await this.announce(submitted, false);
    return { entries };
  }

  /** F5: a partner's own scores and comments beside the police's. */
  async savePartnerView(actor: Actor, areaId: string, period: string, body: unknown): Promise<PartnerViewOut> {
    const p = this.period(period);
    const c = await this.context();
    const shares = await this.d.store.shares({ areaId, period: p });
    if (!c.byId.has(areaId) || !partnerShare(c.tree, actor, shares)) {
      if (c.byId.has(areaId) && policeReadsArea(c.tree, actor, c.responsible.get(areaId) ?? null)) throw appError('FORBIDDEN');
      throw appError('NOT_FOUND', [`Area ${areaId} ${p}`]);
    }
    if (!partnerWrites(c.tree, actor, shares)) throw appError('FORBIDDEN');
    const rows = await this.d.store.assessments({ areaId, period: p });
    const set = rows[0] ? await this.criteriaById(rows[rows.length - 1].criteriaSetId) : await this.criteriaFor(parsePeriod(p)!.year);
    if (!set) throw appError('UNPROCESSABLE', [`There are no criteria for ${parsePeriod(p)!.year}.`]);
    const b = (body ?? {}) as { answers?: unknown; summary?: unknown };
    const { answers, problems } = answerProblems(set.criteria, b.answers, false);
    if (b.summary !== undefined && b.summary !== null && (typeof b.summary !== 'string' || b.summary.length > 8000)) problems.push('summary must be text of at most 8000 characters.');
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const v = await this.d.store.savePartnerView({ areaId, period: p, organisationId: actor.organisationId, answers, summary: typeof b.summary === 'string' && b.summary.trim() !== '' ? b.summary : null, updatedById: actor.id });
    await this.d.store.record({ areaId, period: p, action: 'partner_view_saved', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { scores: answers.map((a) => [a.key, a.score]) } });
    const submitted = rows.filter((r) => r.status === 'submitted').pop();
    if (submitted) await this.announce(submitted, false);
    return { organisationId: v.organisationId, organisationName: c.orgName(v.organisationId) ?? v.organisationId, answers: v.answers, summary: v.summary, updatedAt: v.updatedAt.toISOString(), updatedBy: v.updatedById };
  }

  /** F7: which local police area follows up the area (overrides the name match of assignment.ts). */
  async assign(actor: Actor, areaId: string, body: unknown): Promise<FollowupArea> {
    const c = await this.context();
    const area = c.byId.get(areaId);
    if (!area) throw appError('NOT_FOUND', [`Area ${areaId}`]);
    if (!assignsAreas(c.tree, actor)) throw appError('FORBIDDEN');
    const organisationId = (body as { organisationId?: unknown } | null)?.organisationId;
    if (typeof organisationId !== 'string' || c.tree.get(organisationId)?.kind !== 'local_police_area') {
      throw appError('VALIDATION_FAILED', ['organisationId must name a local police area (lokalpolisområde).']);
    }
    const before = c.responsible.get(areaId) ?? null;
    await this.d.store.assign(areaId, organisationId);
    await this.d.audit.record({ actor, action: 'areafollowup.assign', target: areaId, outcome: 'success', address: null, detail: { before, after: organisationId } });
    await this.d.store.record({ areaId, period: null, action: 'assigned', actorId: actor.id, actorName: nameOf(actor), organisationId: actor.organisationId, detail: { before, after: organisationId } });
    await this.publishDue({ localOnly: false });
    const next = await this.context();
    return this.areaOut(next, next.byId.get(areaId)!);
  }

  // ---------------------------------------------------------------- overview, reminders, history

  /** National or regional overview (police): trends between the last two submitted periods and where each area stands. */
  async overview(viewer: AuthUser, threshold = DEFAULT_TREND_THRESHOLD): Promise<{ threshold: number; period: Period; items: OverviewRow[] }> {
    if (!viewer.isPolice) throw appError('FORBIDDEN');
    const c = await this.context();
    const readable = c.areas.filter((a) => policeReadsArea(c.tree, viewer, c.responsible.get(a.id) ?? null));
    const rows = await this.d.store.assessments({ areaIds: readable.map((a) => a.id) });
    const criteriaOf = await this.criteriaMap(rows);
    const states = byAreaAndPeriod(rows);
    const now = this.now();
    const cur = currentPeriod(now, this.d.rule);
    const items = readable.map((a) => {
      const t = areaTrend(submittedSeries(states.get(a.id), criteriaOf), threshold);
      return { area: this.areaOut(c, a), ...t, current: { period: cur, status: this.statusOf(c, a.id, states.get(a.id)?.get(cur), cur, now), dueAt: dueAt(cur, this.d.rule).toISOString() } };
    });
    return { threshold, period: cur, items: items.sort((x, y) => x.area.name.localeCompare(y.area.name, 'sv')) };
  }

  /** The reminder list of the viewer's organisation: its own areas, and for a police area, region or NOA those below it. */
  async due(viewer: AuthUser): Promise<DueItem[]> {
    if (!viewer.isPolice) return [];
    const c = await this.context();
    const mine = c.areas
      .map((a) => ({ id: a.id, name: a.name, responsibleOrgId: c.responsible.get(a.id) ?? null }))
      .filter((a): a is { id: string; name: string; responsibleOrgId: string } => a.responsibleOrgId !== null && policeReadsArea(c.tree, viewer, a.responsibleOrgId));
    if (mine.length === 0) return [];
    const states = byAreaAndPeriod(await this.d.store.assessments({ areaIds: mine.map((a) => a.id) }));
    const first = (await this.d.store.criteriaSets())[0];
    if (!first) return [];
    return dueItems(mine, states, this.now(), this.d.rule, `${first.year}Q1`);
  }

  /** Every recorded change of the area the viewer may see: police all of it, a partner its own organisation's. */
  async history(viewer: AuthUser, areaId: string): Promise<HistoryEntry[]> {
    const { police } = await this.readable(viewer, areaId);
    const rows = await this.d.store.history(areaId);
    return rows
      .filter((r) => police || r.organisationId === viewer.organisationId)
      .map((r) => ({ id: r.id, at: r.at.toISOString(), areaId: r.areaId, period: r.period, action: r.action, actor: r.actorName, organisationId: r.organisationId, detail: police ? r.detail : r.action === 'partner_view_saved' ? r.detail : {} }));
  }

  // ---------------------------------------------------------------- live

  /** The changed assessment to every viewer who may read it (as they may see it); with `dueChanged`, reminder lists too. */
  private async announce(row: AssessmentRow, dueChanged: boolean): Promise<void> {
    const at = this.now().toISOString();
    await this.d.live.publish(async (viewer) => {
      const c = await this.context();
      const v = await this.view(row, viewer, c, await this.d.store.shares({ areaId: row.areaId }));
      return v ? { v: 1, type: 'areafollowup.assessment', at, assessment: v } : null;
    });
    if (dueChanged) await this.publishDue({ localOnly: false });
  }

  /** Each viewer's reminder list (police with something due or overdue). */
  async publishDue(opts: { localOnly: boolean }): Promise<number> {
    const at = this.now().toISOString();
    return this.d.live.publish(async (viewer) => {
      if (!viewer.isPolice) return null;
      const items = await this.due(viewer);
      return { v: 1, type: 'areafollowup.due', at, items };
    }, opts);
  }

  /** For the seed and tests: the areas that have a responsible unit. */
  async assignedAreas(): Promise<Array<{ id: string; name: string; organisationId: string }>> {
    const c = await this.context();
    return c.areas.flatMap((a) => {
      const org = c.responsible.get(a.id);
      return org ? [{ id: a.id, name: a.name, organisationId: org }] : [];
    });
  }
}
