import { useEffect, useRef, useState } from 'react';
import { markPrintReady, PRINT_READY } from '../../../../shared/src/printReady.ts';
import { useApp } from '../../AppContext.tsx';

/**
 * `/rapporter/:id/print[?version=partner]`: the printable report exactly as the server renders it for this
 * reader (server/src/reports/print.ts: Swedish, print CSS, escaped text, no script), so the browser's print, the
 * PDF (POST /api/print/pdf) and the API show the same text. Tells the PDF printer when it is drawn.
 */
export function ReportPrint({ reportId }: { reportId: string }) {
  const { token, t } = useApp();
  const [page, setPage] = useState<{ style: string; body: Document } | null>(null);
  const holder = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const query = window.location.search;

  useEffect(() => {
    const ac = new AbortController();
    fetch(`/api/reports/${encodeURIComponent(reportId)}/print${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: ac.signal })
      .then(async (res) => {
        if (res.status === 404) {
          setFailed('404');
          markPrintReady(PRINT_READY.notFound);
          return;
        }
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        document.title = doc.title;
        setPage({ style: [...doc.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n'), body: doc });
      })
      .catch((err: Error) => {
        if (err.name === 'AbortError') return;
        setFailed(err.message);
        markPrintReady(PRINT_READY.error, err.message);
      });
    return () => ac.abort();
  }, [reportId, query, token]);

  useEffect(() => {
    if (!page || !holder.current) return;
    // The server's nodes (it escaped every user-written text, print.ts esc) moved into this page; no script runs.
    holder.current.replaceChildren(...[...page.body.body.childNodes].map((n) => document.importNode(n, true)));
    requestAnimationFrame(() => markPrintReady(PRINT_READY.ready));
  }, [page]);

  if (failed) return <p role="alert">{failed === '404' ? t('error.NOT_FOUND') : failed}</p>;
  if (!page) return <p aria-live="polite">{t('reports.loading')}</p>;
  return (
    <div className="report-print">
      <style>{page.style}</style>
      <p className="no-print">
        <button type="button" onClick={() => window.print()}>
          {t('reports.printNow')}
        </button>
      </p>
      <style>{'@media print{.no-print{display:none}}'}</style>
      <div ref={holder} />
    </div>
  );
}
