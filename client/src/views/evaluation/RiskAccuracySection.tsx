/**
 * Risk-map accuracy on a held-out period (police): the picture's RTM surface, RTM × near-repeat, a kernel density
 * of past events and prior counts side by side (PAI, PEI, RRI at fixed coverages; hit-rate curves), so an analyst
 * can show whether the model beats the simple alternatives. POST /api/pictures/:id/risk-accuracy (API.md).
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { Caveat } from '../../../../shared/src/evaluation.ts';
import { useApp } from '../../AppContext.tsx';
import { TimeChart } from '../../charts/TimeChart.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatNumber, formatPercent, fromStockholmInput, toStockholmInput } from '../../i18n/format.ts';

interface AtCoverage {
  coverage: number;
  cells: number;
  hits: number;
  hitRate: number | null;
  pai: number | null;
  pei: number | null;
  rri: number | null;
}
interface Model {
  key: string;
  label: { sv: string; en: string };
  available: boolean;
  reason?: { sv: string; en: string };
  atCoverage: AtCoverage[];
  curve: Array<{ coverage: number; hitRate: number }>;
}
interface Accuracy {
  trainEvents: number;
  testEvents: number;
  coverages: number[];
  models: Model[];
  notes?: Caveat[];
}

const DAY = 86_400_000;
/** Tol's bright scheme, one per model, with dash patterns so colour is never the only cue. */
const STYLE: Record<string, { colour: string; dash?: string }> = {
  rtm: { colour: '#CC3311' },
  rtm_nearrepeat: { colour: '#EE7733', dash: '6 3' },
  kde: { colour: '#0077BB', dash: '2 2' },
  prior_counts: { colour: '#009988', dash: '8 3 2 3' },
};

export function RiskAccuracySection() {
  const { api, t, locale } = useApp();
  const [pictures, setPictures] = useState<Array<{ id: string; title: string }>>([]);
  const [pictureId, setPictureId] = useState('');
  const now = Date.now();
  const [trainFrom, setTrainFrom] = useState(toStockholmInput(new Date(now - 393 * DAY).toISOString()));
  const [trainTo, setTrainTo] = useState(toStockholmInput(new Date(now - 28 * DAY).toISOString()));
  const [testFrom, setTestFrom] = useState(toStockholmInput(new Date(now - 28 * DAY).toISOString()));
  const [testTo, setTestTo] = useState(toStockholmInput(new Date(now).toISOString()));
  const [result, setResult] = useState<Accuracy | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ac = new AbortController();
    api
      .get<{ items: Array<{ id: string; title: string }> }>('/api/pictures', ac.signal)
      .then((r) => {
        setPictures(r.items ?? []);
        setPictureId((id) => id || r.items?.[0]?.id || '');
      })
      .catch(() => {});
    return () => ac.abort();
  }, [api]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { trainFrom: fromStockholmInput(trainFrom), trainTo: fromStockholmInput(trainTo), testFrom: fromStockholmInput(testFrom), testTo: fromStockholmInput(testTo) };
      setResult(await api.post<Accuracy>(`/api/pictures/${encodeURIComponent(pictureId)}/risk-accuracy`, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const num = (x: number | null | undefined) => formatNumber(x, locale, 2);
  return (
    <section aria-labelledby="risk-acc-h" className="eval-risk-accuracy" data-testid="risk-accuracy">
      <h3 id="risk-acc-h">{t('eval.acc.heading')}</h3>
      <p className="small">{t('eval.acc.intro')}</p>
      <form onSubmit={submit} className="eval-form no-print">
        <label>
          {t('eval.acc.picture')}
          <select value={pictureId} onChange={(e) => setPictureId(e.target.value)} required>
            {pictures.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('eval.acc.train')}</legend>
          <div className="row">
            <label>
              {t('eval.from')}
              <input type="datetime-local" value={trainFrom} onChange={(e) => setTrainFrom(e.target.value)} required />
            </label>
            <label>
              {t('eval.to')}
              <input type="datetime-local" value={trainTo} onChange={(e) => setTrainTo(e.target.value)} required />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('eval.acc.test')}</legend>
          <div className="row">
            <label>
              {t('eval.from')}
              <input type="datetime-local" value={testFrom} onChange={(e) => setTestFrom(e.target.value)} required />
            </label>
            <label>
              {t('eval.to')}
              <input type="datetime-local" value={testTo} onChange={(e) => setTestTo(e.target.value)} required />
            </label>
          </div>
        </fieldset>
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        <button type="submit" className="primary" disabled={busy || !pictureId} data-testid="risk-accuracy-run">
          {busy ? t('eval.running') : t('eval.run')}
        </button>
      </form>
      {result && (
        <>
          <p>{t('eval.acc.events', { train: result.trainEvents, test: result.testEvents })}</p>
          <table className="data-table eval-table" data-testid="risk-accuracy-table">
            <caption>{t('eval.acc.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('eval.acc.model')}</th>
                <th scope="col">{t('eval.acc.coverage')}</th>
                <th scope="col">{t('eval.acc.hits')}</th>
                <th scope="col">PAI</th>
                <th scope="col">PEI</th>
                <th scope="col">RRI</th>
              </tr>
            </thead>
            <tbody>
              {result.models.flatMap((m) =>
                m.available
                  ? m.atCoverage.map((c, i) => (
                      <tr key={`${m.key}-${c.coverage}`}>
                        {i === 0 && (
                          <th scope="rowgroup" rowSpan={m.atCoverage.length}>
                            {m.label[locale]}
                          </th>
                        )}
                        <td>{formatPercent(c.coverage, locale, 1)}</td>
                        <td>
                          {c.hits} ({formatPercent(c.hitRate, locale, 0)})
                        </td>
                        <td>{num(c.pai)}</td>
                        <td>{num(c.pei)}</td>
                        <td>{num(c.rri)}</td>
                      </tr>
                    ))
                  : [
                      <tr key={m.key}>
                        <th scope="row">{m.label[locale]}</th>
                        <td colSpan={5}>{m.reason?.[locale] ?? t('eval.acc.unavailable')}</td>
                      </tr>,
                    ],
              )}
            </tbody>
          </table>
          <TimeChart
            testId="risk-accuracy-curve"
            title={t('eval.acc.curve')}
            description={t('eval.acc.curveDesc')}
            xLabel={t('eval.acc.curveX')}
            yLabel={t('eval.acc.curveY')}
            formatX={(x) => formatPercent(x, locale, 0)}
            formatY={(y) => formatPercent(y, locale, 0)}
            series={result.models
              .filter((m) => m.available)
              .map((m) => ({ label: m.label[locale], colour: STYLE[m.key]?.colour ?? '#555', dash: STYLE[m.key]?.dash, points: m.curve.map((p) => ({ x: p.coverage, y: p.hitRate })) }))}
          />
          {result.notes && result.notes.length > 0 && (
            <ul className="small">
              {result.notes.map((n) => (
                <li key={n.key}>{n[locale]}</li>
              ))}
            </ul>
          )}
          <p className="eval-honest small">{t('eval.acc.honest')}</p>
        </>
      )}
    </section>
  );
}
