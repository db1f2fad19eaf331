import type { AreaDetail } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';
import { canUseRtm, isPoliceUser } from '../state/session.ts';
import { ExposureTable } from './ExposureTable.tsx';
import type { IndicatorLabel } from './indicators.ts';
import { seriesByIndicator, sparkPoints } from './indexModel.ts';
import { type AreaLevel, categoryLabel, type Classification, classificationText, contributionWidths, indexPoints, levelLabel, vintageLabel } from './labels.ts';
import { TrendChart } from './TrendChart.tsx';
import type { Trend } from './useAreaDetail.ts';
import type { Method, RankedItem } from './useRanking.ts';

interface Props {
  code: string;
  detail: AreaDetail | null;
  /** The area's index: from the ranking when it is there, else from the area's detail. */
  item: RankedItem | undefined;
  trend: Trend | null;
  label: IndicatorLabel;
  onClose: () => void;
  onCreatePicture: (startRtm: boolean) => void;
  method: Method;
  /** Levels the area can be opened into on the map (its municipalities, districts or DeSO areas). */
  drillLevels: AreaLevel[];
  onDrill: (level: AreaLevel) => void;
}

function Contributions({ item, label }: { item: RankedItem; label: IndicatorLabel }) {
  const { t, locale } = useApp();
  const widths = contributionWidths(item.contributions.map((c) => c.contribution));
  return (
    <>
      <h3>{t('strategic.contributions')}</h3>
      <p className="muted small">{t('strategic.contributionsNote')}</p>
      <ul className="bars" data-testid="contributions">
        {item.contributions.map((c, i) => {
          const share = c.contribution ?? 0;
          return (
            <li key={c.indicator}>
              <span className="bar-label">{label(c.indicator)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar ${share < 0 ? 'neg' : ''}`} style={{ width: `${widths[i]}%` }} />
              </span>
              <span className="bar-value">
                {formatNumber(c.value, locale, 1)} ({c.contribution == null ? t('strategic.missing') : indexPoints(c.contribution, locale)})
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
export function AreaCard({ code, detail, item, trend, label, onClose, onCreatePicture, method, drillLevels, onDrill }: Props) {
  const { t, locale, user } = useApp();
  const designationText = (d: string): string => categoryLabel(d, locale);
  const latest = trend?.index.at(-1);
  return (
    <aside className="side-panel right-panel area-card" aria-label={t('strategic.areaCard')} data-testid="area-card">
      <div className="panel-head">
        <h2>{detail?.name ?? item?.name ?? code}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <p className="muted small" data-testid="area-vintage">
        {detail ? `${levelLabel(detail.level as AreaLevel, locale)} · ` : ''}
        {code}
        {detail?.vintage ? ` · ${vintageLabel(detail.vintage, locale)}` : ''}
      </p>
      {item && (
        <p>
          {t('strategic.score')}: <strong>{formatNumber(item.score, locale, 2)}</strong>
          {item.level ? ` · ${t('strategic.level', { n: item.level })}` : ''}
          {latest?.rank ? ` · ${t('strategic.rank', { rank: latest.rank, of: latest.of })}` : ''}
        </p>
      )}
      {item?.designated && (
        <p>
          <span className="badge badge-designated">{t('strategic.designated')}</span>{' '}
          {designationText(typeof item.designation === 'string' ? item.designation : (item.designation?.category ?? ''))}
        </p>
      )}
      {drillLevels.length > 0 && (
        <div className="button-row" data-testid="drill-buttons">
          {drillLevels.map((l) => (
            <button key={l} type="button" onClick={() => onDrill(l)}>
              {t('strategic.openChildren', { level: levelLabel(l, locale).toLowerCase() })}
            </button>
          ))}
        </div>
      )}
      {trend && trend.index.length > 1 && <TrendChart trend={trend} method={method} />}
      {item?.reason && <p className="note">{locale === 'en' && item.reasonEn ? item.reasonEn : item.reason}</p>}
      {item && item.contributions.length > 0 && <Contributions item={item} label={label} />}
      {detail && <IndicatorTrends detail={detail} label={label} />}
      {detail && detail.classifications.length > 0 && (
        <>
          <h3>{t('strategic.classifications')}</h3>
          <ul>
            {detail.classifications.map((c, i) => (
              <li key={`${c.code ?? c.id ?? i}`}>{classificationText(c as Classification, locale)}</li>
            ))}
          </ul>
        </>
      )}
      <ExposureTable code={code} />
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
