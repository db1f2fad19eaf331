/** Point-in-polygon and a representative point for area geometries (planar, any CRS). Pure. */
import type { AreaGeometry, Position } from './projection.ts';

function inRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(x: number, y: number, rings: readonly (readonly Position[])[]): boolean {
  if (rings.length === 0 || !inRing(x, y, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) return false;
  return true;
}

/** True when (x, y) lies inside the (Multi)Polygon (holes excluded; boundary points may go either way). */
export function pointInArea(x: number, y: number, g: AreaGeometry): boolean {
  if (g.type === 'Polygon') return inPolygon(x, y, g.coordinates);
  return g.coordinates.some((p) => inPolygon(x, y, p));
}

/**
 * A point inside the geometry: the vertex mean of the largest outer ring when it lies inside, else the
 * midpoint of the widest horizontal chord through that mean's latitude.
 */
export function interiorPoint(g: AreaGeometry): [number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best = polys[0];
  let bestN = -1;
  for (const p of polys) {
    if ((p[0]?.length ?? 0) > bestN) {
      best = p;
      bestN = p[0]?.length ?? 0;
    }
  }
  const ring = best[0];
  let sx = 0;
  let sy = 0;
  for (const q of ring) {
    sx += q[0];
    sy += q[1];
  }
  const cx = sx / ring.length;
  const cy = sy / ring.length;
  if (inPolygon(cx, cy, best)) return [cx, cy];
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > cy !== yj > cy) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let mid: [number, number] = [cx, cy];
  let widest = -1;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i + 1] - xs[i] > widest) {
      widest = xs[i + 1] - xs[i];
      mid = [(xs[i] + xs[i + 1]) / 2, cy];
    }
  }
  return mid;
}
