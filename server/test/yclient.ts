import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** A stock y-websocket client, as a partner's system would run it, in Node. */
export function connectLayer(baseUrl: string, layerId: string, token: string, opts: { connect?: boolean } = {}) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, `layer:${layerId}`, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
    disableBc: true,
    maxBackoffTime: 500,
  });
  return { doc, provider };
}

export function waitFor(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - start > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export function synced(provider: WebsocketProvider, timeoutMs = 5_000): Promise<void> {
  return waitFor(() => provider.synced, timeoutMs, 'sync');
}

/** Opens a raw WebSocket and resolves with the close code the server sends. */
export function closeCodeOf(url: string, send?: (ws: WebSocket) => void): Promise<{ code: number; received: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let received = 0;
    ws.on('message', () => received++);
    ws.on('open', () => send?.(ws));
    ws.on('close', (code) => resolve({ code, received }));
    ws.on('error', (err) => reject(err));
  });
}
