/**
 * Geometry for the RTM engine: GeoJSON parsing into flat typed arrays, reprojection to a metric CRS,
 * ring validity checks and scanline rasterisation of polygons onto cell centroids.
 */
import proj4 from 'proj4';
import { SWEREF_DEFS, WGS84 } from '../../../../shared/src/geo/sweref.ts';
import { type Deadline, NO_DEADLINE } from './budget.ts';

/** A polygon = outer ring + holes; each ring a flat [x0,y0,x1,y1,…] array without the closing vertex. */
export type Ring = Float64Array;
export type Polygon = Ring[];

/** Parsed features of one factor layer, already projected. */
export interface FeatureSet {
  /** Flat xy of point features. */
  points: Float64Array;
  /** Line strings (flat xy), including polygon rings for distance purposes. */
  lines: Float64Array[];
  polygons: Polygon[];
  featureCount: number;
}

/** CRSs accepted as input: SWEREF 99 TM, WGS84 and the SWEREF 99 local zones (EPSG:3007–3018). Projected metric
 * CRSs are used as-is; EPSG:4326 is reprojected to EPSG:3006. */
export const SUPPORTED_CRS = ['EPSG:3006', 'EPSG:4326', ...Object.keys(SWEREF_DEFS).filter((c) => c !== 'EPSG:3006')];

export function isSupportedCrs(crs: string): boolean {
  return SUPPORTED_CRS.includes(crs);
}

/** The CRS the analysis runs in for a given input CRS. */
export function analysisCrs(crs: string): string {
  return crs === 'EPSG:4326' ? 'EPSG:3006' : crs;
}

export function proj4Def(crs: string): string {
  if (crs === 'EPSG:4326') return WGS84;
  const d = SWEREF_DEFS[crs];
  if (!d) throw new Error(`unsupported CRS ${crs}`);
  return d;
}

/** Returns an in-place coordinate transformer (flat xy array) from `from` to `to`, or null if identical. */
export function makeTransformer(from: string, to: string): ((xy: Float64Array) => void) | null {
  if (from === to) return null;
  const conv = proj4(proj4Def(from), proj4Def(to));
  const pt: [number, number] = [0, 0];
  return (xy: Float64Array) => {
    for (let i = 0; i < xy.length; i += 2) {
      pt[0] = xy[i];
      pt[1] = xy[i + 1];
      const r = conv.forward(pt);
      xy[i] = r[0];
      xy[i + 1] = r[1];
    }
  };
}

type Json = Record<string, unknown>;

function flatRing(coords: unknown, dropClosing: boolean): Float64Array {
  if (!Array.isArray(coords)) throw new Error('coordinates are not an array');
  let m = coords.length;
  if (dropClosing && m > 1) {
    const a = coords[0] as number[];
    const b = coords[m - 1] as number[];
    if (Array.isArray(a) && Array.isArray(b) && a[0] === b[0] && a[1] === b[1]) m--;
  }
  const out = new Float64Array(m * 2);
  for (let i = 0; i < m; i++) {
    const p = coords[i] as number[];
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new Error('a position is not [x, y] numbers');
    out[2 * i] = p[0];
    out[2 * i + 1] = p[1];
  }
  return out;
}

function parsePolygonCoords(coords: unknown): Polygon {
  if (!Array.isArray(coords) || coords.length === 0) throw new Error('polygon has no rings');
  return coords.map((r) => {
    const ring = flatRing(r, true);
    if (ring.length < 6) throw new Error('polygon ring has fewer than 3 distinct positions');
    return ring;
  });
}

/** Collects geometries from any GeoJSON object (FeatureCollection, Feature, geometry, GeometryCollection). */
export function collectGeometries(obj: unknown, out: Json[] = []): Json[] {
  if (!obj || typeof obj !== 'object') throw new Error('is not a GeoJSON object');
  const o = obj as Json;
  switch (o.type) {
    case 'FeatureCollection':
      if (!Array.isArray(o.features)) throw new Error('FeatureCollection has no features array');
      for (const f of o.features) collectGeometries(f, out);
      return out;
    case 'Feature':
      if (o.geometry != null) collectGeometries(o.geometry, out);
      return out;
    case 'GeometryCollection':
      for (const g of (o.geometries as unknown[]) ?? []) collectGeometries(g, out);
      return out;
    case 'Point':
    case 'MultiPoint':
    case 'LineString':
    case 'MultiLineString':
    case 'Polygon':
    case 'MultiPolygon':
      out.push(o);
      return out;
    default:
      throw new Error(`has unknown GeoJSON type ${JSON.stringify(o.type)}`);
  }
}

/** Parses a boundary into polygons. Throws Error with a short reason. */
export function parseBoundary(obj: unknown): Polygon[] {
  const geoms = collectGeometries(obj);
  const polys: Polygon[] = [];
  for (const g of geoms) {
    if (g.type === 'Polygon') polys.push(parsePolygonCoords(g.coordinates));
    else if (g.type === 'MultiPolygon') {
      if (!Array.isArray(g.coordinates)) throw new Error('MultiPolygon coordinates are not an array');
      for (const p of g.coordinates) polys.push(parsePolygonCoords(p));
    } else throw new Error(`must contain only polygons, found ${String(g.type)}`);
  }
  if (polys.length === 0) throw new Error('contains no polygon');
  return polys;
}

/** Parses outcome points into a flat xy array. */
export function parsePoints(obj: unknown): Float64Array {
  const geoms = collectGeometries(obj);
  const xs: number[] = [];
  for (const g of geoms) {
    if (g.type === 'Point') {
      const p = g.coordinates as number[];
      if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) throw new Error('has a Point without [x, y] numbers');
      xs.push(p[0], p[1]);
    } else if (g.type === 'MultiPoint') {
      const r = flatRing(g.coordinates, false);
      for (let i = 0; i < r.length; i++) xs.push(r[i]);
    } else throw new Error(`must contain only points, found ${String(g.type)}`);
  }
  return Float64Array.from(xs);
}

/** Parses a factor layer (points, lines, polygons). */
export function parseFeatureSet(obj: unknown): FeatureSet {
  const o = obj as Json;
  const featureCount = o && o.type === 'FeatureCollection' && Array.isArray(o.features) ? o.features.length : 1;
  const geoms = collectGeometries(obj);
  const pts: number[] = [];
  const lines: Float64Array[] = [];
  const polygons: Polygon[] = [];
  for (const g of geoms) {
    switch (g.type) {
      case 'Point': {
        const r = flatRing([g.coordinates], false);
        pts.push(r[0], r[1]);
        break;
      }
      case 'MultiPoint': {
        const r = flatRing(g.coordinates, false);
        for (let i = 0; i < r.length; i++) pts.push(r[i]);
        break;
      }
      case 'LineString':
        lines.push(flatRing(g.coordinates, false));
        break;
      case 'MultiLineString':
        for (const l of g.coordinates as unknown[]) lines.push(flatRing(l, false));
        break;
      case 'Polygon':
        polygons.push(parsePolygonCoords(g.coordinates));
        break;
      case 'MultiPolygon':
        for (const p of g.coordinates as unknown[]) polygons.push(parsePolygonCoords(p));
        break;
    }
  }
  return { points: Float64Array.from(pts), lines, polygons, featureCount: geoms.length === 0 ? 0 : featureCount };
}

export function transformFeatureSet(fs: FeatureSet, tf: ((xy: Float64Array) => void) | null): void {
  if (!tf) return;
  tf(fs.points);
  for (const l of fs.lines) tf(l);
  for (const p of fs.polygons) for (const r of p) tf(r);
}

export function transformPolygons(polys: Polygon[], tf: ((xy: Float64Array) => void) | null): void {
  if (!tf) return;
  for (const p of polys) for (const r of p) tf(r);
}

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function polygonsBBox(polys: Polygon[]): BBox {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of polys)
    for (const r of p)
      for (let i = 0; i < r.length; i += 2) {
        if (r[i] < minX) minX = r[i];
        if (r[i] > maxX) maxX = r[i];
        if (r[i + 1] < minY) minY = r[i + 1];
        if (r[i + 1] > maxY) maxY = r[i + 1];
      }
  return { minX, minY, maxX, maxY };
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/**
 * Finds a proper crossing between non-adjacent edges of the rings of each polygon (sweep over x-sorted edges).
 * Returns a description of the first crossing found, or null if the rings are simple.
 */
export function findSelfIntersection(polys: Polygon[], deadline: Deadline = NO_DEADLINE): string | null {
  for (let pi = 0; pi < polys.length; pi++) {
    const rings = polys[pi];
    // Edge list: ring id, vertex index.
    let total = 0;
    for (const r of rings) total += r.length / 2;
    const ax = new Float64Array(total);
    const ay = new Float64Array(total);
    const bx = new Float64Array(total);
    const by = new Float64Array(total);
    const ringOf = new Int32Array(total);
    const idxOf = new Int32Array(total);
    const lenOf = new Int32Array(total);
    let e = 0;
    for (let ri = 0; ri < rings.length; ri++) {
      const r = rings[ri];
      const m = r.length / 2;
      for (let i = 0; i < m; i++) {
        const j = (i + 1) % m;
        ax[e] = r[2 * i];
        ay[e] = r[2 * i + 1];
        bx[e] = r[2 * j];
        by[e] = r[2 * j + 1];
        ringOf[e] = ri;
        idxOf[e] = i;
        lenOf[e] = m;
        e++;
      }
    }
    const order = new Int32Array(total);
    for (let i = 0; i < total; i++) order[i] = i;
    const minx = (i: number) => Math.min(ax[i], bx[i]);
    const sorted = Array.from(order).sort((a, b) => minx(a) - minx(b));
    const active: number[] = [];
    let visited = 0;
    for (const i of sorted) {
      // Quadratic in the worst case (many long edges overlapping in x): bounded by the run's time limit.
      if ((++visited & 1023) === 0) deadline.check('prepare');
      const x0 = minx(i);
      for (let k = active.length - 1; k >= 0; k--) if (Math.max(ax[active[k]], bx[active[k]]) < x0) active.splice(k, 1);
      for (const j of active) {
        if (ringOf[i] === ringOf[j]) {
          const d = Math.abs(idxOf[i] - idxOf[j]);
          if (d <= 1 || d === lenOf[i] - 1) continue;
        }
        if (Math.max(ay[i], by[i]) < Math.min(ay[j], by[j]) || Math.max(ay[j], by[j]) < Math.min(ay[i], by[i])) continue;
        const o1 = orient(ax[i], ay[i], bx[i], by[i], ax[j], ay[j]);
        const o2 = orient(ax[i], ay[i], bx[i], by[i], bx[j], by[j]);
        const o3 = orient(ax[j], ay[j], bx[j], by[j], ax[i], ay[i]);
        const o4 = orient(ax[j], ay[j], bx[j], by[j], bx[i], by[i]);
        if (o1 * o2 < 0 && o3 * o4 < 0) {
          return `polygon ${pi + 1}: edges ${idxOf[i] + 1} and ${idxOf[j] + 1} cross`;
        }
      }
      active.push(i);
    }
  }
  return null;
}

/**
 * Scanline rasterisation of polygons on cell centroids: calls `emit(row, c0, c1)` for every run of
 * columns c0..c1 (inclusive) whose centroid lies inside (even-odd rule). Grid: origin (x0, y0) top-left,
 * cell size cs, cols × rows; row r has centroid y = y0 − (r + 0.5)·cs.
 */
export function rasterizePolygons(
  polys: Polygon[],
  x0: number,
  y0: number,
  cs: number,
  cols: number,
  rows: number,
  emit: (row: number, c0: number, c1: number) => void,
): void {
  // Count crossings per row first (CSR), then fill.
  const counts = new Int32Array(rows + 1);
  const forEachEdge = (fn: (xa: number, ya: number, xb: number, yb: number) => void) => {
    for (const p of polys)
      for (const r of p) {
        const m = r.length / 2;
        for (let i = 0; i < m; i++) {
          const j = i + 1 === m ? 0 : i + 1;
          fn(r[2 * i], r[2 * i + 1], r[2 * j], r[2 * j + 1]);
        }
      }
  };
  const rowRange = (ya: number, yb: number): [number, number] => {
    // rows whose centroid y satisfies min(ya,yb) <= y < max(ya,yb)
    const lo = Math.min(ya, yb);
    const hi = Math.max(ya, yb);
    // y = y0 - (r+0.5)cs  => r = (y0 - y)/cs - 0.5 ; y < hi => r > (y0-hi)/cs - 0.5 ; y >= lo => r <= (y0-lo)/cs - 0.5
    let r0 = Math.floor((y0 - hi) / cs - 0.5) + 1;
    let r1 = Math.floor((y0 - lo) / cs - 0.5);
    if (r0 < 0) r0 = 0;
    if (r1 > rows - 1) r1 = rows - 1;
    return [r0, r1];
  };
  forEachEdge((_xa, ya, _xb, yb) => {
    if (ya === yb) return;
    const [r0, r1] = rowRange(ya, yb);
    for (let r = r0; r <= r1; r++) {
      const y = y0 - (r + 0.5) * cs;
      if (y >= Math.min(ya, yb) && y < Math.max(ya, yb)) counts[r + 1]++;
    }
  });
  for (let r = 0; r < rows; r++) counts[r + 1] += counts[r];
  const xs = new Float64Array(counts[rows]);
  const fill = counts.slice(0, rows);
  forEachEdge((xa, ya, xb, yb) => {
    if (ya === yb) return;
    const [r0, r1] = rowRange(ya, yb);
    for (let r = r0; r <= r1; r++) {
      const y = y0 - (r + 0.5) * cs;
      if (y >= Math.min(ya, yb) && y < Math.max(ya, yb)) xs[fill[r]++] = xa + ((y - ya) / (yb - ya)) * (xb - xa);
    }
  });
  for (let r = 0; r < rows; r++) {
    const a = counts[r];
    const b = counts[r + 1];
    if (b - a < 2) continue;
    const seg = xs.subarray(a, b).sort();
    for (let k = 0; k + 1 < seg.length; k += 2) {
      // centroid x = x0 + (c + 0.5) cs ; want xa <= x < xb
      let c0 = Math.ceil((seg[k] - x0) / cs - 0.5);
      let c1 = Math.ceil((seg[k + 1] - x0) / cs - 0.5) - 1;
      if (c0 < 0) c0 = 0;
      if (c1 > cols - 1) c1 = cols - 1;
      if (c0 <= c1) emit(r, c0, c1);
    }
  }
}

/** Area-weighted centroid of a polygon's outer ring (falls back to vertex mean for degenerate rings). */
export function polygonCentroid(p: Polygon): [number, number] {
  const r = p[0];
  const m = r.length / 2;
  let a = 0;
  let cx = 0;
  let cy = 0;
  const ox = r[0];
  const oy = r[1];
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    const xi = r[2 * i] - ox;
    const yi = r[2 * i + 1] - oy;
    const xj = r[2 * j] - ox;
    const yj = r[2 * j + 1] - oy;
    const c = xi * yj - xj * yi;
    a += c;
    cx += (xi + xj) * c;
    cy += (yi + yj) * c;
  }
  if (Math.abs(a) < 1e-12) {
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < m; i++) {
      sx += r[2 * i];
      sy += r[2 * i + 1];
    }
    return [sx / m, sy / m];
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)];
}
