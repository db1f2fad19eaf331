/** The strategic map's own layers, apart from MapLibre so they can be tested without a browser. */
import { baseStyle, USO_LAYERS } from '../map/baseStyle.ts';
import { NO_SCORE_COLOR } from './indexModel.ts';

export type AreaCollection = { type: 'FeatureCollection'; features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> }[] };

/** The part of a MapLibre map that adding the area layers needs (a fake one in tests). */
export interface AreaLayersMap {
  getSource(id: string): unknown;
  getLayer(id: string): unknown;
  addSource(id: string, source: object): unknown;
  addLayer(layer: object, before?: string): unknown;
  moveLayer(id: string): unknown;
}

/**
 * Adds the choropleth under the county borders when the style has them, and keeps the designated areas above
 * it. An external style has no designated areas of its own, so they are added from the shipped base map.
 */
export function addAreaLayers(map: AreaLayersMap, origin: string): void {
  map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'code' });
  map.addLayer(
    { id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': ['coalesce', ['get', 'color'], NO_SCORE_COLOR], 'fill-opacity': 0.8 } },
    map.getLayer('lan-line') ? 'lan-line' : undefined,
  );
  map.addLayer({ id: 'areas-sel', type: 'line', source: 'areas', filter: ['==', ['get', 'selected'], true], paint: { 'line-color': '#e66101', 'line-width': 3 } });
  if (map.getSource('uso')) {
    for (const l of USO_LAYERS) map.moveLayer(l);
    return;
  }
  const offline = baseStyle(origin);
  map.addSource('uso', offline.sources.uso);
  for (const l of offline.layers) if ((USO_LAYERS as readonly string[]).includes(l.id)) map.addLayer(l);
}
