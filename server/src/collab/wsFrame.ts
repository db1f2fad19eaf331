/**
 * A server-to-client WebSocket frame (RFC 6455 §5.2: FIN, binary opcode, unmasked, no extension bits) around
 * a payload. The gateway builds it once per broadcast message and writes the same bytes to every receiver's
 * socket: ws would otherwise build a header, allocate its options and write header and payload as two chunks
 * (a writev) for each receiver, which was the largest share of the server's CPU under fan-out.
 * Only valid while no extension is negotiated (the gateway turns permessage-deflate off).
 */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const frame = Buffer.allocUnsafe(headerLength(n) + n);
  frame.set(payload, writeHeader(frame, n));
  return frame;
}

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65_536 ? 4 : 10;
}

/** Writes the header of a frame whose payload is this long at its start; returns where the payload begins. */
function writeHeader(frame: Buffer, payloadLength: number): number {
  frame[0] = 0x82; // FIN + binary
  if (payloadLength < 126) {
    frame[1] = payloadLength;
  } else if (payloadLength < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), 2);
    frame.writeUInt32BE(payloadLength >>> 0, 6);
  }
  return headerLength(payloadLength);
}

/**
 * The frame of a y-websocket message made of a few one-byte tags and a length-prefixed body (a document update:
 * tags 0, 2; presence: tag 1), in one allocation: encoding the message and framing it apart took three, and
 * two copies of the body, once per edit and per presence batch.
 */
export function taggedMessageFrame(tags: readonly number[], body: Uint8Array): Buffer {
  const n = body.byteLength;
  let lengthBytes = 1;
  for (let rest = n >>> 7; rest > 0; rest = Math.floor(rest / 128)) lengthBytes++;
  const payload = tags.length + lengthBytes + n;
  const frame = Buffer.allocUnsafe(headerLength(payload) + payload);
  let at = writeHeader(frame, payload);
  for (const tag of tags) frame[at++] = tag;
  // The body's length as lib0 writes a var-uint: 7 bits a byte, low bits first, high bit set on all but the last.
  let rest = n;
  while (rest > 127) {
    frame[at++] = 0x80 | (rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  frame[at++] = rest;
  frame.set(body, at);
  return frame;
}

/** The message inside a frame built here (what a peer that frames its own messages is given). */
export function framePayload(frame: Buffer): Buffer {
  return frame.subarray(frame[1] < 126 ? 2 : frame[1] === 126 ? 4 : 10);
}
