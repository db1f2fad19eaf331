/**
 * Checks a polygonal GeoJSON geometry (WGS84) before anyone stores it or projects it, so bad input gets a
 * sentence naming the problem instead of a crash or a silently useless area. Pure: used by the server on
 * every REST write of an area and usable by the client before it sends one.
 *
 * Rules (GeoJSON RFC 7946 §3.1.6 plus limits of our own):
 * - `type` is Polygon or MultiPolygon; every position is two or three finite numbers, lon in [-180, 180],
 *   lat in [-90, 90], and inside `limits.bounds`.
 * - every ring has at least 4 positions, is closed (last = first) and encloses a non-zero area.
 * - no ring crosses itself or another ring of the same polygon. Touches (within about 1 m, the rounding of
 *   the shipped boundaries), edges running along each other, and separate polygons of a MultiPolygon that
 *   share edges (our country geometry is the undissolved län) are accepted: none makes "inside" ambiguous.
 * - at most `limits.maxVertices` positions in all.
 */

export type LonLatBounds = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface GeometryLimits {
  /** Most positions over all rings. */
  maxVertices: number;
  /** Every position must lie within this box. */
  bounds: LonLatBounds;
  /** Where the bounds come from, for the message. */
  boundsName: string;
}

/**
 * Sweden's extent (10.96–24.17 °E, 55.34–69.06 °N) with about 30–50 km of margin for territorial waters and
 * border areas. A picture area is a Swedish police working area: anything outside cannot be projected to
 * SWEREF 99 TM sensibly, and a larger area (a whole-world polygon) would only make every risk surface over
 * it enormous. The most detailed shipped boundary has about 5 000 positions; 20 000 leaves room for
 * hand-drawn and imported areas while bounding the cost of the checks and of every later use.
 */
export const PICTURE_AREA_LIMITS: Readonly<GeometryLimits> = Object.freeze({
  maxVertices: 20_000,
  bounds: [10.0, 55.0, 24.5, 69.5] as const,
  boundsName: "Sweden's bounding box (10.0–24.5 °E, 55.0–69.5 °N)",
});

/**
 * Pairs of edges compared while looking for crossings. Real boundaries stay far below this; only
 * adversarial shapes (thousands of long edges spanning each other) reach it, and those are refused.
 */
const MAX_EDGE_COMPARISONS = 20_000_000;

type Position = [number, number];
type Ring = Position[];

/** Every problem found, as sentences; an empty list means the geometry may be stored. */
export function polygonalProblems(value: unknown, limits: Readonly<GeometryLimits> = PICTURE_AREA_LIMITS): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['the area must be a GeoJSON Polygon or MultiPolygon object.'];
  const g = value as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return [`the area must be a GeoJSON Polygon or MultiPolygon, not ${JSON.stringify(g.type ?? null).slice(0, 40)}.`];
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return [`the ${g.type}'s coordinates must be a non-empty array.`];
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const parsed: Ring[][] = [];
  const problems: string[] = [];
  let vertices = 0;
  for (const [pi, poly] of polygons.entries()) {
    const where = g.type === 'Polygon' ? '' : `polygon ${pi + 1}, `;
    if (!Array.isArray(poly) || poly.length === 0) {
      problems.push(`${where}the polygon must be a non-empty array of rings.`);
      continue;
    }
    const rings: Ring[] = [];
    for (const [ri, raw] of poly.entries()) {
      const name = `${where}ring ${ri + 1}`;
      if (!Array.isArray(raw)) {
        problems.push(`${name} must be an array of positions.`);
        continue;
      }
      vertices += raw.length;
      if (vertices > limits.maxVertices) return [`the area has more than ${limits.maxVertices} positions; simplify it.`];
      const ring = positionsOf(raw, name, limits, problems);
      if (!ring) continue;
      if (ring.length < 4) problems.push(`${name} has ${ring.length} positions; a ring needs at least 4 (the last repeating the first).`);
      else if (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) problems.push(`${name} is not closed: its last position must equal its first.`);
      else if (ringArea(ring) === 0) problems.push(`${name} encloses no area.`);
      else rings.push(ring);
    }
    if (rings.length === poly.length) parsed.push(rings);
  }
  if (problems.length > 0) return problems.slice(0, 20);
  for (const [pi, rings] of parsed.entries()) {
    const crossing = findCrossing(rings);
    if (crossing === 'too_complex') return ['the area has too many long, overlapping edges to check; simplify it.'];
    if (crossing) {
      const where = g.type === 'Polygon' ? '' : `polygon ${pi + 1}, `;
      const [a, b] = crossing;
      problems.push(
        a.ring === b.ring
          ? `${where}ring ${a.ring + 1} intersects itself (edges ${a.edge + 1} and ${b.edge + 1}).`
          : `${where}rings ${a.ring + 1} and ${b.ring + 1} cross each other.`,
      );
    }
  }
  return problems;
}

function positionsOf(raw: unknown[], name: string, limits: Readonly<GeometryLimits>, problems: string[]): Ring | null {
  const out: Ring = [];
  const [minLon, minLat, maxLon, maxLat] = limits.bounds;
  for (const [i, p] of raw.entries()) {
    const at = `${name}, position ${i + 1}`;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3) {
      problems.push(`${at} must be [lon, lat] (two or three numbers).`);
      return null;
    }
    if (!p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      problems.push(`${at} must hold finite numbers, not ${JSON.stringify(p).slice(0, 60)}.`);
      return null;
    }
    const [lon, lat] = p as number[];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      problems.push(`${at} is out of range: lon must be in [-180, 180] and lat in [-90, 90], got [${lon}, ${lat}].`);
      return null;
    }
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) {
      problems.push(`${at} [${lon}, ${lat}] lies outside ${limits.boundsName}.`);
      return null;
    }
    out.push([lon, lat]);
  }
  return out;
}

/** Shoelace sum (twice the signed area, degrees²); 0 for a degenerate ring. */
function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s;
}

interface Edge {
  ring: number;
  edge: number;
  /** Edges in its ring, to recognise the wrap-around neighbour. */
  ringEdges: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * The first pair of edges that cross, or null. Edges are swept in order of their western end, so only
 * edges overlapping in longitude are compared. Neighbouring edges of a ring share a vertex and are skipped.
 */
function findCrossing(rings: readonly Ring[]): [Edge, Edge] | null | 'too_complex' {
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    const own: Edge[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      if (a[0] === b[0] && a[1] === b[1]) continue; // a repeated position is harmless
      own.push({ ring: r, edge: own.length, ringEdges: 0, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]), minY: Math.min(a[1], b[1]), maxY: Math.max(a[1], b[1]) });
    }
    for (const e of own) e.ringEdges = own.length;
    edges.push(...own);
  });
  edges.sort((p, q) => p.minX - q.minX);
  let comparisons = 0;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i];
    for (let j = i + 1; j < edges.length && edges[j].minX <= e.maxX; j++) {
      if (++comparisons > MAX_EDGE_COMPARISONS) return 'too_complex';
      const f = edges[j];
      if (f.maxY < e.minY || f.minY > e.maxY) continue;
      if (e.ring === f.ring && adjacent(e.edge, f.edge, e.ringEdges)) continue;
      if (crosses(e.a, e.b, f.a, f.b)) return e.ring < f.ring || (e.ring === f.ring && e.edge < f.edge) ? [e, f] : [f, e];
    }
  }
  return null;
}

function adjacent(i: number, j: number, n: number): boolean {
  const d = Math.abs(i - j);
  return d === 1 || d === n - 1;
}

/**
 * Positions closer than this to a line count as on it (about 1 m). Shipped boundaries are rounded to 5
 * decimals, which leaves near-touches that cross by a rounding step; those are touches, not crossings.
 */
const ON_LINE_DEG = 1e-5;

/** Which side of the line pq the point r lies on: 1, -1, or 0 when within ON_LINE_DEG of it. */
function orient(p: Position, q: Position, r: Position): number {
  const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const len = Math.hypot(q[0] - p[0], q[1] - p[1]);
  return Math.abs(v) <= ON_LINE_DEG * len ? 0 : v > 0 ? 1 : -1;
}

/**
 * Whether segments ab and cd cross properly (each has an end clearly on either side of the other). Touches
 * and edges running along each other are not crossings: real boundaries have spikes and shared stretches
 * that leave "inside" unambiguous.
 */
function crosses(a: Position, b: Position, c: Position, d: Position): boolean {
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}
