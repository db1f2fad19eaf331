/**
 * Whole GeoJSON geometries through a position function: reprojection between WGS84 (the API) and SWEREF 99 TM
 * (storage) over the point projection in shared/src/geo/sweref.ts, and the same walk for any other CRS pair.
 */
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';

export type Position = number[];

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

type Coords = Position | Coords[];

function mapCoords(c: Coords, f: (p: Position) => Position): Coords {
  if (typeof c[0] === 'number') return f(c as Position);
  return (c as Coords[]).map((x) => mapCoords(x, f));
}

/** The geometry with `fn` applied to every position (any nesting: Point … MultiPolygon). */
export function mapPositions<G extends GeoJsonGeometry>(g: G, fn: (p: Position) => Position): G {
  return { ...g, coordinates: mapCoords(g.coordinates as Coords, fn) };
}

/** [x, y] rounded to `decimals` (7 for degrees ≈ 1 cm, 2 for metres). */
export function roundPosition(p: readonly number[], decimals: number): Position {
  const f = 10 ** decimals;
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
}

export function geometryToSweref<G extends GeoJsonGeometry>(g: G): G {
  return mapPositions(g, (p) => wgsToSweref(p[0], p[1]));
}

export function geometryToWgs<G extends GeoJsonGeometry>(g: G): G {
  return mapPositions(g, (p) => roundPosition(swerefToWgs(p[0], p[1]), 7));
}
