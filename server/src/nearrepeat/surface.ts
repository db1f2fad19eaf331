/**
 * Dynamic near-repeat risk surface (spec rtm-method.md §3.5) over a raster grid, with incremental updates.
 *
 * Determinism: a cell's value is always the float32 rounding of a float64 sum over the contributing incidents
 * in ascending id order. The full computation and every incremental update use the same arithmetic in the same
 * order, so a surface maintained incrementally is bit-identical to one computed from scratch.
 */
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import {
  bandIndex,
  DEFAULT_NEAR_REPEAT_CONFIG,
  type IncidentStatus,
  type IncidentType,
  MS_PER_DAY,
  type NearRepeatConfig,
  spatialWeight,
  temporalWeight,
} from './kernels.ts';

/** The fields of an incident the surface needs. `occurredAt` is epoch milliseconds; x/y in EPSG:3006. */
export interface NearRepeatIncident {
  id: string;
  type: IncidentType;
  status: IncidentStatus;
  x: number;
  y: number;
  occurredAt: number;
}

/** Inclusive cell range. */
export interface CellBox {
  minCol: number;
  minRow: number;
  maxCol: number;
  maxRow: number;
}

/** Cells whose value changed in one operation. */
export interface SurfaceChange {
  /** Row-major indices of changed cells, ascending within each affected box. */
  cells: Uint32Array;
  /** Bounding box of `cells`, `null` if nothing changed. */
  bbox: CellBox | null;
  /** True when the whole grid was recomputed (config change, large time step). */
  full: boolean;
}

/** Validates a grid; returns problems (empty if fine). */
export function validateGrid(grid: GridSpec): string[] {
  const p: string[] = [];
  if (!Number.isFinite(grid.originX) || !Number.isFinite(grid.originY)) p.push('The grid origin must be finite.');
  if (!(grid.cellSize > 0) || !Number.isFinite(grid.cellSize)) p.push('The grid cell size must be a positive number.');
  if (!Number.isInteger(grid.cols) || grid.cols < 1) p.push('The grid column count must be a positive integer.');
  if (!Number.isInteger(grid.rows) || grid.rows < 1) p.push('The grid row count must be a positive integer.');
  if (grid.cols * grid.rows > 2 ** 32 - 1) p.push('The grid has too many cells (at most 2^32 − 1).');
  return p;
}

interface Stored {
  id: string;
  type: IncidentType;
  x: number;
  y: number;
  t: number;
  /** Footprint box, or minCol > maxCol when entirely outside the grid. */
  box: CellBox;
}

const EMPTY: SurfaceChange = Object.freeze({ cells: new Uint32Array(0), bbox: null, full: false }) as SurfaceChange;

function compareIds(a: Stored, b: Stored): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A near-repeat surface for one picture. Holds the confirmed incidents, the evaluation time `now` and the
 * values. Every mutating method returns the cells that changed.
 */
export class NearRepeatSurface {
  readonly grid: Readonly<GridSpec>;
  /** NR value per cell (row-major, see {@link GridSpec}). Do not write. */
  readonly values: Float32Array;
  private cfg: Readonly<NearRepeatConfig>;
  private nowMs: number;
  private readonly byId = new Map<string, Stored>();
  // Scratch, allocated once per surface (grid-sized; 1 byte + 8 bytes per cell).
  private readonly mark: Uint8Array;
  private readonly acc: Float64Array;
  private changed: Uint32Array;

  /**
   * @param grid raster geometry (validated here)
   * @param now evaluation time, epoch ms (inject the clock; the surface never reads it)
   * @param config resolved config, see `resolveNearRepeatConfig`
   */
  constructor(grid: GridSpec, now: number, config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG) {
    const problems = validateGrid(grid);
    if (!Number.isFinite(now)) problems.push('now must be a finite epoch-millisecond time.');
    if (problems.length > 0) throw new RangeError(problems.join(' '));
    this.grid = Object.freeze({ ...grid });
    const n = grid.cols * grid.rows;
    this.values = new Float32Array(n);
    this.mark = new Uint8Array(n);
    this.acc = new Float64Array(n);
    this.changed = new Uint32Array(1024);
    this.cfg = config;
    this.nowMs = now;
  }

  /** Builds a surface from a list of incidents (only confirmed ones count). */
  static build(
    grid: GridSpec,
    incidents: Iterable<NearRepeatIncident>,
    now: number,
    config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG,
  ): NearRepeatSurface {
    const s = new NearRepeatSurface(grid, now, config);
    for (const inc of incidents) s.store(inc);
    s.recomputeAll();
    return s;
  }

  get now(): number {
    return this.nowMs;
  }

  get config(): Readonly<NearRepeatConfig> {
    return this.cfg;
  }

  /** Number of incidents held (confirmed, of an enabled type; expired ones included). */
  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Whether an incident with this status and type feeds the surface. */
  counts(inc: Pick<NearRepeatIncident, 'status' | 'type'>): boolean {
    const c = this.cfg.types[inc.type];
    return inc.status === 'confirmed' && c !== undefined && c.enabled && c.weight > 0;
  }

  /**
   * Adds, updates (moves, re-times, re-types) or — when the status is not `confirmed` — removes an incident.
   * Only the cells under the old and new footprints are recomputed.
   */
  upsert(inc: NearRepeatIncident): SurfaceChange {
    const old = this.byId.get(inc.id);
    if (!this.counts(inc)) return old === undefined ? EMPTY : this.remove(inc.id);
    const oldBox = old?.box;
    const stored = this.store(inc);
    const boxes = oldBox === undefined ? [stored.box] : [oldBox, stored.box];
    return this.recomputeBoxes(boxes);
  }

  /** Removes an incident (retraction or deletion). Unknown ids change nothing. */
  remove(id: string): SurfaceChange {
    const old = this.byId.get(id);
    if (old === undefined) return EMPTY;
    this.byId.delete(id);
    return this.recomputeBoxes([old.box]);
  }

  /**
   * Moves the evaluation time. Only incidents whose temporal weight changes (all active ones for decaying
   * kernels; only starting/expiring ones for the step kernel) are recomputed; a large change falls back to a
   * full recomputation.
   */
  advanceTo(now: number): SurfaceChange {
    if (!Number.isFinite(now)) throw new RangeError('now must be a finite epoch-millisecond time.');
    if (now === this.nowMs) return EMPTY;
    const boxes: CellBox[] = [];
    let area = 0;
    for (const s of this.byId.values()) {
      if (this.timeWeight(s, this.nowMs) !== this.timeWeight(s, now) || this.timeBand(s, this.nowMs) !== this.timeBand(s, now)) {
        if (s.box.minCol > s.box.maxCol) continue;
        boxes.push(s.box);
        area += (s.box.maxCol - s.box.minCol + 1) * (s.box.maxRow - s.box.minRow + 1);
      }
    }
    this.nowMs = now;
    if (boxes.length === 0) return EMPTY;
    if (area > this.values.length / 2) return this.recomputeAll();
    return this.recomputeBoxes(boxes);
  }

  /** Replaces the configuration (per-picture settings changed) and recomputes everything. */
  setConfig(config: Readonly<NearRepeatConfig>, incidents?: Iterable<NearRepeatIncident>): SurfaceChange {
    this.cfg = config;
    if (incidents !== undefined) {
      this.byId.clear();
      for (const inc of incidents) this.store(inc);
    } else {
      for (const s of [...this.byId.values()]) {
        if (!this.cfg.types[s.type].enabled || this.cfg.types[s.type].weight <= 0) this.byId.delete(s.id);
        else s.box = this.footprint(s.x, s.y, s.type);
      }
    }
    return this.recomputeAll();
  }

  /** Recomputes every cell from scratch; returns the cells that changed. */
  recomputeAll(): SurfaceChange {
    const acc = this.acc;
    acc.fill(0);
    const list = [...this.byId.values()].sort(compareIds);
    for (const s of list) this.accumulate(s, s.box, acc, true);
    const v = this.values;
    let nChanged = 0;
    let minCol = Number.POSITIVE_INFINITY;
    let minRow = Number.POSITIVE_INFINITY;
    let maxCol = -1;
    let maxRow = -1;
    const cols = this.grid.cols;
    for (let i = 0; i < v.length; i++) {
      const nv = Math.fround(acc[i]);
      if (nv !== v[i]) {
        v[i] = nv;
        this.pushChanged(nChanged++, i);
        const r = (i / cols) | 0;
        const c = i - r * cols;
        if (c < minCol) minCol = c;
        if (c > maxCol) maxCol = c;
        if (r < minRow) minRow = r;
        if (r > maxRow) maxRow = r;
      }
    }
    return {
      cells: this.changed.slice(0, nChanged),
      bbox: nChanged === 0 ? null : { minCol, minRow, maxCol, maxRow },
      full: true,
    };
  }

  /** Value at a point (EPSG:3006), or NaN outside the grid. */
  valueAt(x: number, y: number): number {
    const { originX, originY, cellSize, cols, rows } = this.grid;
    const c = Math.floor((x - originX) / cellSize);
    const r = Math.floor((originY - y) / cellSize);
    if (c < 0 || r < 0 || c >= cols || r >= rows) return Number.NaN;
    return this.values[r * cols + c];
  }

  /** Ids of incidents whose effect is active at `now` (0 ≤ now − t < T). */
  activeIncidentIds(): string[] {
    const out: string[] = [];
    for (const s of this.byId.values()) if (this.timeWeight(s, this.nowMs) > 0) out.push(s.id);
    return out.sort();
  }

  private store(inc: NearRepeatIncident): Stored {
    if (!this.counts(inc)) {
      this.byId.delete(inc.id);
      return { id: inc.id, type: inc.type, x: inc.x, y: inc.y, t: inc.occurredAt, box: { minCol: 0, minRow: 0, maxCol: -1, maxRow: -1 } };
    }
    if (!Number.isFinite(inc.x) || !Number.isFinite(inc.y) || !Number.isFinite(inc.occurredAt)) {
      throw new RangeError(`Incident ${inc.id} needs finite x, y and occurredAt.`);
    }
    const s: Stored = { id: inc.id, type: inc.type, x: inc.x, y: inc.y, t: inc.occurredAt, box: this.footprint(inc.x, inc.y, inc.type) };
    this.byId.set(inc.id, s);
    return s;
  }

  /** Temporal band of the Knox-calibrated kernel (−1 outside; 0 for other kernels). */
  private timeBand(s: Stored, now: number): number {
    const k = this.cfg.types[s.type].knox;
    return k === null ? 0 : bandIndex(k.temporalUpper, (now - s.t) / MS_PER_DAY);
  }

  private timeWeight(s: Stored, now: number): number {
    const c = this.cfg.types[s.type];
    if (c.knox !== null) return this.timeBand(s, now) < 0 ? 0 : c.weight;
    return c.weight * temporalWeight(c.temporalKernel, (now - s.t) / MS_PER_DAY, c.windowDays, c.halfLifeDays);
  }

  /** Cells whose centre may lie within the radius (clamped to the grid). */
  private footprint(x: number, y: number, type: IncidentType): CellBox {
    const { originX, originY, cellSize, cols, rows } = this.grid;
    const D = this.cfg.types[type].radiusM;
    const minCol = Math.max(0, Math.floor((x - D - originX) / cellSize));
    const maxCol = Math.min(cols - 1, Math.floor((x + D - originX) / cellSize));
    const minRow = Math.max(0, Math.floor((originY - (y + D)) / cellSize));
    const maxRow = Math.min(rows - 1, Math.floor((originY - (y - D)) / cellSize));
    if (minCol > maxCol || minRow > maxRow) return { minCol: 0, minRow: 0, maxCol: -1, maxRow: -1 };
    return { minCol, minRow, maxCol, maxRow };
  }

  /**
   * Adds incident s's contribution to `acc` over the intersection of its footprint and `box`. With
   * `indexed` the accumulator is grid-sized; otherwise it is box-local (row-major over `box`).
   */
  private accumulate(s: Stored, box: CellBox, acc: Float64Array, indexed: boolean): void {
    const wt = this.timeWeight(s, this.nowMs);
    if (wt === 0) return;
    const c0 = Math.max(box.minCol, s.box.minCol);
    const c1 = Math.min(box.maxCol, s.box.maxCol);
    const r0 = Math.max(box.minRow, s.box.minRow);
    const r1 = Math.min(box.maxRow, s.box.maxRow);
    if (c0 > c1 || r0 > r1) return;
    const { originX, originY, cellSize, cols } = this.grid;
    const cfg = this.cfg.types[s.type];
    const { radiusM, halfDistanceM, spatialKernel } = cfg;
    const promap = this.cfg.promapCellM;
    const bw = box.maxCol - box.minCol + 1;
    const knox = cfg.knox;
    if (knox !== null) {
      // Joint kernel: the row of weights for this incident's current temporal band, looked up by distance.
      const tb = this.timeBand(s, this.nowMs);
      const ups = knox.spatialUpper;
      for (let r = r0; r <= r1; r++) {
        const dy = originY - (r + 0.5) * cellSize - s.y;
        const base = indexed ? r * cols : (r - box.minRow) * bw - box.minCol;
        for (let c = c0; c <= c1; c++) {
          const dx = originX + (c + 0.5) * cellSize - s.x;
          const d = Math.sqrt(dx * dx + dy * dy);
          if (d < radiusM) {
            let sb = 0;
            while (d >= ups[sb]) sb++;
            acc[base + c] += wt * knox.weights[sb][tb];
          }
        }
      }
      return;
    }
    for (let r = r0; r <= r1; r++) {
      const dy = originY - (r + 0.5) * cellSize - s.y;
      const base = indexed ? r * cols : (r - box.minRow) * bw - box.minCol;
      for (let c = c0; c <= c1; c++) {
        const dx = originX + (c + 0.5) * cellSize - s.x;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d < radiusM) acc[base + c] += wt * spatialWeight(spatialKernel, d, radiusM, halfDistanceM, promap);
      }
    }
  }

  private pushChanged(k: number, cell: number): void {
    if (k === this.changed.length) {
      const next = new Uint32Array(this.changed.length * 2);
      next.set(this.changed);
      this.changed = next;
    }
    this.changed[k] = cell;
  }

  /** Recomputes the cells of the given boxes from scratch and reports those that changed. */
  private recomputeBoxes(boxes: CellBox[]): SurfaceChange {
    const live = boxes.filter((b) => b.minCol <= b.maxCol && b.minRow <= b.maxRow);
    if (live.length === 0) return EMPTY;
    const cols = this.grid.cols;
    const v = this.values;
    const mark = this.mark;
    const all = [...this.byId.values()];
    let nChanged = 0;
    let minCol = Number.POSITIVE_INFINITY;
    let minRow = Number.POSITIVE_INFINITY;
    let maxCol = -1;
    let maxRow = -1;
    for (const box of live) {
      // Incidents whose footprint meets this box, in canonical (id) order.
      const cand = all
        .filter((s) => s.box.minCol <= box.maxCol && s.box.maxCol >= box.minCol && s.box.minRow <= box.maxRow && s.box.maxRow >= box.minRow)
        .sort(compareIds);
      const bw = box.maxCol - box.minCol + 1;
      const bh = box.maxRow - box.minRow + 1;
      // Box-local accumulator: the grid-sized scratch is reused (its first bw·bh entries).
      const acc = this.acc.subarray(0, bw * bh);
      acc.fill(0);
      for (const s of cand) this.accumulate(s, box, acc, false);
      for (let r = box.minRow; r <= box.maxRow; r++) {
        for (let c = box.minCol; c <= box.maxCol; c++) {
          const i = r * cols + c;
          if (mark[i] === 1) continue; // already settled by an earlier box
          mark[i] = 1;
          const nv = Math.fround(acc[(r - box.minRow) * bw + (c - box.minCol)]);
          if (nv !== v[i]) {
            v[i] = nv;
            this.pushChanged(nChanged++, i);
            if (c < minCol) minCol = c;
            if (c > maxCol) maxCol = c;
            if (r < minRow) minRow = r;
            if (r > maxRow) maxRow = r;
          }
        }
      }
    }
    for (const box of live) {
      for (let r = box.minRow; r <= box.maxRow; r++) mark.fill(0, r * cols + box.minCol, r * cols + box.maxCol + 1);
    }
    return {
      cells: this.changed.slice(0, nChanged),
      bbox: nChanged === 0 ? null : { minCol, minRow, maxCol, maxRow },
      full: false,
    };
  }
}

/** Pure full computation: NR values of `grid` at `now` from the confirmed incidents in `incidents`. */
export function computeNearRepeatSurface(
  grid: GridSpec,
  incidents: Iterable<NearRepeatIncident>,
  now: number,
  config: Readonly<NearRepeatConfig> = DEFAULT_NEAR_REPEAT_CONFIG,
): Float32Array {
  return NearRepeatSurface.build(grid, incidents, now, config).values;
}

/**
 * Combined overlay RRS × (1 + γ·NR) over the whole grid. `rrs` is the RTM relative risk score grid with the same
 * geometry; NaN (outside the study area) stays NaN.
 */
export function combineOverlay(rrs: Float32Array, nr: Float32Array, gamma: number, out?: Float32Array): Float32Array {
  if (rrs.length !== nr.length) throw new RangeError('The RRS grid and the near-repeat grid differ in size.');
  const o = out ?? new Float32Array(nr.length);
  if (o.length !== nr.length) throw new RangeError('The output grid differs in size from the near-repeat grid.');
  for (let i = 0; i < nr.length; i++) o[i] = rrs[i] * (1 + gamma * nr[i]);
  return o;
}

/** Updates the combined overlay `out` for the changed cells only. */
export function combineOverlayCells(
  rrs: Float32Array,
  nr: Float32Array,
  gamma: number,
  cells: Uint32Array,
  out: Float32Array,
): void {
  if (rrs.length !== nr.length || out.length !== nr.length) throw new RangeError('The grids differ in size.');
  for (let k = 0; k < cells.length; k++) {
    const i = cells[k];
    out[i] = rrs[i] * (1 + gamma * nr[i]);
  }
}

/** True when two grids have the same geometry (required for the combined overlay). */
export function sameGrid(a: GridSpec, b: GridSpec): boolean {
  return a.originX === b.originX && a.originY === b.originY && a.cellSize === b.cellSize && a.cols === b.cols && a.rows === b.rows;
}

/**
 * Tiles (of `tileSize` × `tileSize` cells, tile (0,0) at the grid's north-west corner) that contain changed
 * cells, as sorted row-major tile indices `ty · tilesX + tx`. A full change with many cells still lists only
 * touched tiles.
 */
export function changedTiles(change: SurfaceChange, grid: GridSpec, tileSize = 256): Uint32Array {
  if (change.cells.length === 0) return new Uint32Array(0);
  const tilesX = Math.ceil(grid.cols / tileSize);
  const seen = new Set<number>();
  for (let k = 0; k < change.cells.length; k++) {
    const i = change.cells[k];
    const r = Math.floor(i / grid.cols);
    const c = i - r * grid.cols;
    seen.add(Math.floor(r / tileSize) * tilesX + Math.floor(c / tileSize));
  }
  return Uint32Array.from([...seen].sort((a, b) => a - b));
}

/** Union of two changes (cells deduplicated and sorted). */
export function mergeChanges(a: SurfaceChange, b: SurfaceChange): SurfaceChange {
  if (a.cells.length === 0) return b.full || !a.full ? b : { ...b, full: true };
  if (b.cells.length === 0) return a.full || !b.full ? a : { ...a, full: true };
  const merged = new Uint32Array(a.cells.length + b.cells.length);
  merged.set(a.cells);
  merged.set(b.cells, a.cells.length);
  merged.sort();
  let n = 0;
  for (let k = 0; k < merged.length; k++) if (k === 0 || merged[k] !== merged[k - 1]) merged[n++] = merged[k];
  const ab = a.bbox!;
  const bb = b.bbox!;
  return {
    cells: merged.slice(0, n),
    bbox: {
      minCol: Math.min(ab.minCol, bb.minCol),
      minRow: Math.min(ab.minRow, bb.minRow),
      maxCol: Math.max(ab.maxCol, bb.maxCol),
      maxRow: Math.max(ab.maxRow, bb.maxRow),
    },
    full: a.full || b.full,
  };
}

/**
 * An RTM relative-risk-score grid as the RTM engine returns it: its geometry (same conventions as
 * {@link GridSpec}), the scores, and optionally `cellIndex` (cols·rows → study index or −1) when the scores are
 * stored per study-area cell rather than per grid cell.
 */
export interface RrsGridInput extends GridSpec {
  rrs: ArrayLike<number>;
  cellIndex?: Int32Array;
}

/**
 * Samples an RTM RRS grid onto the near-repeat grid `target` (nearest cell by cell centre), giving a full-grid
 * Float32Array for {@link combineOverlay}. Cells outside the RTM grid or its study area are NaN. With identical
 * geometry this is a plain copy/expansion.
 */
export function rrsOnGrid(source: RrsGridInput, target: GridSpec, out?: Float32Array): Float32Array {
  const n = target.cols * target.rows;
  const o = out ?? new Float32Array(n);
  if (o.length !== n) throw new RangeError('The output grid differs in size from the target grid.');
  const { originX, originY, cellSize, cols, rows, rrs, cellIndex } = source;
  if (cellIndex === undefined && rrs.length !== cols * rows) {
    throw new RangeError('The RRS array must have one value per grid cell unless cellIndex is given.');
  }
  for (let r = 0; r < target.rows; r++) {
    const sr = Math.floor((originY - (target.originY - (r + 0.5) * target.cellSize)) / cellSize);
    for (let c = 0; c < target.cols; c++) {
      const sc = Math.floor((target.originX + (c + 0.5) * target.cellSize - originX) / cellSize);
      let v = Number.NaN;
      if (sr >= 0 && sr < rows && sc >= 0 && sc < cols) {
        const flat = sr * cols + sc;
        const k = cellIndex === undefined ? flat : cellIndex[flat];
        if (k >= 0) v = rrs[k];
      }
      o[r * target.cols + c] = v;
    }
  }
  return o;
}
