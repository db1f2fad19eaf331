/**
 * Coverage (pure): which of a picture's highest-risk cells and live near-repeat zones have an active measure on
 * them, and which high-risk places have none. Computed on the risk surface's OWN grid (shared/src/geo/grid.ts),
 * on typed arrays: one cover count per cell, kept up to date one measure at a time.
 *
 * Definitions (exact, deterministic):
 * - The cells of the picture are those of `mask` (1 = inside the area; null = every cell). With n of them, the
 *   top 1 % are the k1 = ⌈0.01·n⌉ and the top 5 % the k5 = ⌈0.05·n⌉ cells of highest value, among cells whose value
 *   is above 0 (a cell without risk is never a high-risk place, so a quiet picture has fewer, possibly none).
 *   Ties are broken by the lower cell index (north first, then west), so the sets never depend on order of work.
 * - A measure covers the cells whose centre lies inside its target when it is a Polygon/MultiPolygon, and the
 *   cells whose centre lies within {@link LINE_BUFFER_M} (100 m, about one block either side of a street patrol
 *   route) of it when it is a Point/LineString.
 * - A live zone is covered when a measure covers one of the zone's cells: the cells whose centre lies inside the
 *   zone's circle, and always the cell holding the zone's centre (on a coarse grid a small zone holds no centre);
 *   for partners (`touch`), the cells the circle touches, i.e. the zone outline they are shown.
 * - An uncovered place is a group of uncovered top-5 % cells connected through their 8 neighbours; places are
 *   ranked by their highest cell value, then mean value, then lowest cell index.
 *
 * No per-cell objects: the cover count and the rank flags are typed arrays of the grid's size; the ranking (O(n),
 * selection rather than sorting) is computed once per surface version and shared by every viewer class of that
 * audience; changing one measure touches only its own cells.
 */
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { pointInPolygon, type PolygonRings } from '../../../shared/src/geo/pointInPolygon.ts';
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';

/** Buffer around Point and LineString targets, metres. */
export const LINE_BUFFER_M = 100;
export const TOP1_SHARE = 0.01;
export const TOP5_SHARE = 0.05;

/** A GeoJSON geometry in EPSG:3006 metres (Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection). */
export interface Geometry3006 {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry3006[];
}

export interface CoverageSurface {
  grid: GridSpec;
  values: ArrayLike<number>;
  /** 1 = cell inside the picture's area; null: every cell. */
  mask: ArrayLike<number> | null;
}

export interface CoverageZone {
  id: string;
  /** Centre, EPSG:3006. */
  x: number;
  y: number;
  radiusM: number;
  /**
   * The zone is the cells its circle touches (the partner zone's outline, nearrepeat/zones.ts generaliseZone) rather
   * than the cells whose centre it holds.
   */
  touch?: boolean;
}

export interface TopFigure {
  cells: number;
  covered: number;
  share: number;
}

export interface ZoneCoverage {
  id: string;
  covered: boolean;
  measureIds: string[];
}

export interface UncoveredPlace {
  rank: number;
  /** Highest value of its cells (the rank order), and their mean. */
  risk: number;
  meanRisk: number;
  /** Mean of its cells' centres, WGS84 [lon, lat]. */
  centroid: [number, number];
  /** [west, south, east, north], WGS84, of its cells' outlines. */
  bbox: [number, number, number, number];
  cells: number;
}

export interface CoverageSummary {
  top1: TopFigure;
  top5: TopFigure;
  zones: ZoneCoverage[];
  uncovered: UncoveredPlace[];
}

/** Reprojects a WGS84 GeoJSON geometry to EPSG:3006. */
export function geometryTo3006(g: Geometry3006): Geometry3006 {
  const walk = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? wgsToSweref(c[0] as number, c[1] as number) : Array.isArray(c) ? c.map(walk) : c;
  if (g.type === 'GeometryCollection') return { type: g.type, geometries: (g.geometries ?? []).map(geometryTo3006) };
  return { type: g.type, coordinates: walk(g.coordinates) };
}

const centreX = (grid: GridSpec, col: number) => grid.originX + (col + 0.5) * grid.cellSize;
const centreY = (grid: GridSpec, row: number) => grid.originY - (row + 0.5) * grid.cellSize;

/** Columns/rows whose centre may lie in [minX, maxX] × [minY, maxY], clipped to the grid (null: none). */
function cellRange(grid: GridSpec, minX: number, minY: number, maxX: number, maxY: number) {
  const c0 = Math.max(0, Math.ceil((minX - grid.originX) / grid.cellSize - 0.5));
  const c1 = Math.min(grid.cols - 1, Math.floor((maxX - grid.originX) / grid.cellSize - 0.5));
  const r0 = Math.max(0, Math.ceil((grid.originY - maxY) / grid.cellSize - 0.5));
  const r1 = Math.min(grid.rows - 1, Math.floor((grid.originY - minY) / grid.cellSize - 0.5));
  return c0 > c1 || r0 > r1 ? null : { c0, c1, r0, r1 };
}

function distToSegmentSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  let t = len === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len;
  t = Math.max(0, Math.min(1, t));
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

type Pos = readonly number[];

/** True when the centre (x, y) is covered by the geometry (the definition above, tested directly). */
export function coversPoint(g: Geometry3006, x: number, y: number, bufferM = LINE_BUFFER_M): boolean {
  const b2 = bufferM * bufferM;
  switch (g.type) {
    case 'Polygon':
      return pointInPolygon(x, y, g.coordinates as PolygonRings);
    case 'MultiPolygon':
      return (g.coordinates as PolygonRings[]).some((p) => pointInPolygon(x, y, p));
    case 'Point': {
      const [px, py] = g.coordinates as Pos;
      return (px - x) ** 2 + (py - y) ** 2 <= b2;
    }
    case 'MultiPoint':
      return (g.coordinates as Pos[]).some(([px, py]) => (px - x) ** 2 + (py - y) ** 2 <= b2);
    case 'LineString':
    case 'MultiLineString': {
      const lines = (g.type === 'LineString' ? [g.coordinates] : g.coordinates) as Pos[][];
      for (const l of lines) {
        if (l.length === 1 && (l[0][0] - x) ** 2 + (l[0][1] - y) ** 2 <= b2) return true;
        for (let i = 1; i < l.length; i++) if (distToSegmentSq(x, y, l[i - 1][0], l[i - 1][1], l[i][0], l[i][1]) <= b2) return true;
      }
      return false;
    }
    case 'GeometryCollection':
      return (g.geometries ?? []).some((p) => coversPoint(p, x, y, bufferM));
    default:
      return false;
  }
}

/** Every position of a geometry (for bounding boxes). */
function positions(g: Geometry3006, out: Pos[] = []): Pos[] {
  if (g.type === 'GeometryCollection') {
    for (const p of g.geometries ?? []) positions(p, out);
    return out;
  }
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as Pos);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return out;
}

/**
 * The cells a target covers, ascending, without duplicates. Tests only the cells of the target's (buffered)
 * bounding box, each part separately, so a long thin route does not scan the box of the whole picture.
 */
export function coveredCells(grid: GridSpec, g: Geometry3006, bufferM = LINE_BUFFER_M): Uint32Array {
  const parts: Geometry3006[] = [];
  const split = (x: Geometry3006) => {
    if (x.type === 'GeometryCollection') for (const p of x.geometries ?? []) split(p);
    else if (x.type === 'MultiPolygon') for (const c of x.coordinates as unknown[]) parts.push({ type: 'Polygon', coordinates: c });
    else if (x.type === 'MultiPoint') for (const c of x.coordinates as unknown[]) parts.push({ type: 'Point', coordinates: c });
    else if (x.type === 'MultiLineString' || x.type === 'LineString') {
      for (const l of (x.type === 'LineString' ? [x.coordinates] : x.coordinates) as Pos[][]) {
        if (l.length === 1) parts.push({ type: 'Point', coordinates: l[0] });
        for (let i = 1; i < l.length; i++) parts.push({ type: 'LineString', coordinates: [l[i - 1], l[i]] });
      }
    } else parts.push(x);
  };
  split(g);
  const out: number[] = [];
  for (const part of parts) {
    const ps = positions(part);
    if (ps.length === 0) continue;
    const pad = part.type === 'Polygon' ? 0 : bufferM;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of ps) {
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
    const r = cellRange(grid, minX - pad, minY - pad, maxX + pad, maxY + pad);
    if (!r) continue;
    for (let row = r.r0; row <= r.r1; row++) {
      const y = centreY(grid, row);
      for (let col = r.c0; col <= r.c1; col++) if (coversPoint(part, centreX(grid, col), y, bufferM)) out.push(row * grid.cols + col);
    }
  }
  const cells = Uint32Array.from(out).sort();
  let n = 0;
  for (let i = 0; i < cells.length; i++) if (i === 0 || cells[i] !== cells[i - 1]) cells[n++] = cells[i];
  return cells.slice(0, n);
}

/** The cells of a zone (see the file comment), ascending. */
export function zoneCells(grid: GridSpec, z: CoverageZone): Uint32Array {
  const out: number[] = [];
  if (z.touch) {
    // Cells at a distance below r from the centre: per row, the nearest y, then the cells whose x-range meets the chord.
    const g = grid.cellSize;
    for (let row = 0; row < grid.rows; row++) {
      const yhi = grid.originY - row * g;
      const ylo = yhi - g;
      if (ylo >= z.y + z.radiusM) continue;
      if (yhi <= z.y - z.radiusM) break;
      const dy = z.y < ylo ? ylo - z.y : z.y > yhi ? z.y - yhi : 0;
      if (dy >= z.radiusM) continue;
      const half = Math.sqrt(z.radiusM * z.radiusM - dy * dy);
      const c0 = Math.max(0, Math.floor((z.x - half - grid.originX) / g));
      const c1 = Math.min(grid.cols - 1, Math.ceil((z.x + half - grid.originX) / g) - 1);
      for (let col = c0; col <= c1; col++) out.push(row * grid.cols + col);
    }
    return Uint32Array.from(out);
  }
  const r = cellRange(grid, z.x - z.radiusM, z.y - z.radiusM, z.x + z.radiusM, z.y + z.radiusM);
  const r2 = z.radiusM * z.radiusM;
  if (r) {
    for (let row = r.r0; row <= r.r1; row++) {
      const dy = centreY(grid, row) - z.y;
      for (let col = r.c0; col <= r.c1; col++) if ((centreX(grid, col) - z.x) ** 2 + dy * dy <= r2) out.push(row * grid.cols + col);
    }
  }
  const col = Math.floor((z.x - grid.originX) / grid.cellSize);
  const row = Math.floor((grid.originY - z.y) / grid.cellSize);
  if (col >= 0 && col < grid.cols && row >= 0 && row < grid.rows) out.push(row * grid.cols + col);
  const cells = Uint32Array.from(out).sort();
  let n = 0;
  for (let i = 0; i < cells.length; i++) if (i === 0 || cells[i] !== cells[i - 1]) cells[n++] = cells[i];
  return cells.slice(0, n);
}

/** Rank flags: 0 none, 1 top 5 % only, 2 top 1 % (and top 5 %). */
const TOP5 = 1;
const TOP1 = 2;
/** Set on visited cells while places are grouped; cleared before returning. */
const SEEN = 4;

/** Which cells are in the top sets (the file comment's definition). Exposed for tests. */
export function topCounts(surface: CoverageSurface): { n: number; k1: number; k5: number } {
  let n = 0;
  const { values, mask } = surface;
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) n++;
  return { n, k1: Math.ceil(TOP1_SHARE * n), k5: Math.ceil(TOP5_SHARE * n) };
}

/** A surface's top sets, shared by every viewer class of the same audience and version (read-only). */
export interface Ranking {
  /** Per cell: 0 none, 1 top 5 % only, 2|1 top 1 %. */
  rank: Uint8Array;
  /** Top-5 % cells, ascending index. */
  top5Cells: Uint32Array;
  top1Count: number;
}

/** The k-th smallest value of `a` (0-based), reordering `a` (Hoare partition; average O(n), duplicates fine). */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >> 1];
    const z = a[hi];
    // Median of three.
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Ranks a surface's cells (the file comment's definition): O(n), the only step that reads the whole grid. */
export function rankSurface(surface: CoverageSurface): Ranking {
  const { values, mask } = surface;
  const { k1, k5 } = topCounts(surface);
  const rank = new Uint8Array(values.length);
  let pos = 0;
  for (let i = 0; i < values.length; i++) if ((!mask || mask[i]) && values[i] > 0) pos++;
  const candidates = new Float64Array(pos);
  pos = 0;
  for (let i = 0; i < values.length; i++) if ((!mask || mask[i]) && values[i] > 0) candidates[pos++] = values[i];
  const mark = (k: number, flag: number) => {
    const take = Math.min(k, candidates.length);
    if (take === 0) return 0;
    const t = selectKth(candidates, candidates.length - take);
    // Cells above the threshold all belong; of those equal to it, the lowest indices fill the rest.
    let above = 0;
    for (let i = 0; i < values.length; i++) if ((!mask || mask[i]) && values[i] > t) above++;
    let ties = take - above;
    for (let i = 0; i < values.length; i++) {
      if (mask && !mask[i]) continue;
      const v = values[i];
      if (v > t) rank[i] |= flag;
      else if (v === t && ties > 0) {
        rank[i] |= flag;
        ties--;
      }
    }
    return take;
  };
  const c5 = mark(k5, TOP5);
  const top1Count = mark(k1, TOP1);
  const top5Cells = new Uint32Array(c5);
  let j = 0;
  for (let i = 0; i < rank.length; i++) if (rank[i] !== 0) top5Cells[j++] = i;
  return { rank, top5Cells, top1Count };
}

interface MeasureEntry {
  cells: Uint32Array;
}

/**
 * A picture's coverage for one audience: the surface's top sets, the cover count of each cell, and the measures
 * counted. {@link setMeasure} and {@link removeMeasure} touch only that measure's cells.
 */
export class CoverageIndex {
  private grid: GridSpec;
  private values: ArrayLike<number>;
  /** Shared with other indexes of the same surface; only {@link places} sets (and clears) SEEN bits, synchronously. */
  private rank: Uint8Array;
  private cover: Uint32Array;
  /** Top-5 % cells, ascending index. */
  private top5Cells: Uint32Array;
  private top1Count = 0;
  private covered1 = 0;
  private covered5 = 0;
  private readonly measures = new Map<string, MeasureEntry>();
  private zones: Array<{ zone: CoverageZone; cells: Uint32Array }> = [];

  constructor(surface: CoverageSurface, ranking: Ranking = rankSurface(surface)) {
    this.grid = surface.grid;
    this.values = surface.values;
    this.rank = ranking.rank;
    this.top5Cells = ranking.top5Cells;
    this.cover = new Uint32Array(surface.grid.cols * surface.grid.rows);
    this.setSurface(surface, ranking);
  }

  get gridSpec(): GridSpec {
    return this.grid;
  }

  measureIds(): IterableIterator<string> {
    return this.measures.keys();
  }

  /**
   * New surface values on the same grid (another grid needs a new index, see {@link sameGrid}): the counts stay,
   * the covered figures are recounted over the new top cells. `ranking` from {@link rankSurface} (shareable).
   */
  setSurface(surface: CoverageSurface, ranking: Ranking = rankSurface(surface)): void {
    if (!sameGrid(this.grid, surface.grid)) throw new Error('coverage: another grid needs a new CoverageIndex');
    this.values = surface.values;
    this.rank = ranking.rank;
    this.top5Cells = ranking.top5Cells;
    this.top1Count = ranking.top1Count;
    let cov1 = 0;
    let cov5 = 0;
    for (let k = 0; k < this.top5Cells.length; k++) {
      const i = this.top5Cells[k];
      if (this.cover[i] > 0) {
        cov5++;
        if (this.rank[i] & TOP1) cov1++;
      }
    }
    this.covered1 = cov1;
    this.covered5 = cov5;
  }

  setZones(zones: readonly CoverageZone[]): void {
    this.zones = zones.map((zone) => ({ zone, cells: zoneCells(this.grid, zone) }));
  }

  /** Counts a measure's cells (replacing what it covered before). `cells` from {@link coveredCells} on this grid. */
  setMeasure(id: string, cells: Uint32Array): void {
    this.removeMeasure(id);
    this.measures.set(id, { cells });
    const { cover, rank } = this;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (cover[c]++ === 0 && rank[c] !== 0) {
        this.covered5++;
        if (rank[c] & TOP1) this.covered1++;
      }
    }
  }

  removeMeasure(id: string): void {
    const m = this.measures.get(id);
    if (!m) return;
    this.measures.delete(id);
    const { cover, rank } = this;
    for (let i = 0; i < m.cells.length; i++) {
      const c = m.cells[i];
      if (--cover[c] === 0 && rank[c] !== 0) {
        this.covered5--;
        if (rank[c] & TOP1) this.covered1--;
      }
    }
  }

  figures(): { top1: TopFigure; top5: TopFigure } {
    const fig = (cells: number, covered: number): TopFigure => ({ cells, covered, share: cells === 0 ? 0 : covered / cells });
    return { top1: fig(this.top1Count, this.covered1), top5: fig(this.top5Cells.length, this.covered5) };
  }

  /** Each zone, covered or not, with the ids (sorted) of the measures on it. */
  zoneCoverage(): ZoneCoverage[] {
    return this.zones.map(({ zone, cells }) => {
      let covered = false;
      for (let i = 0; i < cells.length && !covered; i++) if (this.cover[cells[i]] > 0) covered = true;
      const measureIds: string[] = [];
      if (covered) {
        for (const [id, m] of this.measures) if (intersects(m.cells, cells)) measureIds.push(id);
        measureIds.sort();
      }
      return { id: zone.id, covered, measureIds };
    });
  }

  /** Groups the uncovered top-5 % cells into places (8-neighbour components), unsorted. */
  private places() {
    const { rank, cover, values, grid } = this;
    const { cols, rows } = grid;
    const stack = new Uint32Array(this.top5Cells.length);
    const places: Array<{ max: number; sum: number; n: number; first: number; sx: number; sy: number; c0: number; c1: number; r0: number; r1: number }> = [];
    for (let k = 0; k < this.top5Cells.length; k++) {
      const start = this.top5Cells[k];
      if (cover[start] > 0 || rank[start] & SEEN) continue;
      let sp = 0;
      stack[sp++] = start;
      rank[start] |= SEEN;
      const p = { max: -Infinity, sum: 0, n: 0, first: start, sx: 0, sy: 0, c0: cols, c1: -1, r0: rows, r1: -1 };
      while (sp > 0) {
        const c = stack[--sp];
        const row = (c / cols) | 0;
        const col = c - row * cols;
        const v = values[c];
        if (v > p.max) p.max = v;
        p.sum += v;
        p.n++;
        if (c < p.first) p.first = c;
        p.sx += col;
        p.sy += row;
        if (col < p.c0) p.c0 = col;
        if (col > p.c1) p.c1 = col;
        if (row < p.r0) p.r0 = row;
        if (row > p.r1) p.r1 = row;
        for (let dr = -1; dr <= 1; dr++) {
          const rr = row + dr;
          if (rr < 0 || rr >= rows) continue;
          for (let dc = -1; dc <= 1; dc++) {
            const cc = col + dc;
            if (cc < 0 || cc >= cols || (dr === 0 && dc === 0)) continue;
            const nb = rr * cols + cc;
            const f = rank[nb];
            if (f !== 0 && !(f & SEEN) && cover[nb] === 0) {
              rank[nb] = f | SEEN;
              stack[sp++] = nb;
            }
          }
        }
      }
      places.push(p);
    }
    for (let k = 0; k < this.top5Cells.length; k++) rank[this.top5Cells[k]] &= ~SEEN;
    return places;
  }

  /** The uncovered high-risk places, ranked (at most `limit`). */
  uncovered(limit = Infinity): UncoveredPlace[] {
    const { grid } = this;
    const places = this.places();
    places.sort((a, b) => b.max - a.max || b.sum / b.n - a.sum / a.n || a.first - b.first);
    const out: UncoveredPlace[] = [];
    for (let i = 0; i < places.length && i < limit; i++) {
      const p = places[i];
      const cx = grid.originX + (p.sx / p.n + 0.5) * grid.cellSize;
      const cy = grid.originY - (p.sy / p.n + 0.5) * grid.cellSize;
      const [west, south, east, north] = boxToWgs(grid.originX + p.c0 * grid.cellSize, grid.originY - (p.r1 + 1) * grid.cellSize, grid.originX + (p.c1 + 1) * grid.cellSize, grid.originY - p.r0 * grid.cellSize);
      const [lon, lat] = swerefToWgs(cx, cy);
      out.push({ rank: i + 1, risk: p.max, meanRisk: p.sum / p.n, centroid: [round7(lon), round7(lat)], bbox: [west, south, east, north], cells: p.n });
    }
    return out;
  }

  /** The number of uncovered places (without building them). */
  uncoveredCount(): number {
    return this.places().length;
  }

  summary(limit = 100): CoverageSummary {
    return { ...this.figures(), zones: this.zoneCoverage(), uncovered: this.uncovered(limit) };
  }
}

export function sameGrid(a: GridSpec, b: GridSpec): boolean {
  return a.originX === b.originX && a.originY === b.originY && a.cellSize === b.cellSize && a.cols === b.cols && a.rows === b.rows;
}

/** Two ascending cell lists share a cell. */
function intersects(a: Uint32Array, b: Uint32Array): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i] < b[j]) i++;
    else j++;
  }
  return false;
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** An EPSG:3006 box as the WGS84 box holding its four corners. */
function boxToWgs(minX: number, minY: number, maxX: number, maxY: number): [number, number, number, number] {
  const corners = [swerefToWgs(minX, minY), swerefToWgs(minX, maxY), swerefToWgs(maxX, minY), swerefToWgs(maxX, maxY)];
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  return [round7(Math.min(...lons)), round7(Math.min(...lats)), round7(Math.max(...lons)), round7(Math.max(...lats))];
}

/** Whether a measure counts now: status `active` and a period holding `now`. */
export function isActiveMeasure(m: { status: string; startsAt: string; endsAt: string | null }, now: number): boolean {
  if (m.status !== 'active') return false;
  const s = Date.parse(m.startsAt);
  const e = m.endsAt ? Date.parse(m.endsAt) : Number.POSITIVE_INFINITY;
  return !(s > now) && now < e;
}
