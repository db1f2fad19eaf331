import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ReportEvent } from '../../../../shared/src/events.ts';
import { type HeadingKey, REPORT_HEADINGS, type Report, type ReportContent, type ReportVersion } from '../../../../shared/src/reports.ts';
import { useApp } from '../../AppContext.tsx';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime, formatPercent, fromStockholmInput, toStockholmInput } from '../../i18n/format.ts';
import { type MessageKey, sv } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { useReportEvents } from './reportLive.ts';
import './reports.css';
import { type ReportText as ReportTextState, useReportText } from './useReportText.ts';

/**
 * The six headings, each with the police text and (for reports partners receive) the partner version's own text
 * beside it, co-edited live; read-only when the viewer may not edit. "Kopiera →" copies one heading's police text
 * into the partner text, only when asked (R8).
 */
function HeadingEditors({ police, partner, editable, onCopy }: { police: ReportTextState; partner: ReportTextState | null; editable: boolean; onCopy: (k: HeadingKey) => void }) {
  const { t, locale } = useApp();
  return (
    <div className={partner ? 'report-editors two' : 'report-editors'}>
      <div className="report-editors-head">{t('reports.policeText')}</div>
      {partner && <div className="report-editors-head" />}
      {partner && <div className="report-editors-head">{t('reports.partnerText')}</div>}
      {REPORT_HEADINGS.map((h) => {
        const label = locale === 'en' ? h.en : h.sv;
        return (
          <div key={h.key} className="report-row">
            <label className="report-cell">
              <strong>{label}</strong>
              <textarea id={`police-${h.key}`} data-heading={h.key} rows={4} value={police.texts[h.key]} readOnly={!editable || police.refused} onChange={(e) => police.edit(h.key, e.target.value)} />
            </label>
            {partner && (
              <div className="report-copy">
                {editable && (
                  <button type="button" onClick={() => onCopy(h.key)} title={t('reports.copyToPartner')} aria-label={`${t('reports.copyToPartner')}: ${label}`}>
                    →
                  </button>
                )}
              </div>
            )}
            {partner && (
              <label className="report-cell partner">
                <strong>
                  {label} <span className="muted">({t('reports.partnerVersion')})</span>
                </strong>
                <textarea id={`partner-${h.key}`} rows={4} value={partner.texts[h.key]} readOnly={!editable || partner.refused} onChange={(e) => partner.edit(h.key, e.target.value)} />
              </label>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** What the report pulls in for its period (from what its audience reads): counts and lists, roll-up rows. */
function Material({ content }: { content: ReportContent }) {
  const { t, locale } = useApp();
  const typeLabel = (k: string) => (`incident.type.${k}` in sv ? t(`incident.type.${k}` as MessageKey) : k);
  const kindLabel = (k: string) => (`measures.kind.${k}` in sv ? t(`measures.kind.${k}` as MessageKey) : k);
  return (
    <section className="report-material" aria-labelledby="material-h">
      <h3 id="material-h">{t('reports.summary')}</h3>
      <div className="report-material-grid">
        <table>
          <caption>{t('reports.incidents')}</caption>
          <tbody>
            {Object.entries(content.summary.incidentsByType).map(([k, n]) => (
              <tr key={k}>
                <th scope="row">{typeLabel(k)}</th>
                <td className="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>{t('reports.measuresByKind')}</caption>
          <tbody>
            {Object.entries(content.summary.measuresByKind).map(([k, n]) => (
              <tr key={k}>
                <th scope="row">{kindLabel(k)}</th>
                <td className="num">{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>{t('reports.activeMeasures', { count: content.summary.activeMeasures })}</p>
      {content.summary.coverage && (
        <p data-testid="report-coverage">
          {content.summary.coverage.top5.cells === 0
            ? t('reports.coverageNone')
            : t('reports.coverage', {
                share: formatPercent(content.summary.coverage.top5.share, locale, 0),
                covered: content.summary.coverage.top5.covered,
                cells: content.summary.coverage.top5.cells,
                uncovered: content.summary.coverage.uncoveredCount,
              })}
        </p>
      )}
      <ul className="report-measures">
        {content.summary.measures.map((m) => (
          <li key={m.id}>
            {m.title} <span className="muted">({kindLabel(m.kind)})</span>
          </li>
        ))}
      </ul>
      {content.rollup.length > 0 && (
        <table>
          <caption>{t('reports.rollup')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.rollupUnit')}</th>
              <th scope="col">{t('reports.rollupLatest')}</th>
              <th scope="col">{t('reports.rollupIncidents')}</th>
              <th scope="col">{t('reports.rollupMeasures')}</th>
              <th scope="col">{t('reports.rollupCoverage')}</th>
              <th scope="col">{t('reports.rollupUncovered')}</th>
            </tr>
          </thead>
          <tbody>
            {content.rollup.map((r) => (
              <tr key={r.organisationId}>
                <td>{r.organisationName}</td>
                <td>{r.reportId ? `${r.reportTitle} (${formatDateTime(r.signedAt ?? '', locale)})` : t('reports.rollupNone')}</td>
                <td className="num">{Object.values(r.incidentsByType).reduce((a, b) => a + b, 0)}</td>
                <td className="num">{r.activeMeasures}</td>
                <td className="num">{r.coverage ? formatPercent(r.coverage.top5.share, locale, 0) : '–'}</td>
                <td className="num">{r.coverage ? r.coverage.uncoveredCount : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Frozen({ version }: { version: ReportVersion }) {
  const { locale } = useApp();
  const c = version.content;
  return (
    <div className="report-frozen">
      {REPORT_HEADINGS.map((h) => (
        <section key={h.key}>
          <h3>{locale === 'en' ? h.en : h.sv}</h3>
          <p className="prewrap">{c.headings[h.key] || '–'}</p>
        </section>
      ))}
      <Material content={c} />
    </div>
  );
}

/** `/rapporter/:id`: a draft co-edited live (police), or the signed version the viewer reads. */
export function ReportView({ reportId }: { reportId: string }) {
  const { api, t, locale, token } = useApp();
  const [report, setReport] = useState<Report | null>(null);
  const [version, setVersion] = useState<ReportVersion | null>(null);
  const [partnerView, setPartnerView] = useState<ReportVersion | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const id = encodeURIComponent(reportId);

  const load = useCallback(async () => {
    try {
      const r = await api.get<Report>(`/api/reports/${id}`);
      setReport(r);
      if (r.status === 'signed') {
        const v = r.audience === 'partner' ? await api.get<ReportVersion>(`/api/reports/${id}/partner-version`) : (await api.get<{ items: ReportVersion[] }>(`/api/reports/${id}/versions`)).items[0];
        setVersion(v ?? null);
      }
    } catch (err) {
      setError(err);
    }
  }, [api, id]);
  useEffect(() => {
    void load();
  }, [load]);
  useReportEvents(token, (e: ReportEvent) => {
    if (e.report.id === reportId) void load();
  });

  const draft = report?.status === 'draft' && report.audience === 'police';
  const police = useReportText('report', reportId, token, !!draft);
  const hasPartner = report?.classification !== 'police_internal';
  const partner = useReportText('report-partner', reportId, token, !!draft && hasPartner);
  const [preview, setPreview] = useState<ReportContent | null>(null);
  // The material a draft pulls in (incidents, measures, roll-up) as it would be frozen now; refreshed on open.
  useEffect(() => {
    if (!draft) return;
    api.get<ReportContent>(`/api/reports/${id}/preview`).then(setPreview, () => setPreview(null));
  }, [api, id, draft]);

  const saveMeta = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const body: Record<string, unknown> = { title: f.get('title'), classification: f.get('classification') };
    for (const k of ['periodFrom', 'periodTo', 'nextReportDue']) {
      const v = fromStockholmInput(String(f.get(k) ?? ''));
      if (v) body[k] = v;
    }
    try {
      setReport(await api.request<Report>('PATCH', `/api/reports/${id}`, body));
    } catch (err) {
      setError(err);
    }
  };
  const copy = async (k: HeadingKey) => {
    try {
      await api.post(`/api/reports/${id}/partner-text/copy`, { headings: [k] });
      setNotice(t('reports.copied'));
    } catch (err) {
      setError(err);
    }
  };
  const sign = async () => {
    if (!window.confirm(t('reports.signConfirm'))) return;
    try {
      setReport(await api.post<Report>(`/api/reports/${id}/sign`));
      setNotice(t('reports.signed'));
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="page">
      <AppHeader page="reports" />
      <main className="content report-view">
        <a
          href="/rapporter"
          onClick={(e) => {
            e.preventDefault();
            navigate('/rapporter');
          }}
        >
          ← {t('reports.back')}
        </a>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        <p role="status" aria-live="polite">
          {notice}
        </p>
        {!report && !error && <p>{t('reports.loading')}</p>}
        {report && (
          <>
            <h2>{report.title}</h2>
            <p>
              <span className="badge">{t(`reports.class.${report.classification}` as MessageKey)}</span> <span className="badge">{t(`reports.status.${report.status}` as MessageKey)}</span>{' '}
              {report.audience === 'partner' ? t('reports.partnerVersion') : t('reports.policeVersion')} · {report.organisationName} ({t(`reports.level.${report.level}` as MessageKey)}) · {report.pictureTitle}
            </p>
            <p className="muted">
              {formatDateTime(report.periodFrom, locale)} – {formatDateTime(report.periodTo, locale)}
              {report.signedAt ? ` · ${t('reports.signedAt', { time: formatDateTime(report.signedAt, locale) })}` : ''}
            </p>
            <p>
              <a href={`/rapporter/${id}/print`}>{t('reports.print')}</a>
              {report.audience === 'police' && report.classification !== 'police_internal' && (
                <>
                  {' · '}
                  <a href={`/rapporter/${id}/print?version=partner`}>{t('reports.printPartner')}</a>
                </>
              )}
            </p>
            {draft && (
              <>
                <form className="report-meta" onSubmit={(e) => void saveMeta(e)}>
                  <label>
                    {t('reports.title')} <input name="title" defaultValue={report.title} disabled={!report.can.edit} />
                  </label>{' '}
                  <label>
                    {t('reports.classification')}{' '}
                    <select name="classification" defaultValue={report.classification} disabled={!report.can.edit}>
                      {(['police_internal', 'partner', 'public'] as const).map((c) => (
                        <option key={c} value={c}>
                          {t(`reports.class.${c}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </label>{' '}
                  <label>
                    {t('reports.periodFrom')} <input type="datetime-local" name="periodFrom" defaultValue={toStockholmInput(report.periodFrom)} disabled={!report.can.edit} />
                  </label>{' '}
                  <label>
                    {t('reports.periodTo')} <input type="datetime-local" name="periodTo" defaultValue={toStockholmInput(report.periodTo)} disabled={!report.can.edit} />
                  </label>{' '}
                  <label>
                    {t('reports.nextDue')} <input type="datetime-local" name="nextReportDue" defaultValue={toStockholmInput(report.nextReportDue)} disabled={!report.can.edit} />
                  </label>{' '}
                  {report.can.edit && <button type="submit">{t('reports.saveMeta')}</button>}
                </form>
                <section aria-labelledby="texts-h">
                  <h3 id="texts-h">
                    {t('reports.texts')} {police.synced && <span className="muted">({t('reports.connection.live')})</span>}
                  </h3>
                  {police.refused && <p role="alert">{t('reports.connection.refused')}</p>}
                  {hasPartner && <p className="muted">{t('reports.partnerTextHint')}</p>}
                  <HeadingEditors police={police} partner={hasPartner ? partner : null} editable={report.can.edit} onCopy={(k) => void copy(k)} />
                </section>
                {preview && <Material content={preview} />}
                {report.can.sign && (
                  <button type="button" className="primary" onClick={() => void sign()}>
                    {t('reports.sign')}
                  </button>
                )}
              </>
            )}
            {report.status === 'signed' && (
              <>
                <p>{t('reports.frozen')}</p>
                {report.audience === 'police' && report.classification !== 'police_internal' && (
                  <button
                    type="button"
                    aria-pressed={!!partnerView}
                    onClick={() =>
                      partnerView
                        ? setPartnerView(null)
                        : api.get<ReportVersion>(`/api/reports/${id}/partner-version`).then(setPartnerView, setError)
                    }
                  >
                    {partnerView ? t('reports.showPolice') : t('reports.showPartner')}
                  </button>
                )}
                {partnerView ? <Frozen version={partnerView} /> : version && <Frozen version={version} />}
              </>
            )}
          </>
        )}
      </main>
    </div>
  );
}
