/**
 * What a posted study needs before it is validated and queued: factors that name a stored layer get the layer's
 * current features, and outcome events that name a stored incident get its location precision from the store.
 */
import { readFeatures } from '../../../../shared/src/layerDoc.ts';
import type { AuthUser } from '../../auth/authService.ts';
import type { DocumentManager } from '../../collab/documents.ts';
import { appError } from '../../errors.ts';
import { geometryToSweref } from '../../geo/crs.ts';
import type { PictureService } from '../../pictures/index.ts';

/** Where a factor's layer comes from: its picture's rights and its document. */
export interface LayerSource {
  pictures: Pick<PictureService, 'getLayer' | 'rightOn'>;
  docs: Pick<DocumentManager, 'readState'>;
}

export interface IncidentPrecision {
  id: string;
  locationPrecision: string;
  source: string;
}

interface FactorRef {
  name?: unknown;
  layerId?: unknown;
  features?: unknown;
}

/** Factors may name a stored layer instead of carrying features: its current content is used. */
export async function resolveLayerFactors(study: Record<string, unknown>, user: AuthUser, layers: LayerSource): Promise<void> {
  const factors = Array.isArray(study.factors) ? (study.factors as FactorRef[]) : [];
  const crs = typeof study.crs === 'string' ? study.crs : 'EPSG:3006';
  for (const f of factors) {
    if (f.features !== undefined || typeof f.layerId !== 'string') continue;
    const layer = await layers.pictures.getLayer(f.layerId);
    if (!layer || (await layers.pictures.rightOn(user, layer)) === 'none') throw appError('UNPROCESSABLE', [`Factor "${String(f.name)}": layer ${f.layerId} does not exist or you may not read it.`]);
    const doc = await layers.docs.readState(layer.id);
    const { collection } = readFeatures(doc);
    doc.destroy();
    f.features = {
      type: 'FeatureCollection',
      features: collection.features.map((feat) => ({
        type: 'Feature',
        properties: { title: feat.properties.title },
        geometry: crs === 'EPSG:4326' ? feat.geometry : geometryToSweref(feat.geometry),
      })),
    };
    delete f.layerId;
  }
}

/**
 * Outcome events that name a stored incident get its location precision and source from the database, so a
 * police-feed event placed on a municipality's centroid is left out of the model (issue 17) whatever the
 * client sent.
 */
export async function markOutcomePrecision(study: Record<string, unknown>, incidentPrecision: (ids: string[]) => Promise<IncidentPrecision[]>): Promise<void> {
  const fc = study.outcome as { features?: unknown } | undefined;
  if (!fc || !Array.isArray(fc.features)) return;
  const byId = new Map<string, { properties: Record<string, unknown> }[]>();
  for (const f of fc.features as { properties?: unknown }[]) {
    const props = f && typeof f === 'object' && f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : null;
    if (!props || typeof props.id !== 'string') continue;
    const list = byId.get(props.id) ?? [];
    list.push(f as { properties: Record<string, unknown> });
    byId.set(props.id, list);
  }
  const ids = [...byId.keys()];
  for (let k = 0; k < ids.length; k += 500) {
    const rows = await incidentPrecision(ids.slice(k, k + 500));
    for (const row of rows)
      for (const f of byId.get(row.id) ?? []) {
        f.properties.locationPrecision = row.locationPrecision;
        f.properties.source = row.source;
      }
  }
}
