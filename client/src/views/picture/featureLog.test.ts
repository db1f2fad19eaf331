import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readFeatures, readLog } from '../../../../shared/src/layerDoc.ts';
import { deleteFeatureLogged, drawFeatureLogged, editFeatureLogged, reshapeFeatureLogged } from './featureLog.ts';

const now = new Date('2026-12-05T04:00:00Z');

/** Counts the updates a peer would receive: the change and its log entry must arrive as one. */
function updatesOf(doc: Y.Doc): Uint8Array[] {
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  return out;
}

describe('drawn edits write who did what in the layer log', () => {
  it('drawing a feature logs "ritade" with the author and the feature, in the same update', () => {
    const doc = new Y.Doc();
    const updates = updatesOf(doc);
    drawFeatureLogged(doc, 'f1', { type: 'Polygon', coordinates: [[[13, 55], [13.1, 55], [13.1, 55.1], [13, 55]]] }, 'kim', now);
    expect(updates).toHaveLength(1);
    expect(readFeatures(doc).collection.features.map((f) => [f.id, f.properties.createdBy])).toEqual([['f1', 'kim']]);
    expect(readLog(doc)).toEqual([expect.objectContaining({ author: 'kim', text: 'ritade en yta', featureIds: ['f1'], time: now.toISOString() })]);
  });

  it('moving a point and reshaping a line are told apart, named by title or by what they are', () => {
    const doc = new Y.Doc();
    drawFeatureLogged(doc, 'p', { type: 'Point', coordinates: [13, 55.6] }, 'kim', now);
    drawFeatureLogged(doc, 'l', { type: 'LineString', coordinates: [[13, 55.6], [13.1, 55.6]] }, 'kim', now);
    editFeatureLogged(doc, 'p', { title: 'Avspärrning' }, 'kim', now);
    const updates = updatesOf(doc);
    expect(reshapeFeatureLogged(doc, 'p', { type: 'Point', coordinates: [13.01, 55.6] }, 'eva', now)).toBe(true);
    expect(reshapeFeatureLogged(doc, 'l', { type: 'LineString', coordinates: [[13, 55.6], [13.2, 55.7]] }, 'eva', now)).toBe(true);
    expect(updates).toHaveLength(2);
    expect(readLog(doc).slice(-2).map((e) => `${e.author} ${e.text}`)).toEqual(['eva flyttade «Avspärrning»', 'eva ändrade formen på linjen']);
    expect(readFeatures(doc).collection.features.find((f) => f.id === 'p')?.geometry).toEqual({ type: 'Point', coordinates: [13.01, 55.6] });
  });

  it('saving the form names the fields that changed, and writes nothing when none did', () => {
    const doc = new Y.Doc();
    drawFeatureLogged(doc, 'p', { type: 'Point', coordinates: [13, 55.6] }, 'kim', now);
    expect(editFeatureLogged(doc, 'p', { title: 'Brand', description: '', category: 'other', symbol: 'default', validUntil: null }, 'kim', now)).toBe(true);
    expect(readLog(doc).at(-1)?.text).toBe('ändrade punkten: titel');
    const updates = updatesOf(doc);
    expect(editFeatureLogged(doc, 'p', { title: 'Brand', description: '', category: 'other', symbol: 'default', validUntil: null }, 'kim', now)).toBe(false);
    expect(updates).toHaveLength(0);
    expect(editFeatureLogged(doc, 'p', { title: 'Brand', description: 'Rök', category: 'damage', validUntil: '2026-12-06T00:00:00.000Z' }, 'kim', now)).toBe(true);
    expect(readLog(doc).at(-1)?.text).toBe('ändrade «Brand»: beskrivning, kategori, giltig till');
    expect(readLog(doc)).toHaveLength(3);
  });

  it('deleting logs the feature by its title; a feature not in the document writes nothing', () => {
    const doc = new Y.Doc();
    drawFeatureLogged(doc, 'p', { type: 'Point', coordinates: [13, 55.6] }, 'kim', now);
    editFeatureLogged(doc, 'p', { title: 'Brand' }, 'kim', now);
    const updates = updatesOf(doc);
    expect(deleteFeatureLogged(doc, 'p', 'eva', now)).toBe(true);
    expect(updates).toHaveLength(1);
    expect(readFeatures(doc).collection.features).toEqual([]);
    expect(readLog(doc).at(-1)).toEqual(expect.objectContaining({ author: 'eva', text: 'tog bort «Brand»', featureIds: ['p'] }));
    expect(deleteFeatureLogged(doc, 'nope', 'eva', now)).toBe(false);
    expect(reshapeFeatureLogged(doc, 'nope', { type: 'Point', coordinates: [13, 55] }, 'eva', now)).toBe(false);
    expect(editFeatureLogged(doc, 'nope', { title: 'x' }, 'eva', now)).toBe(false);
    expect(readLog(doc)).toHaveLength(3);
  });
});
