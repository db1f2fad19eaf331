/**
 * Held-out accuracy of risk maps (evaluation-method.md §6): on one grid, score each study cell by the RTM
 * surface, RTM × near-repeat, a kernel density of training events and prior (training) counts, and measure how
 * well each ranks the test-period events (PAI, PEI, RRI at fixed coverages, and the hit-rate curve), with the
 * engine's own metric functions. Pure.
 */
import type { GridSpec } from '../../../../shared/src/geo/grid.ts';
import { pointInPolygon, polygonsOf } from '../../../../shared/src/geo/pointInPolygon.ts';
import { coverageMetrics, type Grid, kernelDensity, paiCurve } from '../../rtm/metrics.ts';

export type ModelKey = 'rtm' | 'rtm_nearrepeat' | 'kde' | 'prior_counts';

export const MODEL_LABELS: Record<ModelKey, { sv: string; en: string }> = {
  rtm: { sv: 'RTM-yta', en: 'RTM surface' },
  rtm_nearrepeat: { sv: 'RTM × närupprepning', en: 'RTM × near-repeat' },
  kde: { sv: 'Kärntäthet av tidigare händelser', en: 'Kernel density of past events' },
  prior_counts: { sv: 'Tidigare antal per ruta', en: 'Prior counts per cell' },
};

export interface ModelAccuracy {
  key: ModelKey;
  label: { sv: string; en: string };
  available: boolean;
  reason?: { sv: string; en: string };
  atCoverage: Array<{ coverage: number; cells: number; hits: number; hitRate: number | null; pai: number | null; pei: number | null; rri: number | null }>;
  /** Hit rate (share of test events captured) against the share of the area covered, ranked by the model. */
  curve: Array<{ coverage: number; hitRate: number }>;
}

const nn = (v: number) => (Number.isFinite(v) ? v : null);

/** A grid over a SWEREF polygon (or multipolygon): cells whose centre lies inside are study cells. */
export function gridOverArea(area: { type: string; coordinates?: unknown }, cellSize: number, maxCells: number): Grid {
  const polys = polygonsOf(area);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const rings of polys)
    for (const p of rings[0] ?? []) {
      minX = Math.min(minX, p[0] as number);
      maxX = Math.max(maxX, p[0] as number);
      minY = Math.min(minY, p[1] as number);
      maxY = Math.max(maxY, p[1] as number);
    }
  let cs = cellSize;
  while (Math.ceil((maxX - minX) / cs) * Math.ceil((maxY - minY) / cs) > maxCells) cs *= 2;
  const originX = Math.floor(minX / cs) * cs;
  const originY = Math.ceil(maxY / cs) * cs;
  const cols = Math.max(1, Math.ceil((maxX - originX) / cs));
  const rows = Math.max(1, Math.ceil((originY - minY) / cs));
  const cellIndex = new Int32Array(cols * rows).fill(-1);
  const flat: number[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const x = originX + (c + 0.5) * cs;
      const y = originY - (r + 0.5) * cs;
      if (polys.some((rings) => pointInPolygon(x, y, rings))) {
        cellIndex[r * cols + c] = flat.length;
        flat.push(r * cols + c);
      }
    }
  return { originX, originY, cellSize: cs, cols, rows, n: flat.length, cellIndex, flat: Int32Array.from(flat) };
}

/** Counts of points (EPSG:3006) per study cell. */
export function countPerCell(g: Grid, pts: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.n);
  for (let k = 0; k < pts.length; k += 2) {
    const c = Math.floor(((pts[k] as number) - g.originX) / g.cellSize);
    const r = Math.floor((g.originY - (pts[k + 1] as number)) / g.cellSize);
    if (c < 0 || r < 0 || c >= g.cols || r >= g.rows) continue;
    const i = g.cellIndex[r * g.cols + c] as number;
    if (i >= 0) out[i] = (out[i] as number) + 1;
  }
  return out;
}

/** A full-grid array (cols × rows) read at the study cells. */
export function atStudyCells(g: Grid, full: ArrayLike<number>): Float64Array {
  const out = new Float64Array(g.n);
  for (let i = 0; i < g.n; i++) out[i] = full[g.flat[i] as number] as number;
  return out;
}

function curveOf(score: Float64Array, obs: Float64Array, points = 50): Array<{ coverage: number; hitRate: number }> {
  const n = score.length;
  // paiCurve ranks by score (ties: fewer observed first, the conservative order).
  const { order } = paiCurve(obs, score);
  let total = 0;
  for (let i = 0; i < n; i++) total += obs[i] as number;
  const out: Array<{ coverage: number; hitRate: number }> = [{ coverage: 0, hitRate: 0 }];
  let cum = 0;
  let next = 1;
  for (let k = 0; k < n; k++) {
    cum += obs[order[k] as number] as number;
    if (k + 1 >= (next * n) / points || k === n - 1) {
      out.push({ coverage: (k + 1) / n, hitRate: total > 0 ? cum / total : 0 });
      next++;
    }
  }
  return out;
}

export function modelAccuracy(key: ModelKey, score: Float64Array | null, obs: Float64Array, coverages: readonly number[], reason?: { sv: string; en: string }): ModelAccuracy {
  if (!score) return { key, label: MODEL_LABELS[key], available: false, ...(reason ? { reason } : {}), atCoverage: [], curve: [] };
  // NaN scores (outside an RTM study area) rank last; RRI needs finite scores to scale, so it is then read from
  // a zero-filled copy (one more ranking, only in that case).
  const pct = coverages.map((c) => c * 100);
  const allFinite = score.every(Number.isFinite);
  const s = allFinite ? score : Float64Array.from(score, (v) => (Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY));
  const points = coverageMetrics(s, obs, pct);
  const rri = allFinite ? points : coverageMetrics(Float64Array.from(score, (v) => (Number.isFinite(v) ? v : 0)), obs, pct);
  return {
    key,
    label: MODEL_LABELS[key],
    available: true,
    atCoverage: points.map((p, i) => ({ coverage: coverages[i] as number, cells: p.cells, hits: p.events, hitRate: nn(p.hitRate), pai: nn(p.pai), pei: nn(p.pei), rri: nn(rri[i]?.rri ?? Number.NaN) })),
    curve: curveOf(s, obs),
  };
}

/** Quartic kernel density of the training points at the study cells (the engine's KDE). */
export function kdeScores(g: Grid, trainPts: Float64Array, bandwidthM: number): Float64Array {
  return kernelDensity(g, trainPts, bandwidthM, new Float64Array(g.n));
}

export type { Grid, GridSpec };
