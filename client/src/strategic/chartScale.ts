/** Axes of a small line chart: linear scales, "nice" y ticks and one x tick per year. Pure. */

export interface ChartPoint {
  year: number;
  value: number | null;
}

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axis labels, in px. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface ChartGeometry {
  /** SVG polyline points of the non-null values. */
  line: string;
  dots: { x: number; y: number; year: number; value: number }[];
  xTicks: { x: number; year: number }[];
  yTicks: { y: number; value: number }[];
}

/** 1, 2 or 5 times a power of ten: the step that gives about `count` ticks over the span. */
export function niceStep(span: number, count = 4): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

export function chartGeometry(series: readonly ChartPoint[], box: ChartBox): ChartGeometry {
  const pts = series.filter((p): p is { year: number; value: number } => p.value != null && Number.isFinite(p.value));
  const years = series.map((p) => p.year);
  const x0 = Math.min(...years);
  const x1 = Math.max(...years);
  let lo = Math.min(0, ...pts.map((p) => p.value));
  let hi = Math.max(0, ...pts.map((p) => p.value));
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const iw = box.width - box.left - box.right;
  const ih = box.height - box.top - box.bottom;
  const sx = (year: number) => box.left + (x1 === x0 ? iw / 2 : ((year - x0) / (x1 - x0)) * iw);
  const sy = (v: number) => box.top + ih - ((v - lo) / (hi - lo)) * ih;
  const yTicks: { y: number; value: number }[] = [];
  // Rounded so that 0.30000000000000004 is labelled 0.3.
  for (let v = lo; v <= hi + step / 2; v += step) yTicks.push({ y: sy(v), value: Math.round(v / step) * step });
  const dots = pts.map((p) => ({ x: sx(p.year), y: sy(p.value), year: p.year, value: p.value }));
  return {
    line: dots.map((d) => `${d.x.toFixed(1)},${d.y.toFixed(1)}`).join(' '),
    dots,
    xTicks: [...new Set(years)].sort((a, b) => a - b).map((year) => ({ x: sx(year), year })),
    yTicks,
  };
}
