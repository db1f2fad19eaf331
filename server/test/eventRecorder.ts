/** Test helper: a real socket.io client that records the named live events it receives (tests and bench only). */
import { io, type Socket } from 'socket.io-client';

export interface EventRecorder<E extends { type: string }> {
  socket: Socket;
  events: E[];
  /** Resolves with the first recorded event (from `from` on) matching `pred`. */
  next<T extends E = E>(pred: (e: E) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  close(): void;
}

/** Connects with `token` and records every event in `names`; `what` names them in a timeout's message. */
export async function recordEvents<E extends { type: string }>(baseUrl: string, token: string, names: readonly string[], what: string, defaultTimeoutMs: number): Promise<EventRecorder<E>> {
  const socket = io(baseUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: E[] = [];
  const waiters = new Set<() => void>();
  for (const name of names) {
    socket.on(name, (e: E) => {
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
    next<T extends E>(pred: (e: E) => boolean, timeoutMs = defaultTimeoutMs, from = 0): Promise<T> {
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
          reject(new Error(`no matching ${what} within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
