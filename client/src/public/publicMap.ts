/**
 * The public page's MapLibre map (its own chunk): Swedish counties as land, the municipality's border, the
 * pictures' areas, the published features and the public measures' targets. Colours match the HTML legend.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import type { GeoJSONSourceSpecification, LngLatBoundsLike } from 'maplibre-gl';
import { maplibregl } from '../map/maplibre.ts';
import type { Geometry, MunicipalityView } from './api.ts';

export const COLORS = { municipality: '#1b1b1b', area: '#004b87', feature: '#a4262c', measure: '#0b6e32' } as const;

const collection = (features: Array<{ geometry: Geometry | null; properties?: Record<string, unknown> }>): GeoJSONSourceSpecification['data'] =>
  ({
    type: 'FeatureCollection',
    features: features.filter((f) => f.geometry).map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties ?? {} })),
  }) as GeoJSONSourceSpecification['data'];

function boundsOf(geometries: Array<Geometry | null>): LngLatBoundsLike | null {
  let b: [number, number, number, number] | null = null;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
      return;
    }
    for (const x of c) walk(x);
  };
  for (const g of geometries) if (g) walk(g.coordinates);
  return b ? [[b[0], b[1]], [b[2], b[3]]] : null;
}

export function showPublicMap(container: HTMLElement, view: MunicipalityView, onReady: () => void): () => void {
  const features = view.pictures.flatMap((p) => p.layers.flatMap((l) => l.features.features.map((f) => ({ geometry: f.geometry, properties: { title: f.properties.title } }))));
  const areas = view.pictures.map((p) => ({ geometry: p.area }));
  const measures = view.measures.items.map((m) => ({ geometry: m.target, properties: { title: m.title } }));
  const bounds = boundsOf([view.municipality.boundary]) ?? boundsOf([...areas, ...features, ...measures].map((f) => f.geometry)) ?? [[11, 55], [24, 69]];
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        lan: { type: 'geojson', data: `${window.location.origin}/basemap/lan_scb.geojson`, attribution: 'Källa: SCB' },
        municipality: { type: 'geojson', data: collection([{ geometry: view.municipality.boundary }]) },
        areas: { type: 'geojson', data: collection(areas) },
        features: { type: 'geojson', data: collection(features) },
        measures: { type: 'geojson', data: collection(measures) },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#c9d8e3' } },
        { id: 'land', type: 'fill', source: 'lan', paint: { 'fill-color': '#f4f2ec', 'fill-outline-color': '#8c887f' } },
        { id: 'municipality', type: 'line', source: 'municipality', paint: { 'line-color': COLORS.municipality, 'line-width': 2 } },
        { id: 'areas', type: 'line', source: 'areas', paint: { 'line-color': COLORS.area, 'line-width': 2, 'line-dasharray': [2, 1] } },
        { id: 'measure-fill', type: 'fill', source: 'measures', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': COLORS.measure, 'fill-opacity': 0.25 } },
        { id: 'measure-line', type: 'line', source: 'measures', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': COLORS.measure, 'line-width': 3 } },
        { id: 'measure-point', type: 'circle', source: 'measures', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': COLORS.measure, 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
        { id: 'feature-fill', type: 'fill', source: 'features', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': COLORS.feature, 'fill-opacity': 0.25 } },
        { id: 'feature-line', type: 'line', source: 'features', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': COLORS.feature, 'line-width': 3 } },
        { id: 'feature-point', type: 'circle', source: 'features', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': COLORS.feature, 'circle-radius': 7, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } },
      ],
    },
    bounds,
    fitBoundsOptions: { padding: 20 },
    attributionControl: { compact: true },
    // The page scrolls on phones: one finger scrolls the page, two move the map.
    cooperativeGestures: true,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.once('load', onReady);
  return () => map.remove();
}
