/**
 * A small line chart of a follow-up series: quarters on x, the 0–4 scale on y, both axes labelled. Accessible:
 * the SVG is named by a title and a description, and the values are also given as a visually hidden table.
 */
import { useId } from 'react';
import type { Period } from '../../../../shared/src/areaFollowup.ts';
import { chartGeometry } from './model.ts';
import { useFollowupText } from './texts.ts';

export function TrendChart({ title, series, width = 320, height = 150, testId }: { title: string; series: ReadonlyArray<{ period: Period; value: number | null }>; width?: number; height?: number; testId?: string }) {
  const id = useId();
  const ft = useFollowupText();
  if (series.length === 0) return <p className="muted">{ft('chart.empty')}</p>;
  // Room on the right for the last quarter's label, centred on its point.
  const plot = { left: 34, right: width - 24, top: 10, bottom: height - 34 };
  const g = chartGeometry(series, plot);
  const every = Math.max(1, Math.ceil(series.length / 5));
  return (
    <figure className="followup-chart" data-testid={testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} width="100%" style={{ maxWidth: width }}>
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{ft('chart.desc', { from: series[0].period, to: series[series.length - 1].period })}</desc>
        {g.yTicks.map((t) => (
          <g key={t.value}>
            <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} stroke="#e2e0da" />
            <text x={plot.left - 6} y={t.y + 4} textAnchor="end" fontSize="10">
              {t.value}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="#444" />
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#444" />
        {g.points.map((p, i) =>
          i % every === 0 || i === g.points.length - 1 ? (
            <text key={p.period} x={p.x} y={plot.bottom + 14} textAnchor="middle" fontSize="10">
              {p.period}
            </text>
          ) : null,
        )}
        <text x={(plot.left + plot.right) / 2} y={height - 4} textAnchor="middle" fontSize="10">
          {ft('chart.x')}
        </text>
        <text x={10} y={(plot.top + plot.bottom) / 2} textAnchor="middle" fontSize="10" transform={`rotate(-90 10 ${(plot.top + plot.bottom) / 2})`}>
          {ft('chart.y')}
        </text>
        <path d={g.path} fill="none" stroke="#0b5cad" strokeWidth="2" />
        {g.points.map((p) => (p.y === null ? null : <circle key={p.period} cx={p.x} cy={p.y} r="3" fill="#0b5cad" />))}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {series.map((s) => (
            <tr key={s.period}>
              <th scope="row">{s.period}</th>
              <td>{s.value ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
