import { memo, useMemo, useState } from 'react';
import { INCIDENT_TYPES, type IncidentStatus, type IncidentType, type IncidentView } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { type AreaPlacement, displayName } from './incidents/areaPlacement.ts';
import { EMPTY_FILTER, type FeedFilter, filterFeed, isFiltered, type Precision, sourcesOf } from './incidents/feedFilter.ts';

export const INCIDENT_TYPE_KEYS: Record<IncidentType, MessageKey> = {
  shooting: 'incident.type.shooting',
  explosion: 'incident.type.explosion',
  threat_emergency_personnel: 'incident.type.threat_emergency_personnel',
  attack_municipal: 'incident.type.attack_municipal',
  threat_witness: 'incident.type.threat_witness',
  homicide: 'incident.type.homicide',
  arson: 'incident.type.arson',
  other: 'incident.type.other',
};

export const INCIDENT_STATUS_KEYS: Record<IncidentStatus, MessageKey> = {
  unconfirmed: 'incident.status.unconfirmed',
  confirmed: 'incident.status.confirmed',
  retracted: 'incident.status.retracted',
};

const PRECISION_KEYS: Record<Precision, MessageKey> = {
  exact: 'incident.precision.exact',
  street: 'incident.precision.street',
  area: 'incident.precision.area',
};

/** Cards rendered at first and added per "Visa fler": the DOM stays small however many incidents arrive. */
const PAGE = 30;
const TIME_CHOICES: Array<{ hours: number | null; key: MessageKey; n?: number }> = [
  { hours: null, key: 'feed.filter.all' },
  { hours: 6, key: 'feed.filter.hours', n: 6 },
  { hours: 24, key: 'feed.filter.hours', n: 24 },
  { hours: 24 * 7, key: 'feed.filter.days', n: 7 },
  { hours: 24 * 30, key: 'feed.filter.days', n: 30 },
];

function toggle<T>(s: ReadonlySet<T>, v: T): Set<T> {
  const n = new Set(s);
  if (n.has(v)) n.delete(v);
  else n.add(v);
  return n;
}

/**
 * The live feed with filters (type, time, status, precision, source) and text search, paged. Where an incident
 * is, is said as precisely as the data allows: area-precision events name their area (or the district their
 * text names, marked as such), generalised partner positions say "ungefärligt läge, ±N m" and no district.
 */
export const IncidentFeed = memo(function IncidentFeed(props: {
  incidents: readonly IncidentView[];
  highlighted: ReadonlySet<string>;
  placeOf: (i: IncidentView) => string | null;
  areaOf: (i: IncidentView) => AreaPlacement | null;
  onFocus: (i: IncidentView) => void;
  focusedId: string | null;
  now: number;
  /** Incident writers (police duty officers, analysts, commanders, admins) get confirm and retract. */
  onAction?: (i: IncidentView, action: 'confirm' | 'retract') => void;
}) {
  const { t, locale } = useApp();
  const [filter, setFilter] = useState<FeedFilter>(EMPTY_FILTER);
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState(false);
  const { placeOf, areaOf } = props;

  const whereText = (i: IncidentView): string => {
    if (!i.location) return t('feed.noPlace');
    if (i.locationPrecision === 'area') {
      const a = areaOf(i);
      if (a) return `${t('feed.areaOnly', { area: a.name })}${a.byName ? ` (${t('feed.placedByName')})` : ''}`;
    }
    if (i.generalised) return t('feed.approx', { m: i.precisionM ?? 250 });
    const place = placeOf(i);
    const pos = place ? place.split(', ').map(displayName).join(', ') : `${formatNumber(i.location.coordinates[1], locale, 4)}, ${formatNumber(i.location.coordinates[0], locale, 4)}`;
    return `${pos} · ${t(PRECISION_KEYS[i.locationPrecision] ?? 'incident.precision.exact')}`;
  };

  const nowBucket = Math.floor(props.now / 60_000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the time filter moves once a minute, not every render.
  const items = useMemo(
    () => filterFeed(props.incidents, filter, nowBucket * 60_000, (i) => `${t(INCIDENT_TYPE_KEYS[i.type] ?? 'incident.type.other')} ${whereText(i)} ${i.description ?? ''} ${i.source ?? ''}`),
    [props.incidents, filter, nowBucket, t, placeOf, areaOf],
  );
  const sources = useMemo(() => sourcesOf(props.incidents), [props.incidents]);
  const set = (f: Partial<FeedFilter>) => {
    setFilter((x) => ({ ...x, ...f }));
    setShown(PAGE);
  };

  return (
    <section aria-labelledby="feed-h" className="incident-feed" data-testid="incident-feed">
      <h3 id="feed-h">{t('feed.heading')}</h3>
      <div className="feed-tools">
        <label className="feed-search">
          <span className="visually-hidden">{t('feed.search')}</span>
          <input type="search" placeholder={t('feed.search')} value={filter.text} onChange={(e) => set({ text: e.target.value })} data-testid="feed-search" />
        </label>
        <button type="button" aria-expanded={open} aria-controls="feed-filters" onClick={() => setOpen((o) => !o)} className={isFiltered(filter) ? 'active' : ''}>
          {t('feed.filters')}
        </button>
      </div>
      {open && (
        <div id="feed-filters" className="feed-filters" data-testid="feed-filters">
          <fieldset>
            <legend>{t('feed.filter.time')}</legend>
            <select value={String(filter.withinHours)} onChange={(e) => set({ withinHours: e.target.value === 'null' ? null : Number(e.target.value) })} aria-label={t('feed.filter.time')}>
              {TIME_CHOICES.map((c) => (
                <option key={String(c.hours)} value={String(c.hours)}>
                  {t(c.key, c.n ? { n: c.n } : undefined)}
                </option>
              ))}
            </select>
          </fieldset>
          <fieldset>
            <legend>{t('feed.filter.status')}</legend>
            {(['confirmed', 'unconfirmed', 'retracted'] as const).map((s) => (
              <label key={s} className="checkbox">
                <input type="checkbox" checked={filter.statuses.has(s)} onChange={() => set({ statuses: toggle(filter.statuses, s) })} /> {t(INCIDENT_STATUS_KEYS[s])}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('feed.filter.precision')}</legend>
            {(['exact', 'street', 'area'] as const).map((p) => (
              <label key={p} className="checkbox">
                <input type="checkbox" checked={filter.precisions.has(p)} onChange={() => set({ precisions: toggle(filter.precisions, p) })} /> {t(`feed.precision.${p}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('feed.filter.type')}</legend>
            {INCIDENT_TYPES.map((x) => (
              <label key={x} className="checkbox">
                <input type="checkbox" checked={filter.types.has(x)} onChange={() => set({ types: toggle(filter.types, x) })} /> {t(INCIDENT_TYPE_KEYS[x])}
              </label>
            ))}
          </fieldset>
          {sources.length > 1 && (
            <fieldset>
              <legend>{t('feed.filter.source')}</legend>
              <select value={filter.source} onChange={(e) => set({ source: e.target.value })} aria-label={t('feed.filter.source')}>
                <option value="">{t('feed.filter.all')}</option>
                {sources.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </fieldset>
          )}
        </div>
      )}
      <p className="muted small" aria-live="polite" data-testid="feed-count">
        {t('feed.count', { shown: Math.min(shown, items.length), total: items.length })}
      </p>
      {props.incidents.length === 0 && <p className="muted">{t('feed.empty')}</p>}
      {props.incidents.length > 0 && items.length === 0 && <p className="muted">{t('feed.noMatch')}</p>}
      <ol className="feed-list" aria-live="polite">
        {items.slice(0, shown).map((i) => {
          const hl = props.highlighted.has(i.id);
          const typeKey = INCIDENT_TYPE_KEYS[i.type] ?? 'incident.type.other';
          return (
            <li key={i.id} className={`feed-item status-${i.status}${hl ? ' highlight' : ''}${props.focusedId === i.id ? ' focused' : ''}`} data-incident-id={i.id}>
              <button type="button" className="feed-button" onClick={() => props.onFocus(i)} disabled={!i.location || i.status === 'retracted'}>
                <span className="feed-type">
                  {hl && <span className="badge badge-new">{t('feed.new')}</span>} {t(typeKey)}
                </span>
                <span className="feed-time">{formatDateTime(i.occurredAt, locale)}</span>
                <span className="feed-place">{whereText(i)}</span>
                <span className={`badge status-badge status-${i.status}`}>{t(INCIDENT_STATUS_KEYS[i.status] ?? 'incident.status.unconfirmed')}</span>
                {i.description && <span className="feed-desc">{i.description}</span>}
              </button>
              {props.onAction && i.status !== 'retracted' && (
                <div className="feed-actions">
                  {i.status !== 'confirmed' && (
                    <button type="button" onClick={() => props.onAction?.(i, 'confirm')}>
                      {t('incidentAction.confirm')}
                    </button>
                  )}
                  <button type="button" className="danger-outline" onClick={() => props.onAction?.(i, 'retract')}>
                    {t('incidentAction.retract')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {items.length > shown && (
        <button type="button" className="wide" onClick={() => setShown((n) => n + PAGE)}>
          {t('feed.more')}
        </button>
      )}
    </section>
  );
});
