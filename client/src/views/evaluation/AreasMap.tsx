/**
 * The evaluation's four areas on a MapLibre map over the shipped base map: the measure's area, the ring around
 * it, and the two control areas, in distinct colours AND line patterns, with a text legend. Drawn with
 * `preserveDrawingBuffer` so it prints; `onIdle` fires once the areas are drawn and the map has settled (the
 * report waits for it before it tells the PDF printer it is ready), with the map's attribution text.
 */
import type { GeoJSONSource, LngLatBoundsLike, Map as MlMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { Geometry, MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import { useApp } from '../../AppContext.tsx';
import { addDistrictsWhenNeeded } from '../../map/baseStyle.ts';
import { maplibregl } from '../../map/maplibre.ts';
import { chooseMapStyle } from '../../map/mapStyle.ts';

/** Paul Tol's bright scheme (colour-blind safe); the legend and the line patterns say the same in text and form. */
export const AREA_STYLE = {
  treated: { colour: '#CC3311', dash: undefined, key: 'eval.area.treated' },
  displacement: { colour: '#EE7733', dash: [2, 1.5], key: 'eval.area.displacement' },
  control: { colour: '#0077BB', dash: undefined, key: 'eval.area.control' },
  displacementControl: { colour: '#33BBEE', dash: [2, 1.5], key: 'eval.area.displacementControl' },
} as const;

export type AreaKey = keyof typeof AREA_STYLE;
const ORDER: AreaKey[] = ['displacementControl', 'control', 'displacement', 'treated'];

type Areas = MeasureEvaluation['areas'];

function bboxOf(geoms: Array<Geometry | null | undefined>): [number, number, number, number] | null {
  let w = 180;
  let s = 90;
  let e = -180;
  let n = -90;
  const visit = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as number[];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const d of c) visit(d);
  };
  for (const g of geoms) if (g) visit(g.coordinates);
  return w <= e && s <= n ? [w, s, e, n] : null;
}

export function AreasMap({ areas, onIdle, height = 320, interactive = true }: { areas: Areas; onIdle?: (attribution: string) => void; height?: number; interactive?: boolean }) {
  const { t, mapStyleUrl } = useApp();
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const idleCb = useRef(onIdle);
  idleCb.current = onIdle;

  useEffect(() => {
    if (!el.current) return;
    const origin = window.location.origin;
    const base = chooseMapStyle(mapStyleUrl, origin);
    const map = new maplibregl.Map({
      container: el.current,
      style: base.style,
      center: [13, 55.6],
      zoom: 11,
      attributionControl: false,
      interactive,
      fadeDuration: 0,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    map.addControl(new maplibregl.AttributionControl({ compact: false }), 'bottom-right');
    if (interactive) map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      if (base.offline) addDistrictsWhenNeeded(map, origin);
      for (const k of ORDER) {
        const s = AREA_STYLE[k];
        map.addSource(`eval-${k}`, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        map.addLayer({ id: `eval-${k}-fill`, type: 'fill', source: `eval-${k}`, paint: { 'fill-color': s.colour, 'fill-opacity': k === 'treated' ? 0.35 : 0.18 } });
        map.addLayer({ id: `eval-${k}-line`, type: 'line', source: `eval-${k}`, paint: { 'line-color': s.colour, 'line-width': 2.5, ...(s.dash ? { 'line-dasharray': [...s.dash] } : {}) } });
      }
      mapRef.current = map;
    });
    return () => {
      mapRef.current = null;
      map.remove();
    };
  }, [mapStyleUrl, interactive]);

  useEffect(() => {
    let cancelled = false;
    const apply = (map: MlMap) => {
      for (const k of ORDER) {
        const g = areas[k];
        (map.getSource(`eval-${k}`) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features: g ? [{ type: 'Feature', geometry: g as never, properties: {} }] : [] });
      }
      const b = bboxOf([areas.treated, areas.displacement, areas.control, areas.displacementControl]);
      if (b) map.fitBounds(b as LngLatBoundsLike, { padding: 24, animate: false, maxZoom: 16 });
      map.once('idle', () => {
        if (cancelled) return;
        const attribution = el.current?.querySelector('.maplibregl-ctrl-attrib-inner')?.textContent ?? '';
        idleCb.current?.(attribution.replace(/\s+/g, ' ').trim());
      });
    };
    if (mapRef.current) apply(mapRef.current);
    else {
      const wait = setInterval(() => {
        if (mapRef.current) {
          clearInterval(wait);
          apply(mapRef.current);
        }
      }, 50);
      return () => {
        cancelled = true;
        clearInterval(wait);
      };
    }
    return () => {
      cancelled = true;
    };
  }, [areas]);

  return (
    <figure className="eval-map-figure" aria-label={t('eval.mapLabel')}>
      {/* No role on the map itself: MapLibre's canvas and controls are interactive and name themselves. */}
      <div ref={el} className="eval-map" style={{ height }} data-testid="eval-map" />
      <figcaption>
        <ul className="eval-legend" aria-label={t('eval.legend')}>
          {(['treated', 'displacement', 'control', 'displacementControl'] as AreaKey[]).map((k) =>
            areas[k] ? (
              <li key={k}>
                <svg width="26" height="12" aria-hidden="true" focusable="false">
                  <rect x="1" y="1" width="24" height="10" fill={AREA_STYLE[k].colour} fillOpacity={0.3} stroke={AREA_STYLE[k].colour} strokeWidth="2" strokeDasharray={AREA_STYLE[k].dash ? '4 3' : undefined} />
                </svg>{' '}
                {t(AREA_STYLE[k].key)}
              </li>
            ) : null,
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
