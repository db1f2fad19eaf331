/**
 * Pop-ups on features: hovering a drawn feature shows its title, category, description, author and comments
 * (a click still opens it in the panel). Built with text nodes only, so nothing in a feature can inject markup.
 */
import { useEffect, useRef } from 'react';
import { useApp } from '../../../AppContext.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import type { LayerFeatures } from '../../../map/overlayData.ts';
import type { PictureMapController } from '../../../map/PictureMapController.ts';
import { maplibregl } from '../../../map/maplibre.ts';
import { popupContent } from './featurePopup.ts';

const LAYERS = ['ann-point', 'ann-line', 'ann-fill'];

export function FeaturePopups({ map, layers }: { map: PictureMapController | null; layers: readonly LayerFeatures[] }) {
  const { t, locale } = useApp();
  const current = useRef(layers);
  current.current = layers;
  useEffect(() => {
    if (!map) return;
    const m = map.map;
    const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: '18rem', className: 'cb-popup', offset: 10 });
    let shown = '';
    const el = (tag: string, text: string, className?: string) => {
      const e = document.createElement(tag);
      e.textContent = text;
      if (className) e.className = className;
      return e;
    };
    const onMove = (e: maplibregl.MapMouseEvent) => {
      const hit = m.getLayer('ann-point') ? m.queryRenderedFeatures(e.point, { layers: LAYERS.filter((l) => m.getLayer(l)) })[0] : undefined;
      const layerId = hit?.properties?.layerId as string | undefined;
      const featureId = hit?.properties?.featureId as string | undefined;
      if (!layerId || !featureId) {
        shown = '';
        popup.remove();
        return;
      }
      const key = `${layerId}/${featureId}`;
      const feature = current.current.find((l) => l.layerId === layerId)?.features.find((f) => f.id === featureId);
      if (!feature) return;
      if (key !== shown) {
        const c = popupContent(feature);
        const box = document.createElement('div');
        box.dataset.testid = 'feature-popup';
        box.append(el('strong', c.title ?? t('feature.untitled')));
        box.append(el('div', t(`category.${c.category}` as MessageKey), 'muted small'));
        if (c.description) box.append(el('p', c.description));
        box.append(el('div', `${c.by} · ${formatDateTime(c.at, locale)}`, 'muted small'));
        if (c.comments) box.append(el('div', t('collab.popupComments', { n: c.comments }), 'small'));
        popup.setDOMContent(box);
        shown = key;
      }
      popup.setLngLat(e.lngLat);
      if (!popup.isOpen()) popup.addTo(m);
    };
    const onOut = () => {
      shown = '';
      popup.remove();
    };
    m.on('mousemove', onMove);
    m.getCanvas().addEventListener('mouseleave', onOut);
    return () => {
      m.off('mousemove', onMove);
      m.getCanvas().removeEventListener('mouseleave', onOut);
      popup.remove();
    };
  }, [map, t, locale]);
  return null;
}
