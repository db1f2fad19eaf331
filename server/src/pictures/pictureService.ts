import {
  type AccessEntry,
  type Classification,
  type LayerAccessInput,
  layerRight,
  policeUnitEntries,
  type Principal,
  type Right,
} from '../../../shared/src/access.ts';
import type { LayerSummary } from '../../../shared/src/events.ts';
import { polygonalProblems } from '../../../shared/src/geometryCheck.ts';
import type { Role } from '../../../shared/src/roles.ts';
import type { AuditLog } from '../audit/audit.ts';
import type { AuthUser } from '../auth/authService.ts';
import { newId } from '../auth/tokens.ts';
import { type SqlTarget, tableName } from '../db/bulkInsert.ts';
import type { Db } from '../db/database.ts';
import { rawSql } from '../db/rawSql.ts';
import { appError } from '../errors.ts';
import type { DomainBus } from '../events/domainEvents.ts';
import { type GeoJsonGeometry, geometryToSweref } from '../geo/crs.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';

/** A layer with everything its access decision needs. */
export interface LayerRecord {
  id: string;
  pictureId: string;
  name: string;
  kind: string;
  classification: Classification;
  position: number;
  ownerOrgId: string;
  entries: AccessEntry[];
  /** The picture's lifecycle status: a closed or archived picture's layers are read-only for everyone. */
  pictureStatus?: string;
}

/** Picture lifecycle: `active` (open), `closed` (read-only), `archived` (read-only, left out of the list). */
export const PICTURE_STATUSES = ['active', 'closed', 'archived'] as const;
export type PictureStatus = (typeof PICTURE_STATUSES)[number];

/** A closed or archived picture is kept as it was: nobody writes in it until it is reopened. */
export function capForStatus(right: Right, status: string | undefined): Right {
  return status && status !== 'active' && (right === 'write' || right === 'admin') ? 'read' : right;
}

export interface PictureRecord {
  id: string;
  title: string;
  level: string;
  status: string;
  area: string | null;
  areaCode: string | null;
  ownerOrgId: string;
  riskConfig: string | null;
  rtmRunId: string | null;
  createdAt: Date;
  updatedAt: Date;
  layers: LayerRecord[];
}

interface AccessRow {
  subjectType: string;
  organisationId: string | null;
  role: string | null;
  includeSubtree: boolean;
  right: string;
}

export function entryFromRow(r: AccessRow): AccessEntry {
  return r.subjectType === 'organisation'
    ? { subject: { type: 'organisation', id: r.organisationId!, includeSubtree: r.includeSubtree }, right: r.right as 'read' | 'write' }
    : { subject: { type: 'role', role: r.role as Role }, right: r.right as 'read' | 'write' };
}

/** A stored layer with its access rows, as a record (layers take their owner from the picture). */
function layerRecord(
  l: { id: string; pictureId: string; name: string; kind: string; classification: string; position: number; access: AccessRow[] },
  ownerOrgId: string,
  pictureStatus: string,
): LayerRecord {
  return {
    id: l.id,
    pictureId: l.pictureId,
    name: l.name,
    kind: l.kind,
    classification: l.classification as Classification,
    position: l.position,
    ownerOrgId,
    entries: l.access.map(entryFromRow),
    pictureStatus,
  };
}

export function entryToRow(e: AccessEntry): AccessRow {
  return e.subject.type === 'organisation'
    ? { subjectType: 'organisation', organisationId: e.subject.id, role: null, includeSubtree: e.subject.includeSubtree, right: e.right }
    : { subjectType: 'role', organisationId: null, role: e.subject.role, includeSubtree: false, right: e.right };
}

/** A public layer and the little of its picture the public may know. */
export interface PublicLayerRow {
  id: string;
  name: string;
  position: number;
  updatedAt: Date;
  picture: { id: string; title: string; area: string | null; areaCode: string | null; status: string };
}

export interface NewPicture {
  creator: AuthUser;
  title: string;
  level: string;
  /** WGS84 Polygon or MultiPolygon, checked (closed rings, no crossings, inside Sweden, size). */
  area?: GeoJsonGeometry | null;
  areaCode?: string | null;
  /** @defaultValue true */
  withDefaultLayers?: boolean;
  /** The caller's address, for the audit. */
  address?: string | null;
}

export interface NewLayer {
  name: string;
  kind: string;
  classification: Classification;
  entries: AccessEntry[];
}

/**
 * The owner of pictures, layers and their access lists: reads them, answers "what may this principal do",
 * and is the only writer of those tables. Every write is announced on the bus (`picture.*`, `layer.*`).
 */
export class PictureService {
  private readonly layerSql: string | undefined;

  constructor(
    private readonly prisma: Db,
    private readonly orgs: OrgDirectory,
    private readonly bus: DomainBus,
    private readonly audit: AuditLog,
    /** With it, getLayer is one raw statement (every document connect asks for a layer; issue 14). */
    sql?: SqlTarget,
  ) {
    if (sql) {
      const t = (name: string) => tableName(sql, name);
      this.layerSql =
        `SELECT l."id", l."pictureId", l."name", l."kind", l."classification", l."position", p."ownerOrgId", p."status", ` +
        `a."subjectType", a."organisationId", a."role", a."includeSubtree", a."right" FROM ${t('Layer')} l ` +
        `JOIN ${t('Picture')} p ON p."id" = l."pictureId" LEFT JOIN ${t('LayerAccess')} a ON a."layerId" = l."id" ` +
        `WHERE l."id" = ${sql.database.kind === 'postgres' ? '$1' : '?'} AND l."removedAt" IS NULL`;
    }
  }

  /** Creates a picture (with its default layers unless told not to), audited; throws the route's 422s. */
  async create(input: NewPicture): Promise<PictureRecord> {
    const user = input.creator;
    const withDefaultLayers = input.withDefaultLayers ?? true;
    if (input.area) {
      const problems = polygonalProblems(input.area);
      if (problems.length) throw appError('UNPROCESSABLE', [`area: ${problems.join(' ')}`]);
    }
    const tree = await this.orgs.load();
    // Without layers only those who administer the picture can see it; anyone else would create an orphan.
    const probe = { classification: 'police_internal' as const, entries: [], ownerOrgId: user.organisationId };
    if (!withDefaultLayers && layerRight(tree, user, probe) !== 'admin') {
      throw appError('UNPROCESSABLE', ['withDefaultLayers: false is only for commanders and admins, who administer the empty picture; without layers you could not see it.']);
    }
    const id = newId('pic_');
    const area = input.area ? JSON.stringify(geometryToSweref(input.area)) : null;
    await this.prisma.picture.create({ data: { id, title: input.title, level: input.level, area, areaCode: input.areaCode ?? null, ownerOrgId: user.organisationId } });
    if (withDefaultLayers) {
      // AC1 keeps partners out of police-internal layers whatever the subtree holds.
      const ownSubtree = [{ subject: { type: 'organisation' as const, id: user.organisationId, includeSubtree: true }, right: 'write' as const }];
      // A partner layer shared with the unit's subtree would reach every partner attached under it, so the
      // police units are named one by one and partners are added only by an explicit PUT of the access list.
      const policeUnits = policeUnitEntries(tree, user.organisationId, 'write');
      const defaults = [
        { name: 'Polisens arbetslager', kind: 'annotations', classification: 'police_internal', entries: ownSubtree },
        { name: 'Händelser och riskzoner', kind: 'incidents', classification: 'police_internal', entries: ownSubtree },
        { name: 'Samverkan', kind: 'annotations', classification: 'partner', entries: policeUnits },
      ];
      let position = 0;
      for (const l of defaults) {
        await this.prisma.layer.create({
          data: { id: newId('lyr_'), pictureId: id, name: l.name, kind: l.kind, classification: l.classification, position: position++, access: { create: l.entries.map((e) => ({ id: newId('acc_'), ...entryToRow(e) })) } },
        });
      }
    }
    await this.audit.record({ actor: user, action: 'picture.create', target: id, outcome: 'success', address: input.address ?? null, detail: { title: input.title, areaCode: input.areaCode ?? undefined } });
    await this.bus.emitSettled('picture.created', { pictureId: id });
    return (await this.getPicture(id))!;
  }

  /** Adds a layer at the end of the picture; the caller has checked the right and the access list. */
  async addLayer(picture: PictureRecord, layer: NewLayer): Promise<LayerRecord> {
    const id = newId('lyr_');
    await this.prisma.layer.create({
      data: {
        id,
        pictureId: picture.id,
        name: layer.name,
        kind: layer.kind,
        classification: layer.classification,
        position: picture.layers.length,
        access: { create: layer.entries.map((e) => ({ id: newId('acc_'), ...entryToRow(e) })) },
      },
    });
    await this.prisma.picture.update({ where: { id: picture.id }, data: { updatedAt: new Date() } });
    await this.bus.emitSettled('layer.created', { pictureId: picture.id, layerId: id });
    return (await this.getLayer(id))!;
  }

  /** Renames a layer; the caller has checked that the principal administers it. */
  async renameLayer(layer: LayerRecord, name: string): Promise<LayerRecord> {
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.layer.update({ where: { id: layer.id }, data: { name, updatedAt: now } }),
      this.prisma.picture.update({ where: { id: layer.pictureId }, data: { updatedAt: now } }),
    ]);
    await this.bus.emitSettled('layer.changed', { pictureId: layer.pictureId, layerId: layer.id });
    return (await this.getLayer(layer.id))!;
  }

  /** Replaces a layer's access list; open connections are re-checked before this resolves. */
  async setLayerAccess(layer: LayerRecord, entries: readonly AccessEntry[]): Promise<LayerRecord> {
    await this.prisma.$transaction([
      this.prisma.layerAccess.deleteMany({ where: { layerId: layer.id } }),
      ...entries.map((e) => this.prisma.layerAccess.create({ data: { id: newId('acc_'), layerId: layer.id, ...entryToRow(e) } })),
      this.prisma.layer.update({ where: { id: layer.id }, data: { updatedAt: new Date() } }),
    ]);
    await this.bus.emitSettled('layer.access.changed', { pictureId: layer.pictureId, layerIds: [layer.id] });
    return (await this.getLayer(layer.id))!;
  }

  /** Stores a picture's near-repeat settings (JSON); the risk state follows before this resolves. */
  async setRiskConfig(pictureId: string, riskConfig: string): Promise<void> {
    await this.prisma.picture.update({ where: { id: pictureId }, data: { riskConfig } });
    await this.bus.emitSettled('picture.changed', { pictureId, fields: ['riskConfig'] });
  }

  /**
   * Opens, closes or archives a picture. Open connections are re-checked before this resolves (a closed
   * picture's writers become read-only), as after an access change.
   */
  async setStatus(picture: PictureRecord, status: PictureStatus): Promise<void> {
    await this.prisma.picture.update({ where: { id: picture.id }, data: { status } });
    await this.bus.emitSettled('picture.changed', { pictureId: picture.id, fields: ['status'] });
    if (picture.layers.length) await this.bus.emitSettled('layer.access.changed', { pictureId: picture.id, layerIds: picture.layers.map((l) => l.id) });
  }

  /** Attaches (or with null detaches) an RTM run's result to a picture. */
  async attachRtmRun(pictureId: string, runId: string | null): Promise<void> {
    await this.prisma.picture.update({ where: { id: pictureId }, data: { rtmRunId: runId } });
    await this.bus.emitSettled('picture.changed', { pictureId, fields: ['rtmRunId'] });
  }

  /** What the risk state needs of every picture: area, settings, attached run, status. */
  riskRows(): Promise<Array<{ id: string; area: string | null; riskConfig: string | null; rtmRunId: string | null; status: string }>> {
    return this.prisma.picture.findMany({ select: { id: true, area: true, riskConfig: true, rtmRunId: true, status: true } });
  }

  /** The layers a viewer may read (null: no such picture), as live clients list them. */
  async readableLayerSummaries(viewer: Principal, pictureId: string): Promise<LayerSummary[] | null> {
    const picture = await this.getPicture(pictureId);
    if (!picture) return null;
    return (await this.readableLayers(viewer, picture)).map(layerSummary);
  }

  async getPicture(id: string): Promise<PictureRecord | undefined> {
    const p = await this.prisma.picture.findUnique({
      where: { id },
      include: { layers: { where: { removedAt: null }, include: { access: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } },
    });
    if (!p) return undefined;
    return { ...p, layers: p.layers.map((l) => layerRecord(l, p.ownerOrgId, p.status)) };
  }

  async listPictures(): Promise<PictureRecord[]> {
    const ids = await this.prisma.picture.findMany({ select: { id: true }, orderBy: { updatedAt: 'desc' } });
    const out: PictureRecord[] = [];
    for (const { id } of ids) {
      const p = await this.getPicture(id);
      if (p) out.push(p);
    }
    return out;
  }

  async getLayer(layerId: string): Promise<LayerRecord | undefined> {
    if (this.layerSql) return this.getLayerRaw(this.layerSql, layerId);
    const l = await this.prisma.layer.findUnique({ where: { id: layerId }, include: { access: true, picture: { select: { ownerOrgId: true, status: true } } } });
    if (!l || l.removedAt) return undefined;
    return layerRecord(l, l.picture.ownerOrgId, l.picture.status);
  }

  /** getLayer in one statement: the layer, its picture's owner and status, and its access rows (none: one row of nulls). */
  private async getLayerRaw(sql: string, layerId: string): Promise<LayerRecord | undefined> {
    const rows = await rawSql(this.prisma).query<
      {
        id: string;
        pictureId: string;
        name: string;
        kind: string;
        classification: string;
        position: number | bigint;
        ownerOrgId: string;
        status: string;
        subjectType: string | null;
        organisationId: string | null;
        role: string | null;
        includeSubtree: boolean | number | bigint | null;
        right: string | null;
      }
    >(sql, [layerId]);
    if (rows.length === 0) return undefined;
    const l = rows[0];
    const access: AccessRow[] = [];
    for (const r of rows) {
      if (r.subjectType === null || r.right === null) continue;
      // SQLite has no boolean: 0/1.
      access.push({ subjectType: r.subjectType, organisationId: r.organisationId, role: r.role, includeSubtree: Boolean(Number(r.includeSubtree)), right: r.right });
    }
    return layerRecord({ id: l.id, pictureId: l.pictureId, name: l.name, kind: l.kind, classification: l.classification, position: Number(l.position), access }, l.ownerOrgId, l.status);
  }

  async rightOn(principal: Principal, layer: LayerAccessInput & { pictureStatus?: string }): Promise<Right> {
    const tree = await this.orgs.load();
    return capForStatus(layerRight(tree, principal, layer), layer.pictureStatus);
  }

  /** The layers of a picture the principal may read, with its right on each. */
  async readableLayers(principal: Principal, picture: PictureRecord): Promise<Array<LayerRecord & { right: Exclude<Right, 'none'> }>> {
    const tree = await this.orgs.load();
    const out: Array<LayerRecord & { right: Exclude<Right, 'none'> }> = [];
    for (const l of picture.layers) {
      const right = capForStatus(layerRight(tree, principal, l), picture.status);
      if (right !== 'none') out.push({ ...l, right });
    }
    return out;
  }

  /** The principal's right on the picture itself: the best right on any layer, admin if it administers. */
  async pictureRight(principal: Principal, picture: PictureRecord): Promise<Right> {
    const tree = await this.orgs.load();
    const probe: LayerAccessInput = { classification: 'police_internal', entries: [], ownerOrgId: picture.ownerOrgId };
    if (layerRight(tree, principal, probe) === 'admin') return 'admin';
    const layers = await this.readableLayers(principal, picture);
    return layers.some((l) => l.right === 'write') ? 'write' : layers.length ? 'read' : 'none';
  }

  /**
   * The public layers (classification `public`) with their picture, for the public view and anonymous OGC
   * readers. It takes no viewer and the classification is in the query itself, so nothing else can come out.
   */
  async publicLayers(pictureId?: string): Promise<PublicLayerRow[]> {
    return this.prisma.layer.findMany({
      where: { classification: 'public', removedAt: null, ...(pictureId ? { pictureId } : {}) },
      select: {
        id: true,
        name: true,
        position: true,
        updatedAt: true,
        picture: { select: { id: true, title: true, area: true, areaCode: true, status: true } },
      },
      orderBy: [{ pictureId: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }],
    });
  }

  /** Ids of pictures whose area code lies in this municipality (its four-digit SCB code, or a code beneath it). */
  async pictureIdsInMunicipality(municipality: string): Promise<string[]> {
    const rows = await this.prisma.picture.findMany({ where: { areaCode: { startsWith: municipality } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** A stand-in principal for "view as partner": what a user of that organisation would receive. */
  static previewPrincipal(organisationId: string, role: 'partner_editor' | 'partner_viewer' = 'partner_editor'): Principal {
    return { userId: `preview:${organisationId}`, organisationId, roles: [role] };
  }
}

export function layerSummary(l: LayerRecord & { right: Exclude<Right, 'none'> }) {
  return { id: l.id, name: l.name, kind: l.kind, classification: l.classification, access: l.right };
}

export type { AuthUser };
