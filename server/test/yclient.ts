import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
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

/** A raw TCP WebSocket client, for frames no well-behaved library would send. */
export interface RawSocket {
  socket: Socket;
  /** Everything received so far (handshake response and frames). */
  received(): Buffer;
  closed: Promise<void>;
}

/**
 * Opens a TCP connection and sends an upgrade request for `path`, followed at once (before any answer)
 * by `early` — bytes a client should never send before the 101.
 */
export function rawConnect(baseUrl: string, path: string, early: Buffer = Buffer.alloc(0)): Promise<RawSocket> {
  const u = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      const key = randomBytes(16).toString('base64');
      const request = `GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
      socket.write(Buffer.concat([Buffer.from(request), early]));
      resolve({ socket, received: () => Buffer.concat(chunks), closed });
    });
    socket.once('error', reject);
  });
}

/** One client frame; every field can be made wrong on purpose. */
export function clientFrame(opts: { opcode: number; payload?: Uint8Array; fin?: boolean; rsv?: number; mask?: boolean; length?: bigint }): Buffer {
  const payload = Buffer.from(opts.payload ?? new Uint8Array());
  const mask = opts.mask ?? true;
  const len = opts.length ?? BigInt(payload.length);
  const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opts.opcode];
  const m = mask ? 0x80 : 0;
  if (len < 126n) head.push(m | Number(len));
  else if (len < 65536n) head.push(m | 126, Number(len >> 8n) & 0xff, Number(len) & 0xff);
  else {
    head.push(m | 127);
    for (let i = 7; i >= 0; i--) head.push(Number((len >> BigInt(i * 8)) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** The server frames after the handshake response: opcode and payload each (stops at an incomplete one). */
export function serverFrames(data: Buffer): { status: string; frames: Array<{ opcode: number; payload: Buffer }> } {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return { status: data.toString('latin1').split('\r\n')[0], frames: [] };
  const status = data.subarray(0, end).toString('latin1').split('\r\n')[0];
  const frames: Array<{ opcode: number; payload: Buffer }> = [];
  let i = end + 4;
  while (i + 2 <= data.length) {
    const opcode = data[i] & 0x0f;
    let len = data[i + 1] & 0x7f;
    let p = i + 2;
    if (len === 126) {
      if (p + 2 > data.length) break;
      len = data.readUInt16BE(p);
      p += 2;
    } else if (len === 127) {
      if (p + 8 > data.length) break;
      len = Number(data.readBigUInt64BE(p));
      p += 8;
    }
    if (p + len > data.length) break;
    frames.push({ opcode, payload: data.subarray(p, p + len) });
    i = p + len;
  }
  return { status, frames };
}

/** The close code in the first close frame the server sent, if any. */
export function closeCodeIn(data: Buffer): number | undefined {
  const close = serverFrames(data).frames.find((f) => f.opcode === 8);
  return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
}
