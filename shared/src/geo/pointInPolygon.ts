/**
 * Planar point-in-polygon by ray crossing (even-odd), in any coordinate system. A polygon is an outer ring
 * followed by holes; a point in a hole is outside; a multipolygon contains what any of its polygons does.
 * Points exactly on an edge may go either way, which every caller accepts (areas are compared with
 * incident points and grid-cell centres, not with their own vertices). Rings may be closed or open.
 */

/** A position: [x, y] or [lon, lat]; further ordinates are ignored. */
export type Position = readonly number[];
export type Ring = readonly Position[];
/** Outer ring first, then holes. */
export type PolygonRings = readonly Ring[];

export interface PolygonalGeometry {
  type: string;
  coordinates?: unknown;
}

export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The same test on a flat [x0, y0, x1, y1, …] ring, for callers that keep rings in typed arrays. */
export function pointInFlatRing(x: number, y: number, ring: ArrayLike<number>): boolean {
  let inside = false;
  const n = ring.length >> 1;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i];
    const yi = ring[2 * i + 1];
    const xj = ring[2 * j];
    const yj = ring[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and in none of the holes. */
export function pointInPolygon(x: number, y: number, rings: PolygonRings): boolean {
  if (rings.length === 0 || !pointInRing(x, y, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRing(x, y, rings[k])) return false;
  return true;
}

/** The polygons of a Polygon, MultiPolygon or GeometryCollection; [] for anything else. */
export function polygonsOf(g: PolygonalGeometry | null | undefined): PolygonRings[] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates as PolygonRings];
  if (g.type === 'MultiPolygon') return g.coordinates as PolygonRings[];
  if (g.type === 'GeometryCollection') return ((g as { geometries?: PolygonalGeometry[] }).geometries ?? []).flatMap(polygonsOf);
  return [];
}

/** True when (x, y) lies in any polygon of the geometry (holes excluded). */
export function pointInGeometry(x: number, y: number, g: PolygonalGeometry | null | undefined): boolean {
  return polygonsOf(g).some((rings) => pointInPolygon(x, y, rings));
}

/**
 * The middle of the widest stretch of the line y = `y` that lies inside `ring`, or null when the line misses
 * the ring. A label or representative point for a concave shape whose centre falls outside it.
 */
export function widestChordMidpoint(ring: Ring, y: number): [number, number] | null {
  const xs: number[] = [];
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let mid: [number, number] | null = null;
  let widest = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > widest) {
      widest = xs[i + 1] - xs[i];
      mid = [(xs[i] + xs[i + 1]) / 2, y];
    }
  }
  return mid;
}
