import { useEffect, useRef, useState } from 'react';
import type { MunicipalityView } from './api.ts';
import { type PublicLang, publicText } from './sentences.ts';

type MapState = 'waiting' | 'loading' | 'ready' | 'failed';

/** Whether the reader asked the browser to save data (then the map waits for a click). */
function savesData(): boolean {
  const c = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  return c?.saveData === true;
}

/**
 * The map, loaded after the text: MapLibre is most of the page's weight, so it comes in its own chunk once the
 * lists are on screen (or on request when the reader saves data). Everything on it is also in the lists.
 */
export function PublicMap({ view, lang }: { view: MunicipalityView; lang: PublicLang }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<MapState>(savesData() ? 'waiting' : 'loading');

  const started = state !== 'waiting';
  useEffect(() => {
    if (!started || !container.current) return;
    let dispose: (() => void) | undefined;
    let cancelled = false;
    import('./publicMap.ts')
      .then(({ showPublicMap }) => {
        if (cancelled || !container.current) return;
        dispose = showPublicMap(container.current, view, () => setState('ready'));
      })
      .catch(() => setState('failed'));
    return () => {
      cancelled = true;
      dispose?.();
    };
  }, [view, started]);

  const t = (k: Parameters<typeof publicText>[1], p?: Record<string, string>) => publicText(lang, k, p);
  return (
    <section aria-labelledby="map-heading" className="pv-section">
      <h2 id="map-heading">{t('map.heading')}</h2>
      {state === 'waiting' && (
        <p>
          {t('map.saveData')}{' '}
          <button type="button" onClick={() => setState('loading')}>
            {t('map.load')}
          </button>
        </p>
      )}
      {state === 'loading' && <p aria-live="polite">{t('map.loading')}</p>}
      {state === 'failed' && <p role="status">{t('map.failed')}</p>}
      <p className="pv-note">{t('map.description', { name: view.municipality.name })}</p>
      {/* No role on the container: MapLibre's canvas and buttons inside are interactive and name themselves. */}
      {state !== 'waiting' && state !== 'failed' && <div ref={container} className="pv-map" />}
      <ul className="pv-legend" aria-label={t('legend.heading')}>
        <li>
          <span className="pv-swatch pv-swatch-municipality" aria-hidden="true" />
          {t('legend.municipality')}
        </li>
        <li>
          <span className="pv-swatch pv-swatch-area" aria-hidden="true" />
          {t('legend.area')}
        </li>
        <li>
          <span className="pv-swatch pv-swatch-feature" aria-hidden="true" />
          {t('legend.feature')}
        </li>
        <li>
          <span className="pv-swatch pv-swatch-measure" aria-hidden="true" />
          {t('legend.measure')}
        </li>
      </ul>
    </section>
  );
}
