/**
 * Layers as OGC collections. Anonymous callers: built from PublicReader (public/reader.ts), the public read path
 * and nothing else. Signed-in callers: from the pictures capability's readable content, given structurally here.
 */
import type { Principal } from '../../../shared/src/access.ts';
import type { PublicReader } from '../public/reader.ts';
import type { ExportableLayer, PictureLayersReader } from './gpkgExport.ts';
import type { AnonymousLayers, OgcLayer, SignedInLayers } from './sources.ts';

export function anonymousLayers(reader: Pick<PublicReader, 'layers'>): AnonymousLayers {
  return {
    async layers() {
      return (await reader.layers()).map((l) => ({
        id: l.id,
        title: `${l.name} – ${l.pictureTitle}`,
        description: `Offentligt lager i lägesbilden ${l.pictureTitle}.`,
        features: l.features.features,
      }));
    },
  };
}

interface ReadableLayerLike extends ExportableLayer {
  pictureTitle: string;
}

/** The shape of the pictures capability's ReadableContent this API uses. */
export interface ReadableContentLike {
  layers(principal: Principal): Promise<ReadableLayerLike[]>;
  layer(principal: Principal, layerId: string): Promise<ReadableLayerLike | null>;
  pictureLayers(principal: Principal, pictureId: string): Promise<{ picture: { id: string; title: string }; layers: ReadableLayerLike[] } | null>;
}

const asCollection = (l: ReadableLayerLike): OgcLayer => ({
  id: l.id,
  title: `${l.name} – ${l.pictureTitle}`,
  description: `Lager (${l.classification}) i lägesbilden ${l.pictureTitle}.`,
  features: l.features.features,
});

export function signedInLayers(content: ReadableContentLike): SignedInLayers & PictureLayersReader {
  return {
    async layers(viewer) {
      return (await content.layers(viewer)).map(asCollection);
    },
    async layer(viewer, id) {
      const l = await content.layer(viewer, id);
      return l ? asCollection(l) : null;
    },
    pictureLayers: (viewer, pictureId) => content.pictureLayers(viewer, pictureId),
  };
}
