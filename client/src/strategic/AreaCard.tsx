import type { AreaDetail } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';
import { canUseRtm, isPoliceUser } from '../state/session.ts';
import type { IndicatorLabel } from './indicators.ts';
import { seriesByIndicator, sparkPoints } from './indexModel.ts';
import type { Trend } from './useAreaDetail.ts';
import type { RankedItem } from './useRanking.ts';

interface Props {
  code: string;
  detail: AreaDetail | null;
  /** The area's index: from the ranking when it is there, else from the area's detail. */
  item: RankedItem | undefined;
  trend: Trend | null;
  label: IndicatorLabel;
  onClose: () => void;
  onCreatePicture: (startRtm: boolean) => void;
}

function IndexTrend({ trend }: { trend: Trend }) {
  const { t } = useApp();
  return (
    <div className="index-trend">
      <h3>{t('strategic.indexTrend')}</h3>
      <svg width="200" height="40" role="img" aria-label={t('strategic.indexTrend')}>
        <polyline points={sparkPoints(trend.index.map((p) => ({ year: p.year, value: p.score })), 196, 34)} fill="none" stroke="#440154" strokeWidth="2" transform="translate(2,3)" />
      </svg>
      <p className="muted small">{trend.index.map((p) => `${p.year}: ${p.level ? t('strategic.level', { n: p.level }) : '–'}`).join(' · ')}</p>
    </div>
  );
}

function Contributions({ item, label }: { item: RankedItem; label: IndicatorLabel }) {
  const { t, locale } = useApp();
  return (
    <>
      <h3>{t('strategic.contributions')}</h3>
      <ul className="bars">
        {item.contributions.map((c) => {
          const share = c.contribution ?? 0;
          return (
            <li key={c.indicator}>
              <span className="bar-label">{label(c.indicator)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar ${share < 0 ? 'neg' : ''}`} style={{ width: `${Math.min(100, Math.abs(share) * 100)}%` }} />
              </span>
              <span className="bar-value">
                {formatNumber(c.value, locale, 1)} ({c.contribution == null ? t('strategic.missing') : formatNumber(share * 100, locale, 0)}
                {c.contribution == null ? '' : ' %'})
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function IndicatorTrends({ detail, label }: { detail: AreaDetail; label: IndicatorLabel }) {
  const { t, locale } = useApp();
  const series = seriesByIndicator(detail.indicators);
  if (series.size === 0) return null;
  return (
    <>
      <h3>{t('strategic.trend')}</h3>
      <ul className="trend-list">
        {[...series.entries()].map(([ind, s]) => {
          const last = s[s.length - 1];
          return (
            <li key={ind}>
              <span className="bar-label">{label(ind)}</span>
              <svg width="90" height="24" role="img" aria-label={t('strategic.trendOf', { name: label(ind) })}>
                <polyline points={sparkPoints(s, 86, 20)} fill="none" stroke="#21918c" strokeWidth="2" transform="translate(2,2)" />
              </svg>
              <span className="bar-value">
                {formatNumber(last.value, locale, 1)} ({last.year})
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The selected municipality: index, designation, trends, classifications, and (for police) a way to act. */
export function AreaCard({ code, detail, item, trend, label, onClose, onCreatePicture }: Props) {
  const { t, locale, user } = useApp();
  const designationText = (d: string): string =>
    /sarskilt|särskilt/i.test(d) ? t('strategic.designation.special') : /utsatt/i.test(d) ? t('strategic.designation.vulnerable') : d;
  return (
    <aside className="side-panel right-panel area-card" aria-label={t('strategic.areaCard')} data-testid="area-card">
      <div className="panel-head">
        <h2>{detail?.name ?? item?.name ?? code}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <p className="muted small">
        {code} · {detail?.vintage ?? ''}
      </p>
      {item && (
        <p>
          {t('strategic.score')}: <strong>{formatNumber(item.score, locale, 2)}</strong>
          {item.level ? ` · ${t('strategic.level', { n: item.level })}` : ''}
        </p>
      )}
      {item?.designated && (
        <p>
          <span className="badge badge-designated">{t('strategic.designated')}</span>{' '}
          {designationText(typeof item.designation === 'string' ? item.designation : (item.designation?.category ?? ''))}
        </p>
      )}
      {trend && trend.index.length > 1 && <IndexTrend trend={trend} />}
      {item?.reason && <p className="note">{locale === 'en' && item.reasonEn ? item.reasonEn : item.reason}</p>}
      {item && item.contributions.length > 0 && <Contributions item={item} label={label} />}
      {detail && <IndicatorTrends detail={detail} label={label} />}
      {detail && detail.classifications.length > 0 && (
        <>
          <h3>{t('strategic.classifications')}</h3>
          <ul>
            {detail.classifications.map((c, i) => (
              <li key={`${c.code ?? i}`}>
                {String(c.name ?? c.code ?? '')} {c.category ? `– ${String(c.category)}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {isPoliceUser(user) && (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => onCreatePicture(false)}>
            {t('strategic.createPicture')}
          </button>
          {canUseRtm(user) && (
            <button type="button" onClick={() => onCreatePicture(true)}>
              {t('strategic.startRtm')}
            </button>
          )}
        </div>
      )}
    </aside>
  );
}
