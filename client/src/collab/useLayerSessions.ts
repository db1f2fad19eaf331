import { useEffect, useRef, useState } from 'react';
import { useApp } from '../AppContext.tsx';
import { LayerSession, type LayerSessionState, wsBase } from './LayerSession.ts';
import { clearOfflineDocs, offlineDocName } from './offlineStore.ts';

function snapshot(sessions: ReadonlyMap<string, LayerSession>): Map<string, LayerSessionState> {
  const m = new Map<string, LayerSessionState>();
  for (const [id, s] of sessions) m.set(id, s.getState());
  return m;
}

/**
 * Keeps one LayerSession per layer id alive while the ids are listed, and re-renders on any change.
 * Sessions survive re-renders and network loss; they are destroyed when the layer disappears or on unmount.
 * Each document is kept in IndexedDB under the signed-in user's name (offlineStore.ts); another user's
 * stored documents are deleted first.
 */
export function useLayerSessions(layerIds: readonly string[], token: string | null): { sessions: Map<string, LayerSession>; states: Map<string, LayerSessionState> } {
  const { user } = useApp();
  const userId = user?.id ?? null;
  const ref = useRef(new Map<string, LayerSession>());
  const [states, setStates] = useState<Map<string, LayerSessionState>>(() => new Map());
  const key = [...layerIds].sort().join(',');

  useEffect(() => {
    if (!token) return;
    const map = ref.current;
    const wanted = new Set(key ? key.split(',') : []);
    const unsubs: (() => void)[] = [];
    for (const [id, s] of map)
      if (!wanted.has(id)) {
        s.destroy();
        map.delete(id);
      }
    if (userId) void clearOfflineDocs({ keepUser: userId });
    for (const id of wanted) if (!map.has(id)) map.set(id, new LayerSession(id, token, wsBase(), userId ? offlineDocName(userId, id) : null));
    let pending = 0;
    const bump = () => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        setStates(snapshot(map));
      });
    };
    for (const s of map.values()) unsubs.push(s.subscribe(bump));
    setStates(snapshot(map));
    return () => {
      cancelAnimationFrame(pending);
      for (const u of unsubs) u();
    };
  }, [key, token, userId]);

  useEffect(
    () => () => {
      for (const s of ref.current.values()) s.destroy();
      ref.current.clear();
    },
    [],
  );

  return { sessions: ref.current, states };
}
