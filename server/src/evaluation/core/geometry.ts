/**
 * The evaluation areas as geometries (evaluation-method.md §4), WGS84 in and out: the treated area from a
 * measure's target, the displacement ring buffer(T, w) \ T, and equal-area discs. Buffers are geodesic enough
 * for areas of a few km (@turf/buffer draws them in a local azimuthal equidistant projection, metres true at
 * the centre); areas are geodesic (@turf/area). Pure.
 */
import { feature, featureCollection } from '@turf/helpers';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { swerefToWgs, wgsToSweref } from '../../../../shared/src/geo/sweref.ts';

/**
 * The turf operations (with @turf/jsts, polyclip-ts and d3-geo ≈ 2.5 MB of heap) are loaded by the first
 * evaluation, not at server start: {@link loadGeometry} once in the async caller, then the sync functions below.
 */
interface Turf {
  area: typeof import('@turf/area').area;
  buffer: typeof import('@turf/buffer').buffer;
  difference: typeof import('@turf/difference').difference;
  booleanIntersects: typeof import('@turf/boolean-intersects').default;
  union: typeof import('@turf/union').union;
}
let loaded: Turf | null = null;
let loading: Promise<Turf> | null = null;

export async function loadGeometry(): Promise<Turf> {
  loading ??= Promise.all([import('@turf/area'), import('@turf/buffer'), import('@turf/difference'), import('@turf/boolean-intersects'), import('@turf/union')]).then(
    ([a, b, d, i, u]) => (loaded = { area: a.area, buffer: b.buffer, difference: d.difference, booleanIntersects: i.default, union: u.union }),
  );
  return loading;
}

/** The loaded turf operations; a caller that skipped {@link loadGeometry} is a programming error. */
export function turf(): Turf {
  if (!loaded) throw new Error('evaluation geometry used before loadGeometry() resolved');
  return loaded;
}

export type AreaGeom = Polygon | MultiPolygon;
export interface AnyGeometry {
  type: string;
  coordinates?: unknown;
}

/** A point or line target becomes this wide a polygon (radius, metres): a street segment or a square. */
export const DEFAULT_TARGET_BUFFER_M = 100;
export const DEFAULT_DISPLACEMENT_WIDTH_M = 400;

export function isAreal(g: AnyGeometry): g is AreaGeom {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

export function bufferGeom(g: AnyGeometry, meters: number): AreaGeom {
  const out = turf().buffer(feature(g as Polygon), meters, { units: 'meters', steps: 16 }) as Feature<AreaGeom> | undefined;
  if (!out) throw new Error('buffer produced no geometry');
  return out.geometry;
}

/** The treated area: a polygon target as drawn; a point or line buffered by {@link DEFAULT_TARGET_BUFFER_M}. */
export function treatedArea(target: AnyGeometry): { geometry: AreaGeom; buffered: boolean } {
  if (isAreal(target)) return { geometry: target, buffered: false };
  return { geometry: bufferGeom(target, DEFAULT_TARGET_BUFFER_M), buffered: true };
}

/** buffer(T, width) \ T. */
export function displacementRing(t: AreaGeom, widthM: number): AreaGeom {
  const outer = bufferGeom(t, widthM);
  const ring = turf().difference(featureCollection([feature(outer), feature(t)]));
  if (!ring) throw new Error('the displacement ring is empty');
  return ring.geometry as AreaGeom;
}

export function squareMeters(g: AreaGeom): number {
  return turf().area(feature(g));
}

/** A disc of `radiusM` around a SWEREF 99 TM point, as a WGS84 polygon of 48 vertices (true to 0.3 % in area). */
export function disc(x: number, y: number, radiusM: number): Polygon {
  const n = 48;
  // The inscribed 48-gon has area n/2·sin(2π/n)·r²; scale r so the polygon has the disc's area.
  const r = radiusM * Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)));
  const ring: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push(swerefToWgs(x + r * Math.cos(a), y + r * Math.sin(a)));
  }
  ring.push(ring[0] as number[]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Bounding box [minLon, minLat, maxLon, maxLat] of polygonal geometries. */
export function bboxOfGeoms(gs: readonly AreaGeom[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const visit = (ring: number[][]) => {
    for (const p of ring) {
      b[0] = Math.min(b[0], p[0] as number);
      b[1] = Math.min(b[1], p[1] as number);
      b[2] = Math.max(b[2], p[0] as number);
      b[3] = Math.max(b[3], p[1] as number);
    }
  };
  for (const g of gs) {
    if (g.type === 'Polygon') for (const r of g.coordinates) visit(r);
    else for (const poly of g.coordinates) for (const r of poly) visit(r);
  }
  return b;
}

/** Centres of a square grid of spacing `stepM` covering a SWEREF box. */
export function gridCentres(box: { minX: number; minY: number; maxX: number; maxY: number }, stepM: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let y = box.minY + stepM / 2; y <= box.maxY; y += stepM) for (let x = box.minX + stepM / 2; x <= box.maxX; x += stepM) out.push([x, y]);
  return out;
}

export { swerefToWgs, wgsToSweref };
