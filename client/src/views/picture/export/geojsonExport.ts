/**
 * The picture as one GeoJSON FeatureCollection, built in the browser from the layer documents the user holds:
 * what the user may read and nothing else. Each feature names its layer and that layer's classification, and
 * the collection states the most restrictive classification it contains. Pure.
 */
import type { Classification } from '../../../../../shared/src/access.ts';
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';

export interface ExportLayer {
  id: string;
  name: string;
  classification: Classification;
  features: readonly LayerFeature[];
}

const RANK: Record<Classification, number> = { public: 0, partner: 1, police_internal: 2 };

/** The most restrictive classification among the layers (public when there are none). */
export function highestClassification(layers: readonly Pick<ExportLayer, 'classification'>[]): Classification {
  let best: Classification = 'public';
  for (const l of layers) if (RANK[l.classification] > RANK[best]) best = l.classification;
  return best;
}

export function pictureGeojson(title: string, layers: readonly ExportLayer[], exportedAt: Date) {
  return {
    type: 'FeatureCollection' as const,
    name: title,
    classification: highestClassification(layers.filter((l) => l.features.length > 0)),
    exportedAt: exportedAt.toISOString(),
    features: layers.flatMap((l) =>
      l.features.map((f) => ({
        type: 'Feature' as const,
        id: `${l.id}/${f.id}`,
        geometry: f.geometry,
        properties: {
          layer: l.name,
          layerId: l.id,
          classification: l.classification,
          title: f.properties.title,
          description: f.properties.description,
          category: f.properties.category,
          validUntil: f.properties.validUntil,
          createdBy: f.properties.createdBy,
          createdAt: f.properties.createdAt,
          updatedAt: f.properties.updatedAt,
        },
      })),
    ),
  };
}

/** A file name from the title: letters, digits and dashes, Swedish letters kept. */
export function fileName(title: string, ext: string, at: Date): string {
  const base = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'lagesbild'}-${at.toISOString().slice(0, 10)}.${ext}`;
}
