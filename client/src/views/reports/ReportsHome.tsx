import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ReportEvent } from '../../../../shared/src/events.ts';
import { type InboxItem, type Report, type RollupRow, reportOverdue } from '../../../../shared/src/reports.ts';
import type { PictureListItem } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime, formatPercent } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { isPoliceUser } from '../../state/session.ts';
import './reports.css';
import { useReportEvents } from './reportLive.ts';

interface Rollup {
  organisationId: string;
  organisationName: string;
  rows: RollupRow[];
  totals: { incidentsByType: Record<string, number>; activeMeasures: number; reporting: number; units: number; coverage: RollupRow['coverage'] };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function ReportLink({ id, children }: { id: string; children: React.ReactNode }) {
  return (
    <a
      href={`/rapporter/${encodeURIComponent(id)}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(`/rapporter/${encodeURIComponent(id)}`);
      }}
    >
      {children}
    </a>
  );
}

/**
 * `/rapporter`: the inbox, the roll-up of the units below (police), and a picture's reports with "new report" for
 * those who may write one. A report signed below arrives live (report.signed): the roll-up and inbox refresh.
 */
export function ReportsHome() {
  const { api, t, locale, user, token } = useApp();
  const police = isPoliceUser(user);
  const mayWrite = police && !!user?.roles.some((r) => r === 'commander' || r === 'analyst');
  const [inbox, setInbox] = useState<{ items: InboxItem[]; unread: number } | null>(null);
  const [rollup, setRollup] = useState<Rollup | null>(null);
  const [pictures, setPictures] = useState<PictureListItem[]>([]);
  const [pictureId, setPictureId] = useState(() => new URLSearchParams(window.location.search).get('bild') ?? '');
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const loadInbox = useCallback(() => api.get<{ items: InboxItem[]; unread: number }>('/api/reports/inbox').then(setInbox, setError), [api]);
  const loadRollup = useCallback(() => (police ? api.get<Rollup>('/api/reports/rollup').then(setRollup, setError) : Promise.resolve()), [api, police]);
  const loadReports = useCallback(() => (pictureId ? api.get<{ items: Report[] }>(`/api/pictures/${encodeURIComponent(pictureId)}/reports`).then((r) => setReports(r.items), setError) : Promise.resolve(setReports(null))), [api, pictureId]);

  useEffect(() => {
    void loadInbox();
    void loadRollup();
    api.get<{ items: PictureListItem[] }>('/api/pictures').then((r) => {
      setPictures(r.items);
      setPictureId((cur) => cur || r.items[0]?.id || '');
    }, setError);
  }, [api, loadInbox, loadRollup]);
  useEffect(() => {
    void loadReports();
  }, [loadReports]);

  useReportEvents(token, (e: ReportEvent) => {
    if (e.type === 'report.signed') setNotice(t('reports.liveSigned', { org: e.report.organisationName, title: e.report.title }));
    void loadInbox();
    void loadRollup();
    if (e.report.pictureId === pictureId) void loadReports();
  });

  const markRead = async (reportId: string) => {
    try {
      await api.post(`/api/reports/${encodeURIComponent(reportId)}/read`);
      await loadInbox();
    } catch (err) {
      setError(err);
    }
  };

  const create = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const title = String(f.get('title') ?? '').trim();
    try {
      const r = await api.post<Report>(`/api/pictures/${encodeURIComponent(pictureId)}/reports`, { ...(title ? { title } : {}), classification: f.get('classification') });
      navigate(`/rapporter/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="page">
      <AppHeader page="reports" />
      <main className="content reports-home">
        <h2>{t('reports.heading')}</h2>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        <p role="status" aria-live="polite" className="live-notice">
          {notice}
        </p>

        <section aria-labelledby="inbox-h">
          <h3 id="inbox-h">
            {t('reports.inbox')} {inbox && inbox.unread > 0 && <span className="badge badge-unread">{t('reports.unread', { count: inbox.unread })}</span>}
          </h3>
          {inbox && inbox.items.length === 0 && <p>{t('reports.inboxEmpty')}</p>}
          <ul className="report-inbox">
            {inbox?.items.map((i) => (
              <li key={i.id} className={i.readAt ? undefined : 'unread'}>
                <ReportLink id={i.reportId}>{i.title}</ReportLink> <span className="muted">{t('reports.from', { org: i.organisationName })}</span>{' '}
                <span className="muted">{t('reports.signedAt', { time: formatDateTime(i.signedAt, locale) })}</span>{' '}
                {i.audience === 'partner' && <span className="badge">{t('reports.partnerVersion')}</span>}{' '}
                {i.readAt ? (
                  <span className="muted">{t('reports.read')}</span>
                ) : (
                  <button type="button" onClick={() => void markRead(i.reportId)}>
                    {t('reports.markRead')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>

        {rollup && rollup.rows.length > 0 && (
          <section aria-labelledby="rollup-h" data-testid="rollup">
            <h3 id="rollup-h">
              {t('reports.rollup')} – {rollup.organisationName}
            </h3>
            <table>
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
                {rollup.rows.map((r) => (
                  <tr key={r.organisationId}>
                    <td>{r.organisationName}</td>
                    <td>
                      {r.reportId ? (
                        <>
                          <ReportLink id={r.reportId}>{r.reportTitle}</ReportLink> <span className="muted">{r.signedAt ? formatDateTime(r.signedAt, locale) : ''}</span>{' '}
                          {reportOverdue(r, Date.now()) && r.nextReportDue && <span className="badge badge-overdue">{t('reports.overdue', { time: formatDateTime(r.nextReportDue, locale) })}</span>}
                        </>
                      ) : (
                        <span className="muted">{t('reports.rollupNone')}</span>
                      )}
                    </td>
                    <td className="num">{total(r.incidentsByType)}</td>
                    <td className="num">{r.activeMeasures}</td>
                    <td className="num" data-testid="rollup-coverage">{r.coverage ? formatPercent(r.coverage.top5.share, locale, 0) : '–'}</td>
                    <td className="num">{r.coverage ? r.coverage.uncoveredCount : '–'}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('reports.rollupTotal', { reporting: rollup.totals.reporting, units: rollup.totals.units })}
                  </th>
                  <td className="num">{total(rollup.totals.incidentsByType)}</td>
                  <td className="num">{rollup.totals.activeMeasures}</td>
                  <td className="num">{rollup.totals.coverage ? formatPercent(rollup.totals.coverage.top5.share, locale, 0) : '–'}</td>
                  <td className="num">{rollup.totals.coverage ? rollup.totals.coverage.uncoveredCount : '–'}</td>
                </tr>
              </tfoot>
            </table>
          </section>
        )}

        <section aria-labelledby="pic-h">
          <h3 id="pic-h">{t('reports.pictureReports')}</h3>
          <label>
            {t('reports.picture')}{' '}
            <select value={pictureId} onChange={(e) => setPictureId(e.target.value)}>
              {pictures.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </label>
          {reports && reports.length === 0 && <p>{t('reports.none')}</p>}
          <ul className="report-list">
            {reports?.map((r) => (
              <li key={r.id}>
                <ReportLink id={r.id}>{r.title}</ReportLink> <span className="badge">{t(`reports.status.${r.status}` as MessageKey)}</span>{' '}
                <span className="muted">
                  {r.organisationName} · {formatDateTime(r.periodTo, locale)}
                </span>
              </li>
            ))}
          </ul>
          {mayWrite && pictureId && (
            <form className="report-new" onSubmit={(e) => void create(e)} aria-labelledby="new-h">
              <h4 id="new-h">{t('reports.new')}</h4>
              <label>
                {t('reports.title')} <input name="title" maxLength={200} />
              </label>{' '}
              <label>
                {t('reports.classification')}{' '}
                <select name="classification" defaultValue="partner">
                  {(['police_internal', 'partner', 'public'] as const).map((c) => (
                    <option key={c} value={c}>
                      {t(`reports.class.${c}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <button type="submit" className="primary">
                {t('reports.create')}
              </button>
            </form>
          )}
        </section>
      </main>
    </div>
  );
}
