/** The left panel's lists: the ranking, the watch list and the biggest movers, as tabs. */
import { type ReactNode, useState } from 'react';
import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';
import type { AreaLevel } from './labels.ts';
import type { Method } from './useRanking.ts';
import { useWatch } from './useWatch.ts';

type Tab = 'ranking' | 'watch' | 'movers';
const TAB_KEYS = { ranking: 'strategic.tab.ranking', watch: 'strategic.tab.watch', movers: 'strategic.tab.movers' } as const;

function signed(v: number | null, locale: 'sv' | 'en'): string {
  if (v == null) return '–';
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${formatNumber(Math.abs(v), locale, 2)}`;
}

export function StrategicLists(props: { level: AreaLevel; vintage: string | null; method: Method; onSelect: (code: string) => void; ranking: ReactNode }) {
  const { api, t, locale } = useApp();
  const [tab, setTab] = useState<Tab>('ranking');
  const { watch, movers, failed } = useWatch(api, tab === 'ranking' ? null : tab, props.level, props.vintage, props.method);
  return (
    <section className="strategic-lists">
      <div role="tablist" aria-label={t('strategic.lists')} className="tabs">
        {(Object.keys(TAB_KEYS) as Tab[]).map((k) => (
          <button key={k} type="button" role="tab" id={`strategic-tab-${k}`} aria-selected={tab === k} aria-controls={`strategic-panel-${k}`} onClick={() => setTab(k)}>
            {t(TAB_KEYS[k])}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`strategic-panel-${tab}`} aria-labelledby={`strategic-tab-${tab}`} data-testid={`strategic-${tab}`}>
        {tab === 'ranking' && props.ranking}
        {tab !== 'ranking' && failed && <p className="muted">{t('strategic.listUnavailable')}</p>}
        {tab === 'watch' && !failed && (
          <>
            <p className="muted small">{t('strategic.watchIntro')}</p>
            {watch === null ? (
              <p>{t('common.loading')}</p>
            ) : watch.length === 0 ? (
              <p className="muted">{t('strategic.noItems')}</p>
            ) : (
              <ol className="watch-list">
                {watch.map((w) => (
                  <li key={w.code}>
                    <button type="button" className="link-button" onClick={() => props.onSelect(w.code)}>
                      {w.name}
                    </button>{' '}
                    <span className="muted small">
                      {t('strategic.score')} {formatNumber(w.score, locale, 2)} · {t('strategic.change')} {signed(w.change, locale)}
                    </span>
                    <p className="small">{locale === 'en' && w.reasonEn ? w.reasonEn : w.reason}</p>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
        {tab === 'movers' && !failed && (
          <>
            {movers && <p className="muted small">{t('strategic.moversIntro', { from: movers.from, to: movers.to })}</p>}
            {movers === null ? (
              <p>{t('common.loading')}</p>
            ) : movers.items.length === 0 ? (
              <p className="muted">{t('strategic.noItems')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('strategic.area')}</th>
                    <th scope="col">{movers.from}</th>
                    <th scope="col">{movers.to}</th>
                    <th scope="col">{t('strategic.change')}</th>
                  </tr>
                </thead>
                <tbody>
                  {movers.items.map((m) => (
                    <tr key={m.code}>
                      <td>
                        <button type="button" className="link-button" onClick={() => props.onSelect(m.code)}>
                          {m.name}
                        </button>
                      </td>
                      <td>{formatNumber(m.from, locale, 2)}</td>
                      <td>{formatNumber(m.to, locale, 2)}</td>
                      <td>{signed(m.change, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </section>
  );
}
