import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';
import { LEVEL_COLORS, rank } from './indexModel.ts';
import type { RankedItem } from './useRanking.ts';

/** The 300 highest-ranked municipalities; a name selects the area. */
export function RankingTable({ items, selected, onSelect }: { items: readonly RankedItem[]; selected: string | null; onSelect: (code: string) => void }) {
  const { t, locale } = useApp();
  return (
    <div className="ranking-wrap">
      <table className="data-table ranking" data-testid="ranking">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('strategic.area')}</th>
            <th scope="col">{t('strategic.score')}</th>
            <th scope="col">{t('strategic.levelShort')}</th>
          </tr>
        </thead>
        <tbody>
          {rank(items)
            .slice(0, 300)
            .map((i) => (
              <tr key={i.code} className={i.code === selected ? 'selected' : undefined}>
                <td>{i.rank ?? '–'}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => onSelect(i.code)}>
                    {i.name}
                  </button>
                  {i.designated && (
                    <span className="badge badge-designated" title={t('strategic.designated')}>
                      {t('strategic.designatedShort')}
                    </span>
                  )}
                </td>
                <td>{formatNumber(i.score, locale, 2)}</td>
                <td>
                  {i.level ? (
                    <>
                      <span className="legend-swatch" style={{ background: LEVEL_COLORS[i.level] }} aria-hidden="true" /> {i.level}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
