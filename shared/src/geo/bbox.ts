/** Bounding boxes of positions and of any GeoJSON object, [minX, minY, maxX, maxY] in its own coordinates. */
import type { Ring } from './pointInPolygon.ts';

export type BBox = [number, number, number, number];

export function bboxOfPositions(ps: Ring): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ps) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function collect(c: unknown, out: [number, number][]): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number' && typeof c[1] === 'number') {
    out.push([c[0], c[1]]);
    return;
  }
  for (const x of c) collect(x, out);
}

/** Bounding box of any GeoJSON geometry, Feature or FeatureCollection; null when it has no positions. */
export function bboxOf(g: unknown): BBox | null {
  const out: [number, number][] = [];
  const visit = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    const o = x as { type?: string; coordinates?: unknown; geometry?: unknown; features?: unknown[]; geometries?: unknown[] };
    if (o.type === 'FeatureCollection') o.features?.forEach(visit);
    else if (o.type === 'Feature') visit(o.geometry);
    else if (o.type === 'GeometryCollection') o.geometries?.forEach(visit);
    else collect(o.coordinates, out);
  };
  visit(g);
  return out.length ? bboxOfPositions(out) : null;
}
