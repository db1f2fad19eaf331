/** Small geometry helpers for the map (pure; tested in geo.test.ts). Coordinates are WGS84 [lon, lat]. */
import { bboxOfPositions } from '../../../shared/src/geo/bbox.ts';
import { pointInGeometry as pointInPolygonal, pointInRing, polygonsOf, type Ring, widestChordMidpoint } from '../../../shared/src/geo/pointInPolygon.ts';

export { type BBox, bboxOf, bboxOfPositions } from '../../../shared/src/geo/bbox.ts';

export type Pos = [number, number];

export interface AnyGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: AnyGeometry[];
}

/** Signed area of a ring in degrees² (shoelace); the sign tells the winding. */
export function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return a / 2;
}

function ringCentroid(ring: Ring): Pos {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, n = ring.length, j = n - 1; i < n; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (a === 0) {
    const [minX, minY, maxX, maxY] = bboxOfPositions(ring);
    return [(minX + maxX) / 2, (minY + maxY) / 2];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * A point for a label: the centroid of the largest polygon when it lies inside it, else the middle of that
 * polygon's widest horizontal chord through its centroid latitude. Points give themselves; lines their middle vertex.
 */
export function labelPoint(g: AnyGeometry | null | undefined): Pos | null {
  if (!g) return null;
  if (g.type === 'Point') return g.coordinates as Pos;
  if (g.type === 'LineString') {
    const c = g.coordinates as Pos[];
    return c.length ? c[Math.floor(c.length / 2)] : null;
  }
  const polys = polygonsOf(g);
  if (polys.length === 0) return null;
  let best = polys[0];
  let bestArea = -1;
  for (const p of polys) {
    const a = Math.abs(ringArea(p[0] ?? []));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  const outer = best[0];
  if (!outer || outer.length === 0) return null;
  const c = ringCentroid(outer);
  if (pointInRing(c[0], c[1], outer)) return c;
  // Concave shape: take the widest interior span on the centroid's latitude.
  return widestChordMidpoint(outer, c[1]) ?? c;
}

/** A picture's area may come as a geometry or a Feature; returns the geometry. */
export function areaGeometry(area: unknown): AnyGeometry | null {
  if (!area || typeof area !== 'object') return null;
  const a = area as { type?: string; geometry?: AnyGeometry };
  if (a.type === 'Feature') return a.geometry ?? null;
  if (a.type === 'FeatureCollection') {
    const f = (area as { features?: { geometry?: AnyGeometry }[] }).features?.[0];
    return f?.geometry ?? null;
  }
  return area as AnyGeometry;
}

/** True when a position lies in any polygon of the geometry (holes respected). */
export function pointInGeometry(p: Pos, g: AnyGeometry | null | undefined): boolean {
  return pointInPolygonal(p[0], p[1], g);
}
