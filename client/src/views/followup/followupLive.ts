/**
 * One socket.io connection per session for the follow-up's live events (areafollowup.due,
 * areafollowup.assessment), shared by the header badge and the open page; closed when nothing listens.
 */
import { io, type Socket } from 'socket.io-client';
import type { FollowupAssessmentEvent, FollowupDueEvent } from '../../../../shared/src/areaFollowup.ts';

export interface FollowupListener {
  onConnect?(): void;
  onDue?(e: FollowupDueEvent): void;
  onAssessment?(e: FollowupAssessmentEvent): void;
}

let shared: { token: string; socket: Socket; listeners: Set<FollowupListener> } | null = null;

export function subscribeFollowup(token: string, listener: FollowupListener): () => void {
  if (!shared || shared.token !== token) {
    shared?.socket.close();
    const socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
    const listeners = new Set<FollowupListener>();
    socket.on('connect', () => {
      for (const l of listeners) l.onConnect?.();
    });
    socket.on('areafollowup.due', (e: FollowupDueEvent) => {
      if (e?.v === 1 && e.type === 'areafollowup.due' && Array.isArray(e.items)) for (const l of listeners) l.onDue?.(e);
    });
    socket.on('areafollowup.assessment', (e: FollowupAssessmentEvent) => {
      if (e?.v === 1 && e.type === 'areafollowup.assessment' && e.assessment && typeof e.assessment.areaId === 'string') for (const l of listeners) l.onAssessment?.(e);
    });
    shared = { token, socket, listeners };
  }
  const s = shared;
  s.listeners.add(listener);
  if (s.socket.connected) listener.onConnect?.();
  return () => {
    s.listeners.delete(listener);
    if (s.listeners.size === 0) {
      s.socket.close();
      if (shared === s) shared = null;
    }
  };
}
