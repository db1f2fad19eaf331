import { useApp } from '../AppContext.tsx';
import { LEVEL_COLORS, NO_SCORE_COLOR } from './indexModel.ts';

export function IndexLegend({ designatedAreas }: { designatedAreas: boolean }) {
  const { t } = useApp();
  return (
    <figure className="legend">
      <figcaption>{t('strategic.legend')}</figcaption>
      <ul>
        {[5, 4, 3, 2, 1].map((l) => (
          <li key={l}>
            <span className="legend-swatch" style={{ background: LEVEL_COLORS[l] }} aria-hidden="true" /> {t('strategic.level', { n: l })}
            {l === 5 ? ` (${t('strategic.worst')})` : ''}
          </li>
        ))}
        <li>
          <span className="legend-swatch" style={{ background: NO_SCORE_COLOR }} aria-hidden="true" /> {t('strategic.noScore')}
        </li>
        {designatedAreas && (
          <li>
            <span className="legend-swatch outline" style={{ borderColor: '#000', background: '#fff' }} aria-hidden="true" /> {t('strategic.usoLegend')}
          </li>
        )}
      </ul>
    </figure>
  );
}
