/** Coverage: how many of the highest-risk cells and live zones have an active measure, and the uncovered places. */
import { useApp } from '../../../AppContext.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import { centroidOf, type Coverage } from './model.ts';

export function CoverageView({ coverage, onFly }: { coverage: Coverage; onFly: (centre: [number, number], bbox?: [number, number, number, number]) => void }) {
  const { t, locale } = useApp();
  const zonesCovered = coverage.zones.filter((z) => z.covered).length;
  return (
    // Folded on phones, where the bottom sheet is for recording activities.
    <details className="coverage-view" data-testid="coverage-view" open={typeof window === 'undefined' || window.innerWidth > 480}>
      <summary>
        <strong>{t('coverage.heading')}</strong> · {t('coverage.top5')}: {formatPercent(coverage.top5.share, locale)}
      </summary>
      <dl className="coverage-figures">
        <dt>{t('coverage.top1')}</dt>
        <dd data-testid="coverage-top1">{formatPercent(coverage.top1.share, locale)}</dd>
        <dt>{t('coverage.top5')}</dt>
        <dd data-testid="coverage-top5">{formatPercent(coverage.top5.share, locale)}</dd>
        <dt>{t('coverage.zones')}</dt>
        <dd>{t('coverage.zonesOf', { covered: zonesCovered, total: coverage.zones.length })}</dd>
      </dl>
      <h5>{t('coverage.uncovered')}</h5>
      {coverage.uncovered.length === 0 ? (
        <p className="muted small">{t('coverage.noneUncovered')}</p>
      ) : (
        <ol className="uncovered-list" data-testid="uncovered-list">
          {coverage.uncovered.slice(0, 20).map((u) => (
            <li key={u.rank}>
              <button type="button" className="link-button" onClick={() => onFly(centroidOf(u), u.bbox)}>
                {t('coverage.place', { risk: formatNumber(u.risk, locale), cells: u.cells })}
              </button>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
