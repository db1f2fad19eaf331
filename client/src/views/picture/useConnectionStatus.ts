import { useRef } from 'react';
import type { LayerSessionState } from '../../collab/LayerSession.ts';
import type { LiveStatus } from '../../live/LiveConnection.ts';
import { anyUnsynced, lastSynced, overallStatus } from './pictureState.ts';

/** One connection state for the badge: live events and every layer's document together. */
export function useConnectionStatus(liveStatus: LiveStatus, states: ReadonlyMap<string, LayerSessionState>, lastEventAt: string | null) {
  const docStatuses = [...states.values()].map((s) => s.status);
  // Before the first full connection the view is "connecting", after it a loss is "offline".
  const everOnline = useRef(false);
  if (liveStatus === 'connected' && docStatuses.every((d) => d === 'connected' || d === 'refused')) everOnline.current = true;
  return {
    status: overallStatus(liveStatus, docStatuses, everOnline.current),
    lastSyncedAt: lastSynced(states.values(), lastEventAt),
    unsynced: anyUnsynced(states.values()),
  };
}
