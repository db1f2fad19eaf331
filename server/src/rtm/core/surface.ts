/**
 * Relative risk surface (§1.6–1.8) and risk clusters (§2).
 */
import type { Grid } from './grid.ts';

export interface SurfaceTerm {
  state: Int32Array;
  table: Uint8Array;
  beta: number;
}

/** η_c = Σ β_k x_ck; RRS_c = exp(η_c − min η) (§1.7 [DESIGN] normalisation). Writes into `out`. */
export function relativeRiskScore(n: number, terms: SurfaceTerm[], out: Float64Array, etaOut?: Float64Array): Float64Array {
  const eta = etaOut ?? new Float64Array(n);
  eta.fill(0);
  for (const t of terms) {
    const { state, table, beta } = t;
    for (let i = 0; i < n; i++) if (table[state[i]]) eta[i] += beta;
  }
  let mn = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) if (eta[i] < mn) mn = eta[i];
  if (!Number.isFinite(mn)) mn = 0;
  for (let i = 0; i < n; i++) out[i] = Math.exp(eta[i] - mn);
  return out;
}

export const CLASS_NAMES = ['below_average', 'above_average', 'moderately_high', 'highest'] as const;
export type RiskClass = (typeof CLASS_NAMES)[number];

export interface ClassThresholds {
  mean: number;
  sd: number;
  kHigh: number;
  kModerate: number;
}

/** Class codes 0..3 (index into CLASS_NAMES), §1.8: mean and population SD over study cells. */
export function riskClasses(rrs: Float64Array, kHigh: number, kModerate: number, out: Uint8Array): ClassThresholds {
  const n = rrs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += rrs[i];
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (rrs[i] - mean) ** 2;
  const sd = Math.sqrt(ss / n);
  const tHigh = mean + kHigh * sd;
  const tMod = mean + kModerate * sd;
  // A flat surface (no risk factor) has no above-average places.
  const flat = sd <= 1e-12 * Math.max(1, mean);
  for (let i = 0; i < n; i++) {
    const v = rrs[i];
    out[i] = flat ? 0 : v >= tHigh ? 3 : v >= tMod ? 2 : v >= mean ? 1 : 0;
  }
  return { mean, sd, kHigh, kModerate };
}

export interface ClassSummary {
  class: RiskClass;
  cells: number;
  areaPct: number;
  events: number;
  eventsPct: number;
  pai: number | null;
}

export function summarizeClasses(cls: Uint8Array, counts: Int32Array): ClassSummary[] {
  const n = cls.length;
  const cells = new Float64Array(4);
  const ev = new Float64Array(4);
  let total = 0;
  for (let i = 0; i < n; i++) {
    cells[cls[i]]++;
    ev[cls[i]] += counts[i];
    total += counts[i];
  }
  const out: ClassSummary[] = [];
  for (let c = 3; c >= 0; c--) {
    const areaPct = (100 * cells[c]) / n;
    const eventsPct = total > 0 ? (100 * ev[c]) / total : 0;
    out.push({
      class: CLASS_NAMES[c],
      cells: cells[c],
      areaPct,
      events: ev[c],
      eventsPct,
      pai: areaPct > 0 && total > 0 ? eventsPct / areaPct : null,
    });
  }
  return out;
}

export interface Cluster {
  id: number;
  cells: number;
  areaM2: number;
  meanRrs: number;
  maxRrs: number;
  events: number;
  testEvents?: number;
  centroid: { x: number; y: number };
  /** Share of the cluster's cells where each selected factor's variable is present. */
  factors: Array<{ name: string; share: number }>;
}

/**
 * Risk clusters (§2 [DESIGN]): 8-connected components of `highest`-class cells with at least `minCells` cells,
 * sorted by size then max RRS. `clusterOf` (optional out, length n) receives the cluster id or 0.
 */
export function findClusters(
  g: Grid,
  cls: Uint8Array,
  rrs: Float64Array,
  counts: Int32Array,
  testCounts: Int32Array | null,
  terms: Array<{ name: string; state: Int32Array; table: Uint8Array }>,
  minCells: number,
  clusterOf?: Int32Array,
): Cluster[] {
  const n = g.n;
  const label = new Int32Array(n);
  const stack = new Int32Array(n);
  const out: Cluster[] = [];
  let next = 0;
  const members: number[] = [];
  for (let i0 = 0; i0 < n; i0++) {
    if (cls[i0] !== 3 || label[i0] !== 0) continue;
    next++;
    let sp = 0;
    stack[sp++] = i0;
    label[i0] = next;
    members.length = 0;
    while (sp > 0) {
      const i = stack[--sp];
      members.push(i);
      const f = g.flat[i];
      const r = Math.floor(f / g.cols);
      const c = f - r * g.cols;
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= g.rows) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if ((dr === 0 && dc === 0) || cc < 0 || cc >= g.cols) continue;
          const j = g.cellIndex[rr * g.cols + cc];
          if (j >= 0 && cls[j] === 3 && label[j] === 0) {
            label[j] = next;
            stack[sp++] = j;
          }
        }
      }
    }
    if (members.length < minCells) {
      for (const i of members) label[i] = -1;
      continue;
    }
    let sx = 0;
    let sy = 0;
    let sr = 0;
    let mr = 0;
    let ev = 0;
    let tev = 0;
    for (const i of members) {
      const f = g.flat[i];
      const r = Math.floor(f / g.cols);
      const c = f - r * g.cols;
      sx += g.originX + (c + 0.5) * g.cellSize;
      sy += g.originY - (r + 0.5) * g.cellSize;
      sr += rrs[i];
      if (rrs[i] > mr) mr = rrs[i];
      ev += counts[i];
      if (testCounts) tev += testCounts[i];
    }
    const m = members.length;
    const cl: Cluster = {
      id: next,
      cells: m,
      areaM2: m * g.cellSize * g.cellSize,
      meanRrs: sr / m,
      maxRrs: mr,
      events: ev,
      centroid: { x: sx / m, y: sy / m },
      factors: terms.map((t) => {
        let k = 0;
        for (const i of members) if (t.table[t.state[i]]) k++;
        return { name: t.name, share: k / m };
      }),
    };
    if (testCounts) cl.testEvents = tev;
    out.push(cl);
  }
  out.sort((a, b) => b.cells - a.cells || b.maxRrs - a.maxRrs || a.id - b.id);
  const renum = new Map<number, number>();
  out.forEach((c, k) => {
    renum.set(c.id, k + 1);
    c.id = k + 1;
  });
  if (clusterOf) for (let i = 0; i < n; i++) clusterOf[i] = label[i] > 0 ? (renum.get(label[i]) ?? 0) : 0;
  return out;
}
