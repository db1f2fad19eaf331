/**
 * Area-precision incidents as areas on the map: a hatched, dashed outline of the municipality (or the district
 * their text names) instead of a point on the centroid. The map layer is added beside the controller's own,
 * under the incident symbols.
 */
import { useEffect, useMemo, useState } from 'react';
import type { IncidentView } from '../../../../../shared/src/events.ts';
import { loadPlaces, type PlaceIndex } from '../../../map/places.ts';
import type { PictureMapController } from '../../../map/PictureMapController.ts';
import { AREA_INCIDENT_LINE } from '../legend/legendModel.ts';
import { type AreaPlacement, placeAreaIncident } from './areaPlacement.ts';

const SOURCE = 'incident-areas';

/** The placement of each area-precision incident (null for the others, or when no municipality contains it). */
export function useAreaPlacements(): (i: IncidentView) => AreaPlacement | null {
  const [places, setPlaces] = useState<PlaceIndex | null>(null);
  useEffect(() => {
    loadPlaces().then(setPlaces);
  }, []);
  return useMemo(() => {
    const cache = new Map<string, AreaPlacement | null>();
    return (i: IncidentView) => {
      if (!places || !i.location || i.locationPrecision !== 'area') return null;
      const key = `${i.id}:${i.location.coordinates.join(',')}:${i.description ?? ''}`;
      let v = cache.get(key);
      if (v === undefined) {
        v = placeAreaIncident(i.location.coordinates, i.description, places);
        cache.set(key, v);
      }
      return v;
    };
  }, [places]);
}

/** A small diagonal hatch in the incident colour, so an area event never reads as a filled zone. */
function hatch(): ImageData {
  const n = 8;
  const img = new ImageData(n, n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if ((x + y) % n === 0 || (x + y) % n === 1) {
        const o = (y * n + x) * 4;
        img.data.set([213, 94, 0, 150], o);
      }
  return img;
}

/** Keeps the map's area-incident layer in step; one outline per distinct area, counting its events. */
export function useIncidentAreasOnMap(map: PictureMapController | null, incidents: readonly IncidentView[], areaOf: (i: IncidentView) => AreaPlacement | null, visible: boolean): void {
  const fc = useMemo(() => {
    const byName = new Map<string, { p: AreaPlacement; n: number }>();
    if (visible)
      for (const i of incidents) {
        if (i.status === 'retracted') continue;
        const p = areaOf(i);
        if (!p) continue;
        const e = byName.get(p.name);
        if (e) e.n++;
        else byName.set(p.name, { p, n: 1 });
      }
    return {
      type: 'FeatureCollection' as const,
      features: [...byName.values()].map(({ p, n }) => ({ type: 'Feature' as const, geometry: p.geometry, properties: { name: p.name, count: n, byName: p.byName } })),
    };
  }, [incidents, areaOf, visible]);

  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    map.whenReady().then(() => {
      if (cancelled) return;
      const m = map.map;
      if (!m.getSource(SOURCE)) {
        m.addSource(SOURCE, { type: 'geojson', data: fc as GeoJSON.FeatureCollection });
        if (!m.hasImage('incident-area-hatch')) m.addImage('incident-area-hatch', hatch());
        const before = m.getLayer('incidents-highlight') ? 'incidents-highlight' : undefined;
        m.addLayer({ id: 'incident-areas-fill', type: 'fill', source: SOURCE, paint: { 'fill-pattern': 'incident-area-hatch', 'fill-opacity': 0.6 } }, before);
        m.addLayer({ id: 'incident-areas-line', type: 'line', source: SOURCE, paint: { 'line-color': AREA_INCIDENT_LINE, 'line-width': 2, 'line-dasharray': [3, 2] } }, before);
      } else {
        (m.getSource(SOURCE) as unknown as { setData(d: unknown): void }).setData(fc);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [map, fc]);
}
