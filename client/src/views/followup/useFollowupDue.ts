/**
 * The signed-in police user's reminder list: read once, then kept current by the live `areafollowup.due`
 * event (a period opened or fell due, an assessment was submitted) and re-read after each reconnect.
 */
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import type { DueItem, FollowupDueEvent } from '../../../../shared/src/areaFollowup.ts';
import { useApp } from '../../AppContext.tsx';
import { isPoliceUser } from '../../state/session.ts';

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
    const socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
    socket.on('connect', () => void load());
    socket.on('areafollowup.due', (e: FollowupDueEvent) => {
      if (e && e.v === 1 && e.type === 'areafollowup.due' && Array.isArray(e.items)) setItems(e.items);
    });
    return () => {
      live = false;
      socket.close();
    };
  }, [api, token, police]);
  return items;
}
