/**
 * Imperative owner of the MapLibre map of a picture: base map, overlays (annotations, incidents, zones, risk
 * tiles, history, presence) and drawing with Terra Draw. React passes data in through setters.
 */
import { maplibregl } from './maplibre.ts';
import type { GeoJSONSource, Map as MlMap, RasterTileSource } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Geometry } from '../../../shared/src/layerDoc.ts';
import { addDistrictsWhenNeeded, USO_LAYERS } from './baseStyle.ts';
import { loadBasemapLabels } from './basemapLabels.ts';
import type { BBox } from './geo.ts';
import { LabelOverlay, type MapLabel } from './LabelOverlay.ts';
import { chooseMapStyle } from './mapStyle.ts';

export type DrawKind = 'point' | 'linestring' | 'polygon';

type Fc = { type: 'FeatureCollection'; features: { type: 'Feature'; id?: string | number; geometry: unknown; properties: Record<string, unknown> }[] };
const EMPTY: Fc = { type: 'FeatureCollection', features: [] };


export interface MapControllerOptions {
  container: HTMLElement;
  styleUrl?: string | null;
  token: () => string | null;
  onFeatureClick?: (layerId: string, featureId: string) => void;
  onIncidentClick?: (incidentId: string) => void;
  onMeasureClick?: (measureId: string) => void;
  onCursor?: (pos: [number, number] | null) => void;
  onDrawFinish?: (geometry: Geometry) => void;
  onGeometryEdit?: (featureId: string, geometry: Geometry) => void;
}

export class PictureMapController {
  readonly map: MlMap;
  private labels: LabelOverlay;
  private draw: TerraDraw | null = null;
  private ready: Promise<void>;
  private readonly opts: MapControllerOptions;
  private editing: string | null = null;
  private drawing = false;
  private destroyed = false;
  private readonly ac = new AbortController();

  constructor(opts: MapControllerOptions) {
    this.opts = opts;
    const origin = window.location.origin;
    const base = chooseMapStyle(opts.styleUrl, origin);
    this.map = new maplibregl.Map({
      container: opts.container,
      style: base.style,
      center: [15.5, 62],
      zoom: 4,
      attributionControl: false,
      // Bearer token on our own API's tile requests (risk and RTM rasters).
      transformRequest: (url) => {
        const t = opts.token();
        if (t && url.startsWith(`${origin}/api/`)) return { url, headers: { Authorization: `Bearer ${t}` } };
        return { url };
      },
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: true }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.labels = new LabelOverlay(this.map);
    this.ready = new Promise((resolve) => {
      this.map.on('load', () => {
        if (this.destroyed) return;
        if (base.offline) addDistrictsWhenNeeded(this.map, origin);
        this.addOverlays();
        this.setupDraw();
        resolve();
      });
    });
    if (base.offline) loadBasemapLabels(this.ac.signal).then((l) => !this.destroyed && this.labels.setGroup('base', l));
    this.map.on('mousemove', (e) => opts.onCursor?.([e.lngLat.lng, e.lngLat.lat]));
    this.map.getCanvas().addEventListener('mouseleave', () => opts.onCursor?.(null));
    this.map.on('click', (e) => {
      if (this.drawing || this.editing) return;
      const inc = this.map.queryRenderedFeatures(e.point, { layers: ['incidents-circle'] })[0];
      if (inc?.properties?.id) {
        opts.onIncidentClick?.(String(inc.properties.id));
        return;
      }
      const hit = this.map.queryRenderedFeatures(e.point, { layers: ['ann-point', 'ann-line', 'ann-fill'] })[0];
      if (hit?.properties?.featureId) {
        opts.onFeatureClick?.(String(hit.properties.layerId), String(hit.properties.featureId));
        return;
      }
      const measure = this.map.queryRenderedFeatures(e.point, { layers: ['measures-point', 'measures-line', 'measures-fill'] })[0];
      if (measure?.properties?.id) opts.onMeasureClick?.(String(measure.properties.id));
    });
    for (const l of ['ann-point', 'ann-line', 'ann-fill', 'incidents-circle', 'measures-point', 'measures-fill'])
      this.map.on('mouseenter', l, () => {
        if (!this.drawing) this.map.getCanvas().style.cursor = 'pointer';
      });
    for (const l of ['ann-point', 'ann-line', 'ann-fill', 'incidents-circle', 'measures-point', 'measures-fill'])
      this.map.on('mouseleave', l, () => {
        if (!this.drawing) this.map.getCanvas().style.cursor = '';
      });
  }

  /** Replaces the drawing callbacks (they close over React state that changes). */
  setHandlers(h: Pick<MapControllerOptions, 'onDrawFinish' | 'onGeometryEdit'>): void {
    this.opts.onDrawFinish = h.onDrawFinish;
    this.opts.onGeometryEdit = h.onGeometryEdit;
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private addOverlays(): void {
    const m = this.map;
    const geo = (id: string) => m.addSource(id, { type: 'geojson', data: EMPTY as unknown as GeoJSON.FeatureCollection, promoteId: 'id' });
    geo('area');
    m.addLayer({ id: 'area-line', type: 'line', source: 'area', paint: { 'line-color': '#1a1a1a', 'line-width': 2, 'line-dasharray': [4, 2] } });
    m.addSource('risk', { type: 'raster', tiles: [`${window.location.origin}/api/none/{z}/{x}/{y}.png`], tileSize: 256 });
    m.addLayer({ id: 'risk-raster', type: 'raster', source: 'risk', layout: { visibility: 'none' }, paint: { 'raster-opacity': 0.6 } });
    m.addSource('rtm', { type: 'raster', tiles: [`${window.location.origin}/api/none/{z}/{x}/{y}.png`], tileSize: 256 });
    m.addLayer({ id: 'rtm-raster', type: 'raster', source: 'rtm', layout: { visibility: 'none' }, paint: { 'raster-opacity': 0.6 } });
    geo('zones');
    m.addLayer({ id: 'zones-fill', type: 'fill', source: 'zones', paint: { 'fill-color': '#E69F00', 'fill-opacity': 0.18 } });
    m.addLayer({ id: 'zones-line', type: 'line', source: 'zones', paint: { 'line-color': '#B35806', 'line-width': 2, 'line-dasharray': [2, 1] } });
    // Measures (åtgärder): their targets coloured by status (the colour comes with each feature), and the
    // uncovered high-risk places of the coverage view as dashed red boxes.
    geo('uncovered');
    m.addLayer({ id: 'uncovered-fill', type: 'fill', source: 'uncovered', paint: { 'fill-color': '#b91c1c', 'fill-opacity': 0.12 } });
    m.addLayer({ id: 'uncovered-line', type: 'line', source: 'uncovered', paint: { 'line-color': '#b91c1c', 'line-width': 3, 'line-dasharray': [2, 1] } });
    geo('measures');
    const mColor: maplibregl.ExpressionSpecification = ['coalesce', ['get', 'color'], '#0b6e4f'];
    m.addLayer({ id: 'measures-fill', type: 'fill', source: 'measures', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': mColor, 'fill-opacity': 0.2 } });
    m.addLayer({
      id: 'measures-line',
      type: 'line',
      source: 'measures',
      filter: ['any', ['==', ['geometry-type'], 'Polygon'], ['==', ['geometry-type'], 'LineString']],
      paint: { 'line-color': mColor, 'line-width': ['case', ['boolean', ['get', 'selected'], false], 5, 3], 'line-dasharray': ['literal', [3, 1]] },
    });
    m.addLayer({
      id: 'measures-point',
      type: 'circle',
      source: 'measures',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': ['case', ['boolean', ['get', 'selected'], false], 11, 8], 'circle-color': '#fff', 'circle-stroke-color': mColor, 'circle-stroke-width': 4 },
    });
    geo('history');
    m.addLayer({ id: 'history-fill', type: 'fill', source: 'history', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#555', 'fill-opacity': 0.15 } });
    m.addLayer({ id: 'history-line', type: 'line', source: 'history', paint: { 'line-color': '#333', 'line-width': 2, 'line-dasharray': [1, 1] } });
    m.addLayer({ id: 'history-point', type: 'circle', source: 'history', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 6, 'circle-color': '#777', 'circle-stroke-color': '#000', 'circle-stroke-width': 1 } });
    geo('annotations');
    const color: maplibregl.ExpressionSpecification = ['coalesce', ['get', 'color'], '#444'];
    m.addLayer({ id: 'ann-fill', type: 'fill', source: 'annotations', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': color, 'fill-opacity': 0.22 } });
    m.addLayer({
      id: 'ann-line',
      type: 'line',
      source: 'annotations',
      filter: ['any', ['==', ['geometry-type'], 'Polygon'], ['==', ['geometry-type'], 'LineString']],
      paint: { 'line-color': color, 'line-width': ['case', ['boolean', ['get', 'selected'], false], 4, 2.5] },
    });
    m.addLayer({
      id: 'ann-point',
      type: 'circle',
      source: 'annotations',
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': ['case', ['boolean', ['get', 'selected'], false], 9, 7],
        'circle-color': color,
        'circle-stroke-color': '#fff',
        'circle-stroke-width': 2,
      },
    });
    geo('peer-selections');
    m.addLayer({ id: 'peer-sel-line', type: 'line', source: 'peer-selections', paint: { 'line-color': ['get', 'color'], 'line-width': 5, 'line-opacity': 0.7, 'line-dasharray': [1, 1] } });
    m.addLayer({ id: 'peer-sel-point', type: 'circle', source: 'peer-selections', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': ['get', 'color'], 'circle-stroke-width': 3 } });
    geo('incidents');
    m.addLayer({
      id: 'incidents-highlight',
      type: 'circle',
      source: 'incidents',
      filter: ['==', ['get', 'highlight'], true],
      paint: { 'circle-radius': 18, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#000', 'circle-stroke-width': 3 },
    });
    m.addLayer({
      id: 'incidents-circle',
      type: 'circle',
      source: 'incidents',
      paint: {
        'circle-radius': ['case', ['==', ['get', 'precision'], 'area'], 5, 8],
        'circle-color': ['match', ['get', 'status'], 'confirmed', '#D55E00', '#ffffff'],
        'circle-stroke-color': '#D55E00',
        'circle-stroke-width': 3,
      },
    });
  }

  private setupDraw(): void {
    try {
      const flags = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } };
      this.draw = new TerraDraw({
        adapter: new TerraDrawMapLibreGLAdapter({ map: this.map }),
        idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => crypto.randomUUID() },
        modes: [
          new TerraDrawPointMode(),
          new TerraDrawLineStringMode(),
          new TerraDrawPolygonMode(),
          new TerraDrawSelectMode({ flags: { polygon: flags, linestring: flags, point: { feature: { draggable: true } } } }),
        ],
      });
      this.draw.start();
      this.draw.on('finish', (id, ctx) => {
        const draw = this.draw;
        if (!draw) return;
        const f = draw.getSnapshot().find((x) => x.id === id);
        if (!f) return;
        if (ctx.action === 'draw' && !this.editing) {
          draw.removeFeatures([id]);
          this.opts.onDrawFinish?.(f.geometry as unknown as Geometry);
        } else if (this.editing && id === this.editing) {
          this.opts.onGeometryEdit?.(this.editing, f.geometry as unknown as Geometry);
        }
      });
    } catch (err) {
      console.error('Drawing is unavailable', err);
      this.draw = null;
    }
  }

  /** The map centre, for keyboard users adding a point without a pointer. */
  center(): [number, number] {
    const c = this.map.getCenter();
    return [c.lng, c.lat];
  }

  hasDraw(): boolean {
    return this.draw !== null;
  }

  startDraw(kind: DrawKind): void {
    if (!this.draw) return;
    this.stopEdit();
    this.drawing = true;
    this.draw.setMode(kind);
    this.map.getCanvas().style.cursor = 'crosshair';
  }

  stopDraw(): void {
    if (!this.draw) return;
    this.drawing = false;
    if (!this.editing) {
      this.draw.setMode('static');
      this.draw.clear();
    }
    this.map.getCanvas().style.cursor = '';
  }

  /** Loads one feature into Terra Draw's select mode so its vertices can be dragged. */
  startEdit(featureId: string, geometry: Geometry): void {
    if (!this.draw) return;
    this.stopDraw();
    this.draw.clear();
    this.editing = featureId;
    const mode = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon';
    const feature = { id: featureId, type: 'Feature', geometry, properties: { mode } } as unknown as GeoJSONStoreFeatures;
    this.draw.setMode('select');
    const problems = this.draw.addFeatures([feature]);
    if (problems.every((p) => p.valid)) this.draw.selectFeature(featureId);
  }

  stopEdit(): void {
    if (!this.draw || !this.editing) return;
    this.editing = null;
    this.draw.clear();
    this.draw.setMode('static');
  }

  isEditing(): string | null {
    return this.editing;
  }

  private setData(source: string, data: Fc): void {
    const s = this.map.getSource(source) as GeoJSONSource | undefined;
    s?.setData(data as unknown as GeoJSON.FeatureCollection);
  }

  async setArea(area: unknown): Promise<void> {
    await this.ready;
    const g = area as { type?: string } | null;
    const fc: Fc = !g
      ? EMPTY
      : g.type === 'FeatureCollection'
        ? (g as Fc)
        : { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: g.type === 'Feature' ? (g as { geometry: unknown }).geometry : g, properties: {} }] };
    this.setData('area', fc);
  }

  fitBounds(b: BBox, animate = false): void {
    this.map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 40, animate, maxZoom: 15 });
  }

  async setAnnotations(fc: Fc, labels: MapLabel[]): Promise<void> {
    await this.ready;
    this.setData('annotations', fc);
    this.labels.setGroup('annotations', labels);
  }

  async setIncidents(fc: Fc): Promise<void> {
    await this.ready;
    this.setData('incidents', fc);
  }

  async setZones(fc: Fc, labels: MapLabel[]): Promise<void> {
    await this.ready;
    this.setData('zones', fc);
    this.labels.setGroup('zones', labels);
  }

  /** The measures layer (null hides it) and the uncovered places of the coverage view. */
  async setMeasures(fc: Fc | null, uncovered: Fc | null): Promise<void> {
    await this.ready;
    this.setData('measures', fc ?? EMPTY);
    this.setData('uncovered', uncovered ?? EMPTY);
  }

  flyTo(center: [number, number], zoom = 15): void {
    this.map.flyTo({ center, zoom: Math.max(this.map.getZoom(), zoom) });
  }

  async setHistory(fc: Fc | null): Promise<void> {
    await this.ready;
    this.setData('history', fc ?? EMPTY);
  }

  async setPeers(selections: Fc, cursors: MapLabel[]): Promise<void> {
    await this.ready;
    this.setData('peer-selections', selections);
    this.labels.setGroup('peers', cursors);
  }

  /** Shows a raster overlay from a `{z}/{x}/{y}` URL template, cache-busted by `version`; null hides it. */
  async setRaster(which: 'risk' | 'rtm', template: string | null, version: number): Promise<void> {
    await this.ready;
    const layer = `${which}-raster`;
    if (!template) {
      this.map.setLayoutProperty(layer, 'visibility', 'none');
      return;
    }
    const abs = template.startsWith('http') ? template : `${window.location.origin}${template}`;
    const url = `${abs}${abs.includes('?') ? '&' : '?'}v=${version}`;
    (this.map.getSource(which) as RasterTileSource | undefined)?.setTiles([url]);
    this.map.setLayoutProperty(layer, 'visibility', 'visible');
  }

  async setDesignatedAreasVisible(visible: boolean): Promise<void> {
    await this.ready;
    for (const l of USO_LAYERS) if (this.map.getLayer(l)) this.map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
  }

  destroy(): void {
    this.destroyed = true;
    this.ac.abort();
    try {
      this.draw?.stop();
    } catch {
      // Terra Draw throws when stopped before it started; nothing to clean then.
    }
    this.labels.destroy();
    this.map.remove();
  }
}
