/** Comments pinned on the map: a marker with the count on every commented feature; a click opens its comments. */
import { useEffect, useRef } from 'react';
import { useApp } from '../../../AppContext.tsx';
import type { PictureMapController } from '../../../map/PictureMapController.ts';
import { maplibregl } from '../../../map/maplibre.ts';
import type { CommentPin } from './commentPins.ts';

export function CommentPins({ map, pins, onOpen }: { map: PictureMapController | null; pins: readonly CommentPin[]; onOpen: (layerId: string, featureId: string) => void }) {
  const { t } = useApp();
  // The view passes a new callback each render; markers are rebuilt only when the pins change.
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    if (!map) return;
    const markers = pins.map((p) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'cb-pin';
      el.dataset.testid = 'comment-pin';
      el.textContent = String(p.count);
      const label = t('collab.pinLabel', { n: p.count, title: p.title || t('collab.untitled') }) + (p.latest ? ` — ${p.latest.author}: ${p.latest.text}` : '');
      el.title = label;
      el.setAttribute('aria-label', label);
      el.addEventListener('click', (e) => {
        e.stopPropagation();
        open.current(p.layerId, p.featureId);
      });
      return new maplibregl.Marker({ element: el, anchor: 'bottom-left', offset: [4, -4] }).setLngLat(p.at).addTo(map.map);
    });
    return () => {
      for (const m of markers) m.remove();
    };
  }, [map, pins, t]);
  return null;
}
