/**
 * The pictures capability's public read path: public layers and their features, stripped of everything that
 * names a person. It is built on PictureService.publicLayers (classification `public` in the query) and takes
 * no viewer, so it cannot return another classification whatever its caller asks. Nothing it dates comes from
 * a non-public layer (the picture's own updatedAt moves when police add a layer, so it is not used).
 *
 * What a public feature keeps: geometry, title, description, category, symbol, validUntil and updatedAt —
 * someone deliberately published those in a public layer. What it loses: createdBy, createdAt (with the
 * author it dates a person's work), comments (author names and working notes) and the layer's event log.
 */
import { readFeatures } from '../../../shared/src/layerDoc.ts';
import type { DocumentManager } from '../collab/documents.ts';
import { geometryToWgs } from '../geo/crs.ts';
import type { PictureService, PublicLayerRow } from './pictureService.ts';

export interface PublicFeature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown };
  properties: { title: string; description: string; category: string; symbol: string; validUntil: string | null; updatedAt: string };
}

export interface PublicFeatureCollection {
  type: 'FeatureCollection';
  features: PublicFeature[];
}

export interface PublicLayer {
  id: string;
  name: string;
  pictureId: string;
  pictureTitle: string;
  /** The latest of the layer's own change and its features' updatedAt. */
  updatedAt: string;
  features: PublicFeatureCollection;
}

export interface PublicPictureSummary {
  id: string;
  title: string;
  /** WGS84 Polygon/MultiPolygon, or null. */
  area: unknown;
  areaCode: string | null;
  updatedAt: string;
}

export interface PublicPictureReader {
  /** Pictures with at least one public layer (active ones), optionally in one municipality. */
  pictures(municipality?: string): Promise<PublicPictureSummary[]>;
  /** One picture's public layers with their features; null when it has none (or does not exist). */
  picture(id: string): Promise<{ summary: PublicPictureSummary; layers: PublicLayer[] } | null>;
  /** Every public layer with its features (anonymous OGC collections). */
  layers(): Promise<PublicLayer[]>;
}

const latest = (a: string, b: string) => (b > a ? b : a);

export function publicPictureReader(pictures: PictureService, docs: DocumentManager): PublicPictureReader {
  async function layerOut(row: PublicLayerRow): Promise<PublicLayer> {
    const doc = await docs.readState(row.id);
    const { collection } = readFeatures(doc);
    doc.destroy();
    let updatedAt = row.updatedAt.toISOString();
    const features: PublicFeature[] = collection.features.map((f) => {
      const p = f.properties;
      if (p.updatedAt && !Number.isNaN(Date.parse(p.updatedAt))) updatedAt = latest(updatedAt, new Date(p.updatedAt).toISOString());
      return {
        type: 'Feature',
        id: f.id,
        geometry: f.geometry,
        properties: { title: p.title, description: p.description, category: p.category, symbol: p.symbol, validUntil: p.validUntil, updatedAt: p.updatedAt },
      };
    });
    return { id: row.id, name: row.name, pictureId: row.picture.id, pictureTitle: row.picture.title, updatedAt, features: { type: 'FeatureCollection', features } };
  }

  function summaryOf(p: PublicLayerRow['picture'], updatedAt: string): PublicPictureSummary {
    return { id: p.id, title: p.title, area: p.area ? geometryToWgs(JSON.parse(p.area)) : null, areaCode: p.areaCode, updatedAt };
  }

  // Archived pictures are no longer current: the public sees only active ones.
  const active = (rows: PublicLayerRow[]) => rows.filter((r) => r.picture.status === 'active');

  return {
    async pictures(municipality) {
      const byPicture = new Map<string, PublicLayerRow[]>();
      for (const r of active(await pictures.publicLayers())) {
        if (municipality && !r.picture.areaCode?.startsWith(municipality)) continue;
        byPicture.set(r.picture.id, [...(byPicture.get(r.picture.id) ?? []), r]);
      }
      return [...byPicture.values()].map((rows) => {
        // Only the public layers date it: the picture's own updatedAt moves with police-internal layers too.
        const updated = rows.reduce((a, r) => latest(a, r.updatedAt.toISOString()), '');
        return summaryOf(rows[0].picture, updated);
      });
    },
    async picture(id) {
      const rows = active(await pictures.publicLayers(id));
      if (rows.length === 0) return null;
      const layers = await Promise.all(rows.map(layerOut));
      const updated = layers.reduce((a, l) => latest(a, l.updatedAt), '');
      return { summary: summaryOf(rows[0].picture, updated), layers };
    },
    async layers() {
      return Promise.all(active(await pictures.publicLayers()).map(layerOut));
    },
  };
}
