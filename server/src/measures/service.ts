/**
 * The measures capability: the one reader and writer of Measure, MeasureActivity and MeasureHistory. Every read
 * takes the viewer and goes through access.ts; every write is audited, kept in the history, announced on the
 * bus (`measure.changed`) and sent live to exactly the viewers who may read the measure.
 */
import { isPolicePrincipal, type OrgTree, type Principal } from '../../../shared/src/access.ts';
import type { DeliveredDosage, Measure, MeasureActivity, MeasureEvidence, MeasureHistoryEntry, MeasureTarget } from '../../../shared/src/measures.ts';
import type { AuditLog } from '../audit/audit.ts';
import { newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import { appError } from '../errors.ts';
import type { DomainBus } from '../events/domainEvents.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import type { PictureRecord, PictureService } from '../pictures/index.ts';
import { createDecision, type MeasureRight, measureRight, type PictureAccessInput, sharingProblems } from './access.ts';
import type { MeasureRecord, MeasureService, PublicMeasure } from './types.ts';
import { type ActivityFields, checkActivity, checkMeasureFields, MEASURE_FIELDS, type MeasureFields, periodProblems } from './validate.ts';

type Row = Awaited<ReturnType<Db['measure']['findFirstOrThrow']>>;
type ActivityRow = { measureId: string; at: Date; amount: number };

export interface MeasuresDeps {
  prisma: Db;
  orgs: OrgDirectory;
  pictures: PictureService;
  bus: DomainBus;
  audit: AuditLog;
  live?: LiveHub;
}

/** Who acts, with the address for the audit trail. */
export type Actor = Principal & { id: string; username: string; address?: string | null };

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
function weekOf(d: Date): string {
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return dayOf(monday);
}

/** Delivered dosage: the sum of the activities' amounts, per ISO week and per day (UTC). */
export function deliveredFrom(activities: readonly { at: Date; amount: number }[], unit: DeliveredDosage['unit']): DeliveredDosage {
  const byWeek = new Map<string, number>();
  const byDay = new Map<string, number>();
  let amount = 0;
  for (const a of activities) {
    amount += a.amount;
    byWeek.set(weekOf(a.at), (byWeek.get(weekOf(a.at)) ?? 0) + a.amount);
    byDay.set(dayOf(a.at), (byDay.get(dayOf(a.at)) ?? 0) + a.amount);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return { amount, unit, byWeek: sorted(byWeek).map(([week, n]) => ({ week, amount: n })), byDay: sorted(byDay).map(([day, n]) => ({ day, amount: n })) };
}

function recordFrom(r: Row, activities: readonly ActivityRow[]): MeasureRecord {
  const plannedDosage = r.plannedDosage ? JSON.parse(r.plannedDosage) : null;
  return {
    id: r.id,
    pictureId: r.pictureId,
    ownerOrganisationId: r.ownerOrganisationId,
    createdById: r.createdById,
    title: r.title,
    kind: r.kind as MeasureRecord['kind'],
    target: JSON.parse(r.target) as MeasureTarget,
    classification: r.classification as MeasureRecord['classification'],
    status: r.status as MeasureRecord['status'],
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt?.toISOString() ?? null,
    description: r.description,
    responsible: r.responsible,
    sharedWith: JSON.parse(r.sharedWith),
    riskFactors: JSON.parse(r.riskFactors),
    evidence: r.evidence ? JSON.parse(r.evidence) : null,
    plannedDosage,
    publicText: r.publicText,
    outcomeNote: r.outcomeNote,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    delivered: deliveredFrom(activities, plannedDosage?.unit ?? null),
  };
}

function activityOut(a: { id: string; measureId: string; at: Date; amount: number; note: string | null; location: string | null; organisationId: string; userId: string; createdAt: Date }): MeasureActivity {
  return {
    id: a.id,
    measureId: a.measureId,
    at: a.at.toISOString(),
    amount: a.amount,
    note: a.note,
    location: a.location ? JSON.parse(a.location) : null,
    organisationId: a.organisationId,
    userId: a.userId,
    createdAt: a.createdAt.toISOString(),
  };
}

/** The stored columns of checked fields. */
function columns(f: Partial<MeasureFields>) {
  const out: Record<string, unknown> = {};
  for (const k of MEASURE_FIELDS) {
    const v = f[k];
    if (v === undefined) continue;
    if (k === 'target' || k === 'sharedWith' || k === 'riskFactors') out[k] = JSON.stringify(v);
    else if (k === 'evidence' || k === 'plannedDosage') out[k] = v === null ? null : JSON.stringify(v);
    else out[k] = v;
  }
  return out;
}

/**
 * Evidence a partner may see: area codes only. RTM factors with their relative risk are police data (P2) and
 * near-repeat zone ids are the police set's (partners get other, opaque ids, P4), so both stay with the police.
 */
function partnerEvidence(e: MeasureEvidence | null): MeasureEvidence | null {
  if (!e) return null;
  return e.areaCodes ? { areaCodes: e.areaCodes } : {};
}

/** The measure as this viewer receives it: with its right, and partners without police evidence. */
function viewOf(tree: OrgTree, viewer: Principal, m: MeasureRecord, access: Exclude<MeasureRight, 'none'>): Measure {
  return isPolicePrincipal(tree, viewer) ? { ...m, access } : { ...m, evidence: partnerEvidence(m.evidence), access };
}

const pictureInput = (p: PictureRecord): PictureAccessInput => ({ ownerOrgId: p.ownerOrgId, layers: p.layers });

export class Measures implements MeasureService {
  constructor(private readonly deps: MeasuresDeps) {}

  private async pictureOrNull(pictureId: string): Promise<PictureRecord | undefined> {
    return this.deps.pictures.getPicture(pictureId);
  }

  private async records(where: { pictureId: string } | { id: string }): Promise<MeasureRecord[]> {
    const rows = await this.deps.prisma.measure.findMany({ where, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] });
    if (rows.length === 0) return [];
    const acts = await this.deps.prisma.measureActivity.findMany({ where: { measureId: { in: rows.map((r) => r.id) } }, select: { measureId: true, at: true, amount: true } });
    const by = new Map<string, ActivityRow[]>();
    for (const a of acts) by.set(a.measureId, [...(by.get(a.measureId) ?? []), a]);
    return rows.map((r) => recordFrom(r, by.get(r.id) ?? []));
  }

  async listAll(pictureId: string): Promise<MeasureRecord[]> {
    return this.records({ pictureId });
  }

  rightOf(tree: OrgTree, viewer: Principal, picture: PictureRecord, m: MeasureRecord): MeasureRight {
    return measureRight(tree, viewer, pictureInput(picture), m);
  }

  async canRead(viewer: Principal, measure: MeasureRecord): Promise<boolean> {
    const picture = await this.pictureOrNull(measure.pictureId);
    if (!picture) return false;
    return this.rightOf(await this.deps.orgs.load(), viewer, picture, measure) !== 'none';
  }

  async listReadable(viewer: Principal, pictureId: string): Promise<Measure[] | null> {
    const picture = await this.pictureOrNull(pictureId);
    if (!picture) return null;
    const tree = await this.deps.orgs.load();
    const out: Measure[] = [];
    for (const m of await this.records({ pictureId })) {
      const access = this.rightOf(tree, viewer, picture, m);
      if (access !== 'none') out.push(viewOf(tree, viewer, m, access));
    }
    if (out.length === 0 && (await this.deps.pictures.pictureRight(viewer, picture)) === 'none') return null;
    return out;
  }

  /**
   * Public measures (medborgarlöften) of the pictures in a municipality, for the public view. It takes no viewer
   * and the classification is in the query, so nothing else can come out; only the fields meant for the public
   * leave (no description, responsible person, evidence, sharing, notes or activities).
   */
  async listPublic(municipality: string): Promise<PublicMeasure[]> {
    const pictureIds = await this.deps.pictures.pictureIdsInMunicipality(municipality);
    if (pictureIds.length === 0) return [];
    const rows = await this.deps.prisma.measure.findMany({
      where: { classification: 'public', pictureId: { in: pictureIds } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    });
    if (rows.length === 0) return [];
    const acts = await this.deps.prisma.measureActivity.groupBy({ by: ['measureId'], where: { measureId: { in: rows.map((r) => r.id) } }, _sum: { amount: true } });
    const delivered = new Map(acts.map((a) => [a.measureId, a._sum.amount ?? 0]));
    return rows.map((r) => {
      const planned = r.plannedDosage ? (JSON.parse(r.plannedDosage) as MeasureRecord['plannedDosage']) : null;
      return {
        id: r.id,
        title: r.title,
        kind: r.kind as MeasureRecord['kind'],
        status: r.status as MeasureRecord['status'],
        startsAt: r.startsAt.toISOString(),
        endsAt: r.endsAt?.toISOString() ?? null,
        publicText: r.publicText,
        target: JSON.parse(r.target) as MeasureRecord['target'],
        progress: { delivered: delivered.get(r.id) ?? 0, planned },
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  /** The measure with the viewer's right; 404 when there is none or the viewer may not read it. */
  async load(viewer: Principal, id: string): Promise<{ measure: MeasureRecord; picture: PictureRecord; right: Exclude<MeasureRight, 'none'>; tree: OrgTree }> {
    const [measure] = await this.records({ id });
    const picture = measure && (await this.pictureOrNull(measure.pictureId));
    const tree = await this.deps.orgs.load();
    const right = measure && picture ? this.rightOf(tree, viewer, picture, measure) : 'none';
    if (!measure || !picture || right === 'none') throw appError('NOT_FOUND', [`Measure ${id}`]);
    return { measure, picture, right, tree };
  }

  async get(viewer: Principal, id: string): Promise<Measure> {
    const { measure, right, tree } = await this.load(viewer, id);
    return viewOf(tree, viewer, measure, right);
  }

  async create(actor: Actor, pictureId: string, body: unknown, opts: { audit?: boolean; publish?: boolean } = {}): Promise<Measure> {
    const picture = await this.pictureOrNull(pictureId);
    const tree = await this.deps.orgs.load();
    const { fields, problems } = checkMeasureFields(body, 'create');
    if (!picture) throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    const decision = createDecision(tree, actor, pictureInput(picture), fields.classification ?? 'partner');
    if (decision === 'not_found') throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    if (decision === 'forbidden') throw appError('FORBIDDEN');
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const f = fields as MeasureFields;
    if (decision === 'classification') throw appError('CLASSIFICATION_VIOLATION', ['A partner organisation cannot own a police-internal measure.']);
    // A partner's measure is shared with the picture's police owner unless it says otherwise.
    const sharedWith = f.sharedWith ?? (tree.get(actor.organisationId) && actor.organisationId !== picture.ownerOrgId && decision === 'allowed' && !isPolicePrincipal(tree, actor) ? [picture.ownerOrgId] : []);
    const sharing = sharingProblems(tree, f.classification, actor.organisationId, sharedWith);
    if (sharing.length) throw appError('CLASSIFICATION_VIOLATION', [sharing.join(' ')]);
    const period = periodProblems(f.startsAt, f.endsAt ?? null);
    if (period.length) throw appError('VALIDATION_FAILED', period);
    const id = newId('msr_');
    const full: Partial<MeasureFields> = { ...f, status: f.status ?? 'planned', riskFactors: f.riskFactors ?? [], sharedWith };
    await this.deps.prisma.$transaction([
      this.deps.prisma.measure.create({ data: { id, pictureId, ownerOrganisationId: actor.organisationId, createdById: actor.userId, ...columns(full) } as never }),
      this.deps.prisma.measureHistory.create({ data: { id: newId('mh_'), measureId: id, userId: actor.userId, organisationId: actor.organisationId, action: 'create', changes: JSON.stringify(historyOf({}, full)) } }),
    ]);
    const [created] = await this.records({ id });
    if (opts.audit !== false) {
      await this.deps.audit.record({ actor, action: 'measure.create', target: id, outcome: 'success', address: actor.address ?? null, detail: { pictureId, classification: f.classification, sharedWith } });
    }
    if (opts.publish !== false) {
      await this.deps.bus.emitSettled('measure.changed', { pictureId, measureIds: [id], reason: 'created' });
      await this.publish(picture, null, created, 'measure.created');
    }
    return viewOf(tree, actor, created, this.rightOf(tree, actor, picture, created) as Exclude<MeasureRight, 'none'>);
  }

  /** Changes any subset of the fields; `outcome` is the follow-up note of the owner (POST .../outcome). */
  async update(actor: Actor, id: string, body: unknown, action: 'update' | 'outcome' = 'update'): Promise<Measure> {
    const { measure, picture, right, tree } = await this.load(actor, id);
    if (right !== 'write') throw appError('FORBIDDEN');
    const { fields, problems } = checkMeasureFields(body, 'patch');
    if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const classification = fields.classification ?? measure.classification;
    const sharedWith = fields.sharedWith ?? measure.sharedWith;
    const sharing = sharingProblems(tree, classification, measure.ownerOrganisationId, sharedWith);
    if (sharing.length) throw appError('CLASSIFICATION_VIOLATION', [sharing.join(' ')]);
    const startsAt = fields.startsAt ?? new Date(measure.startsAt);
    const endsAt = fields.endsAt !== undefined ? fields.endsAt : measure.endsAt ? new Date(measure.endsAt) : null;
    const period = periodProblems(startsAt, endsAt);
    if (period.length) throw appError('VALIDATION_FAILED', period);
    const changes = historyOf(measure as unknown as Record<string, unknown>, fields);
    if (Object.keys(changes).length > 0) {
      await this.deps.prisma.$transaction([
        this.deps.prisma.measure.update({ where: { id }, data: columns(fields) as never }),
        this.deps.prisma.measureHistory.create({ data: { id: newId('mh_'), measureId: id, userId: actor.userId, organisationId: actor.organisationId, action, changes: JSON.stringify(changes) } }),
      ]);
    }
    const [after] = await this.records({ id });
    await this.deps.audit.record({ actor, action: `measure.${action}`, target: id, outcome: 'success', address: actor.address ?? null, detail: { pictureId: measure.pictureId, fields: Object.keys(changes) } });
    if (Object.keys(changes).length > 0) {
      await this.deps.bus.emitSettled('measure.changed', { pictureId: measure.pictureId, measureIds: [id], reason: 'updated' });
      await this.publish(picture, measure, after, 'measure.updated');
    }
    return viewOf(tree, actor, after, this.rightOf(tree, actor, picture, after) as Exclude<MeasureRight, 'none'>);
  }

  async addActivity(actor: Actor, id: string, body: unknown): Promise<MeasureActivity> {
    const { picture, right } = await this.load(actor, id);
    if (right !== 'write' && right !== 'record') throw appError('FORBIDDEN');
    const { value, problems } = checkActivity(body);
    if (!value) throw appError('VALIDATION_FAILED', [problems.join(' ')], { problems });
    const row = await this.insertActivity(actor, id, value);
    await this.deps.audit.record({ actor, action: 'measure.activity', target: id, outcome: 'success', address: actor.address ?? null, detail: { pictureId: picture.id, activityId: row.id, amount: value.amount } });
    await this.deps.bus.emitSettled('measure.changed', { pictureId: picture.id, measureIds: [id], reason: 'activity' });
    const [after] = await this.records({ id });
    await this.publish(picture, after, after, 'measure.activity');
    return activityOut(row);
  }

  private insertActivity(actor: Principal, measureId: string, v: ActivityFields) {
    return this.deps.prisma.measureActivity.create({
      data: { id: newId('mac_'), measureId, at: v.at, amount: v.amount, note: v.note, location: v.location ? JSON.stringify(v.location) : null, organisationId: actor.organisationId, userId: actor.userId },
    });
  }

  async activities(viewer: Principal, id: string): Promise<MeasureActivity[]> {
    await this.load(viewer, id);
    const rows = await this.deps.prisma.measureActivity.findMany({ where: { measureId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return rows.map(activityOut);
  }

  /** Every activity of the picture's measures the viewer may read, with the measure's title (export). */
  async readableActivities(viewer: Principal, pictureId: string): Promise<Array<MeasureActivity & { measureTitle: string }> | null> {
    const readable = await this.listReadable(viewer, pictureId);
    if (!readable) return null;
    const titles = new Map(readable.map((m) => [m.id, m.title]));
    const rows = await this.deps.prisma.measureActivity.findMany({ where: { measureId: { in: [...titles.keys()] } }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({ ...activityOut(r), measureTitle: titles.get(r.measureId) ?? '' }));
  }

  /**
   * Records activity rows (already parsed) against measures of the picture; each row needs a measure the
   * actor may record on (an unreadable one is reported as not found). Reports rejected rows.
   */
  async importActivities(actor: Actor, pictureId: string, rows: Array<{ row: number; measureId?: string; value?: unknown; errors: string[] }>) {
    const picture = await this.pictureOrNull(pictureId);
    if (!picture || (await this.listReadable(actor, pictureId)) === null) throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    const tree = await this.deps.orgs.load();
    const rejected: Array<{ row: number; errors: string[] }> = [];
    const touched = new Map<string, MeasureRecord>();
    let imported = 0;
    for (const r of rows) {
      if (r.errors.length || !r.measureId) {
        rejected.push({ row: r.row, errors: r.errors.length ? r.errors : ['measureId is required.'] });
        continue;
      }
      const [m] = await this.records({ id: r.measureId });
      const right = m && m.pictureId === pictureId ? this.rightOf(tree, actor, picture, m) : 'none';
      if (!m || right === 'none') {
        rejected.push({ row: r.row, errors: [`measure ${r.measureId} was not found in this picture.`] });
        continue;
      }
      if (right === 'read') {
        rejected.push({ row: r.row, errors: [`you may not record activities on measure ${r.measureId}.`] });
        continue;
      }
      const { value, problems } = checkActivity(r.value);
      if (!value) {
        rejected.push({ row: r.row, errors: problems });
        continue;
      }
      await this.insertActivity(actor, m.id, value);
      touched.set(m.id, m);
      imported++;
    }
    await this.deps.audit.record({ actor, action: 'measure.activity.import', target: pictureId, outcome: 'success', address: actor.address ?? null, detail: { rows: rows.length, imported, rejected: rejected.length } });
    if (touched.size) {
      await this.deps.bus.emitSettled('measure.changed', { pictureId, measureIds: [...touched.keys()], reason: 'activity' });
      for (const before of touched.values()) {
        const [after] = await this.records({ id: before.id });
        await this.publish(picture, after, after, 'measure.activity');
      }
    }
    return { imported, rejected };
  }

  /**
   * The measure's history as the viewer may see it: only the entries made while it could read the measure
   * (replaying classification and sharing), so a measure once police-internal, or shared later, does not give a
   * partner what it held before (as AC8 for layers). The entry that let the viewer in shows no `before` values.
   */
  async history(viewer: Principal, id: string): Promise<MeasureHistoryEntry[]> {
    const { tree, picture, measure } = await this.load(viewer, id);
    const police = isPolicePrincipal(tree, viewer);
    const rows = await this.deps.prisma.measureHistory.findMany({ where: { measureId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    const state = { ownerOrganisationId: measure.ownerOrganisationId, classification: 'police_internal' as MeasureRecord['classification'], sharedWith: [] as string[] };
    let readable = false;
    const out: MeasureHistoryEntry[] = [];
    for (const r of rows) {
      const changes = JSON.parse(r.changes) as MeasureHistoryEntry['changes'];
      if (changes.classification) state.classification = changes.classification.after as MeasureRecord['classification'];
      if (changes.sharedWith) state.sharedWith = changes.sharedWith.after as string[];
      const wasReadable = readable;
      readable = measureRight(tree, viewer, pictureInput(picture), state) !== 'none';
      if (!readable) continue;
      if (!wasReadable && r.action !== 'create') for (const k of Object.keys(changes)) changes[k] = { after: changes[k].after } as { before: unknown; after: unknown };
      // Police evidence (RTM values, police zone ids) stays out of a partner's history as out of its view.
      if (!police && changes.evidence) {
        changes.evidence = { ...changes.evidence, after: partnerEvidence(changes.evidence.after as MeasureEvidence | null) };
        if ('before' in changes.evidence) changes.evidence.before = partnerEvidence(changes.evidence.before as MeasureEvidence | null);
      }
      out.push({ id: r.id, measureId: r.measureId, at: r.at.toISOString(), userId: r.userId, organisationId: r.organisationId, action: r.action as MeasureHistoryEntry['action'], changes });
    }
    return out;
  }

  /** Imports rows (already parsed) as measures of the picture, each checked as a create; reports rejected rows. */
  async importRows(actor: Actor, pictureId: string, rows: Array<{ row: number; value?: unknown; errors: string[] }>) {
    const picture = await this.pictureOrNull(pictureId);
    const tree = await this.deps.orgs.load();
    if (!picture) throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    const probe = createDecision(tree, actor, pictureInput(picture), 'partner');
    if (probe === 'not_found') throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    if (probe === 'forbidden') throw appError('FORBIDDEN');
    const rejected: Array<{ row: number; errors: string[] }> = [];
    const ids: string[] = [];
    for (const r of rows) {
      if (r.errors.length || r.value === undefined) {
        rejected.push({ row: r.row, errors: r.errors });
        continue;
      }
      try {
        const m = await this.create(actor, pictureId, r.value, { audit: false, publish: false });
        ids.push(m.id);
      } catch (err) {
        const e = err as { message?: string; details?: { problems?: string[] } };
        rejected.push({ row: r.row, errors: e.details?.problems ?? [e.message ?? 'rejected'] });
      }
    }
    await this.deps.audit.record({ actor, action: 'measure.import', target: pictureId, outcome: 'success', address: actor.address ?? null, detail: { rows: rows.length, imported: ids.length, rejected: rejected.length } });
    if (ids.length) {
      await this.deps.bus.emitSettled('measure.changed', { pictureId, measureIds: ids, reason: 'imported' });
      for (const [m] of await Promise.all(ids.map((id) => this.records({ id })))) await this.publish(picture, null, m, 'measure.created');
    }
    return { imported: ids.length, ids, rejected };
  }

  /**
   * After a layer's access list changed (`layer.access.changed`): each viewer in the picture's room whose read of
   * a measure rests on the changed layers (M1: police reading a police-internal layer; M7: a public measure and a
   * readable picture) and who may read it now receives `measure.updated` with it, so a viewer who gained read sees
   * the measure without reloading. The access list before the change is not known here, so a viewer who could
   * already read it through those layers receives it again (idempotent for clients). A viewer who reads it without
   * the changed layers (M2, M3, M4, or through another layer) is sent nothing: the change cannot have altered its
   * right (M1 and M7 give `read` only). Events are built per viewer now, so one who lost read receives nothing.
   */
  async publishAfterLayerAccess(pictureId: string, layerIds: readonly string[]): Promise<void> {
    const live = this.deps.live;
    if (!live) return;
    const picture = await this.pictureOrNull(pictureId);
    if (!picture) return;
    const measures = await this.records({ pictureId });
    if (measures.length === 0) return;
    const tree = await this.deps.orgs.load();
    // The same picture without the changed layers: a viewer who reads the measure through it read it before too.
    const unchanged: PictureAccessInput = { ownerOrgId: picture.ownerOrgId, layers: picture.layers.filter((l) => !layerIds.includes(l.id)) };
    for (const m of measures) {
      await live.publish(picture.id, (viewer) => {
        const right = this.rightOf(tree, viewer, picture, m);
        if (right === 'none' || measureRight(tree, viewer, unchanged, m) !== 'none') return null;
        return { v: 1, type: 'measure.updated', pictureId: picture.id, at: new Date().toISOString(), measure: viewOf(tree, viewer, m, right) };
      });
    }
  }

  /**
   * Sends a live event to the viewers who may read the measure now. A viewer who could read it before but no
   * longer can receives nothing more; one who could not and now can receives `measure.updated` with it.
   */
  private async publish(picture: PictureRecord, before: MeasureRecord | null, after: MeasureRecord, type: 'measure.created' | 'measure.updated' | 'measure.activity'): Promise<void> {
    const live = this.deps.live;
    if (!live) return;
    const tree = await this.deps.orgs.load();
    await live.publish(picture.id, (viewer) => {
      const right = this.rightOf(tree, viewer, picture, after);
      if (right === 'none') return null;
      const wasReadable = before ? this.rightOf(tree, viewer, picture, before) !== 'none' : false;
      const eventType = type === 'measure.activity' && !wasReadable ? 'measure.updated' : type;
      return { v: 1, type: eventType, pictureId: picture.id, at: new Date().toISOString(), measure: viewOf(tree, viewer, after, right) };
    });
  }
}

/** Before/after of each field that changes (`before` empty on create). */
function historyOf(before: Record<string, unknown>, fields: Partial<MeasureFields>): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of MEASURE_FIELDS) {
    const v = fields[k];
    if (v === undefined) continue;
    const after = v instanceof Date ? v.toISOString() : v;
    const prev = before[k] ?? null;
    if (JSON.stringify(prev) !== JSON.stringify(after)) out[k] = { before: prev, after };
  }
  return out;
}
