import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import { basemapUrl } from '../map/baseStyle.ts';
import type { AreaCollection } from './areaLayers.ts';

/**
 * Municipality shapes: the server's area GeoJSON (with scores, and the year they are for) or, without it,
 * the shipped base map's.
 */
export function useAreaShapes(api: ApiClient, onYear: (year: number) => void, onError: (err: unknown) => void): AreaCollection | null {
  const [shapes, setShapes] = useState<AreaCollection | null>(null);
  useEffect(() => {
    api
      .get<AreaCollection & { year?: number | null }>('/api/areas/geojson?level=kommun')
      .then((fc) => {
        setShapes(fc);
        if (typeof fc.year === 'number') onYear(fc.year);
      })
      .catch(async () => {
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
  }, [api, onYear, onError]);
  return shapes;
}
