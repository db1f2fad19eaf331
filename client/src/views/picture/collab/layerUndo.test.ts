import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFeature, appendLog, readFeatures, readLog, removeFeature, updateFeature } from '../../../../../shared/src/layerDoc.ts';
import { createLayerUndo } from './layerUndo.ts';

const P = { type: 'Point' as const, coordinates: [13, 55.6] as [number, number] };
const me = { username: 'analyst', displayName: 'Analytiker Malmö' };

/** Two replicas: what `from` does reaches `to` as a peer's update would (origin: the provider). */
function link(a: Y.Doc, b: Y.Doc) {
  const provider = {};
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== provider && Y.applyUpdate(b, u, provider));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== provider && Y.applyUpdate(a, u, provider));
}
const titles = (d: Y.Doc) => readFeatures(d).collection.features.map((f) => f.properties.title).sort();

describe('layer undo (the local user’s edits only)', () => {
  it('undoes and redoes my edit and leaves a peer’s edit alone', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    link(mine, theirs);
    const undo = createLayerUndo(mine, me);
    addFeature(mine, 'a', P, { title: 'Min', createdBy: 'analyst' });
    addFeature(theirs, 'b', P, { title: 'Deras', createdBy: 'commander' });
    expect(titles(mine)).toEqual(['Deras', 'Min']);
    expect(undo.undo()).toBe('done');
    expect(titles(mine)).toEqual(['Deras']);
    expect(titles(theirs)).toEqual(['Deras']);
    expect(undo.redo()).toBe('done');
    expect(titles(theirs)).toEqual(['Deras', 'Min']);
    // The peer's feature cannot be undone from here: nothing of theirs is on my stack.
    updateFeature(theirs, 'b', { title: 'Deras 2' });
    expect(undo.undo()).toBe('done');
    expect(titles(mine)).toEqual(['Deras 2']);
    expect(undo.undo()).toBe('nothing');
  });

  it('undoes a title change back to the old title; the event log is not touched', () => {
    const d = new Y.Doc();
    addFeature(d, 'a', P, { title: 'Före', createdBy: 'analyst' });
    const undo = createLayerUndo(d, me);
    updateFeature(d, 'a', { title: 'Efter' });
    appendLog(d, { id: 'l1', time: new Date().toISOString(), author: 'analyst', text: 'Ändrade rubrik', featureIds: ['a'] });
    expect(undo.undo()).toBe('done');
    expect(titles(d)).toEqual(['Före']);
    expect(readLog(d)).toHaveLength(1);
  });

  it('skips, with its own outcome, undoing my deletion of someone else’s feature (the server would refuse their authorship)', () => {
    const d = new Y.Doc();
    addFeature(d, 'x', P, { title: 'Deras', createdBy: 'commander' }, new Date());
    addFeature(d, 'y', P, { title: 'Min', createdBy: 'analyst' });
    const undo = createLayerUndo(d, me);
    removeFeature(d, 'y');
    undo.stopCapturing();
    removeFeature(d, 'x');
    expect(titles(d)).toEqual([]);
    expect(undo.undo()).toBe('foreign');
    expect(titles(d)).toEqual([]);
    // Positive control: my own deletion is undone.
    expect(undo.undo()).toBe('done');
    expect(titles(d)).toEqual(['Min']);
  });
});
