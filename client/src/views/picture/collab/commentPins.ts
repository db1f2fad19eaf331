/**
 * Where comment pins go: one per feature that has comments, at the feature's point (a line's middle vertex,
 * a polygon's outer-ring centre of its bounding box). Pure; only layers the viewer reads are passed in, so
 * pins never point at anything the viewer may not see.
 */
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';

export interface CommentPin {
  layerId: string;
  featureId: string;
  at: [number, number];
  count: number;
  title: string;
  latest: { author: string; text: string } | null;
}

function anchor(f: LayerFeature): [number, number] | null {
  const g = f.geometry;
  const mid = (ps: readonly (readonly number[])[]) => (ps.length ? ([ps[Math.floor(ps.length / 2)][0], ps[Math.floor(ps.length / 2)][1]] as [number, number]) : null);
  const boxCentre = (ps: readonly (readonly number[])[]) => {
    if (!ps.length) return null;
    const xs = ps.map((p) => p[0]);
    const ys = ps.map((p) => p[1]);
    return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2] as [number, number];
  };
  switch (g.type) {
    case 'Point':
      return [g.coordinates[0], g.coordinates[1]];
    case 'MultiPoint':
      return mid(g.coordinates);
    case 'LineString':
      return mid(g.coordinates);
    case 'MultiLineString':
      return mid(g.coordinates[0] ?? []);
    case 'Polygon':
      return boxCentre(g.coordinates[0] ?? []);
    case 'MultiPolygon':
      return boxCentre(g.coordinates[0]?.[0] ?? []);
  }
}

export function commentPins(layers: readonly { layerId: string; features: readonly LayerFeature[] }[]): CommentPin[] {
  const out: CommentPin[] = [];
  for (const l of layers)
    for (const f of l.features) {
      const comments = f.properties.comments ?? [];
      if (comments.length === 0) continue;
      const at = anchor(f);
      if (!at) continue;
      const last = comments[comments.length - 1];
      out.push({ layerId: l.layerId, featureId: f.id, at, count: comments.length, title: f.properties.title, latest: last ? { author: last.author, text: last.text } : null });
    }
  return out;
}
