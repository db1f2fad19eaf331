import { useEffect, useMemo, useRef, useState } from 'react';
import { LayerSession, type LayerSessionState } from './LayerSession.ts';

/**
 * Keeps one LayerSession per layer id alive while the ids are listed, and re-renders on any change.
 * Sessions survive re-renders and network loss; they are destroyed when the layer disappears or on unmount.
 */
export function useLayerSessions(layerIds: readonly string[], token: string | null): { sessions: Map<string, LayerSession>; states: Map<string, LayerSessionState> } {
  const ref = useRef(new Map<string, LayerSession>());
  const [tick, setTick] = useState(0);
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
    for (const id of wanted) if (!map.has(id)) map.set(id, new LayerSession(id, token));
    let pending = 0;
    const bump = () => {
      if (pending) return;
      pending = requestAnimationFrame(() => {
        pending = 0;
        setTick((t) => t + 1);
      });
    };
    for (const s of map.values()) unsubs.push(s.subscribe(bump));
    setTick((t) => t + 1);
    return () => {
      cancelAnimationFrame(pending);
      for (const u of unsubs) u();
    };
  }, [key, token]);

  useEffect(
    () => () => {
      for (const s of ref.current.values()) s.destroy();
      ref.current.clear();
    },
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the change signal
  const states = useMemo(() => {
    const m = new Map<string, LayerSessionState>();
    for (const [id, s] of ref.current) m.set(id, s.getState());
    return m;
  }, [tick]);
  return { sessions: ref.current, states };
}
