/**
 * Undo and redo of the local user's own edits in one layer document (Y.UndoManager). Only transactions
 * without an origin are tracked — this page's edits — so a peer's edit (origin: the websocket provider) and
 * what IndexedDB restores are never undone. The event log is not tracked: it is the record of what happened.
 *
 * The server refuses an update that writes another user's authorship (layerDoc.ts). Undoing the deletion of
 * someone else's feature would write it back with their `createdBy` and close the connection, so such a step
 * is marked when it is recorded and skipped with a sentence instead of undone.
 */
import * as Y from 'yjs';
import { featuresMap } from '../../../../../shared/src/layerDoc.ts';

export type UndoOutcome = 'done' | 'nothing' | 'foreign';

export interface LayerUndo {
  undo(): UndoOutcome;
  redo(): UndoOutcome;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Ends the current step: the next edit is undone on its own (edits within 400 ms are one step). */
  stopCapturing(): void;
  onChange(fn: () => void): () => void;
  destroy(): void;
}

const FOREIGN = 'restoresForeignFeature';

export function createLayerUndo(doc: Y.Doc, me: { username: string; displayName: string }): LayerUndo {
  const features = featuresMap(doc);
  const manager = new Y.UndoManager(features, { trackedOrigins: new Set([null]), captureTimeout: 400 });
  const mine = (v: unknown) => v === me.username || v === me.displayName;
  // A deleted feature's map can no longer be read, so authors are remembered as features appear.
  const authors = new Map<string, unknown>();
  for (const [id, f] of features.entries()) authors.set(id, f.get('createdBy'));
  const remember = (e: Y.YMapEvent<Y.Map<unknown>>) => {
    for (const [id, change] of e.changes.keys) if (change.action !== 'delete') authors.set(id, features.get(id)?.get('createdBy'));
  };
  features.observe(remember);
  manager.on('stack-item-added', (e) => {
    const events = e.changedParentTypes.get(features as unknown as Parameters<typeof e.changedParentTypes.get>[0]) ?? [];
    for (const ev of events)
      for (const [id, change] of (ev as Y.YMapEvent<unknown>).changes.keys) if (change.action === 'delete' && !mine(authors.get(id))) e.stackItem.meta.set(FOREIGN, true);
  });
  const step = (stack: 'undo' | 'redo'): UndoOutcome => {
    const items = stack === 'undo' ? manager.undoStack : manager.redoStack;
    const top = items.at(-1);
    if (!top) return 'nothing';
    // Undo would restore the other user's feature (their authorship); redo would delete it again, which is allowed.
    if (stack === 'undo' && top.meta.get(FOREIGN)) {
      items.pop();
      return 'foreign';
    }
    if (stack === 'undo') manager.undo();
    else manager.redo();
    return 'done';
  };
  return {
    undo: () => step('undo'),
    redo: () => step('redo'),
    canUndo: () => manager.undoStack.length > 0,
    canRedo: () => manager.redoStack.length > 0,
    stopCapturing: () => manager.stopCapturing(),
    onChange(fn) {
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
      for (const ev of events) manager.on(ev, fn);
      return () => {
        for (const ev of events) manager.off(ev, fn);
      };
    },
    destroy: () => {
      features.unobserve(remember);
      manager.destroy();
    },
  };
}
