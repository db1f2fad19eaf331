/**
 * Wall-screen mode (`?wall=1`): the map with large counters and the latest confirmed incidents, no panels.
 * It follows the live events the page already receives, so it refreshes by itself; it asks the browser to
 * keep the screen awake while it is shown.
 */
import { useEffect, useState } from 'react';
import type { IncidentView } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import { formatTime } from '../../../i18n/format.ts';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';
import type { Counters } from './counters.ts';
import { CountersPanel } from './CountersPanel.tsx';

export function isWallMode(search: string = window.location.search): boolean {
  return new URLSearchParams(search).get('wall') === '1';
}

export function WallScreen({ title, counters, incidents, placeOf }: { title: string; counters: Counters; incidents: readonly IncidentView[]; placeOf: (i: IncidentView) => string | null }) {
  const { t, locale } = useApp();
  const [awake, setAwake] = useState<'on' | 'off' | 'unsupported'>('off');

  useEffect(() => {
    document.body.classList.add('wall-mode');
    return () => document.body.classList.remove('wall-mode');
  }, []);

  useEffect(() => {
    const nav = navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void>; addEventListener(t: string, f: () => void): void }> } };
    if (!nav.wakeLock) {
      setAwake('unsupported');
      return;
    }
    let lock: { release(): Promise<void> } | null = null;
    let stopped = false;
    const acquire = async () => {
      try {
        const l = await nav.wakeLock!.request('screen');
        if (stopped) return void l.release();
        lock = l;
        setAwake('on');
        l.addEventListener('release', () => setAwake('off'));
      } catch {
        setAwake('off');
      }
    };
    void acquire();
    // A wake lock ends when the tab is hidden; take it again when the wall is shown again.
    const onVisible = () => document.visibilityState === 'visible' && void acquire();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisible);
      void lock?.release();
    };
  }, []);

  const latest = incidents.filter((i) => i.status === 'confirmed').slice(0, 8);
  const exit = window.location.pathname;
  return (
    <aside className="wall-overlay" aria-label={t('wall.heading')} data-testid="wall-screen">
      <h2>{title}</h2>
      <CountersPanel c={counters} large />
      <h3>{t('wall.latest')}</h3>
      <ul className="wall-latest">
        {latest.map((i) => (
          <li key={i.id}>
            <strong>{formatTime(i.occurredAt, locale).slice(0, 5)}</strong> {t(INCIDENT_TYPE_KEYS[i.type])}
            {placeOf(i) ? ` – ${placeOf(i)}` : ''}
          </li>
        ))}
        {latest.length === 0 && <li className="muted">{t('wall.noneLatest')}</li>}
      </ul>
      <p className="muted small">
        {awake === 'on' ? t('wall.awake') : awake === 'unsupported' ? t('wall.awakeUnsupported') : t('wall.awakeOff')} · <a href={exit}>{t('wall.exit')}</a>
      </p>
    </aside>
  );
}
