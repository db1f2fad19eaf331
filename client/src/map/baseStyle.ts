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

/** City district layers, large files added only when the view reaches the city (see addDistrictsWhenNeeded). */
export const CITY_DISTRICTS = [
  { id: 'malmo', file: 'malmo_delomraden.geojson', bbox: [12.85, 55.45, 13.25, 55.66], attribution: BASEMAP_ATTRIBUTION.malmo },
  { id: 'stockholm', file: 'stockholm_stadsdelar.geojson', bbox: [17.7, 59.2, 18.25, 59.45], attribution: BASEMAP_ATTRIBUTION.stockholm },
  { id: 'goteborg', file: 'goteborg_basomraden_2021.geojson', bbox: [11.6, 57.55, 12.2, 57.9], attribution: BASEMAP_ATTRIBUTION.goteborg },
] as const;

export const DISTRICT_MIN_ZOOM = 8.5;

interface MapLike {
  getZoom(): number;
  getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
  getSource(id: string): unknown;
  getLayer(id: string): unknown;
  addSource(id: string, source: { type: 'geojson'; data: string; attribution: string }): unknown;
  addLayer(layer: object, before?: string): unknown;
  on(type: 'moveend' | 'load', fn: () => void): unknown;
}

/** Which cities' district files the current view needs (pure, for tests). */
export function citiesInView(zoom: number, view: [number, number, number, number]): string[] {
  if (zoom < DISTRICT_MIN_ZOOM) return [];
  return CITY_DISTRICTS.filter((c) => c.bbox[0] < view[2] && c.bbox[2] > view[0] && c.bbox[1] < view[3] && c.bbox[3] > view[1]).map((c) => c.id);
}

/** Adds a city's district borders the first time the view is close enough to it. */
export function addDistrictsWhenNeeded(map: MapLike, origin: string = window.location.origin): void {
  const check = () => {
    const b = map.getBounds();
    for (const id of citiesInView(map.getZoom(), [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])) {
      if (map.getSource(id)) continue;
      const c = CITY_DISTRICTS.find((x) => x.id === id)!;
      map.addSource(id, { type: 'geojson', data: basemapUrl(c.file, origin), attribution: c.attribution });
      map.addLayer(
        { id: `district-${id}`, type: 'line', source: id, minzoom: DISTRICT_MIN_ZOOM, paint: { 'line-color': '#b9b3a6', 'line-width': 0.8, 'line-dasharray': [3, 2] } },
        map.getLayer('lan-line') ? 'lan-line' : undefined,
      );
    }
  };
  map.on('moveend', check);
  check();
}

export function baseStyle(origin: string = window.location.origin): StyleSpecification {
  const src = (file: string, attribution: string) => ({ type: 'geojson' as const, data: basemapUrl(file, origin), attribution });
  return {
    version: 8,
    sources: {
      lan: src('lan_scb.geojson', BASEMAP_ATTRIBUTION.scb),
      kommuner: src('kommuner_scb.geojson', BASEMAP_ATTRIBUTION.scb),
      uso: src('uso_2025_wgs84.geojson', BASEMAP_ATTRIBUTION.police),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#c9d8e3' } },
      { id: 'land', type: 'fill', source: 'lan', paint: { 'fill-color': '#f4f2ec' } },
      { id: 'kommun-line', type: 'line', source: 'kommuner', minzoom: 5, paint: { 'line-color': '#a39e93', 'line-width': ['interpolate', ['linear'], ['zoom'], 5, 0.4, 10, 1.2] } },
      { id: 'lan-line', type: 'line', source: 'lan', paint: { 'line-color': '#6f6a60', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.8, 10, 2] } },
      // Designated areas: white hatch-like fill and a black outline (thicker for "särskilt utsatt"), readable over any choropleth colour.
      { id: 'uso-fill', type: 'fill', source: 'uso', layout: { visibility: 'none' }, paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.45 } },
      {
        id: 'uso-line',
        type: 'line',
        source: 'uso',
        layout: { visibility: 'none' },
        paint: { 'line-color': '#000000', 'line-width': ['match', ['get', 'KATEGORI'], 'Särskilt utsatt område', 3, 1.5] },
      },
    ],
  };
}
