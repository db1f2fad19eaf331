/** Measure a distance or an area on the picture map by clicking points (Esc or "Rensa" starts over). */
import type { GeoJSONSource, MapMouseEvent, Map as MlMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import { areaM2, formatArea, formatLength, pathLengthM } from './measureGeometry.ts';

type Mode = 'distance' | 'area';
const SRC = 'cb-measure';

function data(points: [number, number][], mode: Mode): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }));
  if (points.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: mode === 'area' && points.length >= 3 ? [...points, points[0]] : points } });
  if (mode === 'area' && points.length >= 3) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] } });
  return { type: 'FeatureCollection', features };
}

export function MeasureTool({ map, onClose }: { map: MlMap | null; onClose: () => void }) {
  const { t, locale } = useApp();
  const [mode, setMode] = useState<Mode>('distance');
  const [points, setPoints] = useState<[number, number][]>([]);

  useEffect(() => {
    if (!map) return;
    const add = () => {
      if (map.getSource(SRC)) return;
      map.addSource(SRC, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      map.addLayer({ id: 'cb-measure-fill', type: 'fill', source: SRC, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#e66101', 'fill-opacity': 0.15 } });
      map.addLayer({ id: 'cb-measure-line', type: 'line', source: SRC, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#e66101', 'line-width': 3, 'line-dasharray': [2, 1] } });
      map.addLayer({ id: 'cb-measure-pts', type: 'circle', source: SRC, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#e66101', 'circle-stroke-width': 2 } });
    };
    if (map.isStyleLoaded()) add();
    else map.once('load', add);
    const onClick = (e: MapMouseEvent) => setPoints((p) => [...p, [e.lngLat.lng, e.lngLat.lat]]);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPoints([]);
    map.on('click', onClick);
    window.addEventListener('keydown', onKey);
    const canvas = map.getCanvas();
    canvas.style.cursor = 'crosshair';
    return () => {
      map.off('click', onClick);
      window.removeEventListener('keydown', onKey);
      canvas.style.cursor = '';
      for (const id of ['cb-measure-fill', 'cb-measure-line', 'cb-measure-pts']) if (map.getLayer(id)) map.removeLayer(id);
      if (map.getSource(SRC)) map.removeSource(SRC);
    };
  }, [map]);

  useEffect(() => {
    (map?.getSource(SRC) as GeoJSONSource | undefined)?.setData(data(points, mode));
  }, [map, points, mode]);

  const length = pathLengthM(mode === 'area' && points.length >= 3 ? [...points, points[0]] : points);
  return (
    <section className="cb-pop" aria-label={t('measureTool.heading')} data-testid="measure-tool">
      <h3>{t('measureTool.heading')}</h3>
      <fieldset className="button-row" aria-label={t('measureTool.mode')} style={{ border: 'none', margin: 0, padding: 0 }}>
        {(['distance', 'area'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {t(m === 'distance' ? 'measureTool.distance' : 'measureTool.area')}
          </button>
        ))}
      </fieldset>
      <p className="muted small">{t('measureTool.hint')}</p>
      <p aria-live="polite" data-testid="measure-result">
        {points.length < 2
          ? t('measureTool.none')
          : mode === 'distance'
            ? t('measureTool.length', { value: formatLength(length, locale) })
            : points.length < 3
              ? t('measureTool.needThree')
              : t('measureTool.areaResult', { value: formatArea(areaM2(points), locale), perimeter: formatLength(length, locale) })}
      </p>
      <div className="button-row">
        <button type="button" onClick={() => setPoints((p) => p.slice(0, -1))} disabled={points.length === 0}>
          {t('measureTool.undoPoint')}
        </button>
        <button type="button" onClick={() => setPoints([])} disabled={points.length === 0}>
          {t('measureTool.clear')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}
