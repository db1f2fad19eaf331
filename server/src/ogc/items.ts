/**
 * OGC API – Features query parameters and paging, without I/O: `bbox`, `datetime`, `limit` (default 10, at most
 * 10 000) and `offset`, applied to GeoJSON features in WGS84 (CRS84). Problems are sentences for a 400.
 */

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 10_000;

export interface OgcFeature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown };
  /** Any properties (a layer feature's interface has no index signature). */
  properties: object;
}

export interface ItemsQuery {
  bbox: [number, number, number, number] | null;
  /** Inclusive bounds in ms; null for an open end. */
  datetime: { start: number | null; end: number | null } | null;
  limit: number;
  offset: number;
}

export class OgcQueryError extends Error {
  override name = 'OgcQueryError';
}

function parseBbox(s: string): [number, number, number, number] {
  const parts = s.split(',').map((p) => Number(p.trim()));
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) {
    throw new OgcQueryError('bbox must be four numbers: minimum longitude, minimum latitude, maximum longitude, maximum latitude (CRS84).');
  }
  const [minx, miny, maxx, maxy] = parts.length === 4 ? parts : [parts[0], parts[1], parts[3], parts[4]];
  if (miny > maxy) throw new OgcQueryError('bbox: the minimum latitude is above the maximum.');
  if (Math.abs(miny) > 90 || Math.abs(maxy) > 90 || Math.abs(minx) > 180 || Math.abs(maxx) > 180) throw new OgcQueryError('bbox must be in degrees (CRS84).');
  return [minx, miny, maxx, maxy];
}

function parseInstant(s: string, what: string): number | null {
  if (s === '..' || s === '') return null;
  const t = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(t)) throw new OgcQueryError(`datetime: ${what} "${s.slice(0, 40)}" is not an RFC 3339 date-time.`);
  return t;
}

function parseDatetime(s: string): ItemsQuery['datetime'] {
  const parts = s.split('/');
  if (parts.length === 1) {
    const t = parseInstant(parts[0], 'the instant');
    if (t === null) throw new OgcQueryError('datetime: an instant must be a date-time.');
    return { start: t, end: t };
  }
  if (parts.length !== 2) throw new OgcQueryError('datetime must be an instant or an interval start/end ("..": open).');
  const start = parseInstant(parts[0], 'the start');
  const end = parseInstant(parts[1], 'the end');
  if (start !== null && end !== null && start > end) throw new OgcQueryError('datetime: the interval starts after it ends.');
  return { start, end };
}

function parseCount(s: string | undefined, name: string, min: number): number | undefined {
  if (s === undefined || s === '') return undefined;
  if (!/^\d{1,9}$/.test(s) || Number(s) < min) throw new OgcQueryError(`${name} must be a whole number of at least ${min}.`);
  return Number(s);
}

export function parseItemsQuery(q: Record<string, string | undefined>): ItemsQuery {
  return {
    bbox: q.bbox ? parseBbox(q.bbox) : null,
    datetime: q.datetime ? parseDatetime(q.datetime) : null,
    // A larger limit is lowered to the maximum (OGC API – Features 1, /req/core/fc-limit-response-1).
    limit: Math.min(parseCount(q.limit, 'limit', 1) ?? DEFAULT_LIMIT, MAX_LIMIT),
    offset: parseCount(q.offset, 'offset', 0) ?? 0,
  };
}

/** [minx, miny, maxx, maxy] of a GeoJSON geometry's positions, or null when it has none. */
export function geometryBbox(g: { coordinates: unknown }): [number, number, number, number] | null {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x < minx) minx = x;
      if (x > maxx) maxx = x;
      if (y < miny) miny = y;
      if (y > maxy) maxy = y;
      return;
    }
    for (const x of c) walk(x);
  };
  walk(g.coordinates);
  return minx === Infinity ? null : [minx, miny, maxx, maxy];
}

/** The extent of many features (null when none has a position). */
export function extentOf(features: readonly OgcFeature[]): [number, number, number, number] | null {
  let out: [number, number, number, number] | null = null;
  for (const f of features) {
    const b = geometryBbox(f.geometry);
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : b;
  }
  return out;
}

/** A feature's time for `datetime`: when it last changed, else when it was made; null when it has neither. */
function featureTime(f: OgcFeature): number | null {
  for (const key of ['updatedAt', 'createdAt']) {
    const v = (f.properties as Record<string, unknown>)[key];
    if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  }
  return null;
}

/** The features matching bbox and datetime, and the page of them the query asks for. */
export function selectItems(features: readonly OgcFeature[], q: ItemsQuery): { page: OgcFeature[]; matched: number } {
  const matching = features.filter((f) => {
    if (q.bbox) {
      const b = geometryBbox(f.geometry);
      if (!b || b[0] > q.bbox[2] || b[2] < q.bbox[0] || b[1] > q.bbox[3] || b[3] < q.bbox[1]) return false;
    }
    if (q.datetime) {
      const t = featureTime(f);
      if (t === null || (q.datetime.start !== null && t < q.datetime.start) || (q.datetime.end !== null && t > q.datetime.end)) return false;
    }
    return true;
  });
  return { page: matching.slice(q.offset, q.offset + q.limit), matched: matching.length };
}
