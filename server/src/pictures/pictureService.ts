import {
  type AccessEntry,
  type Classification,
  type LayerAccessInput,
  layerRight,
  type Principal,
  type Right,
} from '../../../shared/src/access.ts';
import type { Role } from '../../../shared/src/roles.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { Db } from '../db/database.ts';
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

export function entryToRow(e: AccessEntry): AccessRow {
  return e.subject.type === 'organisation'
    ? { subjectType: 'organisation', organisationId: e.subject.id, role: null, includeSubtree: e.subject.includeSubtree, right: e.right }
    : { subjectType: 'role', organisationId: null, role: e.subject.role, includeSubtree: false, right: e.right };
}

/** Reads pictures and layers with their access lists, and answers "what may this principal do". */
export class PictureService {
  constructor(
    private readonly prisma: Db,
    private readonly orgs: OrgDirectory,
  ) {}

  async getPicture(id: string): Promise<PictureRecord | undefined> {
    const p = await this.prisma.picture.findUnique({
      where: { id },
      include: { layers: { where: { removedAt: null }, include: { access: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] } },
    });
    if (!p) return undefined;
    return {
      ...p,
      layers: p.layers.map((l) => ({
        id: l.id,
        pictureId: l.pictureId,
        name: l.name,
        kind: l.kind,
        classification: l.classification as Classification,
        position: l.position,
        ownerOrgId: p.ownerOrgId,
        entries: l.access.map(entryFromRow),
      })),
    };
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
    const l = await this.prisma.layer.findUnique({ where: { id: layerId }, include: { access: true, picture: { select: { ownerOrgId: true } } } });
    if (!l || l.removedAt) return undefined;
    return {
      id: l.id,
      pictureId: l.pictureId,
      name: l.name,
      kind: l.kind,
      classification: l.classification as Classification,
      position: l.position,
      ownerOrgId: l.picture.ownerOrgId,
      entries: l.access.map(entryFromRow),
    };
  }

  async rightOn(principal: Principal, layer: LayerAccessInput): Promise<Right> {
    const tree = await this.orgs.load();
    return layerRight(tree, principal, layer);
  }

  /** The layers of a picture the principal may read, with its right on each. */
  async readableLayers(principal: Principal, picture: PictureRecord): Promise<Array<LayerRecord & { right: Exclude<Right, 'none'> }>> {
    const tree = await this.orgs.load();
    const out: Array<LayerRecord & { right: Exclude<Right, 'none'> }> = [];
    for (const l of picture.layers) {
      const right = layerRight(tree, principal, l);
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

  /** A stand-in principal for "view as partner": what a user of that organisation would receive. */
  static previewPrincipal(organisationId: string, role: 'partner_editor' | 'partner_viewer' = 'partner_editor'): Principal {
    return { userId: `preview:${organisationId}`, organisationId, roles: [role] };
  }
}

export function layerSummary(l: LayerRecord & { right: Exclude<Right, 'none'> }) {
  return { id: l.id, name: l.name, kind: l.kind, classification: l.classification, access: l.right };
}

export type { AuthUser };
