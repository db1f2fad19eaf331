import { useEffect } from 'react';
import { maplibregl } from '../../../map/maplibre.ts';
import type { PictureMapController } from '../../../map/PictureMapController.ts';

/** Shows where the incident being registered will be placed, until the form closes or the place changes. */
export function usePlaceMarker(map: PictureMapController | null, place: [number, number] | null): void {
  useEffect(() => {
    if (!map || !place) return;
    const el = document.createElement('div');
    el.className = 'place-marker';
    el.setAttribute('aria-hidden', 'true');
    const marker = new maplibregl.Marker({ element: el }).setLngLat(place).addTo(map.map);
    return () => {
      marker.remove();
    };
  }, [map, place]);
}
