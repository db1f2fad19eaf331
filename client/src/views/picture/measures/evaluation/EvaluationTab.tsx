/**
 * The Uppföljning tab of a measure: periods (defaults: as long before the start as since it), incident types,
 * the width of the ring, an optional control drawn on the picture's map; the result with its map and charts;
 * "Spara", the saved evaluations, the printable report and its PDF.
 */
import { type FormEvent, useMemo, useState } from 'react';
import type { IncidentType } from '../../../../../../shared/src/events.ts';
import type { Geometry } from '../../../../../../shared/src/layerDoc.ts';
import type { Measure } from '../../../../../../shared/src/measures.ts';
import { useApp } from '../../../../AppContext.tsx';
import { ErrorBanner } from '../../../../components/common.tsx';
import { formatDateTime, formatNumber, fromStockholmInput, toStockholmInput } from '../../../../i18n/format.ts';
import type { DrawKind } from '../../../../map/PictureMapController.ts';
import { navigate } from '../../../../router.ts';
import { EvaluationResultView } from '../../../evaluation/EvaluationResultView.tsx';
import { downloadPdf } from '../../../evaluation/pdf.ts';
import { formatP } from '../../../evaluation/reading.ts';
import { DEFAULT_WIDTH_M } from '../../../evaluation/types.ts';
import { INCIDENT_TYPE_KEYS } from '../../IncidentFeed.tsx';
import { defaultPeriods, periodsValid } from './periods.ts';
import { useEvaluation } from './useEvaluation.ts';
import '../../../evaluation/evaluation.css';

const TYPES = Object.keys(INCIDENT_TYPE_KEYS) as IncidentType[];
const enc = encodeURIComponent;

export interface EvaluationTabProps {
  measure: Measure;
  captureGeometry: (kind: DrawKind, cb: (g: Geometry) => void) => void;
}

export function EvaluationTab({ measure, captureGeometry }: EvaluationTabProps) {
  const { t, locale, token } = useApp();
  const ev = useEvaluation(measure.id);
  const defaults = useMemo(() => defaultPeriods(measure.startsAt, measure.endsAt, Date.now()), [measure.startsAt, measure.endsAt]);
  const [beforeFrom, setBeforeFrom] = useState(toStockholmInput(defaults.before.from));
  const [beforeTo, setBeforeTo] = useState(toStockholmInput(defaults.before.to));
  const [afterFrom, setAfterFrom] = useState(toStockholmInput(defaults.after.from));
  const [afterTo, setAfterTo] = useState(toStockholmInput(defaults.after.to));
  const [types, setTypes] = useState<IncidentType[]>([]);
  const [width, setWidth] = useState(String(DEFAULT_WIDTH_M));
  const [bin, setBin] = useState<'week' | 'month'>('week');
  const [control, setControl] = useState<Geometry | null>(null);
  const [ringControl, setRingControl] = useState<Geometry | null>(null);
  const [drawing, setDrawing] = useState<'control' | 'ring' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [harmOn, setHarmOn] = useState(false);
  const [harm, setHarm] = useState<Partial<Record<IncidentType, string>>>({});
  const [pdfBusy, setPdfBusy] = useState<string | null>(null);
  const [savedId, setSavedId] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const before = { from: fromStockholmInput(beforeFrom) ?? '', to: fromStockholmInput(beforeTo) ?? '' };
    const after = { from: fromStockholmInput(afterFrom) ?? '', to: fromStockholmInput(afterTo) ?? '' };
    if (!periodsValid(before, after)) {
      setFormError(t('eval.periodInvalid'));
      return;
    }
    setFormError(null);
    setSavedId(null);
    const w = Number(width);
    const harmTypes = types.length > 0 ? types : TYPES;
    const harmWeights = Object.fromEntries(harmTypes.map((ty) => [ty, Number((harm[ty] ?? '1').replace(',', '.'))]).filter(([, v]) => Number.isFinite(v as number) && (v as number) > 0));
    await ev.run({
      before,
      after,
      ...(types.length > 0 ? { incidentTypes: types } : {}),
      ...(control ? { control } : {}),
      ...(ringControl ? { displacementControl: ringControl } : {}),
      ...(Number.isFinite(w) && w > 0 ? { displacementWidthMeters: w } : {}),
      bin,
      ...(harmOn && Object.keys(harmWeights).length > 0 ? { harmWeights } : {}),
    });
  };

  const pdf = async (id: string) => {
    setPdfBusy(id);
    ev.setError(null);
    try {
      await downloadPdf(token, `/uppfoljning/${enc(id)}`, locale, `uppfoljning-${id}.pdf`);
    } catch (err) {
      ev.setError(err);
    } finally {
      setPdfBusy(null);
    }
  };

  const reportLinks = (id: string) => (
    <>
      <a
        href={`/uppfoljning/${enc(id)}`}
        data-testid="eval-report-link"
        onClick={(e) => {
          e.preventDefault();
          navigate(`/uppfoljning/${enc(id)}`);
        }}
      >
        {t('eval.report')}
      </a>
      <button type="button" onClick={() => pdf(id)} disabled={pdfBusy !== null} data-testid="eval-pdf">
        {pdfBusy === id ? t('eval.pdfBusy') : t('eval.pdf')}
      </button>
    </>
  );

  return (
    <section className="eval-tab" aria-labelledby="eval-tab-h" data-testid="eval-tab">
      <h3 id="eval-tab-h">{t('eval.heading')}</h3>
      <p className="small">{t('eval.intro')}</p>
      <form className="eval-form" onSubmit={submit} data-testid="eval-form">
        <fieldset>
          <legend>{t('eval.before')}</legend>
          <div className="row">
            <label>
              {t('eval.from')}
              <input type="datetime-local" name="beforeFrom" value={beforeFrom} onChange={(e) => setBeforeFrom(e.target.value)} required />
            </label>
            <label>
              {t('eval.to')}
              <input type="datetime-local" name="beforeTo" value={beforeTo} onChange={(e) => setBeforeTo(e.target.value)} required />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('eval.after')}</legend>
          <div className="row">
            <label>
              {t('eval.from')}
              <input type="datetime-local" name="afterFrom" value={afterFrom} onChange={(e) => setAfterFrom(e.target.value)} required />
            </label>
            <label>
              {t('eval.to')}
              <input type="datetime-local" name="afterTo" value={afterTo} onChange={(e) => setAfterTo(e.target.value)} required />
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('eval.types')}</legend>
          <p className="small muted">{types.length === 0 ? t('eval.typesAll') : null}</p>
          <div className="eval-types">
            {TYPES.map((ty) => (
              <label key={ty} className="checkbox">
                <input type="checkbox" value={ty} checked={types.includes(ty)} onChange={(e) => setTypes((l) => (e.target.checked ? [...l, ty] : l.filter((x) => x !== ty)))} />{' '}
                {t(INCIDENT_TYPE_KEYS[ty])}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>
            <label className="checkbox">
              <input type="checkbox" checked={harmOn} onChange={(e) => setHarmOn(e.target.checked)} data-testid="eval-harm" /> {t('eval.harm.use')}
            </label>
          </legend>
          {harmOn && (
            <>
              <p className="small muted">{t('eval.harm.hint')}</p>
              <div className="row">
                {(types.length > 0 ? types : TYPES).map((ty) => (
                  <label key={ty}>
                    {t('eval.harm.weight', { type: t(INCIDENT_TYPE_KEYS[ty]) })}
                    <input inputMode="decimal" size={5} value={harm[ty] ?? '1'} onChange={(e) => setHarm((h) => ({ ...h, [ty]: e.target.value }))} />
                  </label>
                ))}
              </div>
            </>
          )}
        </fieldset>
        <div className="row">
          <label>
            {t('eval.width')}
            <input type="number" name="width" min={10} max={5000} step={10} value={width} onChange={(e) => setWidth(e.target.value)} />
          </label>
          <label>
            {t('eval.bin')}
            <select name="bin" value={bin} onChange={(e) => setBin(e.target.value as 'week' | 'month')}>
              <option value="week">{t('eval.bin.week')}</option>
              <option value="month">{t('eval.bin.month')}</option>
            </select>
          </label>
        </div>
        <fieldset>
          <legend>{t('eval.control')}</legend>
          <p className="small" data-testid="eval-control-state" role="status">
            {drawing ? t('eval.controlDrawing') : `${t('eval.area.control')}: ${control ? t('eval.controlDrawn') : t('eval.controlAuto')}. ${t('eval.area.displacementControl')}: ${ringControl ? t('eval.controlDrawn') : t('eval.controlAuto')}.`}
          </p>
          <div className="row">
            {(
              [
                ['control', control, setControl, 'eval.controlDraw'],
                ['ring', ringControl, setRingControl, 'eval.ringControlDraw'],
              ] as const
            ).map(([kind, value, set, label]) => (
              <span key={kind} className="row">
                <button
                  type="button"
                  onClick={() => {
                    setDrawing(kind);
                    captureGeometry('polygon', (g) => {
                      set(g);
                      setDrawing(null);
                    });
                  }}
                >
                  {t(label)}
                </button>
                {value && (
                  <button type="button" onClick={() => set(null)}>
                    {t('eval.controlClear')}
                  </button>
                )}
              </span>
            ))}
          </div>
        </fieldset>
        {formError && (
          <p className="error-banner" role="alert">
            {formError}
          </p>
        )}
        <ErrorBanner error={ev.error} onDismiss={() => ev.setError(null)} />
        <button type="submit" className="primary" disabled={ev.busy !== null} data-testid="eval-run">
          {ev.busy === 'run' ? t('eval.running') : t('eval.run')}
        </button>
      </form>

      {ev.result && (
        <>
          <div className="button-row">
            <button
              type="button"
              data-testid="eval-save"
              disabled={ev.busy !== null}
              onClick={async () => {
                const r = await ev.save();
                if (r?.evaluationId) setSavedId(r.evaluationId);
              }}
            >
              {t('eval.save')}
            </button>
            {savedId && (
              <>
                <span role="status" className="badge">
                  {t('eval.saved')}
                </span>
                {reportLinks(savedId)}
              </>
            )}
          </div>
          <EvaluationResultView result={ev.result} widthMeters={ev.request?.displacementWidthMeters ?? DEFAULT_WIDTH_M} />
        </>
      )}

      <h4>{t('eval.savedList')}</h4>
      {ev.saved === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : ev.saved.length === 0 ? (
        <p className="muted">{t('eval.savedNone')}</p>
      ) : (
        <ul className="eval-saved" data-testid="eval-saved">
          {ev.saved.map((s) => (
            <li key={s.id} data-evaluation-id={s.id}>
              <span>{formatDateTime(s.createdAt, locale)}</span>
              <span className="small">
                WDD {formatNumber(Number(s.summary.estTotal.toPrecision(3)), locale, 6)} · p {formatP(s.summary.p, locale)}
              </span>
              {reportLinks(s.id)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
