import type { Principal } from '../../../../shared/src/access.ts';
import { readFeatures, readLog } from '../../../../shared/src/layerDoc.ts';
import type { AuditLog } from '../../audit/audit.ts';
import type { DocumentManager } from '../../collab/documents.ts';
import { appError } from '../../errors.ts';
import { geometryToWgs } from '../../geo/crs.ts';
import type { OrgDirectory } from '../../orgs/orgDirectory.ts';
import { DEMO_PICTURE_ID } from '../demoIds.ts';
import { accessChanges, historyWindow } from '../historyWindow.ts';
import type { LayerRecord, PictureRecord, PictureService } from '../pictureService.ts';

export function pictureOut(p: PictureRecord) {
  return {
    id: p.id,
    title: p.title,
    level: p.level,
    status: p.status,
    area: p.area ? geometryToWgs(JSON.parse(p.area)) : null,
    areaCode: p.areaCode,
    ownerOrgId: p.ownerOrgId,
    rtmRunId: p.rtmRunId,
    // The seeded picture's incidents, annotations and factors are invented; clients label it so.
    demo: p.id === DEMO_PICTURE_ID,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/**
 * What the routes ask before answering: whether a picture or layer exists for the caller, the part of a
 * layer's history it may see, and the layers it may export. A picture or layer the caller may not read is
 * answered as missing.
 */
export function pictureReads(pictures: PictureService, docs: DocumentManager, audit: AuditLog, orgs: OrgDirectory) {
  /** Whether the principal may know of the picture: it reads a layer, or administers the (perhaps empty) picture. */
  async function visibleTo(principal: Principal, picture: PictureRecord, readable: number): Promise<boolean> {
    return readable > 0 || (await pictures.pictureRight(principal, picture)) === 'admin';
  }

  async function loadReadable(principal: Principal, id: string) {
    const picture = await pictures.getPicture(id);
    const layers = picture ? await pictures.readableLayers(principal, picture) : [];
    // A picture with nothing the caller may read (or administer) does not exist for the caller.
    if (!picture || !(await visibleTo(principal, picture, layers.length))) throw appError('NOT_FOUND', [`Picture ${id}`]);
    return { picture, layers };
  }

  async function layerFor(principal: Principal, layerId: string, need: 'read' | 'admin') {
    const layer = await pictures.getLayer(layerId);
    if (!layer) throw appError('NOT_FOUND', [`Layer ${layerId}`]);
    const right = await pictures.rightOn(principal, layer);
    if (right === 'none') throw appError('NOT_FOUND', [`Layer ${layerId}`]);
    if (need === 'admin' && right !== 'admin') throw appError('FORBIDDEN');
    return { layer, right };
  }

  /** The part of the layer's history the principal may see (versions since their read access began). */
  async function historyWindowFor(principal: Principal, layer: LayerRecord) {
    return historyWindow(await orgs.load(), principal, layer, await accessChanges(audit, layer.id));
  }

  async function exportLayers(principal: Principal, picture: PictureRecord) {
    const layers = await pictures.readableLayers(principal, picture);
    const out = [];
    for (const l of layers) {
      const doc = await docs.readState(l.id);
      const { collection, invalid } = readFeatures(doc);
      out.push({ id: l.id, name: l.name, kind: l.kind, classification: l.classification, access: l.right, features: collection, log: readLog(doc), invalid });
      doc.destroy();
    }
    return out;
  }

  return { visibleTo, loadReadable, layerFor, historyWindowFor, exportLayers };
}

export type PictureReads = ReturnType<typeof pictureReads>;
