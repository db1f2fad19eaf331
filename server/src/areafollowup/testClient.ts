/** Test helper: a real socket.io client recording the follow-up's live events (tests only). */
import { io, type Socket } from 'socket.io-client';
import { FOLLOWUP_EVENT_NAMES, type FollowupEvent } from '../../../shared/src/areaFollowup.ts';

export interface FollowupRecorder {
  socket: Socket;
  events: FollowupEvent[];
  /** Resolves with the first recorded event (from `from` on) matching `pred`. */
  next<T extends FollowupEvent = FollowupEvent>(pred: (e: FollowupEvent) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  close(): void;
}

export async function followupRecorder(baseUrl: string, token: string): Promise<FollowupRecorder> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: FollowupEvent[] = [];
  const waiters = new Set<() => void>();
  for (const name of FOLLOWUP_EVENT_NAMES) {
    socket.on(name, (e: FollowupEvent) => {
      events.push(e);
      for (const w of [...waiters]) w();
    });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    next<T extends FollowupEvent>(pred: (e: FollowupEvent) => boolean, timeoutMs = 3_000, from = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const hit = events.slice(from).find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit as T);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching follow-up event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
