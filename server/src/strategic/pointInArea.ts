/** A representative point for area geometries (planar, any CRS). Pure. */
import { pointInPolygon, widestChordMidpoint } from '../../../shared/src/geo/pointInPolygon.ts';
import type { AreaGeometry } from './projection.ts';

/** True when (x, y) lies inside the (Multi)Polygon (holes excluded; boundary points may go either way). */
export { pointInGeometry as pointInArea } from '../../../shared/src/geo/pointInPolygon.ts';

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
  if (pointInPolygon(cx, cy, best)) return [cx, cy];
  return widestChordMidpoint(ring, cy) ?? [cx, cy];
}
