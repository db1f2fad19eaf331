/**
 * The offline base map: municipal and county borders, city districts and the police's designated areas,
 * all GeoJSON shipped with the app (client/vite.config.ts copies them from assets/geo). No glyphs or sprites
 * are needed: labels are DOM elements (LabelOverlay). Attribution per assets/geo/README.md.
 */
import type { StyleSpecification } from 'maplibre-gl';

export const BASEMAP_ATTRIBUTION = {
  scb: 'Källa: SCB',
  malmo: 'Källa: Malmö stad',
  stockholm: 'Källa: Stockholms stad',
  goteborg: 'Källa: Göteborgs Stad',
  police: 'Källa: Polismyndigheten',
} as const;

export function basemapUrl(file: string, origin: string = window.location.origin): string {
  return `${origin}/basemap/${file}`;
}

export const USO_LAYERS = ['uso-fill', 'uso-line'] as const;

export function baseStyle(origin: string = window.location.origin): StyleSpecification {
  const src = (file: string, attribution: string) => ({ type: 'geojson' as const, data: basemapUrl(file, origin), attribution });
  return {
    version: 8,
    sources: {
      lan: src('lan_scb.geojson', BASEMAP_ATTRIBUTION.scb),
      kommuner: src('kommuner_scb.geojson', BASEMAP_ATTRIBUTION.scb),
      malmo: src('malmo_delomraden.geojson', BASEMAP_ATTRIBUTION.malmo),
      stockholm: src('stockholm_stadsdelar.geojson', BASEMAP_ATTRIBUTION.stockholm),
      goteborg: src('goteborg_basomraden_2021.geojson', BASEMAP_ATTRIBUTION.goteborg),
      uso: src('uso_2025_wgs84.geojson', BASEMAP_ATTRIBUTION.police),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#c9d8e3' } },
      { id: 'land', type: 'fill', source: 'lan', paint: { 'fill-color': '#f4f2ec' } },
      { id: 'kommun-line', type: 'line', source: 'kommuner', minzoom: 5, paint: { 'line-color': '#a39e93', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.4, 10, 1.2] } },
      ...(['malmo', 'stockholm', 'goteborg'] as const).map((s) => ({
        id: `district-${s}`,
        type: 'line' as const,
        source: s,
        minzoom: 9,
        paint: { 'line-color': '#b9b3a6', 'line-width': 0.8, 'line-dasharray': [3, 2] },
      })),
      { id: 'lan-line', type: 'line', source: 'lan', paint: { 'line-color': '#6f6a60', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.8, 10, 2] } },
      { id: 'uso-fill', type: 'fill', source: 'uso', layout: { visibility: 'none' }, paint: { 'fill-color': ['match', ['get', 'KATEGORI'], 'Särskilt utsatt område', '#7b3294', '#c2a5cf'], 'fill-opacity': 0.25 } },
      { id: 'uso-line', type: 'line', source: 'uso', layout: { visibility: 'none' }, paint: { 'line-color': ['match', ['get', 'KATEGORI'], 'Särskilt utsatt område', '#7b3294', '#9970ab'], 'line-width': 2 } },
    ],
  };
}
