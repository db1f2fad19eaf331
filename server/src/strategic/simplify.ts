/**
 * Coordinate simplification for shipped boundary files: rounding to a number of decimals and
 * Douglas–Peucker per ring. Rings are simplified independently (no shared-edge topology), so neighbouring
 * polygons may get hairline gaps or overlaps along shared borders — fine for choropleths, not for
 * point-in-polygon near borders. A ring that would fall below 4 positions is kept as rounded.
 */

export type Ring = number[][];

/** Squared distance from p to the segment a–b (planar, in coordinate units). */
function segDist2(p: number[], a: number[], b: number[]): number {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas–Peucker on a line; keeps the endpoints. Iterative (explicit stack), O(n log n) typical. */
export function douglasPeucker(points: Ring, tolerance: number): Ring {
  const n = points.length;
  if (n <= 2 || tolerance <= 0) return points.slice();
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop() as number;
    const first = stack.pop() as number;
    let maxD = 0;
    let idx = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segDist2(points[i], points[first], points[last]);
      if (d > maxD) {
        maxD = d;
        idx = i;
      }
    }
    if (idx >= 0 && maxD > tol2) {
      keep[idx] = 1;
      stack.push(first, idx, idx, last);
    }
  }
  const out: Ring = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(points[i]);
  return out;
}

/** Rounds every position and drops consecutive duplicates. */
export function roundRing(ring: Ring, decimals: number): Ring {
  const f = 10 ** decimals;
  const out: Ring = [];
  for (const p of ring) {
    const q = [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
  }
  return out;
}

/** Rounds then simplifies a closed ring, keeping it closed with at least 4 positions. */
export function simplifyRing(ring: Ring, tolerance: number, decimals: number): Ring {
  const rounded = roundRing(ring, decimals);
  const simplified = douglasPeucker(rounded, tolerance);
  return simplified.length >= 4 ? simplified : rounded;
}

type Geometry = { type: string; coordinates?: unknown; geometries?: Geometry[] };

/** Simplifies (Multi)Polygon and (Multi)LineString geometries; points are only rounded. */
export function simplifyGeometry(g: Geometry, tolerance: number, decimals: number): Geometry {
  const ring = (r: Ring) => simplifyRing(r, tolerance, decimals);
  const line = (l: Ring) => douglasPeucker(roundRing(l, decimals), tolerance);
  const c = g.coordinates as any;
  switch (g.type) {
    case 'Polygon':
      return { type: g.type, coordinates: (c as Ring[]).map(ring) };
    case 'MultiPolygon':
      return { type: g.type, coordinates: (c as Ring[][]).map((p) => p.map(ring)) };
    case 'LineString':
      return { type: g.type, coordinates: line(c as Ring) };
    case 'MultiLineString':
      return { type: g.type, coordinates: (c as Ring[]).map(line) };
    case 'Point':
      return { type: g.type, coordinates: roundRing([c as number[]], decimals)[0] };
    case 'MultiPoint':
      return { type: g.type, coordinates: roundRing(c as Ring, decimals) };
    case 'GeometryCollection':
      return { type: g.type, geometries: (g.geometries ?? []).map((x) => simplifyGeometry(x, tolerance, decimals)) };
    default:
      return g;
  }
}

/** Simplifies every feature geometry of a FeatureCollection; properties are kept unchanged. */
export function simplifyFeatureCollection<T extends { features: { geometry: Geometry | null }[] }>(fc: T, tolerance: number, decimals: number): T {
  return { ...fc, features: fc.features.map((f) => ({ ...f, geometry: f.geometry ? simplifyGeometry(f.geometry, tolerance, decimals) : null })) };
}
