/**
 * SWEREF 99, Sweden's reference frame, for proj4: the national TM projection (EPSG:3006, where everything is
 * stored and analysed) and the twelve local zones (EPSG:3007–3018) that municipal data often comes in.
 * proj4 ships only EPSG:4326 and EPSG:3857, so these are the one place the definitions live; importing the
 * module registers them with proj4 under their EPSG names.
 */
import proj4 from 'proj4';

/** SWEREF 99 TM. */
export const EPSG_3006 = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs';

/** WGS84 longitude/latitude (EPSG:4326). */
export const WGS84 = '+proj=longlat +datum=WGS84 +no_defs +type=crs';

/** [EPSG code, central meridian] of the SWEREF 99 local zones ("SWEREF 99 12 00" … "SWEREF 99 23 15"). */
export const SWEREF_LOCAL_ZONES: ReadonlyArray<readonly [epsg: number, lon0: number]> = [
  [3007, 12],
  [3008, 13.5],
  [3009, 15],
  [3010, 16.5],
  [3011, 18],
  [3012, 14.25],
  [3013, 15.75],
  [3014, 17.25],
  [3015, 18.75],
  [3016, 20.25],
  [3017, 21.75],
  [3018, 23.25],
];

function localZoneDef(lon0: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=150000 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs`;
}

/** proj4 definitions by EPSG name: EPSG:3006 and the local zones EPSG:3007–3018. */
export const SWEREF_DEFS: Readonly<Record<string, string>> = Object.freeze({
  'EPSG:3006': EPSG_3006,
  ...Object.fromEntries(SWEREF_LOCAL_ZONES.map(([epsg, lon0]) => [`EPSG:${epsg}`, localZoneDef(lon0)])),
});

for (const [name, def] of Object.entries(SWEREF_DEFS)) proj4.defs(name, def);

const tm = proj4(WGS84, EPSG_3006);

/** WGS84 [lon, lat] → SWEREF 99 TM [x, y] (metres). */
export function wgsToSweref(lon: number, lat: number): [number, number] {
  const [x, y] = tm.forward([lon, lat]);
  return [x, y];
}

/** SWEREF 99 TM [x, y] (metres) → WGS84 [lon, lat]. */
export function swerefToWgs(x: number, y: number): [number, number] {
  const [lon, lat] = tm.inverse([x, y]);
  return [lon, lat];
}
