import proj4 from 'proj4';

/** SWEREF 99 TM: the national projected CRS in metres; everything stored server-side uses it. */
export const EPSG_3006 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';
proj4.defs('EPSG:3006', EPSG_3006);

const toSweref = proj4('EPSG:4326', 'EPSG:3006');

export function wgsToSweref(lon: number, lat: number): [number, number] {
  const [x, y] = toSweref.forward([lon, lat]);
  return [x, y];
}

export function swerefToWgs(x: number, y: number): [number, number] {
  const [lon, lat] = toSweref.inverse([x, y]);
  return [lon, lat];
}

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
  return { ...g, coordinates: mapCoords(g.coordinates as Coords, (x, y) => {
    const [lon, lat] = swerefToWgs(x, y);
    return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
  }) };
}

/** [minLon, minLat, maxLon, maxLat] of any GeoJSON geometry. */
export function bboxOf(g: GeoJsonGeometry): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: Coords) => {
    if (typeof c[0] === 'number') {
      const p = c as number[];
      if (p[0] < b[0]) b[0] = p[0];
      if (p[1] < b[1]) b[1] = p[1];
      if (p[0] > b[2]) b[2] = p[0];
      if (p[1] > b[3]) b[3] = p[1];
    } else for (const x of c as Coords[]) walk(x);
  };
  walk(g.coordinates as Coords);
  return b;
}
