import type { Statistics } from './api.ts';
import { labelOf, type PublicKey, type PublicLang, publicText } from './sentences.ts';
import { chartMax, monthLabel, statisticsTable } from './view.ts';

/** Colours per type for the chart (≥ 3:1 against white, WCAG 1.4.11); the table beside it carries the numbers. */
const PALETTE = ['#004b87', '#a4262c', '#0b6e32', '#8a4b00', '#5b2a86', '#1b1b1b', '#00606b', '#7a1f5c'];

export function StatisticsSection({ statistics, name, lang }: { statistics: Statistics; name: string; lang: PublicLang }) {
  const t = (k: PublicKey, p?: Record<string, string | number>) => publicText(lang, k, p);
  const table = statisticsTable(statistics.items);
  const hasAny = statistics.items.some((i) => i.suppressed || (i.count ?? 0) > 0);
  return (
    <section aria-labelledby="stats-heading" className="pv-section">
      <h2 id="stats-heading">{t('stats.heading')}</h2>
      <p>{t('stats.intro')}</p>
      {!hasAny ? (
        <p>{t('stats.none')}</p>
      ) : (
        <>
          <Chart statistics={statistics} lang={lang} />
          {/* Focusable so a keyboard can scroll a table wider than a phone. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
          <section className="pv-table-scroll" tabIndex={0} aria-label={t('stats.caption', { name })}>
            <table className="pv-table">
              <caption>{t('stats.caption', { name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.month')}</th>
                  {table.types.map((type) => (
                    <th scope="col" key={type}>
                      {labelOf(lang, 'type', type)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.months.map((month) => (
                  <tr key={month}>
                    <th scope="row">{monthLabel(month, lang)}</th>
                    {table.types.map((type) => {
                      const c = table.cell(month, type);
                      return <td key={type}>{c?.suppressed ? <abbr title={t('stats.suppressedNote')}>{t('stats.suppressed')}</abbr> : (c?.count ?? 0)}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p className="pv-note">{t('stats.suppressedNote')}</p>
        </>
      )}
    </section>
  );
}

/** Bars per month and type; a suppressed cell is an outlined bar up to 4 (its range), never a number. */
function Chart({ statistics, lang }: { statistics: Statistics; lang: PublicLang }) {
  const table = statisticsTable(statistics.items);
  const max = chartMax(statistics.items);
  const groupW = Math.max(14, table.types.length * 8 + 6);
  const width = table.months.length * groupW + 30;
  const height = 140;
  const y = (n: number) => height - 20 - (n / max) * (height - 30);
  return (
    <figure className="pv-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={publicText(lang, 'stats.chart')} preserveAspectRatio="xMinYMid meet">
        <line x1="28" x2={width} y1={height - 20} y2={height - 20} stroke="#575757" />
        <text x="24" y={y(max) + 4} textAnchor="end" fontSize="9" fill="#1b1b1b">
          {max}
        </text>
        <text x="24" y={height - 17} textAnchor="end" fontSize="9" fill="#1b1b1b">
          0
        </text>
        {table.months.map((month, mi) =>
          table.types.map((type, ti) => {
            const c = table.cell(month, type);
            const x = 30 + mi * groupW + ti * 8;
            if (!c) return null;
            const value = c.suppressed ? 4 : (c.count ?? 0);
            const color = PALETTE[ti % PALETTE.length];
            return (
              <rect
                key={`${month}-${type}`}
                x={x}
                y={y(value)}
                width="6"
                height={height - 20 - y(value)}
                fill={c.suppressed ? 'none' : color}
                stroke={color}
                strokeDasharray={c.suppressed ? '2 1' : undefined}
              />
            );
          }),
        )}
        {table.months.map((month, mi) => (
          <text key={month} x={30 + mi * groupW} y={height - 6} fontSize="8" fill="#1b1b1b">
            {month.slice(2)}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="pv-legend">
          {table.types.map((type, ti) => (
            <li key={type}>
              <span className="pv-swatch" style={{ background: PALETTE[ti % PALETTE.length] }} aria-hidden="true" />
              {labelOf(lang, 'type', type)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
