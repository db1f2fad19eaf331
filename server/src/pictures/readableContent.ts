/**
 * Layer content as a signed-in principal may read it, for channels outside the pictures API (OGC API – Features,
 * GeoPackage export): the same layerRight() as REST, y-websocket and socket.io decides, layer by layer.
 */
import type { Principal } from '../../../shared/src/access.ts';
import { type FeatureCollection, readFeatures } from '../../../shared/src/layerDoc.ts';
import type { DocumentManager } from '../collab/documents.ts';
import type { LayerRecord, PictureRecord, PictureService } from './pictureService.ts';

export interface ReadableLayer {
  id: string;
  name: string;
  kind: string;
  classification: string;
  pictureId: string;
  pictureTitle: string;
  features: FeatureCollection;
}

export interface ReadableContent {
  /** Every layer of every picture the principal may read, with its features. */
  layers(principal: Principal): Promise<ReadableLayer[]>;
  /** One layer with its features, or null when it does not exist or the principal may not read it. */
  layer(principal: Principal, layerId: string): Promise<ReadableLayer | null>;
  /** A picture's readable layers; null when the picture does not exist for the principal (as the REST export). */
  pictureLayers(principal: Principal, pictureId: string): Promise<{ picture: { id: string; title: string }; layers: ReadableLayer[] } | null>;
}

export function readableContent(pictures: PictureService, docs: DocumentManager): ReadableContent {
  async function withFeatures(l: LayerRecord, picture: Pick<PictureRecord, 'id' | 'title'>): Promise<ReadableLayer> {
    const doc = await docs.readState(l.id);
    const { collection } = readFeatures(doc);
    doc.destroy();
    return { id: l.id, name: l.name, kind: l.kind, classification: l.classification, pictureId: picture.id, pictureTitle: picture.title, features: collection };
  }

  return {
    async layers(principal) {
      const out: ReadableLayer[] = [];
      for (const picture of await pictures.listPictures()) {
        for (const l of await pictures.readableLayers(principal, picture)) out.push(await withFeatures(l, picture));
      }
      return out;
    },
    async layer(principal, layerId) {
      const layer = await pictures.getLayer(layerId);
      if (!layer || (await pictures.rightOn(principal, layer)) === 'none') return null;
      const picture = await pictures.getPicture(layer.pictureId);
      return picture ? withFeatures(layer, picture) : null;
    },
    async pictureLayers(principal, pictureId) {
      const picture = await pictures.getPicture(pictureId);
      if (!picture) return null;
      const readable = await pictures.readableLayers(principal, picture);
      if (readable.length === 0 && (await pictures.pictureRight(principal, picture)) !== 'admin') return null;
      const layers = [];
      for (const l of readable) layers.push(await withFeatures(l, picture));
      return { picture: { id: picture.id, title: picture.title }, layers };
    },
  };
}
