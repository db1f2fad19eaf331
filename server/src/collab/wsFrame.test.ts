import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as encoding from 'lib0/encoding';
import { binaryFrame, framePayload, taggedMessageFrame } from './wsFrame.ts';

/** Frames written raw by the server must be read by a stock ws client as the same binary messages, in order. */
describe('binaryFrame', () => {
  const closers: Array<() => void> = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
  });

  it('encodes the three length forms as a stock client reads them, interleaved with ws-framed messages', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        for (const n of [0, 125, 126, 65_535, 65_536, 200_000]) socket.write(binaryFrame(new Uint8Array(n).fill(n % 251)));
        ws.send(Buffer.from([7, 7, 7]));
        socket.write(binaryFrame(Uint8Array.of(1, 2, 3)));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => {
      wss.close();
      server.close();
    });
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    closers.push(() => client.terminate());
    const got: Array<{ len: number; first: number | undefined; binary: boolean }> = [];
    await new Promise<void>((resolve, reject) => {
      client.on('error', reject);
      client.on('close', (code) => reject(new Error(`closed ${code}`)));
      client.on('message', (data: Buffer, binary) => {
        got.push({ len: data.length, first: data[0], binary });
        if (got.length === 8) resolve();
      });
    });
    expect(got.map((g) => g.len)).toEqual([0, 125, 126, 65_535, 65_536, 200_000, 3, 3]);
    expect(got.map((g) => g.first)).toEqual([undefined, 125, 126, 65_535 % 251, 65_536 % 251, 200_000 % 251, 7, 1]);
    expect(got.every((g) => g.binary)).toBe(true);
  });
});

describe('taggedMessageFrame', () => {
  it('is byte for byte what lib0 encodes and binaryFrame frames, at every length boundary of the body and the frame', () => {
    // Body lengths where the var-uint length grows (127/128, 16 383/16 384) and where the frame's length form changes.
    const lengths = [0, 1, 121, 122, 123, 124, 125, 127, 128, 16_383, 16_384, 65_530, 65_531, 65_532, 65_533, 65_536, 2_097_152];
    for (const n of lengths) {
      const body = new Uint8Array(n).map((_, i) => (i * 31 + n) % 256);
      for (const tags of [[0, 2], [1]]) {
        const e = encoding.createEncoder();
        for (const t of tags) encoding.writeVarUint(e, t);
        encoding.writeVarUint8Array(e, body);
        const message = encoding.toUint8Array(e);
        const frame = taggedMessageFrame(tags, body);
        expect(frame.equals(binaryFrame(message)), `body ${n}, tags ${tags}`).toBe(true);
        expect(framePayload(frame).equals(message)).toBe(true);
      }
    }
  });
});

