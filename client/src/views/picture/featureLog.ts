/**
 * Drawn edits with their entry in the layer's event log: the change and the entry "who did what" are written in
 * one Yjs transaction, so co-editors and the stored history never see one without the other. The author is
 * the writer's own name (the gateway refuses any other, collab/authorship.ts). The text is Swedish: it is
 * stored in the document and read by everyone, whatever language the writer's UI is in.
 */
import * as Y from 'yjs';
import { addFeature, appendLog, featuresMap, type FeatureProps, type Geometry, removeFeature, updateFeature } from '../../../../shared/src/layerDoc.ts';

type EditablePatch = Partial<Pick<FeatureProps, 'title' | 'description' | 'category' | 'symbol' | 'validUntil'>>;

const NOUN: Record<Geometry['type'], { a: string; the: string }> = {
  Point: { a: 'en punkt', the: 'punkten' },
  MultiPoint: { a: 'punkter', the: 'punkterna' },
  LineString: { a: 'en linje', the: 'linjen' },
  MultiLineString: { a: 'linjer', the: 'linjerna' },
  Polygon: { a: 'en yta', the: 'ytan' },
  MultiPolygon: { a: 'ytor', the: 'ytorna' },
};

const FIELD_NAMES: Record<keyof EditablePatch, string> = {
  title: 'titel',
  description: 'beskrivning',
  category: 'kategori',
  symbol: 'symbol',
  validUntil: 'giltig till',
};

/** How a feature is named in a sentence: its title, or what it is. */
function named(title: unknown, geometry: unknown): string {
  if (typeof title === 'string' && title.trim()) return `«${title.trim()}»`;
  const type = (geometry as { type?: string } | null)?.type;
  return type && type in NOUN ? NOUN[type as Geometry['type']].the : 'objektet';
}

function entry(doc: Y.Doc, author: string, text: string, featureId: string, now: Date): void {
  appendLog(doc, { id: crypto.randomUUID(), time: now.toISOString(), author, text, featureIds: [featureId] });
}

export function drawFeatureLogged(doc: Y.Doc, id: string, geometry: Geometry, author: string, now = new Date()): void {
  doc.transact(() => {
    addFeature(doc, id, geometry, { createdBy: author }, now);
    entry(doc, author, `ritade ${NOUN[geometry.type].a}`, id, now);
  });
}

/** A point moved or a line's or area's shape changed. False when the feature is not in this document. */
export function reshapeFeatureLogged(doc: Y.Doc, id: string, geometry: Geometry, author: string, now = new Date()): boolean {
  const f = featuresMap(doc).get(id);
  if (!(f instanceof Y.Map)) return false;
  doc.transact(() => {
    updateFeature(doc, id, { geometry }, now);
    const what = named(f.get('title'), geometry);
    entry(doc, author, geometry.type === 'Point' ? `flyttade ${what}` : `ändrade formen på ${what}`, id, now);
  });
  return true;
}

/**
 * Saves the form's values, naming the fields that changed. Nothing is written when nothing changed (a save
 * without edits is no event). Returns whether anything was written.
 */
export function editFeatureLogged(doc: Y.Doc, id: string, patch: EditablePatch, author: string, now = new Date()): boolean {
  const f = featuresMap(doc).get(id);
  if (!(f instanceof Y.Map)) return false;
  const changed = (Object.keys(FIELD_NAMES) as (keyof EditablePatch)[]).filter((k) => patch[k] !== undefined && (patch[k] ?? null) !== (f.get(k) ?? null));
  if (changed.length === 0) return false;
  const before = named(f.get('title'), f.get('geometry'));
  doc.transact(() => {
    updateFeature(doc, id, Object.fromEntries(changed.map((k) => [k, patch[k]])), now);
    entry(doc, author, `ändrade ${before}: ${changed.map((k) => FIELD_NAMES[k]).join(', ')}`, id, now);
  });
  return true;
}

export function deleteFeatureLogged(doc: Y.Doc, id: string, author: string, now = new Date()): boolean {
  const f = featuresMap(doc).get(id);
  if (!(f instanceof Y.Map)) return false;
  const what = named(f.get('title'), f.get('geometry'));
  doc.transact(() => {
    removeFeature(doc, id);
    entry(doc, author, `tog bort ${what}`, id, now);
  });
  return true;
}
