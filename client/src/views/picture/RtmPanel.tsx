import { useCallback, useEffect, useState } from 'react';
import type { IncidentType, IncidentView, LayerSummary } from '../../../../shared/src/events.ts';
import type { FeatureCollection } from '../../../../shared/src/layerDoc.ts';
import type { RtmRun } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDateTime, formatNumber, formatPercent } from '../../i18n/format.ts';
import type { RtmProgress } from '../../live/liveState.ts';
import type { AnyGeometry } from '../../map/geo.ts';
import { INCIDENT_TYPE_KEYS } from './IncidentFeed.tsx';
import { areaOnlyOutcomes, buildStudy } from './rtmStudy.ts';
import { RtmFactorImport } from './tools/RtmFactorImport.tsx';
import { type FactorChoice, type FactorLayerView, factorChoices } from './tools/rtmFactors.ts';

const OP_KEYS = { proximity: 'rtm.op.proximity', density: 'rtm.op.density', both: 'rtm.op.both' } as const;
/** Stage codes of the engine's progress (and of the stored run) as Swedish/English labels. */
const STAGE_KEYS = {
  prepare: 'rtm.stage.prepare',
  grid: 'rtm.stage.grid',
  variables: 'rtm.stage.variables',
  elastic_net: 'rtm.stage.elastic_net',
  stepwise: 'rtm.stage.stepwise',
  surface: 'rtm.stage.surface',
  evaluation: 'rtm.stage.evaluation',
  done: 'rtm.stage.done',
  cancelled: 'rtm.stage.cancelled',
} as const;
/** The API's run error codes; an unknown code reads as a general failure, never as the raw code. */
const ERROR_KEYS = {
  RTM_CANCELLED: 'rtm.error.RTM_CANCELLED',
  RTM_TIME_LIMIT: 'rtm.error.RTM_TIME_LIMIT',
  RTM_WORKER_STOPPED: 'rtm.error.RTM_WORKER_STOPPED',
  RTM_SERVER_RESTARTED: 'rtm.error.RTM_SERVER_RESTARTED',
  RTM_INVALID_STUDY: 'rtm.error.RTM_INVALID_STUDY',
  RTM_FAILED: 'rtm.error.RTM_FAILED',
} as const;
const STATUS = {
  queued: 'rtm.status.queued',
  running: 'rtm.status.running',
  completed: 'rtm.status.completed',
  failed: 'rtm.status.failed',
  cancelled: 'rtm.status.cancelled',
} as const;
const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

const CLASS_KEYS = {
  highest: 'rtm.cls.highest',
  moderately_high: 'rtm.cls.moderately_high',
  above_average: 'rtm.cls.above_average',
  below_average: 'rtm.cls.below_average',
} as const;

const FACTOR_GROUP_KEYS = { imported: 'rtm.factorGroup.imported', importedElsewhere: 'rtm.factorGroup.elsewhere', drawn: 'rtm.factorGroup.drawn' } as const;

/** A factor's name, with where it came from and whether it is synthetic demo data. */
function FactorLabel({ choice }: { choice: FactorChoice }) {
  const { t } = useApp();
  const m = choice.meta;
  return (
    <>
      {choice.name}
      {m?.synthetic && <span className="badge">{t('rtmFactor.syntheticBadge')}</span>}
      {(m || choice.from) && (
        <span className="muted small">
          {' '}
          ({[m ? t('rtmFactor.features', { n: m.features }) : null, choice.from ? t('rtmFactor.from', { picture: choice.from }) : null].filter(Boolean).join(', ')})
        </span>
      )}
    </>
  );
}

export function RtmResultView({ run }: { run: RtmRun }) {
  const { t, locale } = useApp();
  const r = run.result;
  if (!r) return null;
  return (
    <div className="rtm-result" data-testid="rtm-result">
      {r.narrative && <p className="narrative">{locale === 'en' ? r.narrative.en : r.narrative.sv}</p>}
      {r.notes && r.notes.length > 0 && (
        <div className="rtm-notes" data-testid="rtm-notes">
          <strong>{t('rtm.notes')}</strong>
          <ul>
            {r.notes.map((n) => (
              <li key={n.code}>{locale === 'en' ? n.en : n.sv}</li>
            ))}
          </ul>
        </div>
      )}
      {r.factors.length === 0 && <p className="muted">{t('rtm.noFactorsSelected')}</p>}
      <table className="data-table" hidden={r.factors.length === 0}>
        <caption>{t('rtm.factors')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rtm.factor')}</th>
            <th scope="col">{t('rtm.operationalization')}</th>
            <th scope="col">{t('rtm.distance')}</th>
            <th scope="col">{t('rtm.rrv')}</th>
          </tr>
        </thead>
        <tbody>
          {r.factors.map((f) => (
            <tr key={f.variable}>
              <td title={f.variable}>{f.name}</td>
              <td>{OP_KEYS[f.operationalization as keyof typeof OP_KEYS] ? t(OP_KEYS[f.operationalization as keyof typeof OP_KEYS]) : f.operationalization}</td>
              <td>{formatNumber(f.spatialInfluence, locale, 0)} m</td>
              <td>{formatNumber(f.rrv, locale, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.classes && r.classes.length > 0 && (
        <table className="data-table">
          <caption>{t('rtm.classes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rtm.class')}</th>
              <th scope="col">{t('rtm.area')}</th>
              <th scope="col">{t('rtm.events')}</th>
              <th scope="col">PAI</th>
            </tr>
          </thead>
          <tbody>
            {r.classes.map((c) => (
              <tr key={c.class}>
                <td>{CLASS_KEYS[c.class as keyof typeof CLASS_KEYS] ? t(CLASS_KEYS[c.class as keyof typeof CLASS_KEYS]) : c.class}</td>
                <td>
                  <span className="bar" style={{ width: `${Math.min(100, c.areaPct)}%` }} aria-hidden="true" /> {formatPercent(c.areaPct / 100, locale)}
                </td>
                <td>{formatPercent(c.eventsPct / 100, locale)}</td>
                <td>{formatNumber(c.pai, locale, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.model && (
        <p className="muted small">
          {t('rtm.model', { family: r.model.family ?? '–', cells: formatNumber(r.model.cells ?? null, locale, 0), bic: formatNumber(r.model.bic ?? null, locale, 1) })}
        </p>
      )}
    </div>
  );
}

export function RtmPanel(props: {
  pictureId: string;
  attachedRunId: string | null;
  area: AnyGeometry | null;
  layers: readonly LayerSummary[];
  incidents: readonly IncidentView[];
  progress: Record<string, RtmProgress>;
  onShowSurface: (runId: string | null) => void;
  shownRunId: string | null;
  onAttached: (runId: string) => void;
  /** Attaching a run is picture administration (POST /api/pictures/:id/rtm); others are not offered it. */
  canAttach?: boolean;
}) {
  const { api, t, locale, user } = useApp();
  const [runs, setRuns] = useState<RtmRun[]>([]);
  const [current, setCurrent] = useState<RtmRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [blockLength, setBlockLength] = useState(100);
  const [types, setTypes] = useState<IncidentType[]>(['shooting', 'explosion']);
  const [imported, setImported] = useState<FactorLayerView[]>([]);
  const factorCandidates = factorChoices(props.pictureId, props.layers, imported);
  const [factorIds, setFactorIds] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const loadRun = useCallback(
    async (id: string) => {
      try {
        const run = await api.get<RtmRun>(`/api/rtm/runs/${encodeURIComponent(id)}`);
        setCurrent(run);
        setRuns((list) => list.map((x) => (x.id === run.id ? { ...x, status: run.status, progress: run.progress } : x)));
        return run;
      } catch (err) {
        setError(err);
        return null;
      }
    },
    [api],
  );

  const loadFactors = useCallback(() => {
    api
      .get<{ items: FactorLayerView[] }>('/api/rtm/factors')
      .then((r) => setImported(r.items))
      .catch(() => setImported([]));
  }, [api]);
  useEffect(loadFactors, [loadFactors]);

  useEffect(() => {
    api
      .get<{ items: RtmRun[] }>(`/api/rtm/runs?pictureId=${encodeURIComponent(props.pictureId)}`)
      .then((r) => setRuns(r.items))
      .catch(() => setRuns([]));
    if (props.attachedRunId) loadRun(props.attachedRunId);
  }, [api, props.pictureId, props.attachedRunId, loadRun]);

  // Poll the running model as a fallback to rtm.progress events; stop when it ends.
  const live = current ? props.progress[current.id] : undefined;
  const polled = current && isActive(current.status) ? current.id : null;
  useEffect(() => {
    if (!polled) return;
    const id = setInterval(() => loadRun(polled), 2_000);
    return () => clearInterval(id);
  }, [polled, loadRun]);
  // An event says the run ended but the run shown does not know yet: fetch it once.
  const endedUnseen = live && live.status !== 'running' && current && current.status !== live.status ? current.id : null;
  useEffect(() => {
    if (endedUnseen) loadRun(endedUnseen);
  }, [endedUnseen, loadRun]);

  async function start() {
    if (!props.area) return;
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      const factors = await Promise.all(
        factorIds.map(async (id) => {
          const l = factorCandidates.find((x) => x.id === id)!;
          const fc = await api.get<FeatureCollection>(`/api/layers/${encodeURIComponent(id)}/features`);
          return { name: l.name, layerId: id, features: fc };
        }),
      );
      const { study, problems } = buildStudy({
        name: name || t('rtm.defaultName', { when: formatDateTime(new Date(), locale) }),
        pictureId: props.pictureId,
        boundary: props.area,
        blockLength,
        incidents: props.incidents,
        types,
        factors,
      });
      if (problems.length) {
        const PROBLEM_KEYS = { noOutcome: 'rtm.problem.noOutcome', onlyArea: 'rtm.problem.onlyArea', noFactors: 'rtm.problem.noFactors' } as const;
        setProblem(problems.map((p) => t(PROBLEM_KEYS[p])).join(' '));
        return;
      }
      const { runId } = await api.post<{ runId: string }>('/api/rtm/studies', study);
      // The run is the caller's own, so it may be cancelled while still in the queue (before the first poll).
      setCurrent({ id: runId, status: 'queued', progress: 0, createdById: user?.id });
      setRuns((r) => [{ id: runId, status: 'queued', progress: 0, name: study.name }, ...r]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function cancel(runId: string) {
    setCancelling(true);
    try {
      const run = await api.post<RtmRun>(`/api/rtm/runs/${encodeURIComponent(runId)}/cancel`, {});
      setCurrent((c) => (c && c.id === run.id ? { ...c, ...run } : c));
      setRuns((list) => list.map((x) => (x.id === run.id ? { ...x, status: run.status } : x)));
    } catch (err) {
      setError(err);
      loadRun(runId);
    } finally {
      setCancelling(false);
    }
  }

  async function attach(runId: string) {
    try {
      await api.post(`/api/pictures/${encodeURIComponent(props.pictureId)}/rtm`, { runId });
      props.onAttached(runId);
    } catch (err) {
      setError(err);
    }
  }

  const progress = live?.status === 'running' ? live.progress : (current?.progress ?? 0);
  const stage = (live?.status === 'running' ? live.message : current?.message) ?? '';
  const stageText = stage in STAGE_KEYS ? t(STAGE_KEYS[stage as keyof typeof STAGE_KEYS]) : '';
  const errorCode = current?.errorCode ?? live?.errorCode;
  const errorText = errorCode && errorCode in ERROR_KEYS ? t(ERROR_KEYS[errorCode as keyof typeof ERROR_KEYS]) : t('rtm.failed');
  const mayCancel = !!current && !!user && (current.createdById === user.id || user.roles.includes('commander'));

  return (
    <section className="rtm-panel" data-testid="rtm-panel">
      <h3>{t('rtm.heading')}</h3>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {runs.length > 0 && (
        <label>
          {t('rtm.runs')}
          <select value={current?.id ?? ''} onChange={(e) => e.target.value && loadRun(e.target.value)}>
            <option value="">{t('rtm.chooseRun')}</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {(r.name ?? r.id) + (r.id === props.attachedRunId ? ` (${t('rtm.attached')})` : '')} – {t(STATUS[r.status] ?? 'rtm.status.queued')}
              </option>
            ))}
          </select>
        </label>
      )}
      {current && (
        <div className="rtm-current">
          <p>
            <strong>{t(STATUS[current.status] ?? 'rtm.status.queued')}</strong>{' '}
            {isActive(current.status) && stageText && (
              <span className="muted" data-testid="rtm-stage">
                {stageText} {formatPercent(progress, locale, 0)}
              </span>
            )}
          </p>
          {isActive(current.status) && (
            <div className="button-row">
              <progress max={1} value={progress} aria-label={t('rtm.progress')}>
                {formatPercent(progress, locale, 0)}
              </progress>
              {mayCancel && (
                <button type="button" onClick={() => cancel(current.id)} disabled={cancelling}>
                  {cancelling ? t('rtm.cancelling') : t('rtm.cancel')}
                </button>
              )}
            </div>
          )}
          {current.status === 'failed' && (
            <p className="error-banner" role="alert">
              {errorText}
            </p>
          )}
          {current.status === 'cancelled' && <p className="muted">{t('rtm.error.RTM_CANCELLED')}</p>}
          {!isActive(current.status) && factorIds.length > 0 && props.area && (
            <button type="button" onClick={start} disabled={busy || types.length === 0} data-testid="rtm-rerun">
              {t('rtm.rerun')}
            </button>
          )}
          {current.status === 'completed' && (
            <div className="button-row">
              <button type="button" aria-pressed={props.shownRunId === current.id} onClick={() => props.onShowSurface(props.shownRunId === current.id ? null : current.id)}>
                {props.shownRunId === current.id ? t('rtm.hideSurface') : t('rtm.showSurface')}
              </button>
              {current.id !== props.attachedRunId && props.canAttach !== false && (
                <button type="button" onClick={() => attach(current.id)}>
                  {t('rtm.attach')}
                </button>
              )}
            </div>
          )}
          <RtmResultView run={current} />
        </div>
      )}
      <details className="rtm-start">
        <summary>{t('rtm.start')}</summary>
        <p className="muted small">{t('rtm.startIntro')}</p>
        <label>
          {t('rtm.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </label>
        <label>
          {t('rtm.blockLength')}
          <input type="number" min={20} max={1000} step={10} value={blockLength} onChange={(e) => setBlockLength(Number(e.target.value) || 100)} />
        </label>
        <fieldset>
          <legend>{t('rtm.outcomeTypes')}</legend>
          {(Object.keys(INCIDENT_TYPE_KEYS) as IncidentType[]).map((ty) => (
            <label key={ty} className="checkbox">
              <input type="checkbox" checked={types.includes(ty)} onChange={(e) => setTypes(e.target.checked ? [...types, ty] : types.filter((x) => x !== ty))} /> {t(INCIDENT_TYPE_KEYS[ty])}
            </label>
          ))}
        </fieldset>
        <fieldset data-testid="rtm-factor-choices">
          <legend>{t('rtm.factorLayers')}</legend>
          {factorCandidates.length === 0 && <p className="muted">{t('rtm.noLayers')}</p>}
          {(['imported', 'importedElsewhere', 'drawn'] as const).map((group) => {
            const inGroup = factorCandidates.filter((c) => c.group === group);
            if (inGroup.length === 0) return null;
            return (
              <fieldset key={group} className="rtm-factor-group" style={{ border: 'none', margin: 0, padding: 0 }}>
                <legend className="small muted">{t(FACTOR_GROUP_KEYS[group])}</legend>
                {inGroup.map((c) => (
                  <label key={c.id} className="checkbox">
                    <input type="checkbox" checked={factorIds.includes(c.id)} onChange={(e) => setFactorIds(e.target.checked ? [...factorIds, c.id] : factorIds.filter((x) => x !== c.id))} />{' '}
                    <FactorLabel choice={c} />
                  </label>
                ))}
              </fieldset>
            );
          })}
        </fieldset>
        <details className="rtm-factor-import-box">
          <summary>{t('rtmFactor.import')}</summary>
          <RtmFactorImport
            pictureId={props.pictureId}
            onImported={(layer) => {
              setImported((list) => [...list.filter((l) => l.id !== layer.id), layer]);
              setFactorIds((ids) => (ids.includes(layer.id) ? ids : [...ids, layer.id]));
              loadFactors();
            }}
          />
        </details>
        {props.area && areaOnlyOutcomes(props.incidents, types, props.area) > 0 && (
          <p className="muted small" data-testid="rtm-area-left-out">
            {t('rtm.areaLeftOut', { n: areaOnlyOutcomes(props.incidents, types, props.area) })}
          </p>
        )}
        {problem && (
          <p className="error-banner" role="alert">
            {problem}
          </p>
        )}
        <button type="button" className="primary" onClick={start} disabled={busy || !props.area || factorIds.length === 0 || types.length === 0}>
          {busy ? t('rtm.starting') : t('rtm.run')}
        </button>
      </details>
    </section>
  );
}
