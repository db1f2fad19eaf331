/** Test helpers: real socket.io clients that join a picture and record every live event (tests and bench only). */
import { io, type Socket } from 'socket.io-client';
import { EVENT_NAMES, type JoinAck, type LiveEvent } from '../../../shared/src/events.ts';

export interface RecordingClient {
  socket: Socket;
  ack: JoinAck;
  events: LiveEvent[];
  /** Resolves with the first recorded event (from `from` on) matching `pred`. */
  next<T extends LiveEvent = LiveEvent>(pred: (e: LiveEvent) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  close(): void;
}

export async function joinPicture(baseUrl: string, token: string, pictureId: string): Promise<RecordingClient> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: LiveEvent[] = [];
  const waiters = new Set<() => void>();
  for (const name of EVENT_NAMES) {
    socket.on(name, (e: LiveEvent) => {
      events.push(e);
      for (const w of [...waiters]) w();
    });
  }
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = await new Promise<JoinAck>((resolve) => socket.emit('picture:join', { pictureId }, resolve));
  return {
    socket,
    events,
    ack,
    next<T extends LiveEvent>(pred: (e: LiveEvent) => boolean, timeoutMs = 2_000, from = 0): Promise<T> {
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
          reject(new Error(`no matching live event within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
