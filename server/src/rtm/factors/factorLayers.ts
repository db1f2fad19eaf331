/**
 * Imported RTM factors are picture layers of kind `rtm_factor`, not a table of rtm's own: a factor layer then
 * follows the layer access rules (ACCESS.md AC1–AC8) on every channel — REST, y-websocket, export, history —
 * and a study names it by `layerId` like a hand-drawn layer (`http/studyInputs.ts` checks the caller may read
 * it). Reuse across studies and pictures comes from that: any factor layer the analyst may read, in any
 * picture, can be chosen. Where the data came from (file, format, who, when, synthetic or not) is kept in the
 * layer document's `rtmFactor` map, beside its features and one log entry, so it travels with the layer.
 */
import type * as Y from 'yjs';
import { type AccessEntry, policeUnitEntries } from '../../../../shared/src/access.ts';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import { addFeature, appendLog, featuresMap } from '../../../../shared/src/layerDoc.ts';
import type { AuthUser } from '../../auth/authService.ts';
import { newId } from '../../auth/tokens.ts';
import type { DocumentManager } from '../../collab/documents.ts';
import type { OrgDirectory } from '../../orgs/orgDirectory.ts';
import { type LayerRecord, layerSummary, type PictureRecord, type PictureService } from '../../pictures/index.ts';
import type { FactorRead } from './read.ts';

export const FACTOR_LAYER_KIND = 'rtm_factor';
/** The layer document's map that says where an imported factor came from. */
export const FACTOR_META_KEY = 'rtmFactor';

export type FactorFormat = 'geojson' | 'csv' | 'gpkg';

export interface FactorMeta {
  format: FactorFormat;
  fileName: string | null;
  /** Demo and test data say so wherever the layer is listed. */
  synthetic: boolean;
  importedAt: string;
  importedBy: string;
  features: number;
  geometryTypes: Record<string, number>;
}

export interface FactorLayerView extends LayerSummary {
  pictureId: string;
  pictureTitle: string;
  meta: FactorMeta | null;
}

export interface FactorImport {
  name: string;
  read: FactorRead;
  format: FactorFormat;
  fileName: string | null;
  synthetic: boolean;
}

export function readFactorMeta(doc: Y.Doc): FactorMeta | null {
  const m = doc.getMap<unknown>(FACTOR_META_KEY);
  if (m.size === 0) return null;
  const o = m.toJSON() as Partial<FactorMeta>;
  if (typeof o.format !== 'string' || typeof o.importedAt !== 'string') return null;
  return {
    format: o.format as FactorFormat,
    fileName: typeof o.fileName === 'string' ? o.fileName : null,
    synthetic: o.synthetic === true,
    importedAt: o.importedAt,
    importedBy: typeof o.importedBy === 'string' ? o.importedBy : '',
    features: typeof o.features === 'number' ? o.features : 0,
    geometryTypes: o.geometryTypes && typeof o.geometryTypes === 'object' ? o.geometryTypes : {},
  };
}

const TYPE_SV: Record<string, [string, string]> = {
  Point: ['punkt', 'punkter'],
  MultiPoint: ['punktgrupp', 'punktgrupper'],
  LineString: ['linje', 'linjer'],
  MultiLineString: ['linjegrupp', 'linjegrupper'],
  Polygon: ['yta', 'ytor'],
  MultiPolygon: ['ytgrupp', 'ytgrupper'],
};

/** "120 punkter, 3 ytor" — what the log entry and the panel say a factor layer holds. */
export function describeGeometryTypes(types: Record<string, number>): string {
  return Object.entries(types)
    .map(([t, n]) => `${n} ${(TYPE_SV[t] ?? [t, t])[n === 1 ? 0 : 1]}`)
    .join(', ');
}

export class FactorLayers {
  constructor(
    private readonly pictures: PictureService,
    private readonly docs: DocumentManager,
    private readonly orgs: OrgDirectory,
  ) {}

  /**
   * Adds a police-internal factor layer to the picture holding the features read. It is written by the police
   * units of the picture's owner (and the importer's own unit), as the picture's default police layers are;
   * nothing is shared with partners (AC1, AC7). The caller has checked the importer's right on the picture.
   */
  async importInto(user: AuthUser, picture: PictureRecord, input: FactorImport, now = new Date()): Promise<LayerRecord> {
    const tree = await this.orgs.load();
    const entries: AccessEntry[] = policeUnitEntries(tree, picture.ownerOrgId, 'write');
    if (!entries.some((e) => e.subject.type === 'organisation' && e.subject.id === user.organisationId))
      entries.push({ subject: { type: 'organisation', id: user.organisationId, includeSubtree: false }, right: 'write' });
    const layer = await this.pictures.addLayer(picture, { name: input.name, kind: FACTOR_LAYER_KIND, classification: 'police_internal', entries });
    const { read } = input;
    const meta: FactorMeta = {
      format: input.format,
      fileName: input.fileName,
      synthetic: input.synthetic,
      importedAt: now.toISOString(),
      importedBy: user.displayName,
      features: read.features.length,
      geometryTypes: read.geometryTypes,
    };
    const category = 'other';
    await this.docs.change(layer.id, (doc) => {
      read.features.forEach((f, i) => {
        addFeature(doc, newId('f_'), f.geometry, { title: f.title || `${input.name} ${i + 1}`, category, createdBy: user.username }, now);
      });
      const m = doc.getMap<unknown>(FACTOR_META_KEY);
      for (const [k, v] of Object.entries(meta)) m.set(k, v);
      const from = input.fileName ? ` från ${input.fileName}` : '';
      const synthetic = input.synthetic ? ' Syntetiska demodata.' : '';
      const left = read.rejectedCount ? ` ${read.rejectedCount} rader eller objekt avvisades.` : '';
      appendLog(doc, {
        id: newId('log_'),
        time: now.toISOString(),
        author: user.username,
        text: `Riskfaktor importerad${from} (${input.format.toUpperCase()}): ${describeGeometryTypes(read.geometryTypes)}.${left}${synthetic}`,
        featureIds: [],
      });
    });
    return layer;
  }

  /**
   * The factor layers the user may read: those of one picture, or (`pictureId` null) of every picture, so a
   * factor imported once is reused in other pictures' studies.
   */
  async list(user: AuthUser, pictureId: string | null): Promise<FactorLayerView[]> {
    const pictures = pictureId ? [await this.pictures.getPicture(pictureId)].filter((p): p is PictureRecord => !!p) : await this.pictures.listPictures();
    const out: FactorLayerView[] = [];
    for (const picture of pictures) {
      for (const layer of await this.pictures.readableLayers(user, picture)) {
        if (layer.kind !== FACTOR_LAYER_KIND) continue;
        const doc = await this.docs.readState(layer.id);
        const meta = readFactorMeta(doc);
        // Features drawn or deleted after the import count too: the study uses the layer as it is now.
        const features = featuresMap(doc).size;
        doc.destroy();
        out.push({ ...layerSummary(layer), pictureId: picture.id, pictureTitle: picture.title, meta: meta ? { ...meta, features } : null });
      }
    }
    return out;
  }
}
