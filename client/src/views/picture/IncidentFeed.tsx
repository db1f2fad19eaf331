import { memo } from 'react';
import type { IncidentStatus, IncidentType, IncidentView } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';

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

const PRECISION_KEYS: Record<IncidentView['locationPrecision'], MessageKey> = {
  exact: 'incident.precision.exact',
  street: 'incident.precision.street',
  area: 'incident.precision.area',
};

/** The live feed; memoised, it re-renders only when incidents, highlights or focus change. */
export const IncidentFeed = memo(function IncidentFeed(props: {
  incidents: readonly IncidentView[];
  highlighted: ReadonlySet<string>;
  placeOf: (i: IncidentView) => string | null;
  onFocus: (i: IncidentView) => void;
  focusedId: string | null;
}) {
  const { t, locale } = useApp();
  return (
    <section aria-labelledby="feed-h" className="incident-feed" data-testid="incident-feed">
      <h3 id="feed-h">{t('feed.heading')}</h3>
      {props.incidents.length === 0 && <p className="muted">{t('feed.empty')}</p>}
      <ol className="feed-list" aria-live="polite">
        {props.incidents.map((i) => {
          const hl = props.highlighted.has(i.id);
          const place = props.placeOf(i);
          const typeKey = INCIDENT_TYPE_KEYS[i.type] ?? 'incident.type.other';
          return (
            <li key={i.id} className={`feed-item status-${i.status}${hl ? ' highlight' : ''}${props.focusedId === i.id ? ' focused' : ''}`} data-incident-id={i.id}>
              <button type="button" className="feed-button" onClick={() => props.onFocus(i)} disabled={!i.location || i.status === 'retracted'}>
                <span className="feed-type">
                  {hl && <span className="badge badge-new">{t('feed.new')}</span>} {t(typeKey)}
                </span>
                <span className="feed-time">{formatDateTime(i.occurredAt, locale)}</span>
                <span className="feed-place">
                  {place ?? (i.location ? `${formatNumber(i.location.coordinates[1], locale, 4)}, ${formatNumber(i.location.coordinates[0], locale, 4)}` : t('feed.noPlace'))}
                  {' · '}
                  {t(PRECISION_KEYS[i.locationPrecision] ?? 'incident.precision.exact')}
                </span>
                <span className={`badge status-badge status-${i.status}`}>{t(INCIDENT_STATUS_KEYS[i.status] ?? 'incident.status.unconfirmed')}</span>
                {i.description && <span className="feed-desc">{i.description}</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
});
