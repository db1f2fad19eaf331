/**
 * Dots with optional vertical interval bars, in SVG: dosage against estimated effect across measures. A zero
 * line marks "no change". Accessible as TimeChart: `<title>`, `<desc>`, labelled axes with units, each dot
 * titled with its measure.
 */
import { useId } from 'react';
import { extent, linearScale, niceTicks } from './scale.ts';

export interface ScatterPoint {
  x: number;
  y: number;
  low?: number | null;
  high?: number | null;
  label: string;
}

export interface ScatterChartProps {
  title: string;
  description: string;
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  width?: number;
  height?: number;
  testId?: string;
}

const M = { top: 12, right: 14, bottom: 44, left: 56 };

export function ScatterChart(p: ScatterChartProps) {
  const id = useId();
  const width = p.width ?? 520;
  const height = p.height ?? 280;
  const xExt = extent(p.points.map((q) => q.x)) ?? [0, 1];
  const yExt = extent([0, ...p.points.flatMap((q) => [q.y, q.low, q.high])]) ?? [0, 1];
  const xNice = niceTicks(Math.min(0, xExt[0]), xExt[1], 5);
  const yNice = niceTicks(yExt[0], yExt[1], 5);
  const x = linearScale(xNice.domain, [M.left, width - M.right]);
  const y = linearScale(yNice.domain, [height - M.bottom, M.top]);
  return (
    <figure className="chart" data-testid={p.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        {yNice.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#1b1b1b' : '#e2e0da'} />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" className="chart-tick">
              {p.formatY(t)}
            </text>
          </g>
        ))}
        {xNice.ticks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={height - M.bottom + 16} textAnchor="middle" className="chart-tick">
            {p.formatX(t)}
          </text>
        ))}
        <line x1={M.left} x2={M.left} y1={M.top} y2={height - M.bottom} stroke="#575757" />
        {p.points.map((q) => (
          <g key={q.label}>
            {q.low != null && q.high != null && <line x1={x(q.x)} x2={x(q.x)} y1={y(q.low)} y2={y(q.high)} stroke="#004b87" strokeWidth={1.5} />}
            <circle cx={x(q.x)} cy={y(q.y)} r={5} fill="#004b87" stroke="#fff">
              <title>{q.label}</title>
            </circle>
          </g>
        ))}
        <text x={(M.left + width - M.right) / 2} y={height - 8} textAnchor="middle" className="chart-axis-label">
          {p.xLabel}
        </text>
        <text transform={`translate(14 ${(M.top + height - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="chart-axis-label">
          {p.yLabel}
        </text>
      </svg>
      <figcaption className="chart-caption">{p.title}</figcaption>
    </figure>
  );
}
