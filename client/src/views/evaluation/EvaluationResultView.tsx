/**
 * One evaluation's result, as the tab shows it and the report prints it: the plain-language lines, counts,
 * statistics, the choice of control and why, the areas on the map, the charts, dosage beside the effect, and
 * the caveats. Everything comes from the API's result; only rounding for reading happens here.
 */
import type { ControlChoice, MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import { useApp } from '../../AppContext.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { AreasMap } from './AreasMap.tsx';
import { EvaluationCharts } from './EvaluationCharts.tsx';
import { formatP } from './reading.ts';
import { plainLines } from './summary.ts';

export interface EvaluationResultViewProps {
  result: MeasureEvaluation;
  widthMeters: number;
  onMapIdle?: (attribution: string) => void;
  /** The report: a fixed map, charts at page width. */
  print?: boolean;
}

const AREAS = ['treated', 'displacement', 'control', 'displacementControl'] as const;

export function EvaluationResultView({ result: r, widthMeters, onMapIdle, print }: EvaluationResultViewProps) {
  const { t, locale } = useApp();
  const lines = plainLines(r, widthMeters, t, locale);
  const sig = (x: number | null | undefined) => (x == null || !Number.isFinite(x) ? '–' : formatNumber(Number(x.toPrecision(3)), locale, 6));
  const level = Math.round((1 - (r.wdd.alpha ?? 0.1)) * 100);
  const caveatTexts = (r.caveats ?? []).map((c) => c[locale] ?? c.sv);
  const extraNotes = (r.notes ?? []).filter((n) => !(r.caveats ?? []).some((c) => c.sv === n));
  return (
    <div className="eval-result" data-testid="eval-result">
      <section aria-labelledby="eval-plain-h">
        <h3 id="eval-plain-h">{t('eval.result')}</h3>
        <ul className="eval-plain" data-testid="eval-plain">
          <li>{lines.treated}</li>
          <li>{lines.displacement}</li>
          <li>{lines.test}</li>
          <li>{lines.eTest}</li>
        </ul>
        <p className="muted small">{t('eval.expected')}</p>
      </section>

      <section aria-labelledby="eval-counts-h">
        <h3 id="eval-counts-h">{t('eval.counts')}</h3>
        <table className="data-table eval-table" data-testid="eval-counts">
          <thead>
            <tr>
              <th scope="col">{t('eval.area')}</th>
              <th scope="col">{t('eval.pre')}</th>
              <th scope="col">{t('eval.post')}</th>
              <th scope="col">{t('eval.size')}</th>
            </tr>
          </thead>
          <tbody>
            {AREAS.map((k) => (
              <tr key={k}>
                <th scope="row">{t(`eval.area.${k}` as MessageKey)}</th>
                <td>{formatNumber(r.counts[k][0], locale)}</td>
                <td>{formatNumber(r.counts[k][1], locale)}</td>
                <td>{formatNumber((r.areaSquareMeters?.[k] ?? Number.NaN) / 1e6, locale, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.excluded?.areaPrecision > 0 && <p className="small muted">{t('eval.excluded', { n: r.excluded.areaPrecision })}</p>}
      </section>

      <section aria-labelledby="eval-stats-h">
        <h3 id="eval-stats-h">{t('eval.stats')}</h3>
        <table className="data-table eval-table" data-testid="eval-stats">
          <tbody>
            <tr>
              <th scope="row">{t('eval.stat.wddTotal')}</th>
              <td>
                {sig(r.wdd.estTotal)} ({t('eval.stat.interval', { level })} {sig(r.wdd.lowCI)} – {sig(r.wdd.highCI)}); z = {sig(r.wdd.z)}; p = {formatP(r.wdd.p, locale)}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('eval.stat.wddLocal')}</th>
              <td>
                {sig(r.wdd.estLocal)} (± {sig(r.wdd.seLocal)})
              </td>
            </tr>
            <tr>
              <th scope="row">{t('eval.stat.wddDisplace')}</th>
              <td>
                {sig(r.wdd.estDisplace)} (± {sig(r.wdd.seDisplace)})
              </td>
            </tr>
            <tr>
              <th scope="row">{t('eval.stat.wdq')}</th>
              <td data-testid="eval-wdq">
                {r.wdq.wdq == null ? (r.wdq.reason?.[locale] ?? '–') : `${sig(r.wdq.wdq)}${r.wdq.interpretation ? ` – ${t(`eval.wdq.${r.wdq.interpretation}` as MessageKey)}` : ''}`}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('eval.stat.tne')}</th>
              <td>{sig(r.wdq.totalNetEffect)}</td>
            </tr>
            <tr>
              <th scope="row">{t('eval.stat.etest')}</th>
              <td>{r.eTest.p == null ? (r.eTest.reason?.[locale] ?? '–') : formatP(r.eTest.p, locale)}</td>
            </tr>
          </tbody>
        </table>
      </section>

      {r.harm && (
        <section aria-labelledby="eval-harm-h" data-testid="eval-harm-result">
          <h3 id="eval-harm-h">{t('eval.harm')}</h3>
          <table className="data-table eval-table">
            <thead>
              <tr>
                <th scope="col">{t('eval.harm.type')}</th>
                <th scope="col">{t('eval.harm.weightCol')}</th>
                <th scope="col">{t('eval.counts')}</th>
                <th scope="col">{t('eval.harm.est')}</th>
              </tr>
            </thead>
            <tbody>
              {r.harm.items.map((h) => (
                <tr key={h.type}>
                  <th scope="row">{t(`incident.type.${h.type}` as MessageKey)}</th>
                  <td>{sig(h.weight)}</td>
                  <td>
                    {h.counts.treated[0]} → {h.counts.treated[1]}
                  </td>
                  <td>
                    {sig(h.est)} (± {sig(h.se)})
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('eval.harm.total')}</th>
                <td />
                <td />
                <td>
                  {sig(r.harm.result.harmEst)} ({t('eval.stat.interval', { level: Math.round((1 - r.harm.result.alpha) * 100) })} {sig(r.harm.result.lowCI)} – {sig(r.harm.result.highCI)}); p = {formatP(r.harm.result.p, locale)}
                </td>
              </tr>
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="eval-choice-h" data-testid="eval-choice">
        <h3 id="eval-choice-h">{t('eval.choice')}</h3>
        <ChoiceView choice={r.controlChoice} />
        {r.displacementControlChoice && (
          <>
            <h4>{t('eval.choice.ringHeading')}</h4>
            <ChoiceView choice={r.displacementControlChoice} />
          </>
        )}
      </section>

      <section aria-labelledby="eval-map-h" className="eval-map-section">
        <h3 id="eval-map-h">{t('eval.map')}</h3>
        <AreasMap areas={r.areas} onIdle={onMapIdle} interactive={!print} height={print ? 300 : 280} />
      </section>

      <section aria-labelledby="eval-charts-h" className="eval-charts-section">
        <h3 id="eval-charts-h">{t('eval.charts')}</h3>
        <EvaluationCharts result={r} width={print ? 640 : 560} />
      </section>

      <section aria-labelledby="eval-dosage-h" data-testid="eval-dosage">
        <h3 id="eval-dosage-h">{t('eval.dosage')}</h3>
        <Dosage result={r} />
      </section>

      <section aria-labelledby="eval-caveats-h">
        <h3 id="eval-caveats-h">{t('eval.caveats')}</h3>
        <ul className="eval-caveats" data-testid="eval-caveats">
          {caveatTexts.map((c) => (
            <li key={c}>{c}</li>
          ))}
          {extraNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function ChoiceView({ choice }: { choice: ControlChoice }) {
  const { t, locale } = useApp();
  const source = (s: string) => t(`eval.source.${s}` as MessageKey);
  return (
    <div className="eval-choice">
      <p>
        {choice.method === 'drawn' ? (choice.reason?.[locale] ?? t('eval.choice.drawn')) : `${choice.chosen ? t('eval.choice.chosen', { name: choice.chosen.name, source: source(choice.chosen.source) }) : t('eval.choice.none')} ${choice.reason?.[locale] ?? ''}`}
      </p>
      {choice.candidates?.length > 0 && (
        <table className="data-table eval-table small">
          <caption>{t('eval.choice.candidates')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('eval.area')}</th>
              <th scope="col">{t('eval.choice.distance')}</th>
              <th scope="col">{t('eval.choice.sizeRatio')}</th>
              <th scope="col">{t('eval.choice.preCounts')}</th>
            </tr>
          </thead>
          <tbody>
            {choice.candidates.map((c) => (
              <tr key={c.id} className={choice.chosen?.id === c.id ? 'eval-chosen' : undefined} aria-current={choice.chosen?.id === c.id ? 'true' : undefined}>
                <th scope="row">
                  {c.name} <span className="muted">({source(c.source)})</span>
                </th>
                <td>{formatNumber(c.distance, locale, 2)}</td>
                <td>{formatNumber(c.sizeRatio, locale, 2)}</td>
                <td>{c.preCounts.join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Dosage({ result: r }: { result: MeasureEvaluation }) {
  const { t, locale } = useApp();
  const d = r.dosage;
  if (!d || (d.deliveredTotal === 0 && !d.plannedTotal)) return <p className="muted">{t('eval.dosage.none')}</p>;
  const unit = t(`measures.unit.${d.unit ?? d.planned?.unit ?? 'action'}` as MessageKey);
  return (
    <>
      <p>
        {d.plannedTotal
          ? t('eval.dosage.deliveredOf', { delivered: formatNumber(d.deliveredTotal, locale), planned: formatNumber(d.plannedTotal, locale), unit })
          : t('eval.dosage.delivered', { delivered: formatNumber(d.deliveredTotal, locale), unit })}
      </p>
      {d.weeks?.length > 0 && (
        <table className="data-table eval-table small">
          <thead>
            <tr>
              <th scope="col">{t('eval.dosage.week')}</th>
              <th scope="col">{t('measures.deliveredPlanned')}</th>
            </tr>
          </thead>
          <tbody>
            {d.weeks.map((w) => (
              <tr key={w.from}>
                <td>{formatDate(w.from, locale)}</td>
                <td>
                  {formatNumber(w.delivered, locale)} / {w.planned == null ? '–' : formatNumber(w.planned, locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
