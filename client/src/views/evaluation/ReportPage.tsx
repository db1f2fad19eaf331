/**
 * The follow-up report (uppföljningsrapport) of one stored evaluation, `/uppfoljning/:evaluationId`: a printable
 * A4 page (print CSS) that the PDF printer prints as the reader. It reads the stored evaluation, so its numbers
 * are the API's; it tells the printer it is ready once the data is in and the map is idle, or that the
 * evaluation does not exist for this reader (a 404 PDF request).
 */
import { useEffect, useState } from 'react';
import { markPrintReady } from '../../../../shared/src/printReady.ts';
import type { Measure } from '../../../../shared/src/measures.ts';
import { ApiError } from '../../api/http.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { CLASSIFICATION_KEYS } from '../picture/LayerPanel.tsx';
import { EvaluationResultView } from './EvaluationResultView.tsx';
import { downloadPdf } from './pdf.ts';
import { DEFAULT_WIDTH_M, type StoredEvaluation } from './types.ts';
import './evaluation.css';

const enc = encodeURIComponent;

export function ReportPage({ evaluationId }: { evaluationId: string }) {
  const { api, t, locale, user, token } = useApp();
  const [ev, setEv] = useState<StoredEvaluation | null>(null);
  // undefined while loading; null when the measure could not be read (the stored evaluation is still the report).
  const [measure, setMeasure] = useState<Measure | null | undefined>(undefined);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attribution, setAttribution] = useState<string | null>(null);
  const [generated] = useState(() => new Date().toISOString());
  const [pdfBusy, setPdfBusy] = useState(false);

  useEffect(() => {
    const ac = new AbortController();
    (async () => {
      try {
        const e = await api.get<StoredEvaluation>(`/api/evaluations/${enc(evaluationId)}`, ac.signal);
        setEv(e);
        const m = await api.get<Measure>(`/api/measures/${enc(e.measureId)}`, ac.signal).catch(() => null);
        setMeasure(m);
      } catch (err) {
        if ((err as Error)?.name === 'AbortError') return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
          setMissing(true);
          markPrintReady('not-found');
        } else {
          setError(err);
          markPrintReady('error', String((err as Error)?.message ?? err));
        }
      }
    })();
    return () => ac.abort();
  }, [api, evaluationId]);

  useEffect(() => {
    if (ev) document.title = `${t('eval.report.title')} – ${measure?.title ?? ''}`;
  }, [ev, measure, t]);

  // Ready for the printer when the data is drawn and the map has settled (its attribution is read then).
  // Every PDF page carries the report's classification in its footer.
  const footer = ev ? `${t('eval.report.title')} · ${measure?.title ?? ''} · ${t('eval.report.classification', { c: t(CLASSIFICATION_KEYS[ev.result.classification] ?? 'classification.police_internal') })}` : '';
  useEffect(() => {
    if (ev && measure !== undefined && attribution !== null) markPrintReady('true', undefined, footer);
  }, [ev, measure, attribution, footer]);
  // A map that never settles (no WebGL) must not keep the report from printing: the rest is still the report.
  useEffect(() => {
    if (!ev) return;
    const id = setTimeout(() => setAttribution((a) => a ?? ''), 15_000);
    return () => clearTimeout(id);
  }, [ev]);

  const r = ev?.result;
  const width = ev?.request?.displacementWidthMeters ?? DEFAULT_WIDTH_M;
  return (
    <div className="eval-report-page">
      <nav className="eval-report-tools no-print" aria-label={t('eval.report.title')}>
        <button type="button" className="link-button" onClick={() => (ev ? navigate(`/pictures/${enc(ev.pictureId)}`) : navigate('/'))}>
          ← {t('eval.report.back')}
        </button>
        <button type="button" onClick={() => window.print()}>
          {t('eval.report.print')}
        </button>
        <button
          type="button"
          disabled={pdfBusy || !ev}
          data-testid="report-pdf"
          onClick={async () => {
            setPdfBusy(true);
            setError(null);
            try {
              await downloadPdf(token, `/uppfoljning/${enc(evaluationId)}`, locale, `uppfoljning-${evaluationId}.pdf`);
            } catch (err) {
              setError(err);
            } finally {
              setPdfBusy(false);
            }
          }}
        >
          {pdfBusy ? t('eval.pdfBusy') : t('eval.pdf')}
        </button>
      </nav>
      <main className="eval-report" data-testid="eval-report">
        <ErrorBanner error={error} />
        {missing && <p role="alert">{t('eval.report.notFound')}</p>}
        {!r && !missing && !error && <p className="muted">{t('common.loading')}</p>}
        {r && ev && (
          <>
            <header className="eval-report-head">
              <p className="eval-report-kicker">{t('eval.report.title')}</p>
              <h1>{measure?.title ?? t('eval.report.measure')}</h1>
              <p className="small">
                {measure && `${t(`measures.kind.${measure.kind}` as MessageKey)} · `}
                {t('eval.report.classification', { c: t(CLASSIFICATION_KEYS[r.classification] ?? 'classification.police_internal') })}
              </p>
              {measure?.description && <p>{measure.description}</p>}
              <p>
                {t('eval.report.periodLine', {
                  from: formatDate(r.periods.before.from, locale),
                  to: formatDate(r.periods.before.to, locale),
                  days: Math.round(r.periods.before.days),
                  from2: formatDate(r.periods.after.from, locale),
                  to2: formatDate(r.periods.after.to, locale),
                  days2: Math.round(r.periods.after.days),
                })}
              </p>
              <p>{t('eval.report.types', { types: r.incidentTypes.length ? r.incidentTypes.map((x) => t(`incident.type.${x}` as MessageKey)).join(', ') : t('eval.typesAll') })}</p>
            </header>
            <EvaluationResultView result={r} widthMeters={width} print onMapIdle={(a) => setAttribution(a)} />
            <footer className="eval-report-foot small">
              <p>{t('eval.report.source', { attribution: attribution || t('eval.report.attribution') })}</p>
              <p>{t('eval.report.generated', { when: formatDateTime(generated, locale), who: user?.displayName ?? user?.username ?? '', saved: formatDateTime(ev.createdAt, locale) })}</p>
            </footer>
          </>
        )}
      </main>
    </div>
  );
}
