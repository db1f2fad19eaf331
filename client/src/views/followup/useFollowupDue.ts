/**
 * The signed-in police user's reminder list: read on every (re)connect, then kept current by the live
 * `areafollowup.due` event (a period opened or fell due, an assessment was submitted, an area was assigned).
 */
import { useEffect, useState } from 'react';
import type { DueItem } from '../../../../shared/src/areaFollowup.ts';
import { useApp } from '../../AppContext.tsx';
import { isPoliceUser } from '../../state/session.ts';
import { subscribeFollowup } from './followupLive.ts';

export function useFollowupDue(): DueItem[] | null {
  const { api, token, user } = useApp();
  const [items, setItems] = useState<DueItem[] | null>(null);
  const police = isPoliceUser(user);
  useEffect(() => {
    if (!token || !police) return;
    let live = true;
    const load = () =>
      api
        .get<{ items: DueItem[] }>('/api/areafollowup/due')
        .then((r) => live && setItems(r.items))
        .catch(() => undefined);
    const stop = subscribeFollowup(token, { onConnect: () => void load(), onDue: (e) => setItems(e.items) });
    return () => {
      live = false;
      stop();
    };
  }, [api, token, police]);
  return items;
}

/** Calls `reload` when an assessment the viewer may read changes (of `areaId`, or of any area). */
export function useFollowupChanges(reload: () => void, areaId?: string): void {
  const { token } = useApp();
  useEffect(() => {
    if (!token) return;
    return subscribeFollowup(token, { onAssessment: (e) => (!areaId || e.assessment.areaId === areaId ? reload() : undefined) });
  }, [token, reload, areaId]);
}
