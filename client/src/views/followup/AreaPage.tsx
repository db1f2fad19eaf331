/**
 * One designated area: where the current quarter stands, the weighted score and each criterion over the
 * submitted quarters, every assessment (with the municipality's view beside it), the strategic indicators of
 * where the area lies, the measures in it the viewer may read, and the history of every change.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { navigate } from '../../router.ts';
import { AssessmentCard } from './AssessmentCard.tsx';
import { formatChange, trendArrow } from './model.ts';
import { historyLabel, statusKey, trendKey, useFollowupText } from './texts.ts';
import { TrendChart } from './TrendChart.tsx';
import type { AreaDetail, HistoryEntry } from './types.ts';
import { useFollowupChanges } from './useFollowupDue.ts';

const go = (href: string) => (e: React.MouseEvent) => {
  e.preventDefault();
  navigate(href);
};

export function AreaPage({ areaId }: { areaId: string }) {
  const { api, locale, t } = useApp();
  const ft = useFollowupText();
  const [d, setD] = useState<AreaDetail | null>(null);
  const [history, setHistory] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    const id = encodeURIComponent(areaId);
    api.get<AreaDetail>(`/api/areafollowup/areas/${id}`).then(setD, setError);
    api.get<{ items: HistoryEntry[] }>(`/api/areafollowup/areas/${id}/history`).then((r) => setHistory(r.items), setError);
  }, [api, areaId]);
  useEffect(load, [load]);
  useFollowupChanges(load, areaId);
  const label = (key: string) => {
    const c = d?.criteria?.criteria.find((x) => x.key === key);
    return c ? (locale === 'en' ? c.labelEn : c.labelSv) : key;
  };
  const formPath = (period: string) => `/utsatta-omraden/${encodeURIComponent(areaId)}/${period}`;
  return (
    <article aria-labelledby="followup-area-h" className="followup-area">
      <p>
        <a href="/utsatta-omraden" onClick={go('/utsatta-omraden')}>
          {ft('area.back')}
        </a>
      </p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {!d && !error && <p>{ft('loading')}</p>}
      {d && (
        <>
          <h2 id="followup-area-h">{d.area.name}</h2>
          <p>
            <span className="badge badge-designated">{ft(`category.${d.area.category}`)}</span> {d.area.responsibleOrganisationName ?? ft('noResponsible')}
          </p>
          <p data-testid="followup-current">
            {ft('area.current', { period: d.current.period, status: ft(statusKey(d.current.status)), opens: d.current.opensAt.slice(0, 10), due: d.current.dueAt.slice(0, 10) })}
          </p>
          <p>
            {d.access === 'write' && (
              <a className="button" href={formPath(d.current.period)} onClick={go(formPath(d.current.period))}>
                {ft('area.fill', { period: d.current.period })}
              </a>
            )}
          </p>
          <p className={`trend trend-${d.trend.trend}`}>
            <span aria-hidden="true">{trendArrow(d.trend.trend)} </span>
            {ft(trendKey(d.trend.trend))} {d.trend.change !== null && `(${formatChange(d.trend.change, locale)})`}
          </p>

          <section aria-labelledby="followup-charts-h">
            <h3 id="followup-charts-h">{ft('area.weighted')}</h3>
            <TrendChart title={`${d.area.name}: ${ft('area.weighted')}`} series={d.weightedSeries.map((s) => ({ period: s.period, value: s.weightedScore }))} width={480} height={200} testId="followup-weighted-chart" />
            <details>
              <summary>{ft('area.criteria')}</summary>
              <div className="followup-chart-grid">
                {Object.entries(d.criterionSeries).map(([key, series]) => (
                  <div key={key}>
                    <h4>{label(key)}</h4>
                    <TrendChart title={`${d.area.name}: ${label(key)}`} series={series.map((s) => ({ period: s.period, value: s.score }))} />
                  </div>
                ))}
              </div>
            </details>
          </section>

          <section aria-labelledby="followup-assessments-h">
            <h3 id="followup-assessments-h">{ft('area.assessments')}</h3>
            {d.assessments.map((a) => (
              <AssessmentCard key={a.id} a={a} criteria={d.criteria} action={{ label: ft('area.open', { period: a.period }), href: formPath(a.period) }} />
            ))}
          </section>

          {d.access !== 'partner' && (
            <section aria-labelledby="followup-ind-h">
              <h3 id="followup-ind-h">{ft('area.indicators')}</h3>
              {d.indicators.length === 0 && <p>{ft('area.indicatorsNone')}</p>}
              {d.indicators.map((p) => (
                <table key={p.code} className="followup-table">
                  <caption>
                    {p.name} ({p.level}, {p.code})
                  </caption>
                  <tbody>
                    {p.indicators.map((i) => (
                      <tr key={i.indicator}>
                        <th scope="row">
                          {locale === 'en' ? i.nameEn : i.nameSv} {i.synthetic && <span className="badge badge-demo">{ft('area.synthetic')}</span>}
                        </th>
                        <td>
                          {i.value.toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 2 })} {i.unit}
                        </td>
                        <td className="muted">{i.year}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
              <p>
                <a href="/strategic" onClick={go('/strategic')}>
                  {ft('area.map')}
                </a>
              </p>
            </section>
          )}

          <section aria-labelledby="followup-measures-h">
            <h3 id="followup-measures-h">{ft('area.measures')}</h3>
            {d.measures.length === 0 ? (
              <p>{ft('area.measuresNone')}</p>
            ) : (
              <ul>
                {d.measures.map((m) => (
                  <li key={m.id}>
                    <a href={`/pictures/${encodeURIComponent(m.pictureId)}`} onClick={go(`/pictures/${encodeURIComponent(m.pictureId)}`)}>
                      {m.title}
                    </a>{' '}
                    <span className="muted">
                      {t(`measures.kind.${m.kind}`)} · {t(`measures.status.${m.status}`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby="followup-history-h">
            <h3 id="followup-history-h">{ft('area.history')}</h3>
            {history && history.length === 0 && <p>{ft('area.historyNone')}</p>}
            {history && history.length > 0 && (
              <ol className="followup-history" data-testid="followup-history">
                {[...history].reverse().map((h) => (
                  <li key={h.id}>
                    <time dateTime={h.at}>{new Date(h.at).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE')}</time> {h.period ?? ''} <strong data-action={h.action}>{historyLabel(ft, h.action)}</strong> {h.actor}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </article>
  );
}
