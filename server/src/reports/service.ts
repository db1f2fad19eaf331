/**
 * Situation reports: the one writer of Report, ReportVersion and ReportDelivery. Every read takes the viewer and
 * asks access.ts (R1–R8); what a version holds is assembled from what its audience may read, never filtered
 * afterwards from the police version.
 */
import { createHash } from 'node:crypto';
import { CLASSIFICATIONS, type Classification, isPolicePrincipal, isWithin, type OrgTree, type Principal } from '../../../shared/src/access.ts';
import type { IncidentView } from '../../../shared/src/events.ts';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { readFeatures } from '../../../shared/src/layerDoc.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import {
  HEADING_KEYS,
  type HeadingKey,
  type InboxItem,
  isHeadingKey,
  type Report,
  type ReportContent,
  type ReportLevel,
  type ReportMap,
  type ReportVersion,
  type RollupRow,
  reportDocName,
} from '../../../shared/src/reports.ts';
import { isPoliceOrgKind } from '../../../shared/src/roles.ts';
import type { AuditLog } from '../audit/audit.ts';
import type { AuthUser } from '../auth/authService.ts';
import { newId } from '../auth/tokens.ts';
import type { DocumentManager } from '../collab/documents.ts';
import type { Db } from '../db/database.ts';
import { appError } from '../errors.ts';
import type { DomainBus } from '../events/domainEvents.ts';
import { type IncidentStore, incidentView } from '../incidents/index.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { MeasuresCapability } from '../measures/index.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import type { PictureRecord, PictureService } from '../pictures/index.ts';
import { levelOfKind, mayAuthor, policeRecipients, type ReportRights, reportRights } from './access.ts';
import { canonicalJson, headingsFrom, rollupRow, rollupTotals, summarise } from './assemble.ts';

export interface ReportDeps {
  prisma: Db;
  orgs: OrgDirectory;
  audit: AuditLog;
  pictures: PictureService;
  docs: DocumentManager;
  incidents: IncidentStore;
  measures: MeasuresCapability | null;
  live: LiveHub;
  bus: DomainBus;
}

export type Actor = AuthUser & { address?: string | null };

type Row = NonNullable<Awaited<ReturnType<Db['report']['findUnique']>>>;
type VersionRow = NonNullable<Awaited<ReturnType<Db['reportVersion']['findUnique']>>>;

/** Most incidents read for a period's counts; a period holding more is cut there (and says so in the log). */
const MAX_INCIDENTS = 5_000;
const DAY_MS = 86_400_000;

export class Reports {
  constructor(private readonly deps: ReportDeps) {}

  private tree(): Promise<OrgTree & { all(): Iterable<{ id: string; kind: string; parentId: string | null }> }> {
    return this.deps.orgs.load();
  }

  /** Organisations a partner version was assembled for (R5), per report. */
  private async partnerOrgsOf(reportIds: string[]): Promise<Map<string, Set<string>>> {
    const rows = reportIds.length ? await this.deps.prisma.reportVersion.findMany({ where: { reportId: { in: reportIds }, audience: 'partner' }, select: { reportId: true, organisationId: true } }) : [];
    const out = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!r.organisationId) continue;
      let s = out.get(r.reportId);
      if (!s) {
        s = new Set();
        out.set(r.reportId, s);
      }
      s.add(r.organisationId);
    }
    return out;
  }

  private async rightsOn(viewer: Principal, row: Row): Promise<ReportRights> {
    const tree = await this.tree();
    if (isPolicePrincipal(tree, viewer)) return reportRights(tree, viewer, row);
    const orgs = row.status === 'signed' ? (await this.partnerOrgsOf([row.id])).get(row.id) : undefined;
    return reportRights(tree, viewer, row, (o) => orgs?.has(o) ?? false);
  }

  /** The report if the viewer may read it (404 otherwise, so ids do not reveal what exists). */
  private async readable(viewer: Principal, id: string): Promise<{ row: Row; rights: ReportRights & { read: 'police' | 'partner' } }> {
    const row = await this.deps.prisma.report.findUnique({ where: { id } });
    const rights = row ? await this.rightsOn(viewer, row) : null;
    if (!row || !rights?.read) throw appError('NOT_FOUND', [`Report ${id}`]);
    return { row, rights: rights as ReportRights & { read: 'police' | 'partner' } };
  }

  private async out(row: Row, rights: ReportRights & { read: 'police' | 'partner' }): Promise<Report> {
    const [org, picture] = await Promise.all([this.deps.orgs.get(row.organisationId), this.deps.pictures.getPicture(row.pictureId)]);
    return {
      id: row.id,
      pictureId: row.pictureId,
      pictureTitle: picture?.title ?? '',
      title: row.title,
      organisationId: row.organisationId,
      organisationName: org?.name ?? row.organisationId,
      level: row.level as ReportLevel,
      periodFrom: row.periodFrom.toISOString(),
      periodTo: row.periodTo.toISOString(),
      classification: row.classification as Classification,
      status: row.status as Report['status'],
      createdBy: row.createdById,
      signedBy: row.signedById,
      signedAt: row.signedAt?.toISOString() ?? null,
      nextReportDue: row.nextReportDue?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      audience: rights.read,
      can: { edit: rights.edit, sign: rights.sign },
    };
  }

  /** R6: a partner's read of a signed report leaves an audit row. */
  private async auditPartnerRead(viewer: Actor, row: Row, what: string): Promise<void> {
    if (viewer.isPolice) return;
    await this.deps.audit.record({ actor: viewer, action: 'report.read', target: row.id, outcome: 'success', address: viewer.address ?? null, detail: { what } });
  }

  async create(actor: Actor, pictureId: string, body: unknown): Promise<Report> {
    const tree = await this.tree();
    if (!mayAuthor(tree, actor)) throw appError('FORBIDDEN');
    const picture = await this.deps.pictures.getPicture(pictureId);
    if (!picture || (await this.deps.pictures.pictureRight(actor, picture)) === 'none') throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    const org = tree.get(actor.organisationId);
    const level = org ? levelOfKind(org.kind) : null;
    if (!level) throw appError('FORBIDDEN');
    const v = checkFields(body, true);
    const now = new Date();
    const periodTo = v.periodTo ?? now;
    const periodFrom = v.periodFrom ?? new Date(periodTo.getTime() - DAY_MS);
    if (periodFrom.getTime() > periodTo.getTime()) throw appError('VALIDATION_FAILED', ['periodFrom must be before periodTo.']);
    const row = await this.deps.prisma.report.create({
      data: {
        id: newId('rep_'),
        pictureId,
        organisationId: actor.organisationId,
        level,
        title: v.title ?? `Lägesrapport ${picture.title}`,
        periodFrom,
        periodTo,
        classification: v.classification ?? 'police_internal',
        createdById: actor.id,
        nextReportDue: v.nextReportDue ?? null,
      },
    });
    await this.deps.audit.record({ actor, action: 'report.create', target: row.id, outcome: 'success', address: actor.address ?? null, detail: { pictureId } });
    return this.out(row, (await this.rightsOn(actor, row)) as ReportRights & { read: 'police' });
  }

  /** A picture's reports the viewer may read, newest first (null: the picture is not readable at all). */
  async list(viewer: Actor, pictureId: string): Promise<Report[] | null> {
    const picture = await this.deps.pictures.getPicture(pictureId);
    if (!picture || (await this.deps.pictures.pictureRight(viewer, picture)) === 'none') return null;
    const rows = await this.deps.prisma.report.findMany({ where: { pictureId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    const items = await this.readableOf(viewer, rows);
    // Listing signed reports (titles, periods) is a partner's read too (R6): batched, like other list reads.
    if (!viewer.isPolice && items.length) this.deps.audit.recordRead({ actor: viewer, action: 'report.list', target: pictureId, outcome: 'success', address: viewer.address ?? null, detail: { reports: items.map((r) => r.id) } });
    return items;
  }

  private async readableOf(viewer: Principal, rows: Row[]): Promise<Report[]> {
    const tree = await this.tree();
    const partnerOrgs = isPolicePrincipal(tree, viewer) ? new Map<string, Set<string>>() : await this.partnerOrgsOf(rows.filter((r) => r.status === 'signed').map((r) => r.id));
    const out: Report[] = [];
    for (const row of rows) {
      const rights = reportRights(tree, viewer, row, (o) => partnerOrgs.get(row.id)?.has(o) ?? false);
      if (rights.read) out.push(await this.out(row, rights as ReportRights & { read: 'police' | 'partner' }));
    }
    return out;
  }

  async get(viewer: Actor, id: string): Promise<Report> {
    const { row, rights } = await this.readable(viewer, id);
    await this.auditPartnerRead(viewer, row, 'report');
    return this.out(row, rights);
  }

  async update(actor: Actor, id: string, body: unknown): Promise<Report> {
    const { row, rights } = await this.readable(actor, id);
    if (row.status === 'signed') throw appError('CONFLICT', ['The report is signed and cannot change.']);
    if (!rights.edit) throw appError('FORBIDDEN');
    const v = checkFields(body, false);
    const periodFrom = v.periodFrom ?? row.periodFrom;
    const periodTo = v.periodTo ?? row.periodTo;
    if (periodFrom.getTime() > periodTo.getTime()) throw appError('VALIDATION_FAILED', ['periodFrom must be before periodTo.']);
    // The status is part of the condition: a report signed meanwhile is not changed (and the trigger holds too).
    const res = await this.deps.prisma.report.updateMany({
      where: { id, status: 'draft' },
      data: {
        ...(v.title !== undefined ? { title: v.title } : {}),
        ...(v.classification !== undefined ? { classification: v.classification } : {}),
        ...(v.nextReportDue !== undefined ? { nextReportDue: v.nextReportDue } : {}),
        periodFrom,
        periodTo,
      },
    });
    if (res.count === 0) throw appError('CONFLICT', ['The report is signed and cannot change.']);
    const next = (await this.deps.prisma.report.findUnique({ where: { id } }))!;
    const report = await this.out(next, rights);
    await this.publishUpdated(next);
    return report;
  }

  /** Copies the chosen headings' police text into the partner text (R8: only by the commander's explicit act). */
  async copyToPartner(actor: Actor, id: string, body: unknown): Promise<{ copied: HeadingKey[] }> {
    const { row, rights } = await this.readable(actor, id);
    if (row.status === 'signed') throw appError('CONFLICT', ['The report is signed and cannot change.']);
    if (!rights.edit) throw appError('FORBIDDEN');
    const keys = (body as { headings?: unknown } | null)?.headings;
    if (!Array.isArray(keys) || keys.length === 0 || keys.some((k) => typeof k !== 'string' || !isHeadingKey(k))) {
      throw appError('VALIDATION_FAILED', [`headings must be a non-empty list of ${HEADING_KEYS.join(', ')}.`]);
    }
    const police = await this.deps.docs.readState(reportDocName('report', id));
    const texts = new Map((keys as HeadingKey[]).map((k) => [k, police.getText(k).toString()]));
    police.destroy();
    await this.deps.docs.change(reportDocName('report-partner', id), (doc) => {
      for (const [k, text] of texts) {
        const t = doc.getText(k);
        t.delete(0, t.length);
        t.insert(0, text);
      }
    });
    await this.deps.audit.record({ actor, action: 'report.copy_to_partner', target: id, outcome: 'success', address: actor.address ?? null, detail: { headings: [...texts.keys()] } });
    return { copied: [...texts.keys()] };
  }

  /** The live heading texts of a draft (police or partner text) as the viewer may read them. */
  async texts(viewer: Actor, id: string, which: 'police' | 'partner'): Promise<Record<HeadingKey, string>> {
    const { rights } = await this.readable(viewer, id);
    if (rights.read !== 'police') throw appError('NOT_FOUND', [`Report ${id}`]);
    return this.readHeadings(id, which === 'police' ? 'report' : 'report-partner');
  }

  private async readHeadings(id: string, kind: 'report' | 'report-partner'): Promise<Record<HeadingKey, string>> {
    const doc = await this.deps.docs.readState(reportDocName(kind, id));
    const { headings, problems } = headingsFrom((k) => doc.getText(k).toString());
    doc.destroy();
    if (problems.length) throw appError('UNPROCESSABLE', [`The report cannot be signed: ${problems.join(' ')}`]);
    return headings;
  }

  /**
   * Signs (R3): freezes the police version and one partner version per partner organisation in the audience
   * (R7; none for police-internal reports), each assembled with that audience's rights (R8), then distributes.
   */
  async sign(actor: Actor, id: string): Promise<Report> {
    const { row, rights } = await this.readable(actor, id);
    if (row.status === 'signed') throw appError('CONFLICT', ['The report is already signed and cannot change.']);
    if (!rights.sign) throw appError('FORBIDDEN');
    const picture = await this.deps.pictures.getPicture(row.pictureId);
    if (!picture) throw appError('NOT_FOUND', [`Picture ${row.pictureId}`]);
    const tree = await this.tree();
    const signedAt = new Date();
    // Flush first: the texts frozen are everything the editors had sent when the commander pressed sign.
    await this.deps.docs.flushAll();
    const policeText = await this.readHeadings(id, 'report');
    const policeViewer: Principal = { userId: actor.id, organisationId: row.organisationId, roles: ['analyst'] };
    const versions: Array<{ audience: 'police' | 'partner'; organisationId: string | null; content: ReportContent }> = [
      { audience: 'police', organisationId: null, content: await this.assemble(row, picture, policeViewer, 'police', policeText) },
    ];
    const partnerOrgs = row.classification === 'police_internal' ? [] : await this.partnerAudience(tree, picture);
    if (partnerOrgs.length) {
      const partnerText = await this.readHeadings(id, 'report-partner');
      for (const orgId of partnerOrgs) {
        const viewer: Principal = { userId: actor.id, organisationId: orgId, roles: ['partner_viewer'] };
        versions.push({ audience: 'partner', organisationId: orgId, content: await this.assemble(row, picture, viewer, 'partner', partnerText) });
      }
    }
    const recipients = policeRecipients(tree, row.organisationId);
    const signed = await this.deps.prisma.$transaction(async (tx) => {
      const res = await tx.report.updateMany({ where: { id, status: 'draft' }, data: { status: 'signed', signedById: actor.id, signedAt } });
      if (res.count === 0) throw appError('CONFLICT', ['The report is already signed and cannot change.']);
      for (const v of versions) {
        const text = canonicalJson(v.content);
        await tx.reportVersion.create({
          data: { id: newId('rv_'), reportId: id, audience: v.audience, organisationId: v.organisationId, content: text, contentHash: sha256(text), signedById: actor.id, signedAt },
        });
      }
      for (const orgId of recipients) await tx.reportDelivery.create({ data: { id: newId('rd_'), reportId: id, organisationId: orgId, audience: 'police' } });
      for (const orgId of partnerOrgs) await tx.reportDelivery.create({ data: { id: newId('rd_'), reportId: id, organisationId: orgId, audience: 'partner' } });
      return (await tx.report.findUnique({ where: { id } }))!;
    });
    await this.deps.audit.record({ actor, action: 'report.sign', target: id, outcome: 'success', address: actor.address ?? null, detail: { versions: versions.length, police: recipients, partners: partnerOrgs } });
    // Open editors become read-only (R4), in every process (feature.ts re-checks them on this event).
    await this.deps.bus.emitSettled('report.signed', { reportId: id, pictureId: row.pictureId });
    await this.publishSigned(signed, new Set(partnerOrgs));
    return this.out(signed, { ...rights, edit: false, sign: false });
  }

  /** Partner organisations that read a partner-classified layer of the picture (R7). */
  private async partnerAudience(tree: OrgTree & { all(): Iterable<{ id: string; kind: string }> }, picture: PictureRecord): Promise<string[]> {
    const out: string[] = [];
    for (const org of tree.all()) {
      if (isPoliceOrgKind(org.kind)) continue;
      const layers = await this.deps.pictures.readableLayers({ userId: 'report-audience', organisationId: org.id, roles: ['partner_viewer'] }, picture);
      if (layers.some((l) => l.classification === 'partner')) out.push(org.id);
    }
    return out.sort();
  }

  /** One version's content, from exactly what `viewer` (the audience's rights) may read. */
  private async assemble(row: Row, picture: PictureRecord, viewer: Principal, audience: 'police' | 'partner', headings: Record<HeadingKey, string>): Promise<ReportContent> {
    const bbox = pictureBbox(picture.area);
    const records = await this.deps.incidents.list({ from: row.periodFrom, to: row.periodTo, ...(bbox ? { bbox } : {}), limit: MAX_INCIDENTS }, audience);
    const incidents = records.items.map((r) => incidentView(r, audience)).filter((v): v is IncidentView => v !== null);
    const measures: Measure[] = (await this.deps.measures?.listReadable(viewer, picture.id)) ?? [];
    // Coverage as this audience reads it (its own risk surface, its readable measures): a partner version never
    // counts a police-only measure or cell. Frozen with the version, so the roll-up shows the figures as signed.
    const coverage = (await this.deps.measures?.coverageOf({ ...viewer, isPolice: audience === 'police' }, picture.id)) ?? null;
    const layers = await this.deps.pictures.readableLayers(viewer, picture);
    const map: ReportMap = { bbox, area: pictureAreaWgs(picture.area), layers: [] };
    for (const l of layers) {
      const doc = await this.deps.docs.readState(l.id);
      const { collection } = readFeatures(doc);
      doc.destroy();
      map.layers.push({ id: l.id, name: l.name, kind: l.kind, classification: l.classification, features: collection });
    }
    const rollup = audience === 'police' && row.level !== 'local' ? await this.rollupRows(row.organisationId) : [];
    return { headings, summary: summarise(incidents, measures, row.periodFrom, row.periodTo, coverage), map, rollup };
  }

  /** The latest signed report of each police unit directly below `orgId`, with its figures (police versions). */
  private async rollupRows(orgId: string): Promise<RollupRow[]> {
    const tree = await this.tree();
    const units = [...tree.all()].filter((o) => o.parentId === orgId && isPoliceOrgKind(o.kind));
    const rows: RollupRow[] = [];
    for (const u of units) {
      const latest = await this.deps.prisma.report.findFirst({ where: { organisationId: u.id, status: 'signed' }, orderBy: [{ signedAt: 'desc' }, { id: 'desc' }] });
      const version = latest ? await this.deps.prisma.reportVersion.findFirst({ where: { reportId: latest.id, audience: 'police' } }) : null;
      const org = await this.deps.orgs.get(u.id);
      rows.push(
        rollupRow(
          { id: u.id, name: org?.name ?? u.id },
          latest?.signedAt && version ? { reportId: latest.id, title: latest.title, signedAt: latest.signedAt, periodTo: latest.periodTo, nextReportDue: latest.nextReportDue, content: JSON.parse(version.content) as ReportContent } : null,
        ),
      );
    }
    return rows.sort((a, b) => a.organisationName.localeCompare(b.organisationName, 'sv'));
  }

  /** The roll-up of an organisation: police of it or above only (a unit's reports are read by those above). */
  async rollup(viewer: Principal, orgId: string | undefined): Promise<{ organisationId: string; organisationName: string; rows: RollupRow[]; totals: ReturnType<typeof rollupTotals> }> {
    const tree = await this.tree();
    if (!isPolicePrincipal(tree, viewer)) throw appError('FORBIDDEN');
    const target = orgId ?? viewer.organisationId;
    const org = await this.deps.orgs.get(target);
    if (!org || !isPoliceOrgKind(org.kind) || !isWithin(tree, target, viewer.organisationId)) throw appError('NOT_FOUND', [`Organisation ${target}`]);
    const rows = await this.rollupRows(target);
    return { organisationId: target, organisationName: org.name, rows, totals: rollupTotals(rows) };
  }

  /** Signed versions: police readers get the police version; a partner only the version assembled for it. */
  async versions(viewer: Actor, id: string): Promise<ReportVersion[]> {
    const { row, rights } = await this.readable(viewer, id);
    const where = rights.read === 'police' ? { reportId: id, audience: 'police' } : { reportId: id, audience: 'partner', organisationId: viewer.organisationId };
    const rows = await this.deps.prisma.reportVersion.findMany({ where, orderBy: { createdAt: 'asc' } });
    await this.auditPartnerRead(viewer, row, 'versions');
    return rows.map(versionOut);
  }

  /**
   * The partner version. A partner gets its own; police readers pick one with `organisationId` (to see what a
   * partner received), or get the first. Before signing, police see a preview assembled now with that partner's
   * rights and the partner text (nothing is stored).
   */
  async partnerVersion(viewer: Actor, id: string, organisationId?: string): Promise<ReportVersion> {
    const { row, rights } = await this.readable(viewer, id);
    const orgId = rights.read === 'partner' ? viewer.organisationId : organisationId;
    if (row.status === 'draft') {
      if (rights.read !== 'police') throw appError('NOT_FOUND', [`Report ${id}`]);
      const picture = await this.deps.pictures.getPicture(row.pictureId);
      if (!picture) throw appError('NOT_FOUND', [`Picture ${row.pictureId}`]);
      const audience = row.classification === 'police_internal' ? [] : await this.partnerAudience(await this.tree(), picture);
      const target = orgId ?? audience[0];
      if (!target || !audience.includes(target)) throw appError('NOT_FOUND', [`A partner version of report ${id}`]);
      const content = await this.assemble(row, picture, { userId: viewer.id, organisationId: target, roles: ['partner_viewer'] }, 'partner', await this.readHeadings(id, 'report-partner'));
      const text = canonicalJson(content);
      return { id: 'preview', reportId: id, audience: 'partner', organisationId: target, contentHash: sha256(text), signedAt: '', signedBy: '', content };
    }
    const found = await this.deps.prisma.reportVersion.findFirst({ where: { reportId: id, audience: 'partner', ...(orgId ? { organisationId: orgId } : {}) }, orderBy: { organisationId: 'asc' } });
    if (!found) throw appError('NOT_FOUND', [`A partner version of report ${id}`]);
    await this.auditPartnerRead(viewer, row, 'partner_version');
    return versionOut(found);
  }

  /** A draft's police version as it would be signed now (police readers only; nothing is stored). */
  async preview(viewer: Actor, id: string): Promise<ReportContent> {
    const { row, rights } = await this.readable(viewer, id);
    if (rights.read !== 'police') throw appError('NOT_FOUND', [`Report ${id}`]);
    const picture = await this.deps.pictures.getPicture(row.pictureId);
    if (!picture) throw appError('NOT_FOUND', [`Picture ${row.pictureId}`]);
    return this.assemble(row, picture, { userId: viewer.id, organisationId: row.organisationId, roles: ['analyst'] }, 'police', await this.readHeadings(id, 'report'));
  }

  /** The version the viewer reads of a signed report (print page, PDF). */
  async readVersion(viewer: Actor, id: string, which: 'police' | 'partner', partnerOrg?: string): Promise<{ report: Report; version: ReportVersion | null; draftHeadings: Record<HeadingKey, string> | null }> {
    const { row, rights } = await this.readable(viewer, id);
    const report = await this.out(row, rights);
    if (rights.read === 'partner' || which === 'partner') return { report, version: await this.partnerVersion(viewer, id, partnerOrg), draftHeadings: null };
    if (row.status === 'draft') return { report, version: null, draftHeadings: await this.readHeadings(id, 'report') };
    const police = await this.deps.prisma.reportVersion.findFirst({ where: { reportId: id, audience: 'police' } });
    return { report, version: police ? versionOut(police) : null, draftHeadings: null };
  }

  /** The viewer's inbox: signed reports delivered to its organisation, with the viewer's own read marks. */
  async inbox(viewer: Actor): Promise<{ items: InboxItem[]; unread: number }> {
    const deliveries = await this.deps.prisma.reportDelivery.findMany({ where: { organisationId: viewer.organisationId, userId: null }, orderBy: { createdAt: 'desc' }, take: 200, include: { report: true } });
    const reads = await this.deps.prisma.reportDelivery.findMany({ where: { organisationId: viewer.organisationId, userId: viewer.userId }, select: { reportId: true, readAt: true } });
    const readAt = new Map(reads.map((r) => [r.reportId, r.readAt]));
    const items: InboxItem[] = [];
    for (const d of deliveries) {
      const org = await this.deps.orgs.get(d.report.organisationId);
      items.push({
        id: d.id,
        reportId: d.reportId,
        title: d.report.title,
        organisationName: org?.name ?? d.report.organisationId,
        level: d.report.level as ReportLevel,
        signedAt: d.report.signedAt?.toISOString() ?? d.createdAt.toISOString(),
        audience: d.audience as 'police' | 'partner',
        readAt: readAt.get(d.reportId)?.toISOString() ?? null,
      });
    }
    if (!viewer.isPolice && items.length) this.deps.audit.recordRead({ actor: viewer, action: 'report.inbox', target: viewer.organisationId, outcome: 'success', address: viewer.address ?? null, detail: { reports: items.map((i) => i.reportId) } });
    return { items, unread: items.filter((i) => !i.readAt).length };
  }

  /** Marks a delivered report read for this user (idempotent). */
  async markRead(viewer: Actor, reportId: string): Promise<{ readAt: string }> {
    const delivery = await this.deps.prisma.reportDelivery.findFirst({ where: { reportId, organisationId: viewer.organisationId, userId: null } });
    if (!delivery) throw appError('NOT_FOUND', [`Report ${reportId} in your inbox`]);
    const existing = await this.deps.prisma.reportDelivery.findFirst({ where: { reportId, organisationId: viewer.organisationId, userId: viewer.id } });
    if (existing?.readAt) return { readAt: existing.readAt.toISOString() };
    const at = new Date();
    await this.deps.prisma.reportDelivery.create({ data: { id: newId('rd_'), reportId, organisationId: viewer.organisationId, audience: delivery.audience, userId: viewer.id, readAt: at } });
    return { readAt: at.toISOString() };
  }

  /** The right a user has on a report document (`report:<id>` police text, `report-partner:<id>` partner text). */
  async docRight(user: AuthUser, id: string): Promise<'read' | 'write' | 'none' | 'missing'> {
    const row = await this.deps.prisma.report.findUnique({ where: { id } });
    if (!row) return 'missing';
    // Partners never open either document (R5): they read signed versions.
    if (!user.isPolice) return 'none';
    const rights = await this.rightsOn(user, row);
    if (!rights.read) return 'none';
    return rights.edit ? 'write' : 'read';
  }

  /** report.signed to police who read it (the author organisation and above, R1) and to the partner audience (R5). */
  private async publishSigned(row: Row, partners: ReadonlySet<string>): Promise<void> {
    const tree = await this.tree();
    const parent = tree.get(row.organisationId)?.parentId ?? undefined;
    await this.deps.live.publishToAll(async (viewer) => {
      const police = isPolicePrincipal(tree, viewer);
      if (!police && !partners.has(viewer.organisationId)) return null;
      const rights = reportRights(tree, viewer, row, (o) => partners.has(o));
      if (!rights.read) return null;
      return { v: 1, type: 'report.signed', pictureId: row.pictureId, at: new Date().toISOString(), report: await this.out(row, rights as ReportRights & { read: 'police' | 'partner' }), ...(police && parent ? { rollupOf: parent } : {}) };
    });
  }

  /** report.updated to police who read the draft (partners never see drafts). */
  private async publishUpdated(row: Row): Promise<void> {
    const tree = await this.tree();
    await this.deps.live.publishToAll(async (viewer) => {
      const rights = reportRights(tree, viewer, row);
      if (rights.read !== 'police') return null;
      return { v: 1, type: 'report.updated', pictureId: row.pictureId, at: new Date().toISOString(), report: await this.out(row, rights as ReportRights & { read: 'police' }) };
    });
  }
}

function versionOut(v: VersionRow): ReportVersion {
  return {
    id: v.id,
    reportId: v.reportId,
    audience: v.audience as 'police' | 'partner',
    organisationId: v.organisationId,
    contentHash: v.contentHash,
    signedAt: v.signedAt.toISOString(),
    signedBy: v.signedById,
    content: JSON.parse(v.content) as ReportContent,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A picture's area (stored as EPSG:3006 GeoJSON) in WGS84, or null. */
export function pictureAreaWgs(area: string | null): ReportMap['area'] {
  if (!area) return null;
  try {
    const g = JSON.parse(area) as { type?: string; coordinates?: unknown };
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return null;
    const project = (c: unknown): unknown =>
      Array.isArray(c) && typeof c[0] === 'number' ? swerefToWgs(c[0], c[1] as number).map((v) => Math.round(v * 1e6) / 1e6) : Array.isArray(c) ? c.map(project) : c;
    return { type: g.type, coordinates: project(g.coordinates) };
  } catch {
    return null;
  }
}

/** The WGS84 bbox of a picture's area (stored as EPSG:3006 GeoJSON), or null without one. */
export function pictureBbox(area: string | null): [number, number, number, number] | null {
  if (!area) return null;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      minX = Math.min(minX, c[0]);
      minY = Math.min(minY, c[1]);
      maxX = Math.max(maxX, c[0]);
      maxY = Math.max(maxY, c[1]);
    } else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  try {
    walk((JSON.parse(area) as { coordinates?: unknown }).coordinates);
  } catch {
    return null;
  }
  if (!Number.isFinite(minX)) return null;
  const [a, b] = swerefToWgs(minX, minY);
  const [c, d] = swerefToWgs(maxX, maxY);
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

interface Fields {
  title?: string;
  classification?: Classification;
  periodFrom?: Date;
  periodTo?: Date;
  nextReportDue?: Date | null;
}

const FIELD_NAMES = ['title', 'classification', 'periodFrom', 'periodTo', 'nextReportDue'];

/** Checks a create or patch body; every problem is reported in one 400. */
export function checkFields(body: unknown, creating: boolean): Fields {
  if (body === undefined || body === null) {
    if (creating) return {};
    throw appError('VALIDATION_FAILED', ['the body must be an object with any of title, classification, periodFrom, periodTo, nextReportDue.']);
  }
  if (typeof body !== 'object' || Array.isArray(body)) throw appError('VALIDATION_FAILED', ['the body must be an object.']);
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const out: Fields = {};
  for (const k of Object.keys(b)) if (!FIELD_NAMES.includes(k)) problems.push(`"${k}" is not a report field (fields: ${FIELD_NAMES.join(', ')}).`);
  if (b.title !== undefined) {
    if (typeof b.title !== 'string' || b.title.trim().length === 0 || b.title.length > 200) problems.push('title must be text of 1–200 characters.');
    else out.title = b.title.trim();
  }
  if (b.classification !== undefined) {
    if (typeof b.classification !== 'string' || !(CLASSIFICATIONS as readonly string[]).includes(b.classification)) problems.push(`classification must be one of ${CLASSIFICATIONS.join(', ')}.`);
    else out.classification = b.classification as Classification;
  }
  const time = (k: 'periodFrom' | 'periodTo' | 'nextReportDue'): Date | undefined => {
    const v = b[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
      problems.push(`${k} must be an ISO 8601 time with offset, e.g. 2026-12-05T06:00:00+01:00.`);
      return undefined;
    }
    return new Date(v);
  };
  out.periodFrom = time('periodFrom');
  out.periodTo = time('periodTo');
  if (b.nextReportDue === null) out.nextReportDue = null;
  else out.nextReportDue = time('nextReportDue');
  if (problems.length) throw appError('VALIDATION_FAILED', [problems.join(' ')]);
  for (const k of Object.keys(out) as Array<keyof Fields>) if (out[k] === undefined) delete out[k];
  return out;
}
