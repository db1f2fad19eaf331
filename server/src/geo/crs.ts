/**
 * Reprojection of whole GeoJSON geometries between WGS84 (the API) and SWEREF 99 TM (storage), over the
 * point projection in shared/src/geo/sweref.ts.
 */
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';

type Coords = number[] | Coords[];

function mapCoords(c: Coords, f: (x: number, y: number) => [number, number]): Coords {
  if (typeof c[0] === 'number') {
    const p = c as number[];
    return f(p[0], p[1]);
  }
  return (c as Coords[]).map((x) => mapCoords(x, f));
}

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export function geometryToSweref<G extends GeoJsonGeometry>(g: G): G {
  return { ...g, coordinates: mapCoords(g.coordinates as Coords, wgsToSweref) };
}

export function geometryToWgs<G extends GeoJsonGeometry>(g: G): G {
  return {
    ...g,
    coordinates: mapCoords(g.coordinates as Coords, (x, y) => {
      const [lon, lat] = swerefToWgs(x, y);
      return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
    }),
  };
}
