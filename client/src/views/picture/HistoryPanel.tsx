import { useEffect, useState } from 'react';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import type { FeatureCollection, LogEntry } from '../../../../shared/src/layerDoc.ts';
import type { HistoryItem } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime, formatTime } from '../../i18n/format.ts';
import { changesInVersion } from './layers/versionChanges.ts';

export interface HistoryView {
  layerId: string;
  versionId: string;
  at: string;
  collection: FeatureCollection;
}

/**
 * Time slider over a layer's version snapshots. The chosen version is drawn as a separate grey overlay;
 * the live documents are never touched.
 */
export function HistoryPanel(props: { layers: readonly LayerSummary[]; view: HistoryView | null; onView: (v: HistoryView | null) => void; logOf?: (layerId: string) => readonly LogEntry[] }) {
  const { api, t, locale } = useApp();
  const [layerId, setLayerId] = useState(props.layers[0]?.id ?? '');
  const [items, setItems] = useState<HistoryItem[] | null>(null);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!layerId) return;
    setItems(null);
    setError(null);
    api
      .get<{ items: HistoryItem[] }>(`/api/layers/${encodeURIComponent(layerId)}/history`)
      .then((r) => {
        const sorted = [...r.items].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        setItems(sorted);
        setIndex(Math.max(0, sorted.length - 1));
      })
      .catch(setError);
  }, [api, layerId]);

  async function show(i: number) {
    setIndex(i);
    const item = items?.[i];
    if (!item) return;
    try {
      const fc = await api.get<FeatureCollection>(`/api/layers/${encodeURIComponent(layerId)}/history/${encodeURIComponent(item.id)}/features`);
      props.onView({ layerId, versionId: item.id, at: item.at, collection: fc });
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="history-panel" data-testid="history-panel">
      <h3>{t('history.heading')}</h3>
      <p className="muted small">{t('history.intro')}</p>
      <label>
        {t('history.layer')}
        <select
          value={layerId}
          onChange={(e) => {
            setLayerId(e.target.value);
            props.onView(null);
          }}
        >
          {props.layers.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} />
      {items && items.length === 0 && <p className="muted">{t('history.none')}</p>}
      {items && items.length > 0 && (
        <>
          <label htmlFor="history-slider">
            {t('history.version', { n: index + 1, total: items.length, when: formatDateTime(items[index].at, locale) })}
          </label>
          <input
            id="history-slider"
            type="range"
            min={0}
            max={items.length - 1}
            step={1}
            value={index}
            onChange={(e) => show(Number(e.target.value))}
            aria-valuetext={formatDateTime(items[index].at, locale)}
          />
          <VersionChanges entries={props.logOf ? changesInVersion(props.logOf(layerId), items, index) : null} />
          <div className="button-row">
            <button type="button" onClick={() => show(index)}>
              {t('history.show')}
            </button>
            <button type="button" onClick={() => props.onView(null)} disabled={!props.view}>
              {t('history.backToLive')}
            </button>
          </div>
        </>
      )}
      {props.view && (
        <p className="history-active" role="status">
          {t('history.showing', { when: formatDateTime(props.view.at, locale), n: props.view.collection.features.length })}
        </p>
      )}
    </section>
  );
}

/** The log entries of the chosen version: who changed what, and when. */
function VersionChanges({ entries }: { entries: readonly LogEntry[] | null }) {
  const { t, locale } = useApp();
  if (entries === null) return null;
  return (
    <div className="version-changes" data-testid="version-changes">
      <h4>{t('history.changes')}</h4>
      {entries.length === 0 ? (
        <p className="muted small">{t('history.noChanges')}</p>
      ) : (
        <ul className="log-list">
          {entries.map((e) => (
            <li key={e.id}>
              <span className="muted small">{formatTime(e.time, locale)}</span> <strong>{e.author}</strong>: {e.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
