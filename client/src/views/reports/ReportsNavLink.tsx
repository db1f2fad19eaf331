import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../AppContext.tsx';
import { navigate, parseRoute } from '../../router.ts';
import './reports.css';
import { useReportEvents } from './reportLive.ts';

/** "Rapporter" in the header with the inbox's unread count, updated live when a report reaches the viewer. */
export function ReportsNavLink({ current }: { current?: boolean }) {
  const { api, t, token } = useApp();
  const [unread, setUnread] = useState(0);
  const load = useCallback(
    () =>
      api.get<{ unread: number }>('/api/reports/inbox').then(
        (r) => setUnread(r.unread),
        () => undefined,
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useReportEvents(token, (e) => {
    if (e.type === 'report.signed') void load();
  });
  // In a picture, the link opens that picture's reports.
  const route = parseRoute(window.location.pathname);
  const href = route.name === 'picture' ? `/rapporter?bild=${encodeURIComponent(route.id)}` : '/rapporter';
  return (
    <a
      href={href}
      className="reports-nav"
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        if (!current) navigate(href);
      }}
    >
      {t('reports.nav')}
      {unread > 0 && (
        <span className="badge badge-unread" data-testid="inbox-badge">
          <span aria-hidden="true">{unread}</span>
          <span className="visually-hidden">{t('reports.unread', { count: unread })}</span>
        </span>
      )}
    </a>
  );
}
