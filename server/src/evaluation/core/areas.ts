/**
 * Which points an evaluation area holds (evaluation-method.md: boundary points count as inside). Planar in the
 * geometry's own coordinates (GeoJSON edges are straight in lon/lat, RFC 7946 §3.1.1), so a point on an edge or
 * vertex as stored is counted exactly, not "either way" as the shared ray test allows.
 */
import type { PolygonRings, Position, Ring } from '../../../../shared/src/geo/pointInPolygon.ts';
import { pointInRing, polygonsOf } from '../../../../shared/src/geo/pointInPolygon.ts';

/** True when (x, y) lies on the segment a–b (exact arithmetic on the stored doubles). */
function onSegment(x: number, y: number, a: Position, b: Position): boolean {
  const ax = a[0] as number;
  const ay = a[1] as number;
  const bx = b[0] as number;
  const by = b[1] as number;
  if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by)) return false;
  return (bx - ax) * (y - ay) - (by - ay) * (x - ax) === 0;
}

export function onRingBoundary(x: number, y: number, ring: Ring): boolean {
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) if (onSegment(x, y, ring[j] as Position, ring[i] as Position)) return true;
  return false;
}

/** Closed polygon test: inside the outer ring or on any ring's edge, and not strictly inside a hole. */
export function pointInPolygonClosed(x: number, y: number, rings: PolygonRings): boolean {
  if (rings.length === 0) return false;
  for (const ring of rings) if (onRingBoundary(x, y, ring)) return true;
  if (!pointInRing(x, y, rings[0] as Ring)) return false;
  for (let k = 1; k < rings.length; k++) if (pointInRing(x, y, rings[k] as Ring)) return false;
  return true;
}

/** An area prepared for many point tests: its polygons and their bounding box. */
export interface PreparedArea {
  polygons: PolygonRings[];
  bbox: [number, number, number, number];
  /** Points of this area are not in this one: the ring D = buffer(T) \ T shares T's edges, which belong to T. */
  exclude?: PreparedArea;
}

export function prepareArea(geometry: { type: string; coordinates?: unknown }, exclude?: PreparedArea): PreparedArea {
  const polygons = polygonsOf(geometry);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const rings of polygons)
    for (const p of rings[0] ?? []) {
      minX = Math.min(minX, p[0] as number);
      maxX = Math.max(maxX, p[0] as number);
      minY = Math.min(minY, p[1] as number);
      maxY = Math.max(maxY, p[1] as number);
    }
  return { polygons, bbox: [minX, minY, maxX, maxY], ...(exclude ? { exclude } : {}) };
}

export function inArea(x: number, y: number, area: PreparedArea): boolean {
  const [a, b, c, d] = area.bbox;
  if (x < a || x > c || y < b || y > d) return false;
  if (area.exclude && inArea(x, y, area.exclude)) return false;
  for (const rings of area.polygons) if (pointInPolygonClosed(x, y, rings)) return true;
  return false;
}
