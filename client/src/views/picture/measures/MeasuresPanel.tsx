/**
 * The measures (åtgärder) tab of a picture: the list with filters, a measure's detail (dosage planned vs
 * delivered, activities, history, evidence, outcome), the create/edit form, "Registrera insats" in two taps,
 * and the coverage view.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { ZoneView } from '../../../../../shared/src/events.ts';
import type { Geometry } from '../../../../../shared/src/layerDoc.ts';
import type { MeasureEvidence } from '../../../../../shared/src/measures.ts';
import type { Organisation, RtmRun } from '../../../api/types.ts';
import { useApp } from '../../../AppContext.tsx';
import { ErrorBanner } from '../../../components/common.tsx';
import { formatDate, formatDateTime, formatNumber, fromStockholmInput, toStockholmInput } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import type { DrawKind } from '../../../map/PictureMapController.ts';
import { isPoliceOrgKind } from '../../../../../shared/src/roles.ts';
import { isPoliceUser } from '../../../state/session.ts';
import { ClassificationBadge, CLASSIFICATION_KEYS } from '../LayerPanel.tsx';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';
import { CoverageView } from './CoverageView.tsx';
import { ExchangeView } from './ExchangeView.tsx';
import { MeasureTabs } from './evaluation/MeasureTabs.tsx';
import { RollupView } from './RollupView.tsx';
import {
  type Activity,
  choosableClassifications,
  DOSAGE_PERS,
  DOSAGE_UNITS,
  deliveryShare,
  filterMeasures,
  MEASURE_KINDS,
  MEASURE_STATUSES,
  type Measure,
  type MeasureFilter,
  type MeasureHistoryEntry,
  type MeasureInput,
  NO_FILTER,
  plannedSoFar,
  STATUS_COLORS,
} from './model.ts';
import type { useMeasures } from './useMeasures.ts';

type Measures = ReturnType<typeof useMeasures>;

export interface MeasuresPanelProps {
  pictureId: string;
  /** The picture's attached RTM run and its live zones: evidence a measure may reference ("why here"). */
  rtmRunId: string | null;
  zones: readonly ZoneView[];
  measures: Measures;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onShowTarget: (g: Geometry) => void;
  onFly: (centre: [number, number], bbox?: [number, number, number, number]) => void;
  /** The geometry of the feature selected on the map, offered as a target. */
  selectedFeatureGeometry: Geometry | null;
  mapCentre: () => [number, number] | null;
  captureGeometry: (kind: DrawKind, cb: (g: Geometry) => void) => void;
  now: number;
}

const enc = encodeURIComponent;

export function useOrganisations(): { names: Map<string, string>; police: Set<string> } {
  const { api, user } = useApp();
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  useEffect(() => {
    const ac = new AbortController();
    api
      .get<{ items: Organisation[] }>('/api/organisations', ac.signal)
      .then((r) => setOrgs(r.items ?? []))
      .catch(() => {});
    return () => ac.abort();
  }, [api]);
  return useMemo(() => {
    const names = new Map(orgs.map((o) => [o.id, o.name]));
    if (user) names.set(user.organisation.id, user.organisation.name);
    return { names, police: new Set(orgs.filter((o) => o.isPolice ?? isPoliceOrgKind(o.kind)).map((o) => o.id)) };
  }, [orgs, user]);
}

export function MeasuresPanel(props: MeasuresPanelProps) {
  const { t, user } = useApp();
  const { state } = props.measures;
  const { names: orgNames, police: policeOrgs } = useOrganisations();
  const [filter, setFilter] = useState<MeasureFilter>(NO_FILTER);
  const [mode, setMode] = useState<'list' | 'form'>('list');
  const [editing, setEditing] = useState<Measure | null>(null);
  const [recordFor, setRecordFor] = useState<string | null>(null);
  const canWrite = !!user && user.roles.some((r) => r !== 'partner_viewer' && r !== 'duty_officer');
  const selected = state.items.find((m) => m.id === props.selectedId) ?? null;
  // Partners see only their own organisation's name; others' are shown generically.
  const orgName = (id: string) => orgNames.get(id) ?? t('measures.otherOrganisation');
  const owners = [...new Set(state.items.map((m) => m.ownerOrganisationId))];
  const shown = filterMeasures(state.items, filter);

  if (state.loaded === false && !state.error) return <p className="muted">{t('measures.unavailable')}</p>;
  if (mode === 'form')
    return (
      <MeasureForm
        {...props}
        measure={editing}
        orgNames={orgNames}
        policeOrgs={policeOrgs}
        onDone={(m) => {
          setMode('list');
          setEditing(null);
          if (m) props.onSelect(m.id);
        }}
      />
    );

  return (
    <section className="measures-panel" data-testid="measures-panel" aria-label={t('measures.heading')}>
      <ErrorBanner error={state.error} onDismiss={() => props.measures.setError(null)} />
      {state.queued.length > 0 && (
        <p className="badge badge-warn queued-note" role="status" data-testid="measures-queued">
          {t('measures.queuedCount', { n: state.queued.length })}
        </p>
      )}
      {selected ? (
        <MeasureTabs key={selected.id} measure={selected} captureGeometry={props.captureGeometry}>
        <MeasureDetail
          measure={selected}
          orgName={orgName}
          canRecord={mayRecord(selected, canWrite)}
          canEdit={selected.access ? selected.access === 'write' : canWrite}
          now={props.now}
          activityVersion={state.activityVersion}
          queued={state.queued.filter((q) => q.measureId === selected.id).length}
          recording={recordFor === selected.id}
          zones={props.zones}
          onRecord={() => setRecordFor(selected.id)}
          onRecordDone={() => setRecordFor(null)}
          recordActivity={props.measures.recordActivity}
          onBack={() => props.onSelect(null)}
          onEdit={() => {
            setEditing(selected);
            setMode('form');
          }}
          onShowTarget={() => props.onShowTarget(selected.target as unknown as Geometry)}
        />
        </MeasureTabs>
      ) : (
        <>
          <div className="panel-head">
            <h3>{t('measures.heading')}</h3>
            {canWrite && (
              <button
                type="button"
                data-testid="measure-new"
                onClick={() => {
                  setEditing(null);
                  setMode('form');
                }}
              >
                + {t('measures.new')}
              </button>
            )}
          </div>
          {state.coverageAvailable && state.coverage && <CoverageView coverage={state.coverage} onFly={props.onFly} />}
          <details className="exchange-details">
            <summary>{t('exchange.heading')}</summary>
            <ExchangeView pictureId={props.pictureId} canImport={canWrite} onImported={props.measures.reload} />
          </details>
          {isPoliceUser(user) && (
            <details className="rollup-details">
              <summary>{t('rollup.heading')}</summary>
              <RollupView />
            </details>
          )}
          <fieldset className="measure-filters">
            <legend className="sr-only">{t('measures.filter')}</legend>
            <label>
              {t('measures.kind')}
              <select value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value as MeasureFilter['kind'] })} data-testid="measure-filter-kind">
                <option value="">{t('measures.all')}</option>
                {MEASURE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`measures.kind.${k}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('measures.owner')}
              <select value={filter.owner} onChange={(e) => setFilter({ ...filter, owner: e.target.value })}>
                <option value="">{t('measures.all')}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {orgName(o)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('measures.status')}
              <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as MeasureFilter['status'] })}>
                <option value="">{t('measures.all')}</option>
                {MEASURE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`measures.status.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
          {state.loaded === null && <p className="muted">{t('common.loading')}</p>}
          {state.loaded && shown.length === 0 && <p className="muted">{t('measures.none')}</p>}
          <ul className="measure-list" data-testid="measure-list">
            {shown.map((m) => (
              <li key={m.id} data-measure-id={m.id} className="measure-item">
                <button type="button" className="link-button measure-title" onClick={() => props.onSelect(m.id)}>
                  <span className="status-dot" style={{ background: STATUS_COLORS[m.status ?? 'planned'] }} aria-hidden="true" />
                  {m.title}
                </button>
                <span className="muted small">
                  {t(`measures.kind.${m.kind}` as MessageKey)} · {t(`measures.status.${m.status ?? 'planned'}` as MessageKey)} · {orgName(m.ownerOrganisationId)}
                </span>
                <Dosage measure={m} now={props.now} />
                {mayRecord(m, canWrite) && recordFor !== m.id && (
                  <button type="button" className="record-button" data-testid="record-activity" onClick={() => setRecordFor(m.id)}>
                    {t('measures.record')}
                  </button>
                )}
                {recordFor === m.id && <RecordActivity measure={m} recordActivity={props.measures.recordActivity} onDone={() => setRecordFor(null)} />}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The server tells each viewer its right on a measure; without it, the role decides (the server still checks). */
function mayRecord(m: Measure, canWrite: boolean): boolean {
  return m.access ? m.access !== 'read' : canWrite;
}

/** Delivered vs planned so far, as a figure and a bar. */
function Dosage({ measure, now }: { measure: Measure; now: number }) {
  const { t, locale } = useApp();
  const planned = plannedSoFar(measure, now);
  const share = deliveryShare(measure, now);
  const unit = t(`measures.unit.${measure.plannedDosage?.unit ?? 'action'}` as MessageKey);
  return (
    <div className="dosage" data-testid="measure-dosage" data-delivered={measure.delivered.amount}>
      <span>
        {planned === null
          ? t('measures.deliveredOnly', { delivered: formatNumber(measure.delivered.amount, locale), unit })
          : t('measures.deliveredOf', { delivered: formatNumber(measure.delivered.amount, locale), planned: formatNumber(planned, locale), unit })}
      </span>
      {share !== null && (
        <meter className="dosage-bar" min={0} max={100} value={Math.round(share * 100)} aria-label={t('measures.delivery')} />
      )}
    </div>
  );
}

/** Delivered per day (last 7 days) or per ISO week (last 4 weeks) beside the planned amount of that period. */
function DeliveryByPeriod({ measure }: { measure: Measure }) {
  const { t, locale } = useApp();
  const d = measure.plannedDosage;
  if (!d || d.per === 'total') return null;
  const rows = d.per === 'day' ? measure.delivered.byDay.slice(-7).map((x) => ({ key: x.day, amount: x.amount })) : measure.delivered.byWeek.slice(-4).map((x) => ({ key: x.week, amount: x.amount }));
  if (rows.length === 0) return null;
  return (
    <table className="data-table small" data-testid="delivery-by-period">
      <caption>{t(d.per === 'day' ? 'measures.byDay' : 'measures.byWeek')}</caption>
      <thead>
        <tr>
          <th scope="col">{t(d.per === 'day' ? 'measures.day' : 'measures.weekOf')}</th>
          <th scope="col">{t('measures.deliveredPlanned')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className={r.amount < d.amount ? 'under-plan' : undefined}>
            <td>{formatDate(r.key, locale)}</td>
            <td>
              {formatNumber(r.amount, locale)} / {formatNumber(d.amount, locale)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Two taps: the button opened this with amount 1; "Spara" sends it (or queues it offline). */
function RecordActivity({ measure, recordActivity, onDone }: { measure: Measure; recordActivity: Measures['recordActivity']; onDone: () => void }) {
  const { t } = useApp();
  const [amount, setAmount] = useState('1');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<'sent' | 'queued' | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount.replace(',', '.'));
    if (!Number.isFinite(n) || n <= 0) return;
    setBusy(true);
    setError(null);
    try {
      const r = await recordActivity(measure.id, { at: new Date().toISOString(), amount: n, ...(note.trim() ? { note: note.trim() } : {}) });
      setDone(r);
      setTimeout(onDone, r === 'queued' ? 2_500 : 1_200);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const unit = t(`measures.unit.${measure.plannedDosage?.unit ?? 'action'}` as MessageKey);
  return (
    <form className="record-form" onSubmit={submit} data-testid="record-form">
      <ErrorBanner error={error} />
      {done ? (
        <p role="status" className={done === 'queued' ? 'badge badge-warn' : 'badge'} data-testid="record-result" data-result={done}>
          {done === 'queued' ? t('measures.queued') : t('measures.recorded')}
        </p>
      ) : (
        <>
          <label>
            {t('measures.amount', { unit })}
            <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} required />
          </label>
          <label>
            {t('measures.note')}
            <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="row">
            <button type="submit" className="primary big" disabled={busy} data-testid="record-save">
              {t('measures.save')}
            </button>
            <button type="button" onClick={onDone}>
              {t('measures.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/** A near-repeat zone named by its incident type and start, as the risk tab names it. */
function useZoneLabel(): (z: ZoneView) => string {
  const { t, locale } = useApp();
  return (z) =>
    t('measures.evidence.zone', {
      id: `${z.incidentType ? t(INCIDENT_TYPE_KEYS[z.incidentType] ?? 'incident.type.other') : t('zone.typeNotShared')}, ${formatDate(z.createdAt, locale)}`,
    });
}

interface DetailProps {
  zones: readonly ZoneView[];
  measure: Measure;
  orgName: (id: string) => string;
  canRecord: boolean;
  canEdit: boolean;
  now: number;
  activityVersion: number;
  queued: number;
  recording: boolean;
  onRecord: () => void;
  onRecordDone: () => void;
  recordActivity: Measures['recordActivity'];
  onBack: () => void;
  onEdit: () => void;
  onShowTarget: () => void;
}

function MeasureDetail(p: DetailProps) {
  const { t, locale, api } = useApp();
  const zoneLabel = useZoneLabel();
  const m = p.measure;
  const [activities, setActivities] = useState<Activity[] | null>(null);
  const [history, setHistory] = useState<MeasureHistoryEntry[] | null>(null);
  // The history endpoint may be absent on an older server: then there is simply no history section.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a change of the measure (updatedAt) adds history.
  useEffect(() => {
    const ac = new AbortController();
    api
      .get<{ items: MeasureHistoryEntry[] }>(`/api/measures/${enc(m.id)}/history`, ac.signal)
      .then((r) => setHistory([...(r.items ?? [])].sort((a, b) => b.at.localeCompare(a.at))))
      .catch(() => setHistory(null));
    return () => ac.abort();
  }, [api, m.id, m.updatedAt]);
  // Reload on a live activity and when the delivered amount changes (someone else recorded one).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a live activity (version, delivered amount) reloads the list.
  useEffect(() => {
    const ac = new AbortController();
    api
      .get<{ items: Activity[] }>(`/api/measures/${enc(m.id)}/activities`, ac.signal)
      .then((r) => setActivities([...(r.items ?? [])].sort((a, b) => b.at.localeCompare(a.at))))
      .catch(() => {});
    return () => ac.abort();
  }, [api, m.id, p.activityVersion, m.delivered.amount]);
  return (
    <article className="measure-detail" data-testid="measure-detail" data-measure-id={m.id}>
      <button type="button" className="link-button" onClick={p.onBack}>
        ← {t('measures.back')}
      </button>
      <h3>{m.title}</h3>
      <p>
        <ClassificationBadge classification={m.classification} />{' '}
        <span className="badge" style={{ borderColor: STATUS_COLORS[m.status ?? 'planned'] }}>
          {t(`measures.status.${m.status ?? 'planned'}` as MessageKey)}
        </span>
      </p>
      {p.canRecord && !p.recording && (
        <button type="button" className="record-button primary big" data-testid="record-activity" onClick={p.onRecord}>
          {t('measures.record')}
        </button>
      )}
      {p.recording && <RecordActivity measure={m} recordActivity={p.recordActivity} onDone={p.onRecordDone} />}
      {p.queued > 0 && <p className="badge badge-warn">{t('measures.queuedCount', { n: p.queued })}</p>}
      <Dosage measure={m} now={p.now} />
      <DeliveryByPeriod measure={m} />
      <dl className="measure-facts">
        <dt>{t('measures.kind')}</dt>
        <dd>{t(`measures.kind.${m.kind}` as MessageKey)}</dd>
        <dt>{t('measures.owner')}</dt>
        <dd>{p.orgName(m.ownerOrganisationId)}</dd>
        {m.responsible && (
          <>
            <dt>{t('measures.responsible')}</dt>
            <dd>{m.responsible}</dd>
          </>
        )}
        <dt>{t('measures.sharedWith')}</dt>
        <dd>{m.sharedWith?.length ? m.sharedWith.map(p.orgName).join(', ') : t('measures.notShared')}</dd>
        <dt>{t('measures.period')}</dt>
        <dd>
          {formatDate(m.startsAt, locale)} – {m.endsAt ? formatDate(m.endsAt, locale) : t('measures.untilFurther')}
        </dd>
        {m.plannedDosage && (
          <>
            <dt>{t('measures.planned')}</dt>
            <dd>
              {t('measures.dosageText', {
                amount: formatNumber(m.plannedDosage.amount, locale),
                unit: t(`measures.unit.${m.plannedDosage.unit}` as MessageKey),
                per: t(`measures.per.${m.plannedDosage.per}` as MessageKey),
              })}
            </dd>
          </>
        )}
      </dl>
      {m.description && <p>{m.description}</p>}
      {m.publicText && (
        <blockquote className="public-text">
          <strong>{t('measures.publicText')}:</strong> {m.publicText}
        </blockquote>
      )}
      {(m.riskFactors?.length > 0 || m.evidence) && (
        <>
          <h4>{t('measures.why')}</h4>
          <ul className="small" data-testid="measure-evidence">
            {m.riskFactors?.map((f) => <li key={`f-${f}`}>{f}</li>)}
            {m.evidence?.rtmFactors?.map((f) => (
              <li key={`r-${f.name}`}>
                {t('measures.evidence.rtm', { name: f.name, rr: f.relativeRisk !== undefined ? formatNumber(f.relativeRisk, locale) : '–' })}
              </li>
            ))}
            {m.evidence?.zoneIds?.map((id) => {
              const z = p.zones.find((x) => x.id === id);
              return <li key={`z-${id}`}>{z ? zoneLabel(z) : t('measures.evidence.zoneGone')}</li>;
            })}
            {m.evidence?.areaCodes?.map((a) => <li key={`a-${a}`}>{t('measures.evidence.area', { code: a })}</li>)}
          </ul>
        </>
      )}
      {m.outcomeNote && (
        <>
          <h4>{t('measures.outcome')}</h4>
          <p>{m.outcomeNote}</p>
        </>
      )}
      <div className="row">
        <button type="button" onClick={p.onShowTarget}>
          {t('measures.showOnMap')}
        </button>
        {p.canEdit && (
          <button type="button" onClick={p.onEdit} data-testid="measure-edit">
            {t('measures.edit')}
          </button>
        )}
      </div>
      <h4>{t('measures.activities')}</h4>
      {activities === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : activities.length === 0 ? (
        <p className="muted">{t('measures.noActivities')}</p>
      ) : (
        <ul className="log-list" data-testid="activity-list">
          {activities.map((a) => (
            <li key={a.id}>
              {formatDateTime(a.at, locale)} · {formatNumber(a.amount, locale)} · {p.orgName(a.organisationId)}
              {a.note ? ` — ${a.note}` : ''}
            </li>
          ))}
        </ul>
      )}
      {history && history.length > 0 && (
        <>
          <h4>{t('measures.history')}</h4>
          <ul className="log-list small" data-testid="measure-history">
            {history.map((h) => (
              <li key={h.id}>
                {formatDateTime(h.at, locale)} · {p.orgName(h.organisationId)} · {t(`measures.action.${h.action}` as MessageKey)}
                {h.action !== 'create' && Object.keys(h.changes ?? {}).length > 0 ? `: ${Object.keys(h.changes).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="muted small">{t('measures.updated', { when: formatDateTime(m.updatedAt, locale) })}</p>
    </article>
  );
}

/** The factors of the picture's attached RTM run with their relative risk values (police only; empty otherwise). */
function useRunFactors(runId: string | null): { name: string; relativeRisk?: number }[] {
  const { api } = useApp();
  const [factors, setFactors] = useState<{ name: string; relativeRisk?: number }[]>([]);
  useEffect(() => {
    if (!runId) return;
    const ac = new AbortController();
    api
      .get<RtmRun>(`/api/rtm/runs/${enc(runId)}`, ac.signal)
      .then((r) => setFactors((r.result?.factors ?? []).map((f) => ({ name: f.name, relativeRisk: f.rrv }))))
      .catch(() => setFactors([]));
    return () => ac.abort();
  }, [api, runId]);
  return factors;
}

function MeasureForm(props: MeasuresPanelProps & { measure: Measure | null; orgNames: Map<string, string>; policeOrgs: Set<string>; onDone: (m: Measure | null) => void }) {
  const { t, user, locale } = useApp();
  const zoneLabel = useZoneLabel();
  const m = props.measure;
  const police = isPoliceUser(user);
  const classes = choosableClassifications(police);
  const [title, setTitle] = useState(m?.title ?? '');
  const [kind, setKind] = useState<MeasureInput['kind']>(m?.kind ?? (police ? 'patrol' : 'situational'));
  const [classification, setClassification] = useState(m?.classification ?? 'partner');
  const [status, setStatus] = useState(m?.status ?? 'planned');
  const [startsAt, setStartsAt] = useState(toStockholmInput(m?.startsAt ?? new Date().toISOString()));
  const [endsAt, setEndsAt] = useState(toStockholmInput(m?.endsAt ?? null));
  const [sharedWith, setSharedWith] = useState<string[]>(m?.sharedWith ?? []);
  const [amount, setAmount] = useState(m?.plannedDosage ? String(m.plannedDosage.amount) : '');
  const [unit, setUnit] = useState(m?.plannedDosage?.unit ?? 'visit');
  const [per, setPer] = useState(m?.plannedDosage?.per ?? 'day');
  const [description, setDescription] = useState(m?.description ?? '');
  const [publicText, setPublicText] = useState(m?.publicText ?? '');
  const [riskFactors, setRiskFactors] = useState((m?.riskFactors ?? []).join(', '));
  const [outcome, setOutcome] = useState(m?.outcomeNote ?? '');
  const [responsible, setResponsible] = useState(m?.responsible ?? '');
  const [rtmFactors, setRtmFactors] = useState<NonNullable<MeasureEvidence['rtmFactors']>>(m?.evidence?.rtmFactors ?? []);
  const [zoneIds, setZoneIds] = useState<string[]>(m?.evidence?.zoneIds ?? []);
  const runFactors = useRunFactors(props.rtmRunId);
  const [target, setTarget] = useState<Geometry | null>((m?.target as unknown as Geometry | undefined) ?? null);
  const [drawing, setDrawing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Sharing is with partner organisations (police read by their own rules; a partner's measure reaches the
  // picture's police owner by default).
  const partnerOrgs = [...props.orgNames.entries()].filter(([id]) => id !== user?.organisation.id && !props.policeOrgs.has(id));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!target) {
      setError(new Error(t('measures.targetMissing')));
      return;
    }
    const n = Number(amount.replace(',', '.'));
    const input: MeasureInput = {
      title: title.trim(),
      kind,
      target,
      classification,
      status,
      startsAt: fromStockholmInput(startsAt) ?? new Date().toISOString(),
      ...(endsAt ? { endsAt: fromStockholmInput(endsAt) } : {}),
      sharedWith: classification === 'police_internal' ? [] : sharedWith,
      ...(amount && Number.isFinite(n) && n > 0 ? { plannedDosage: { amount: n, unit, per } } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(classification === 'public' && publicText.trim() ? { publicText: publicText.trim() } : {}),
      riskFactors: riskFactors
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ...(responsible.trim() ? { responsible: responsible.trim() } : {}),
    };
    if (rtmFactors.length || zoneIds.length || m?.evidence)
      input.evidence = { ...(m?.evidence ?? {}), rtmFactors, zoneIds };
    setBusy(true);
    setError(null);
    try {
      let saved = m ? await props.measures.update(m.id, input) : await props.measures.create(input);
      // The outcome note is recorded as its own step of the history (follow-up at the end of a period).
      if (m && outcome.trim() !== (m.outcomeNote ?? '')) saved = await props.measures.recordOutcome(m.id, outcome.trim() || null);
      props.onDone(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="measure-form" onSubmit={submit} data-testid="measure-form" aria-label={m ? t('measures.edit') : t('measures.new')}>
      <h3>{m ? t('measures.edit') : t('measures.new')}</h3>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <label>
        {t('measures.title')}
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        {t('measures.kind')}
        <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as MeasureInput['kind'])}>
          {MEASURE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`measures.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('measures.target')}</legend>
        <p className="muted small" data-testid="measure-target-state">
          {drawing ? t('measures.targetDrawing') : target ? t('measures.targetSet', { type: target.type }) : t('measures.targetNone')}
        </p>
        <div className="row wrap">
          <button
            type="button"
            onClick={() => {
              setDrawing(true);
              props.captureGeometry('polygon', (g) => {
                setTarget(g);
                setDrawing(false);
              });
            }}
          >
            {t('measures.targetDraw')}
          </button>
          <button
            type="button"
            data-testid="measure-target-centre"
            onClick={() => {
              const c = props.mapCentre();
              if (c) setTarget({ type: 'Point', coordinates: c });
            }}
          >
            {t('measures.targetCentre')}
          </button>
          {props.selectedFeatureGeometry && (
            <button type="button" onClick={() => setTarget(props.selectedFeatureGeometry)}>
              {t('measures.targetFeature')}
            </button>
          )}
        </div>
      </fieldset>
      <label>
        {t('measures.classification')}
        <select name="classification" value={classification} onChange={(e) => setClassification(e.target.value as MeasureInput['classification'])}>
          {classes.map((c) => (
            <option key={c} value={c}>
              {t(CLASSIFICATION_KEYS[c])}
            </option>
          ))}
        </select>
      </label>
      {classification !== 'police_internal' && partnerOrgs.length > 0 && (
        <fieldset data-testid="measure-shared-with">
          <legend>{t('measures.sharedWith')}</legend>
          {partnerOrgs.map(([id, name]) => (
            <label key={id} className="checkbox">
              <input
                type="checkbox"
                value={id}
                checked={sharedWith.includes(id)}
                onChange={(e) => setSharedWith((s) => (e.target.checked ? [...s, id] : s.filter((x) => x !== id)))}
              />{' '}
              {name}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        {t('measures.status')}
        <select name="status" value={status} onChange={(e) => setStatus(e.target.value as NonNullable<MeasureInput['status']>)}>
          {MEASURE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`measures.status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          {t('measures.startsAt')}
          <input type="datetime-local" name="startsAt" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} required />
        </label>
        <label>
          {t('measures.endsAt')}
          <input type="datetime-local" name="endsAt" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
        </label>
      </div>
      <fieldset>
        <legend>{t('measures.planned')}</legend>
        <div className="row">
          <label>
            {t('measures.plannedAmount')}
            <input name="plannedAmount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} size={4} />
          </label>
          <label>
            {t('measures.unit')}
            <select name="unit" value={unit} onChange={(e) => setUnit(e.target.value as typeof unit)}>
              {DOSAGE_UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`measures.unit.${u}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('measures.per')}
            <select name="per" value={per} onChange={(e) => setPer(e.target.value as typeof per)}>
              {DOSAGE_PERS.map((x) => (
                <option key={x} value={x}>
                  {t(`measures.per.${x}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <label>
        {t('measures.description')}
        <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
      </label>
      <label>
        {t('measures.responsible')}
        <input name="responsible" value={responsible} onChange={(e) => setResponsible(e.target.value)} maxLength={200} />
      </label>
      <label>
        {t('measures.riskFactors')}
        <input name="riskFactors" value={riskFactors} onChange={(e) => setRiskFactors(e.target.value)} />
      </label>
      {(runFactors.length > 0 || props.zones.length > 0) && (
        <fieldset data-testid="measure-evidence-choice">
          <legend>{t('measures.why')}</legend>
          {runFactors.map((f) => (
            <label key={`r-${f.name}`} className="checkbox">
              <input
                type="checkbox"
                checked={rtmFactors.some((x) => x.name === f.name)}
                onChange={(e) => setRtmFactors((l) => (e.target.checked ? [...l, f] : l.filter((x) => x.name !== f.name)))}
              />{' '}
              {t('measures.evidence.rtm', { name: f.name, rr: f.relativeRisk !== undefined ? formatNumber(f.relativeRisk, locale) : '–' })}
            </label>
          ))}
          {props.zones.map((z) => (
            <label key={`z-${z.id}`} className="checkbox">
              <input type="checkbox" checked={zoneIds.includes(z.id)} onChange={(e) => setZoneIds((l) => (e.target.checked ? [...l, z.id] : l.filter((x) => x !== z.id)))} />{' '}
              {zoneLabel(z)}
            </label>
          ))}
        </fieldset>
      )}
      {classification === 'public' && (
        <label>
          {t('measures.publicText')}
          <textarea name="publicText" value={publicText} onChange={(e) => setPublicText(e.target.value)} rows={3} />
        </label>
      )}
      {m && (
        <label>
          {t('measures.outcome')}
          <textarea name="outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} rows={3} />
        </label>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy} data-testid="measure-save">
          {t('measures.save')}
        </button>
        <button type="button" onClick={() => props.onDone(null)}>
          {t('measures.cancel')}
        </button>
      </div>
    </form>
  );
}
