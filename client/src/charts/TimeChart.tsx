/**
 * A small line chart over time in SVG (no chart library): lines, an optional interval band, a dashed marker
 * (the measure's start) and a reference line. Accessible: a `<title>` and `<desc>` name the chart, both axes
 * carry labels with units, and the legend is text, never colour alone (dash patterns differ too).
 */
import { useId } from 'react';
import { extent, linearScale, niceTicks } from './scale.ts';

export interface TimeSeries {
  label: string;
  colour: string;
  points: Array<{ x: number; y: number | null | undefined }>;
  dash?: string;
}

export interface TimeChartProps {
  title: string;
  /** One or two sentences saying what the chart shows (read by screen readers, printed in the report). */
  description: string;
  series: TimeSeries[];
  band?: { label: string; colour: string; points: Array<{ x: number; low: number | null | undefined; high: number | null | undefined }> };
  marker?: { x: number; label: string };
  referenceY?: number;
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  width?: number;
  height?: number;
  testId?: string;
}

const M = { top: 12, right: 14, bottom: 58, left: 52 };

export function TimeChart(p: TimeChartProps) {
  const id = useId();
  const width = p.width ?? 560;
  const height = p.height ?? 260;
  const xs = [...p.series.flatMap((s) => s.points.map((q) => q.x)), ...(p.band?.points.map((q) => q.x) ?? []), ...(p.marker ? [p.marker.x] : [])];
  const ys = [
    ...p.series.flatMap((s) => s.points.map((q) => q.y)),
    ...(p.band?.points.flatMap((q) => [q.low, q.high]) ?? []),
    ...(p.referenceY !== undefined ? [p.referenceY] : []),
  ];
  const xExt = extent(xs) ?? [0, 1];
  const yExt = extent(ys) ?? [0, 1];
  const yNice = niceTicks(Math.min(yExt[0], p.referenceY ?? yExt[0]), yExt[1], 5);
  const x = linearScale(xExt, [M.left, width - M.right]);
  const y = linearScale(yNice.domain, [height - M.bottom, M.top]);
  const xTicks = pickXTicks(xExt, 5);
  const path = (pts: Array<{ x: number; y: number | null | undefined }>) => {
    let d = '';
    let pen = false;
    for (const q of pts) {
      if (q.y == null || !Number.isFinite(q.y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x(q.x).toFixed(1)},${y(q.y).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  const bandPts = (p.band?.points ?? []).filter((q) => q.low != null && q.high != null && Number.isFinite(q.low) && Number.isFinite(q.high));
  const band = bandPts.length > 1 ? `M${bandPts.map((q) => `${x(q.x).toFixed(1)},${y(q.high as number).toFixed(1)}`).join('L')}L${[...bandPts].reverse().map((q) => `${x(q.x).toFixed(1)},${y(q.low as number).toFixed(1)}`).join('L')}Z` : '';
  const legend = [...(p.band ? [{ label: p.band.label, colour: p.band.colour, band: true, dash: undefined }] : []), ...p.series.map((s) => ({ label: s.label, colour: s.colour, band: false, dash: s.dash }))];
  return (
    <figure className="chart" data-testid={p.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart-svg">
        <title id={`${id}-t`}>{p.title}</title>
        <desc id={`${id}-d`}>{p.description}</desc>
        {yNice.ticks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={width - M.right} y1={y(t)} y2={y(t)} stroke="#e2e0da" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" className="chart-tick">
              {p.formatY(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          // The outer labels align inwards so they are never cut at the edge.
          <text key={`x${t}`} x={x(t)} y={height - M.bottom + 16} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'} className="chart-tick">
            {p.formatX(t)}
          </text>
        ))}
        <line x1={M.left} x2={width - M.right} y1={height - M.bottom} y2={height - M.bottom} stroke="#575757" />
        <line x1={M.left} x2={M.left} y1={M.top} y2={height - M.bottom} stroke="#575757" />
        {band && <path d={band} fill={p.band?.colour} fillOpacity={0.25} stroke="none" />}
        {p.referenceY !== undefined && <line x1={M.left} x2={width - M.right} y1={y(p.referenceY)} y2={y(p.referenceY)} stroke="#1b1b1b" strokeWidth={1} />}
        {p.marker && (
          <g>
            <line x1={x(p.marker.x)} x2={x(p.marker.x)} y1={M.top} y2={height - M.bottom} stroke="#1b1b1b" strokeDasharray="4 3" />
            <text x={x(p.marker.x) + 4} y={M.top + 10} className="chart-tick">
              {p.marker.label}
            </text>
          </g>
        )}
        {p.series.map((s) => (
          <path key={s.label} d={path(s.points)} fill="none" stroke={s.colour} strokeWidth={2} strokeDasharray={s.dash} />
        ))}
        <text x={(M.left + width - M.right) / 2} y={height - M.bottom + 34} textAnchor="middle" className="chart-axis-label">
          {p.xLabel}
        </text>
        <text transform={`translate(13 ${(M.top + height - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="chart-axis-label">
          {p.yLabel}
        </text>
        {legend.map((l, i) => (
          <g key={l.label} transform={`translate(${M.left + i * 170} ${height - 10})`}>
            {l.band ? <rect x={0} y={-8} width={22} height={8} fill={l.colour} fillOpacity={0.25} /> : <line x1={0} x2={22} y1={-4} y2={-4} stroke={l.colour} strokeWidth={2} strokeDasharray={l.dash} />}
            <text x={28} y={0} className="chart-tick">
              {l.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="chart-caption">{p.title}</figcaption>
    </figure>
  );
}

/** Up to `n` evenly spaced x positions across the extent (times: the labels say which day). */
function pickXTicks([lo, hi]: [number, number], n: number): number[] {
  if (lo === hi) return [lo];
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
