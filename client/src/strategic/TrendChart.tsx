/** The area's index per year as a line chart with labelled axes and units (issue 17 item 6). */
import { useApp } from '../AppContext.tsx';
import { formatNumber } from '../i18n/format.ts';
import { chartGeometry } from './chartScale.ts';
import type { Trend } from './useAreaDetail.ts';
import type { Method } from './useRanking.ts';

const BOX = { width: 300, height: 170, left: 46, bottom: 36, top: 8, right: 12 };

export function TrendChart({ trend, method }: { trend: Trend; method: Method }) {
  const { t, locale } = useApp();
  const series = trend.index.map((p) => ({ year: p.year, value: p.score }));
  const g = chartGeometry(series, BOX);
  const yLabel = t(method === 'percentile' ? 'strategic.axis.index.percentile' : 'strategic.axis.index.zscore');
  const first = g.dots[0];
  const last = g.dots.at(-1);
  const summary =
    first && last
      ? t('strategic.chartSummary', { from: formatNumber(first.value, locale, 2), fromYear: first.year, to: formatNumber(last.value, locale, 2), toYear: last.year })
      : '';
  const zero = g.yTicks.find((tk) => tk.value === 0);
  return (
    <figure className="index-trend" data-testid="trend-chart" style={{ margin: 0 }}>
      <figcaption>
        <h3>{t('strategic.indexTrend')}</h3>
      </figcaption>
      <svg width={BOX.width} height={BOX.height} role="img" aria-label={`${t('strategic.indexTrend')}. ${summary}`}>
        <g className="axis" fontSize="10" fill="#333">
          {g.yTicks.map((tk) => (
            <g key={tk.value}>
              <line x1={BOX.left} x2={BOX.width - BOX.right} y1={tk.y} y2={tk.y} stroke="#e0e0e0" />
              <text x={BOX.left - 4} y={tk.y + 3} textAnchor="end">
                {formatNumber(tk.value, locale, 2)}
              </text>
            </g>
          ))}
          {zero && <line x1={BOX.left} x2={BOX.width - BOX.right} y1={zero.y} y2={zero.y} stroke="#888" />}
          <line x1={BOX.left} x2={BOX.left} y1={BOX.top} y2={BOX.height - BOX.bottom} stroke="#555" />
          <line x1={BOX.left} x2={BOX.width - BOX.right} y1={BOX.height - BOX.bottom} y2={BOX.height - BOX.bottom} stroke="#555" />
          {g.xTicks.map((tk) => (
            <text key={tk.year} x={tk.x} y={BOX.height - BOX.bottom + 12} textAnchor="middle">
              {tk.year}
            </text>
          ))}
          <text x={(BOX.left + BOX.width - BOX.right) / 2} y={BOX.height - 4} textAnchor="middle" data-testid="axis-x">
            {t('strategic.axis.year')}
          </text>
          <text transform={`translate(10 ${(BOX.top + BOX.height - BOX.bottom) / 2}) rotate(-90)`} textAnchor="middle" data-testid="axis-y">
            {yLabel}
          </text>
        </g>
        <polyline points={g.line} fill="none" stroke="#440154" strokeWidth="2" />
        {g.dots.map((d) => (
          <circle key={d.year} cx={d.x} cy={d.y} r="3" fill="#440154">
            <title>{`${d.year}: ${formatNumber(d.value, locale, 2)}`}</title>
          </circle>
        ))}
      </svg>
      <p className="muted small">{summary}</p>
    </figure>
  );
}
