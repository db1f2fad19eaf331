import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ReportEvent } from '../../../../shared/src/events.ts';
import { type Report, reportOverdue } from '../../../../shared/src/reports.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { isPoliceUser } from '../../state/session.ts';
import './reports.css';
import { useReportEvents } from './reportLive.ts';

const go = (path: string) => (e: React.MouseEvent) => {
  e.preventDefault();
  navigate(path);
};

/** Only a unit's newest signed report speaks for when the next one is due (as the roll-up reads it). */
function overdueIds(reports: readonly Report[], now: number): Set<string> {
  const newest = new Map<string, Report>();
  for (const r of reports) {
    if (r.status !== 'signed' || !r.signedAt) continue;
    const cur = newest.get(r.organisationId);
    if (!cur || Date.parse(r.signedAt) > Date.parse(cur.signedAt ?? '')) newest.set(r.organisationId, r);
  }
  return new Set([...newest.values()].filter((r) => reportOverdue(r, now)).map((r) => r.id));
}

/**
 * The picture view's "Rapporter" tab: the picture's reports as the viewer may read them (the server decides: a
 * partner sees only signed reports distributed to it), each with status, period and due time, linked to the editor;
 * "Ny rapport" for police who may write one. A report signed or changed anywhere arrives live and the list reloads.
 */
export function PictureReportsPanel({ pictureId }: { pictureId: string }) {
  const { api, t, locale, user, token } = useApp();
  const mayWrite = isPoliceUser(user) && !!user?.roles.some((r) => r === 'commander' || r === 'analyst');
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(
    () => api.get<{ items: Report[] }>(`/api/pictures/${encodeURIComponent(pictureId)}/reports`).then((r) => setReports(r.items), setError),
    [api, pictureId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useReportEvents(token, (e: ReportEvent) => {
    if (e.report.pictureId === pictureId) void load();
  });

  const create = async (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const title = String(f.get('title') ?? '').trim();
    setCreating(true);
    try {
      const r = await api.post<Report>(`/api/pictures/${encodeURIComponent(pictureId)}/reports`, { ...(title ? { title } : {}), classification: f.get('classification') });
      navigate(`/rapporter/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(err);
      setCreating(false);
    }
  };

  const overdue = reports ? overdueIds(reports, Date.now()) : new Set<string>();
  return (
    <section className="picture-reports" aria-labelledby="picture-reports-h" data-testid="picture-reports">
      <h3 id="picture-reports-h">{t('reports.panelHeading')}</h3>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {reports === null && !error && <p className="muted">{t('common.loading')}</p>}
      {reports && reports.length === 0 && <p>{t('reports.none')}</p>}
      <ul className="report-list">
        {reports?.map((r) => (
          <li key={r.id} data-report-id={r.id}>
            <a href={`/rapporter/${encodeURIComponent(r.id)}`} onClick={go(`/rapporter/${encodeURIComponent(r.id)}`)}>
              {r.title}
            </a>{' '}
            <span className="badge">{t(`reports.status.${r.status}` as MessageKey)}</span>
            {overdue.has(r.id) && r.nextReportDue && <span className="badge badge-overdue">{t('reports.overdue', { time: formatDateTime(r.nextReportDue, locale) })}</span>}
            <div className="small muted">
              {r.organisationName} · {t('reports.panelPeriod', { time: formatDateTime(r.periodTo, locale) })}
              {r.nextReportDue && !overdue.has(r.id) ? ` · ${t('reports.panelDue', { time: formatDateTime(r.nextReportDue, locale) })}` : ''}
            </div>
          </li>
        ))}
      </ul>
      {mayWrite && (
        <form className="report-new" onSubmit={(e) => void create(e)} aria-labelledby="picture-report-new-h">
          <h4 id="picture-report-new-h">{t('reports.panelNew')}</h4>
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
          <button type="submit" className="primary" disabled={creating}>
            {t('reports.panelNew')}
          </button>
        </form>
      )}
      <p>
        <a href={`/rapporter?bild=${encodeURIComponent(pictureId)}`} onClick={go(`/rapporter?bild=${encodeURIComponent(pictureId)}`)}>
          {t('reports.panelAll')}
        </a>
      </p>
    </section>
  );
}
