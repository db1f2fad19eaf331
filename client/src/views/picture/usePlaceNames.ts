import { useEffect, useMemo, useState } from 'react';
import type { IncidentView } from '../../../../shared/src/events.ts';
import { loadPlaces, type PlaceIndex, placeName } from '../../map/places.ts';

/**
 * The place (district or municipality) each incident lies in. Place names are point-in-polygon lookups:
 * each incident's is computed once, not on every render.
 */
export function usePlaceNames(): (i: IncidentView) => string | null {
  const [places, setPlaces] = useState<PlaceIndex | null>(null);
  useEffect(() => {
    loadPlaces().then(setPlaces);
  }, []);
  return useMemo(() => {
    const cache = new Map<string, string | null>();
    return (i: IncidentView) => {
      if (!places || !i.location) return null;
      const key = `${i.id}:${i.location.coordinates.join(',')}`;
      let v = cache.get(key);
      if (v === undefined) {
        v = placeName(places, i.location.coordinates);
        cache.set(key, v);
      }
      return v;
    };
  }, [places]);
}
