import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The raw side of a refused WebSocket upgrade. The contract sends refusals as a close frame after the
 * upgrade; a refused connection is never given to a WebSocket parser, so nothing it sends is ever read:
 * we write the 101, the close frame and FIN, and drop the socket after a short grace.
 */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const KEY = /^[+/0-9A-Za-z]{22}==$/;

/** The Sec-WebSocket-Key of a well-formed upgrade request, or null when the request is not one. */
export function handshakeKey(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return null;
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return null;
  if (req.headers['sec-websocket-version'] !== '13') return null;
  const key = req.headers['sec-websocket-key'];
  return typeof key === 'string' && KEY.test(key.trim()) ? key.trim() : null;
}

export function rejectHandshake(socket: Duplex): void {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}

/** Completes the upgrade, sends one close frame and half-closes; the socket is destroyed after `graceMs`. */
export function refuseAfterUpgrade(socket: Duplex, key: string, code: number, reason: string, graceMs: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
  const text = Buffer.from(reason.slice(0, 100));
  const frame = Buffer.allocUnsafe(4 + text.length);
  frame[0] = 0x88; // FIN + close
  frame[1] = 2 + text.length; // unmasked, as a server frame must be
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.end(frame);
  const timer = setTimeout(() => socket.destroy(), graceMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}
