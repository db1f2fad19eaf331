/**
 * Coordinate reprojection for area boundaries (proj4). GeoJSON from any CRS proj4 knows is brought to
 * WGS84 for the API and to SWEREF99 TM (EPSG:3006) for storage. The SWEREF 99 systems are defined in
 * shared/src/geo/sweref.ts (proj4 ships only EPSG:4326 and EPSG:3857); SWEREF 99 geographic is added here.
 */
import proj4 from 'proj4';
// Registers EPSG:3006 and the SWEREF 99 local zones with proj4.
import '../../../shared/src/geo/sweref.ts';
import { mapPositions, type Position, roundPosition } from '../geo/crs.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';

proj4.defs('EPSG:4619', '+proj=longlat +ellps=GRS80 +no_defs +type=crs'); // SWEREF99 geographic

/** Normalises CRS names: `urn:ogc:def:crs:EPSG::3006`, `EPSG:3006`, `3006`, `CRS84` → `EPSG:…`. */
export function normaliseCrs(name: string): string {
  const s = name.trim();
  if (/CRS:?84$/i.test(s)) return 'EPSG:4326';
  const m = /EPSG:{1,2}(\d+)$/i.exec(s) ?? /^(\d{4,5})$/.exec(s);
  if (m) return `EPSG:${m[1]}`;
  return s;
}

export type { Position };
export type PolygonGeometry = { type: 'Polygon'; coordinates: Position[][] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Position[][][] };
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** A converter between two CRSs; throws `RT_ERR_INVALID_IMPORT` when proj4 does not know one of them. */
export function converter(from: string, to: string): (p: Position) => Position {
  const a = normaliseCrs(from);
  const b = normaliseCrs(to);
  if (a === b) return (p) => [p[0], p[1]];
  if (!proj4.defs(a) || !proj4.defs(b)) {
    throw new StrategicError(StrategicErrorCode.InvalidImport, `Unknown coordinate reference system '${!proj4.defs(a) ? from : to}'; use an EPSG code proj4 knows (e.g. EPSG:3006, EPSG:4326).`);
  }
  const c = proj4(a, b);
  return (p) => c.forward([p[0], p[1]]);
}

/** Reprojects a geometry; `round` decimals (e.g. 6 for degrees, 2 for metres) when given. */
export function reproject(g: AreaGeometry, from: string, to: string, round?: number): AreaGeometry {
  const conv = converter(from, to);
  return mapPositions(g, round === undefined ? conv : (p) => roundPosition(conv(p), round));
}

/** WGS84 geometry → SWEREF99 TM (EPSG:3006), centimetre precision, for storage. */
export function toSweref99tm(g: AreaGeometry): AreaGeometry {
  return reproject(g, 'EPSG:4326', 'EPSG:3006', 2);
}

/** The stored columns of an area record: geometry in EPSG:3006 for analysis, WGS84 and bbox for the map. */
export function areaGeometryColumns(a: { geometry: Parameters<typeof toSweref99tm>[0]; bbox: readonly number[] }) {
  return {
    geometry: JSON.stringify(toSweref99tm(a.geometry)),
    geometryWgs: JSON.stringify(a.geometry),
    minLon: a.bbox[0],
    minLat: a.bbox[1],
    maxLon: a.bbox[2],
    maxLat: a.bbox[3],
  };
}
