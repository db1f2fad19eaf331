/** The measure tool's arithmetic: path length (haversine) and polygon area (@turf/area, geodesic). Pure. */
import turfArea from '@turf/area';

const R = 6_371_008.8; // mean Earth radius, metres (IUGG), as turf uses

export function distanceM(a: readonly [number, number], b: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function pathLengthM(points: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += distanceM(points[i - 1], points[i]);
  return sum;
}

/** Area of the polygon the points enclose (closed automatically); 0 below three points. */
export function areaM2(points: readonly (readonly [number, number])[]): number {
  if (points.length < 3) return 0;
  const ring = [...points.map((p) => [p[0], p[1]]), [points[0][0], points[0][1]]];
  return turfArea({ type: 'Polygon', coordinates: [ring] });
}

/** "850 m", "2,35 km"; "4 500 m²", "1,20 ha", "3,40 km²" — the units a patrol and a planner read. */
export function formatLength(m: number, locale: 'sv' | 'en'): string {
  const nf = (n: number, d: number) => new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }).format(n);
  return m < 1000 ? `${nf(m, 0)} m` : `${nf(m / 1000, 2)} km`;
}

export function formatArea(m2: number, locale: 'sv' | 'en'): string {
  const nf = (n: number, d: number) => new Intl.NumberFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: d, minimumFractionDigits: d }).format(n);
  if (m2 < 10_000) return `${nf(m2, 0)} m²`;
  if (m2 < 1_000_000) return `${nf(m2 / 10_000, 2)} ha`;
  return `${nf(m2 / 1_000_000, 2)} km²`;
}
