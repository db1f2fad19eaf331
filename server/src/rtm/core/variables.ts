/**
 * Candidate variables (§1.3–1.4). Every variable of a factor is binary and a function of one small integer
 * "state" per cell: state = (proximity level, density bits of every band), compacted to the states that occur.
 * This keeps a factor's whole variable family in one Int32Array (n entries) plus tiny lookup tables, and lets the
 * model fitting work per factor with histograms instead of per-variable columns.
 */
import type { FeatureSet } from './geometry.ts';
import { polygonCentroid, rasterizePolygons } from './geometry.ts';
import type { Grid } from './grid.ts';
import { StudyValidationError } from './study.ts';
import { fmtDist } from './util.ts';

export type Operationalization = 'proximity' | 'density' | 'both';
export type Increment = 'whole' | 'half';

/** Candidate distances in metres (§1.3). */
export function bandDistances(blockLength: number, spatialInfluence: number, increment: Increment): number[] {
  const out: number[] = [];
  if (increment === 'whole') for (let b = 1; b <= spatialInfluence; b++) out.push(b * blockLength);
  else for (let b = 1; b <= 2 * spatialInfluence; b++) out.push((b * blockLength) / 2);
  return out;
}

/** Number of candidate variables for a set of factors (acceptance check RTM-4). */
export function variableCount(
  factors: Array<{ operationalization: Operationalization; spatialInfluence: number; increment: Increment }>,
): number {
  let n = 0;
  for (const f of factors) {
    const bands = f.increment === 'whole' ? f.spatialInfluence : 2 * f.spatialInfluence;
    n += bands * (f.operationalization === 'both' ? 2 : 1);
  }
  return n;
}

export function sanitizeName(name: string): string {
  const s = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return s.length > 0 ? s : 'factor';
}

/** RTMDx-style variable name, e.g. r01p02_bars_proximity_100. */
export function variableName(factorNo: number, op: 'proximity' | 'density', band: number, name: string, d: number): string {
  const two = (k: number) => String(k).padStart(2, '0');
  return `r${two(factorNo)}${op === 'proximity' ? 'p' : 'd'}${two(band)}_${sanitizeName(name)}_${op}_${fmtDist(d)}`;
}

export interface VariableDef {
  op: 'proximity' | 'density';
  /** 1-based band number. */
  band: number;
  distance: number;
  name: string;
  /** state → 0/1 */
  table: Uint8Array;
  /** Number of study cells with value 1. */
  ones: number;
}

/** All candidate variables of one factor over the study cells. */
export interface FactorVariables {
  state: Int32Array;
  nStates: number;
  /** Cells per state. */
  stateCount: Float64Array;
  vars: VariableDef[];
  /** Nearest-feature distance per study cell (Infinity beyond the largest band), kept for reporting. */
  featureCount: number;
}

export interface FactorSpec {
  name: string;
  operationalization: Operationalization;
  spatialInfluence: number;
  increment: Increment;
}

/**
 * Exact squared distance from each study-cell centroid to the nearest part of the features, for cells within
 * `dmax` (others stay +Infinity). Each feature visits only the cells whose centroid may be within dmax.
 */
export function nearestDistanceSq(g: Grid, fs: FeatureSet, dmax: number): Float64Array {
  const { originX, originY, cellSize: cs, cols, rows, cellIndex } = g;
  const d2 = new Float64Array(g.n).fill(Number.POSITIVE_INFINITY);
  const dmax2 = dmax * dmax;
  const colLo = (x: number) => Math.max(0, Math.ceil((x - originX) / cs - 0.5));
  const colHi = (x: number) => Math.min(cols - 1, Math.floor((x - originX) / cs - 0.5));
  const rowLo = (y: number) => Math.max(0, Math.ceil((originY - y) / cs - 0.5));
  const rowHi = (y: number) => Math.min(rows - 1, Math.floor((originY - y) / cs - 0.5));
  const pts = fs.points;
  for (let k = 0; k < pts.length; k += 2) {
    const px = pts[k];
    const py = pts[k + 1];
    const c0 = colLo(px - dmax);
    const c1 = colHi(px + dmax);
    const r0 = rowLo(py + dmax);
    const r1 = rowHi(py - dmax);
    for (let r = r0; r <= r1; r++) {
      const dy = originY - (r + 0.5) * cs - py;
      const dy2 = dy * dy;
      if (dy2 > dmax2) continue;
      const base = r * cols;
      for (let c = c0; c <= c1; c++) {
        const i = cellIndex[base + c];
        if (i < 0) continue;
        const dx = originX + (c + 0.5) * cs - px;
        const v = dx * dx + dy2;
        if (v <= dmax2 && v < d2[i]) d2[i] = v;
      }
    }
  }
  const segment = (ax: number, ay: number, bx: number, by: number) => {
    const c0 = colLo(Math.min(ax, bx) - dmax);
    const c1 = colHi(Math.max(ax, bx) + dmax);
    const r0 = rowLo(Math.max(ay, by) + dmax);
    const r1 = rowHi(Math.min(ay, by) - dmax);
    const ex = bx - ax;
    const ey = by - ay;
    const len2 = ex * ex + ey * ey;
    for (let r = r0; r <= r1; r++) {
      const cy = originY - (r + 0.5) * cs;
      const base = r * cols;
      for (let c = c0; c <= c1; c++) {
        const i = cellIndex[base + c];
        if (i < 0) continue;
        const cx = originX + (c + 0.5) * cs;
        let t = len2 > 0 ? ((cx - ax) * ex + (cy - ay) * ey) / len2 : 0;
        if (t < 0) t = 0;
        else if (t > 1) t = 1;
        const dx = cx - (ax + t * ex);
        const dy = cy - (ay + t * ey);
        const v = dx * dx + dy * dy;
        if (v <= dmax2 && v < d2[i]) d2[i] = v;
      }
    }
  };
  for (const l of fs.lines) {
    const m = l.length / 2;
    if (m === 1) segment(l[0], l[1], l[0], l[1]);
    for (let k = 0; k + 1 < m; k++) segment(l[2 * k], l[2 * k + 1], l[2 * k + 2], l[2 * k + 3]);
  }
  for (const p of fs.polygons) {
    for (const ring of p) {
      const m = ring.length / 2;
      for (let k = 0; k < m; k++) {
        const j = k + 1 === m ? 0 : k + 1;
        segment(ring[2 * k], ring[2 * k + 1], ring[2 * j], ring[2 * j + 1]);
      }
    }
    rasterizePolygons([p], originX, originY, cs, cols, rows, (r, c0, c1) => {
      for (let c = c0; c <= c1; c++) {
        const i = cellIndex[r * cols + c];
        if (i >= 0) d2[i] = 0;
      }
    });
  }
  return d2;
}

/** Line samples allowed per factor for density (about 250 000 km of line at 50 m cells). */
const MAX_DENSITY_SAMPLES = 10_000_000;

/**
 * Points representing the factor for density (§1.1 [DESIGN]): point features as they are, line features sampled
 * every cellSize/2 along their length (vertices included), polygon features by their centroid.
 */
export function densityPoints(fs: FeatureSet, cellSize: number, factorName = 'factor'): Float64Array {
  const out: number[] = Array.from(fs.points);
  const step = cellSize / 2;
  // A line drawn in the wrong CRS can be thousands of kilometres long: refuse it rather than sample for ever.
  let samples = 0;
  for (const l of fs.lines) for (let k = 0; k + 3 < l.length; k += 2) samples += Math.hypot(l[k + 2] - l[k], l[k + 3] - l[k + 1]) / step;
  if (samples > MAX_DENSITY_SAMPLES)
    throw new StudyValidationError([
      `factor "${factorName}": its lines are ${Math.round((samples * step) / 1000)} km long, too long to sample for density at ${step} m; check the layer's CRS or use proximity only.`,
    ]);
  for (const l of fs.lines) {
    const m = l.length / 2;
    out.push(l[0], l[1]);
    let carry = 0;
    for (let k = 0; k + 1 < m; k++) {
      const ax = l[2 * k];
      const ay = l[2 * k + 1];
      const ex = l[2 * k + 2] - ax;
      const ey = l[2 * k + 3] - ay;
      const len = Math.hypot(ex, ey);
      let t = step - carry;
      while (t <= len) {
        out.push(ax + (ex * t) / len, ay + (ey * t) / len);
        t += step;
      }
      carry = len - (t - step);
    }
  }
  for (const p of fs.polygons) {
    const [cx, cy] = polygonCentroid(p);
    out.push(cx, cy);
  }
  return Float64Array.from(out);
}

/**
 * Exact quartic kernel density at the study-cell centroids with search radius d (§1.4):
 * K(c) = Σ_i 3/π · (1 − (r_i/d)²)² / d² for r_i < d. Each point only touches the cells within d.
 */
export function kernelDensity(g: Grid, pts: Float64Array, d: number, out: Float64Array): Float64Array {
  const { originX, originY, cellSize: cs, cols, rows, cellIndex } = g;
  out.fill(0);
  const d2 = d * d;
  const scale = 3 / (Math.PI * d2);
  for (let k = 0; k < pts.length; k += 2) {
    const px = pts[k];
    const py = pts[k + 1];
    const c0 = Math.max(0, Math.ceil((px - d - originX) / cs - 0.5));
    const c1 = Math.min(cols - 1, Math.floor((px + d - originX) / cs - 0.5));
    const r0 = Math.max(0, Math.ceil((originY - py - d) / cs - 0.5));
    const r1 = Math.min(rows - 1, Math.floor((originY - py + d) / cs - 0.5));
    for (let r = r0; r <= r1; r++) {
      const dy = originY - (r + 0.5) * cs - py;
      const dy2 = dy * dy;
      if (dy2 >= d2) continue;
      const base = r * cols;
      for (let c = c0; c <= c1; c++) {
        const i = cellIndex[base + c];
        if (i < 0) continue;
        const dx = originX + (c + 0.5) * cs - px;
        const u2 = (dx * dx + dy2) / d2;
        if (u2 < 1) {
          const t = 1 - u2;
          out[i] += scale * t * t;
        }
      }
    }
  }
  return out;
}

/** Builds every candidate variable of one factor. `factorNo` is 1-based (for names). */
export function buildFactorVariables(
  g: Grid,
  fs: FeatureSet,
  spec: FactorSpec,
  factorNo: number,
  blockLength: number,
  kSd: number,
): FactorVariables {
  const n = g.n;
  const dists = bandDistances(blockLength, spec.spatialInfluence, spec.increment);
  const B = dists.length;
  const useProx = spec.operationalization !== 'density';
  const useDens = spec.operationalization !== 'proximity';
  const state = new Int32Array(n);
  let nStates = 1;
  const vars: VariableDef[] = [];
  // parentOf[s'] = previous state, bitOf[s'] = new bit, used to carry tables through compaction.
  if (useProx) {
    const d2 = nearestDistanceSq(g, fs, dists[B - 1]);
    const lim = dists.map((d) => d * d);
    for (let i = 0; i < n; i++) {
      const v = d2[i];
      let lvl = 0; // 0 = beyond every band
      if (v <= lim[B - 1]) {
        lvl = B;
        for (let b = 0; b < B; b++)
          if (v <= lim[b]) {
            lvl = b + 1;
            break;
          }
      }
      state[i] = lvl;
    }
    nStates = B + 1;
    for (let b = 1; b <= B; b++) {
      const table = new Uint8Array(B + 1);
      for (let l = 1; l <= b; l++) table[l] = 1;
      vars.push({ op: 'proximity', band: b, distance: dists[b - 1], name: variableName(factorNo, 'proximity', b, spec.name, dists[b - 1]), table, ones: 0 });
    }
  }
  if (useDens) {
    const pts = densityPoints(fs, g.cellSize, spec.name);
    const K = new Float64Array(n);
    const map = new Int32Array(2 * n + 2);
    for (let b = 1; b <= B; b++) {
      const d = dists[b - 1];
      kernelDensity(g, pts, d, K);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += K[i];
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const e = K[i] - mean;
        ss += e * e;
      }
      const thr = mean + kSd * Math.sqrt(ss / n);
      // compaction of (state, bit)
      const mapLen = nStates * 2;
      map.fill(-1, 0, mapLen);
      const parent: number[] = [];
      const bits: number[] = [];
      let ns = 0;
      for (let i = 0; i < n; i++) {
        const bit = K[i] > thr ? 1 : 0;
        const key = state[i] * 2 + bit;
        let s = map[key];
        if (s < 0) {
          s = ns++;
          map[key] = s;
          parent.push(state[i]);
          bits.push(bit);
        }
        state[i] = s;
      }
      for (const v of vars) {
        const t = new Uint8Array(ns);
        for (let s = 0; s < ns; s++) t[s] = v.table[parent[s]];
        v.table = t;
      }
      const table = new Uint8Array(ns);
      for (let s = 0; s < ns; s++) table[s] = bits[s];
      vars.push({ op: 'density', band: b, distance: d, name: variableName(factorNo, 'density', b, spec.name, d), table, ones: 0 });
      nStates = ns;
    }
  }
  const stateCount = new Float64Array(nStates);
  for (let i = 0; i < n; i++) stateCount[state[i]]++;
  for (const v of vars) {
    let ones = 0;
    for (let s = 0; s < nStates; s++) if (v.table[s]) ones += stateCount[s];
    v.ones = ones;
  }
  // Order: proximity bands then density bands (tie-break order of §1.5 step 4).
  return { state, nStates, stateCount, vars, featureCount: fs.featureCount };
}
