/**
 * A server-to-client WebSocket frame (RFC 6455 §5.2: FIN, binary opcode, unmasked, no extension bits) around
 * a payload. The gateway builds it once per broadcast message and writes the same bytes to every receiver's
 * socket: ws would otherwise build a header, allocate its options and write header and payload as two chunks
 * (a writev) for each receiver, which was the largest share of the server's CPU under fan-out.
 * Only valid while no extension is negotiated (the gateway turns permessage-deflate off).
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x82; // FIN + binary
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  frame.set(payload, head);
  return frame;
}
