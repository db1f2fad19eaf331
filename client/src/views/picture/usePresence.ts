import { type RefObject, useEffect } from 'react';
import type { User } from '../../api/types.ts';
import { colorFor, presenceFor } from '../../collab/awareness.ts';
import type { LayerSession } from '../../collab/LayerSession.ts';
import type { Selection } from './useSelection.ts';

/**
 * Publishes who I am, what I selected and where my cursor is, ~4 times a second at most, and only when it
 * changed. Each layer's document gets only what belongs to it (presenceFor): a selection only in its own
 * layer, the cursor only where I draw or select, so nothing about a police-internal layer reaches a shared one.
 */
export function usePresence(opts: {
  user: User | null;
  sessions: ReadonlyMap<string, LayerSession>;
  /** The layers with a session; a new one is told at once, not at the next round. */
  layerIds: readonly string[];
  selection: Selection | null;
  activeLayerId: string | null;
  cursor: RefObject<[number, number] | null>;
}): void {
  const { user, sessions, selection, activeLayerId, cursor } = opts;
  const layerKey = opts.layerIds.join(',');
  useEffect(() => {
    if (!user) return;
    const ids = layerKey ? layerKey.split(',') : [];
    const last = new Map<string, string>();
    const me = { name: user.displayName ?? user.username, org: user.organisation.name, color: colorFor(user.id) };
    const publish = () => {
      for (const id of ids) {
        const s = sessions.get(id);
        if (!s) continue;
        const state = presenceFor(id, me, selection, activeLayerId, cursor.current);
        const key = JSON.stringify(state);
        if (last.get(id) === key) continue;
        last.set(id, key);
        s.setPresence(state);
      }
    };
    publish();
    const timer = setInterval(publish, 250);
    return () => clearInterval(timer);
  }, [user, sessions, layerKey, selection, activeLayerId, cursor]);
}
