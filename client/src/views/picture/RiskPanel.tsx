import type { ZoneView } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import { formatDateTime, formatDuration } from '../../i18n/format.ts';
import { zoneTitle } from './incidents/zoneTitle.ts';

/** Viridis key colours, as the server renders the risk tiles (server/src/risk/tiles.ts): colour-blind safe, readable in greyscale. */
export const RISK_CLASSES = [
  { cls: 1, color: '#440154' },
  { cls: 2, color: '#3b528b' },
  { cls: 3, color: '#21918c' },
  { cls: 4, color: '#5ec962' },
  { cls: 5, color: '#fde725' },
] as const;

export function RiskPanel(props: { zones: readonly ZoneView[]; now: number; riskUpdatedAt: string | null; hasTiles: boolean; onFocus: (z: ZoneView) => void }) {
  const { t, locale } = useApp();
  return (
    <section className="risk-panel" data-testid="risk-panel">
      <h3>{t('risk.heading')}</h3>
      <p className="muted small">{props.riskUpdatedAt ? t('risk.updated', { when: formatDateTime(props.riskUpdatedAt, locale) }) : t('risk.notUpdated')}</p>
      {props.hasTiles && (
        <figure className="legend">
          <figcaption>{t('risk.legend')}</figcaption>
          <ul>
            {RISK_CLASSES.map((c) => (
              <li key={c.cls}>
                <span className="legend-swatch" style={{ background: c.color }} aria-hidden="true" />
                {t('risk.class', { n: c.cls })} {c.cls === 1 ? `(${t('risk.lowest')})` : c.cls === 5 ? `(${t('risk.highest')})` : ''}
              </li>
            ))}
          </ul>
        </figure>
      )}
      <h4>{t('zones.heading')}</h4>
      {props.zones.length === 0 && <p className="muted">{t('zones.none')}</p>}
      <ul className="zone-list" data-testid="zone-list">
        {props.zones.map((z) => (
          <li key={z.id} data-zone-id={z.id}>
            <button type="button" className="link-button" onClick={() => props.onFocus(z)}>
              <span className="zone-swatch" aria-hidden="true" /> {zoneTitle(z, t)}
            </button>
            <span className="zone-left">{t('zones.timeLeft', { left: formatDuration(Date.parse(z.expiresAt) - props.now, locale) })}</span>
            <span className="muted small">{t('zones.expires', { when: formatDateTime(z.expiresAt, locale) })}</span>
            {z.generalised && <span className="badge">{t('zones.generalised')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
