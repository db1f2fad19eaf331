import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import { basemapUrl } from '../map/baseStyle.ts';
import type { AreaCollection } from './areaLayers.ts';

/**
 * Area shapes of the level shown (`url` from drill.ts shapesUrl): the server's area GeoJSON (with scores, and
 * the year they are for) or, for the national municipality view without it, the shipped base map's.
 */
export function useAreaShapes(
  api: ApiClient,
  url: string,
  onYear: (year: number) => void,
  onError: (err: unknown) => void,
  /** The server's answer for `url` had no areas at all (the zoomed-in view then tries another level). */
  onEmpty?: (url: string) => void,
): AreaCollection | null {
  const [shapes, setShapes] = useState<AreaCollection | null>(null);
  useEffect(() => {
    let live = true;
    api
      .get<AreaCollection & { year?: number | null }>(url)
      .then((fc) => {
        if (!live) return;
        setShapes(fc);
        if (fc.features.length === 0) onEmpty?.(url);
        if (typeof fc.year === 'number') onYear(fc.year);
      })
      .catch(async (err) => {
        if (!live) return;
        if (url !== '/api/areas/geojson?level=kommun') return onError(err);
        try {
          const r = await fetch(basemapUrl('kommuner_scb.geojson'));
          const fc = (await r.json()) as AreaCollection;
          setShapes({
            type: 'FeatureCollection',
            features: fc.features.map((f) => ({ ...f, properties: { code: f.properties.kommun_kod, name: f.properties.kommun, level: 'kommun' } })),
          });
        } catch (err) {
          onError(err);
        }
      });
    return () => {
      live = false;
    };
  }, [api, url, onYear, onError, onEmpty]);
  return shapes;
}
