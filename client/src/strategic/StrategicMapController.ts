/**
 * Imperative owner of the strategic map: a municipal choropleth over the base map, the police's designated
 * areas on top, and a click that selects a municipality. React passes data in through setters.
 */
import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import { USO_LAYERS } from '../map/baseStyle.ts';
import { loadBasemapLabels } from '../map/basemapLabels.ts';
import type { BBox } from '../map/geo.ts';
import { LabelOverlay } from '../map/LabelOverlay.ts';
import { maplibregl } from '../map/maplibre.ts';
import { chooseMapStyle } from '../map/mapStyle.ts';
import { type AreaCollection, addAreaLayers } from './areaLayers.ts';
import type { MapView } from './zoomLevel.ts';

export interface StrategicMapOptions {
  container: HTMLElement;
  styleUrl: string | null;
  onAreaClick: (code: string) => void;
  /** After every move: the zoom and visible area, and whether the user moved the map (zoomLevel.ts). */
  onView?: (view: MapView) => void;
}

export class StrategicMapController {
  readonly map: MlMap;
  private readonly labels: LabelOverlay;
  private readonly ready: Promise<void>;
  private readonly ac = new AbortController();
  private destroyed = false;

  constructor(opts: StrategicMapOptions) {
    const origin = window.location.origin;
    const base = chooseMapStyle(opts.styleUrl, origin);
    const map = new maplibregl.Map({
      container: opts.container,
      style: base.style,
      center: [16, 62.5],
      zoom: 4,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map = map;
    map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    map.addControl(new maplibregl.NavigationControl({}), 'top-right');
    this.labels = new LabelOverlay(map);
    if (base.offline) loadBasemapLabels(this.ac.signal).then((l) => !this.destroyed && this.labels.setGroup('base', l));
    this.ready = new Promise((resolve) => {
      map.on('load', () => {
        if (this.destroyed) return;
        addAreaLayers(map, origin);
        resolve();
      });
    });
    map.on('click', 'areas-fill', (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (code) opts.onAreaClick(String(code));
    });
    // A move started by an input event is the user's; fitBounds to a selected area carries none.
    let byUser = false;
    map.on('movestart', (e) => {
      byUser = !!e.originalEvent;
    });
    map.on('moveend', (e) => {
      if (this.destroyed || !opts.onView) return;
      const b = map.getBounds();
      opts.onView({ zoom: map.getZoom(), bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], byUser: byUser || !!e.originalEvent });
    });
    map.on('mouseenter', 'areas-fill', () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', 'areas-fill', () => {
      map.getCanvas().style.cursor = '';
    });
  }

  async setAreas(fc: AreaCollection): Promise<void> {
    await this.ready;
    (this.map.getSource('areas') as GeoJSONSource | undefined)?.setData(fc as unknown as GeoJSON.FeatureCollection);
  }

  async setDesignatedAreasVisible(visible: boolean): Promise<void> {
    await this.ready;
    for (const l of USO_LAYERS) this.map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
  }

  fitBounds(b: BBox): void {
    this.map.fitBounds(b, { padding: 60, maxZoom: 10 });
  }

  destroy(): void {
    this.destroyed = true;
    this.ac.abort();
    this.labels.destroy();
    this.map.remove();
  }
}
