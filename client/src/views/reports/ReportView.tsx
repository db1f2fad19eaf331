import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ReportEvent } from '../../../../shared/src/events.ts';
import { type HeadingKey, REPORT_HEADINGS, type Report, type ReportVersion } from '../../../../shared/src/reports.ts';
import { useApp } from '../../AppContext.tsx';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime, fromStockholmInput, toStockholmInput } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { useReportEvents } from './reportLive.ts';
import { useReportText } from './useReportText.ts';

/** The six headings of one text, co-edited live; read-only when the viewer may not edit. */
function HeadingEditors({ prefix, text, editable, locale, onCopy }: { prefix: string; text: ReturnType<typeof useReportText>; editable: boolean; locale: 'sv' | 'en'; onCopy?: (k: HeadingKey) => void }) {
  const { t } = useApp();
  return (
    <>
      {REPORT_HEADINGS.map((h) => (
        <div key={h.key} className="report-heading">
          <label htmlFor={`${prefix}-${h.key}`}>
            <strong>{locale === 'en' ? h.en : h.sv}</strong>
          </label>
          <textarea
            id={`${prefix}-${h.key}`}
            data-heading={h.key}
            rows={4}
            value={text.texts[h.key]}
            readOnly={!editable || text.refused}
            onChange={(e) => text.edit(h.key, e.target.value)}
          />
          {onCopy && editable && (
            <button type="button" onClick={() => onCopy(h.key)}>
              {t('reports.copyToPartner')}
            </button>
          )}
        </div>
      ))}
    </>
  );
}

function Frozen({ version }: { version: ReportVersion }) {
  const { t, locale } = useApp();
  const c = version.content;
  return (
    <div className="report-frozen">
      {REPORT_HEADINGS.map((h) => (
        <section key={h.key}>
          <h3>{locale === 'en' ? h.en : h.sv}</h3>
          <p className="prewrap">{c.headings[h.key] || '–'}</p>
        </section>
      ))}
      <section>
        <h3>{t('reports.summary')}</h3>
        <h4>{t('reports.incidents')}</h4>
        <ul>
          {Object.entries(c.summary.incidentsByType).map(([k, n]) => (
            <li key={k}>
              {k}: {n}
            </li>
          ))}
        </ul>
        <h4>{t('reports.measuresByKind')}</h4>
        <ul>
          {c.summary.measures.map((m) => (
            <li key={m.id}>
              {m.title} ({m.kind}, {m.status})
            </li>
          ))}
        </ul>
        <p>{t('reports.activeMeasures', { count: c.summary.activeMeasures })}</p>
      </section>
    </div>
  );
}

/** `/rapporter/:id`: a draft co-edited live (police), or the signed version the viewer reads. */
export function ReportView({ reportId }: { reportId: string }) {
  const { api, t, locale, token } = useApp();
  const [report, setReport] = useState<Report | null>(null);
  const [version, setVersion] = useState<ReportVersion | null>(null);
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
  const partner = useReportText('report-partner', reportId, token, !!draft && report?.classification !== 'police_internal');

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
                <section aria-labelledby="police-text-h">
                  <h3 id="police-text-h">
                    {t('reports.policeText')} {police.synced && <span className="muted">({t('reports.connection.live')})</span>}
                  </h3>
                  {police.refused && <p role="alert">{t('reports.connection.refused')}</p>}
                  <HeadingEditors prefix="police" text={police} editable={report.can.edit} locale={locale} onCopy={report.classification !== 'police_internal' ? (k) => void copy(k) : undefined} />
                </section>
                {report.classification !== 'police_internal' && (
                  <section aria-labelledby="partner-text-h">
                    <h3 id="partner-text-h">{t('reports.partnerText')}</h3>
                    <p className="muted">{t('reports.partnerTextHint')}</p>
                    <HeadingEditors prefix="partner" text={partner} editable={report.can.edit} locale={locale} />
                  </section>
                )}
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
                {version && <Frozen version={version} />}
              </>
            )}
          </>
        )}
      </main>
    </div>
  );
}
