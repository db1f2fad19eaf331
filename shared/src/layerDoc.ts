/**
 * The layer document shape (api-contract.md), shared by server and client:
 *   features: Y.Map<featureId, Y.Map>  — geometry (GeoJSON, WGS84, plain JSON), title, description, category,
 *             symbol, validUntil, createdBy, createdAt, updatedAt (plain values), comments (Y.Array<Comment>)
 *   log:      Y.Array<LogEntry>        — the event log (händelselogg)
 * The server never trusts a document: `readFeatures` validates every feature and reports the bad ones.
 * Authorship is the writer's own: the server refuses (close 4403) an update whose `createdBy`, comment
 * `author` or log `author` is anything but the writing session's username or display name.
 */
import * as Y from 'yjs';

export interface Comment {
  author: string;
  time: string;
  text: string;
}

export interface LogEntry {
  id: string;
  time: string;
  author: string;
  text: string;
  featureIds: string[];
}

export type Position = [number, number];
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface FeatureProps {
  title: string;
  description: string;
  category: string;
  symbol: string;
  validUntil: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface LayerFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry;
  properties: FeatureProps & { comments: Comment[] };
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: LayerFeature[];
}

export const FEATURE_CATEGORIES = ['observation', 'risk', 'measure', 'lighting', 'damage', 'gathering', 'other'] as const;

export function featuresMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('features');
}

export function logArray(doc: Y.Doc): Y.Array<LogEntry> {
  return doc.getArray('log');
}

export function addFeature(doc: Y.Doc, id: string, geometry: Geometry, props: Partial<FeatureProps> & { createdBy: string }, now = new Date()): void {
  const t = now.toISOString();
  doc.transact(() => {
    const f = new Y.Map<unknown>();
    f.set('geometry', geometry);
    f.set('title', props.title ?? '');
    f.set('description', props.description ?? '');
    f.set('category', props.category ?? 'other');
    f.set('symbol', props.symbol ?? 'default');
    f.set('validUntil', props.validUntil ?? null);
    f.set('createdBy', props.createdBy);
    f.set('createdAt', props.createdAt ?? t);
    f.set('updatedAt', t);
    f.set('comments', new Y.Array<Comment>());
    featuresMap(doc).set(id, f);
  });
}

export function updateFeature(doc: Y.Doc, id: string, patch: Partial<Omit<FeatureProps, 'createdBy' | 'createdAt'>> & { geometry?: Geometry }, now = new Date()): boolean {
  const f = featuresMap(doc).get(id);
  if (!(f instanceof Y.Map)) return false;
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) f.set(k, v);
    f.set('updatedAt', now.toISOString());
  });
  return true;
}

export function removeFeature(doc: Y.Doc, id: string): void {
  featuresMap(doc).delete(id);
}

export function addComment(doc: Y.Doc, featureId: string, comment: Comment): boolean {
  const f = featuresMap(doc).get(featureId);
  const comments = f instanceof Y.Map ? f.get('comments') : undefined;
  if (!(comments instanceof Y.Array)) return false;
  comments.push([comment]);
  return true;
}

export function appendLog(doc: Y.Doc, entry: LogEntry): void {
  logArray(doc).push([entry]);
}

const GEOMETRY_DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    (p.length === 2 || p.length === 3) &&
    p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
    Math.abs(p[0] as number) <= 180 &&
    Math.abs(p[1] as number) <= 90
  );
}

function checkCoords(c: unknown, depth: number): boolean {
  if (depth === 0) return isPosition(c);
  return Array.isArray(c) && c.length > 0 && c.every((x) => checkCoords(x, depth - 1));
}

/** Returns a problem sentence for an invalid geometry, or null when it is valid GeoJSON in WGS84. */
export function geometryProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'geometry is missing';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string' || !(type in GEOMETRY_DEPTH)) return `geometry type ${JSON.stringify(type)} is not supported`;
  if (!checkCoords(coordinates, GEOMETRY_DEPTH[type])) return `${type} coordinates are not valid WGS84 positions`;
  if (type === 'LineString' && (coordinates as unknown[]).length < 2) return 'a LineString needs at least two positions';
  if (type === 'Polygon' || type === 'MultiPolygon') {
    const polys = (type === 'Polygon' ? [coordinates] : coordinates) as Position[][][];
    for (const poly of polys)
      for (const ring of poly) {
        if (ring.length < 4) return 'a polygon ring needs at least four positions';
        const a = ring[0];
        const b = ring[ring.length - 1];
        if (a[0] !== b[0] || a[1] !== b[1]) return 'a polygon ring must be closed';
      }
  }
  return null;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

export interface InvalidFeature {
  id: string;
  problem: string;
}

/** Materialises the features of a document, dropping and reporting invalid ones. */
export function readFeatures(doc: Y.Doc): { collection: FeatureCollection; invalid: InvalidFeature[] } {
  const features: LayerFeature[] = [];
  const invalid: InvalidFeature[] = [];
  featuresMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      invalid.push({ id, problem: 'the feature is not a map' });
      return;
    }
    const geometry = value.get('geometry');
    const problem = geometryProblem(geometry);
    if (problem) {
      invalid.push({ id, problem });
      return;
    }
    for (const key of ['title', 'description', 'category', 'symbol'] as const) {
      const v = value.get(key);
      if (v !== undefined && typeof v !== 'string') {
        invalid.push({ id, problem: `${key} must be text` });
        return;
      }
    }
    const validUntil = value.get('validUntil');
    if (validUntil != null && (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil)))) {
      invalid.push({ id, problem: 'validUntil must be an ISO date or empty' });
      return;
    }
    const rawComments = value.get('comments');
    const comments: Comment[] = [];
    if (rawComments instanceof Y.Array) {
      for (const c of rawComments.toArray()) {
        if (c && typeof c === 'object' && typeof (c as Comment).text === 'string') {
          comments.push({ author: str((c as Comment).author), time: str((c as Comment).time), text: (c as Comment).text });
        }
      }
    }
    features.push({
      type: 'Feature',
      id,
      geometry: geometry as Geometry,
      properties: {
        title: str(value.get('title')),
        description: str(value.get('description')),
        category: str(value.get('category'), 'other'),
        symbol: str(value.get('symbol'), 'default'),
        validUntil: (validUntil as string | null | undefined) ?? null,
        createdBy: str(value.get('createdBy')),
        createdAt: str(value.get('createdAt')),
        updatedAt: str(value.get('updatedAt')),
        comments,
      },
    });
  });
  features.sort((a, b) => a.id.localeCompare(b.id));
  return { collection: { type: 'FeatureCollection', features }, invalid };
}

/** Materialises the event log, skipping malformed entries. */
export function readLog(doc: Y.Doc): LogEntry[] {
  const out: LogEntry[] = [];
  for (const e of logArray(doc).toArray()) {
    if (!e || typeof e !== 'object' || typeof e.text !== 'string') continue;
    out.push({
      id: str(e.id),
      time: str(e.time),
      author: str(e.author),
      text: e.text,
      featureIds: Array.isArray(e.featureIds) ? e.featureIds.filter((x): x is string => typeof x === 'string') : [],
    });
  }
  return out;
}
