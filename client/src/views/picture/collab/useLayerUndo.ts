/** Undo/redo of my edits in the layer I draw in, with Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y (not inside text fields). */
import { useCallback, useEffect, useState } from 'react';
import type { LayerSession } from '../../../collab/LayerSession.ts';
import { createLayerUndo, type LayerUndo, type UndoOutcome } from './layerUndo.ts';

export function useLayerUndo(session: LayerSession | undefined, me: { username: string; displayName: string } | null) {
  const [undo, setUndo] = useState<LayerUndo | null>(null);
  const [, bump] = useState(0);
  const [last, setLast] = useState<UndoOutcome | null>(null);
  const username = me?.username;
  const displayName = me?.displayName;
  useEffect(() => {
    if (!session || !username) return;
    const u = createLayerUndo(session.doc, { username, displayName: displayName ?? username });
    setUndo(u);
    const off = u.onChange(() => bump((n) => n + 1));
    return () => {
      off();
      u.destroy();
      setUndo(null);
    };
  }, [session, username, displayName]);

  const run = useCallback(
    (which: 'undo' | 'redo') => {
      if (!undo) return;
      const outcome = which === 'undo' ? undo.undo() : undo.redo();
      setLast(outcome);
      bump((n) => n + 1);
    },
    [undo],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const el = e.target as HTMLElement | null;
      // Text fields keep their own undo.
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) run('undo');
      else if ((k === 'z' && e.shiftKey) || k === 'y') run('redo');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  return { canUndo: !!undo?.canUndo(), canRedo: !!undo?.canRedo(), undo: () => run('undo'), redo: () => run('redo'), last, clearLast: () => setLast(null) };
}
