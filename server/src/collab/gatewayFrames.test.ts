import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeature, featuresMap } from '../../../shared/src/layerDoc.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../../test/process.ts';
import { clientFrame, closeCodeIn, connectLayer, rawConnect, serverFrames, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS } from '../pictures/demoPicture.ts';

/**
 * Issue 10, item 1: one malformed frame, sent by anyone, killed the process. Every variant here goes to a
 * real server process over raw TCP — before the upgrade is answered, after a refusal and after a good
 * token — while two stock clients co-edit; the process, /api/health and their session must all survive.
 */
const close = (code: number, reason: Uint8Array = new Uint8Array()) => {
  const p = Buffer.alloc(2 + reason.length);
  p.writeUInt16BE(code, 0);
  Buffer.from(reason).copy(p, 2);
  return p;
};
const syncStep1 = () => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
  return encoding.toUint8Array(e);
};

const MALFORMED_FRAMES: Record<string, Buffer> = {
  'unmasked client frame': clientFrame({ opcode: 2, payload: syncStep1(), mask: false }),
  'RSV1 set': clientFrame({ opcode: 2, payload: syncStep1(), rsv: 4 }),
  'RSV2 set': clientFrame({ opcode: 2, payload: syncStep1(), rsv: 2 }),
  'RSV3 set': clientFrame({ opcode: 2, payload: syncStep1(), rsv: 1 }),
  'reserved data opcode 3': clientFrame({ opcode: 3, payload: new Uint8Array([1]) }),
  'reserved control opcode 0xB': clientFrame({ opcode: 0xb }),
  'ping over 125 bytes': clientFrame({ opcode: 9, payload: new Uint8Array(200) }),
  'fragmented control frame': clientFrame({ opcode: 9, payload: new Uint8Array([1]), fin: false }),
  'close code 999': clientFrame({ opcode: 8, payload: close(999) }),
  'close code 1005 on the wire': clientFrame({ opcode: 8, payload: close(1005) }),
  'close code 5000': clientFrame({ opcode: 8, payload: close(5000) }),
  'close with one payload byte': clientFrame({ opcode: 8, payload: new Uint8Array([3]) }),
  'close reason not UTF-8': clientFrame({ opcode: 8, payload: close(1000, new Uint8Array([0xff, 0xfe, 0xc3])) }),
  'text frame not UTF-8': clientFrame({ opcode: 1, payload: new Uint8Array([0xc3, 0x28, 0xa0]) }),
  'continuation without start': clientFrame({ opcode: 0, payload: new Uint8Array([1, 2]) }),
  'new message inside a fragmented one': Buffer.concat([clientFrame({ opcode: 2, payload: new Uint8Array([0]), fin: false }), clientFrame({ opcode: 2, payload: new Uint8Array([0]) })]),
  '64-bit length with the top bit set': clientFrame({ opcode: 2, length: 0x8000_0000_0000_0001n }),
  'length far over the payload limit': clientFrame({ opcode: 2, length: 1n << 40n }),
  'truncated: one byte': Buffer.from([0x82]),
  'truncated: 16-bit length cut': Buffer.from([0x82, 0xfe, 0x01]),
  'truncated: mask key cut': Buffer.from([0x82, 0x85, 1, 2]),
  'truncated: payload shorter than announced': clientFrame({ opcode: 2, payload: new Uint8Array(100) }).subarray(0, 40),
  'garbage bytes': Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x13, 0x37]),
  'valid frame, text instead of binary': clientFrame({ opcode: 1, payload: Buffer.from('hello') }),
  'valid frame, garbage y-websocket message': clientFrame({ opcode: 2, payload: new Uint8Array([0, 2, 200, 1, 2, 3]) }),
};

describe('malformed WebSocket frames never take the server down (real process, raw TCP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-frames-'));
  let server: ServerProcess;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startServerProcess({ DATABASE_URL: `file:${join(dir, 'db.sqlite')}` });
    for (const u of ['commander', 'partner.editor']) tokens[u] = await httpLogin(server.url, u);
  }, 120_000);
  afterAll(async () => {
    await server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function healthy(): Promise<void> {
    expect(server.proc.exitCode, server.output().slice(-2_000)).toBeNull();
    expect(server.proc.signalCode).toBeNull();
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
  }

  it('[GW4] every variant, before auth, after a refused token and after a good token: the process lives and co-editing goes on', async () => {
    // Two stock clients co-editing the whole time (the positive control).
    const a = connectLayer(server.url, DEMO_LAYER_IDS.joint, tokens.commander);
    const b = connectLayer(server.url, DEMO_LAYER_IDS.joint, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const drops: number[] = [];
    for (const c of [a, b]) c.provider.on('connection-close', (e: CloseEvent | null) => drops.push(e?.code ?? 0));

    // Request targets that URL cannot parse, on an upgrade: the handler must refuse them, not throw.
    for (const target of ['//', '///', '//[', '//a:b@c:99999/x', 'http://[', '/yjs//', '/yjs/layer:%ZZ', `/yjs/layer:${'x'.repeat(5_000)}`]) {
      const raw = await rawConnect(server.url, target, MALFORMED_FRAMES['RSV1 set']);
      await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 2_000))]);
      raw.socket.destroy();
      await healthy();
    }

    const contexts = [
      { name: 'no token', path: `/yjs/layer:${DEMO_LAYER_IDS.joint}`, refusal: 4401 },
      { name: 'forged token', path: `/yjs/layer:${DEMO_LAYER_IDS.joint}?token=forged`, refusal: 4401 },
      { name: 'refused layer', path: `/yjs/layer:${DEMO_LAYER_IDS.police}?token=${tokens['partner.editor']}`, refusal: 4403 },
      { name: 'good token', path: `/yjs/layer:${DEMO_LAYER_IDS.joint}?token=${tokens.commander}`, refusal: undefined },
    ];
    for (const ctx of contexts) {
      const results = await Promise.all(
        Object.entries(MALFORMED_FRAMES).map(async ([variant, frame]) => {
          // Sent with the request itself (before any answer), then again once the 101 arrives.
          const raw = await rawConnect(server.url, ctx.path, frame);
          await waitFor(() => raw.received().includes('\r\n\r\n'), 5_000, `${ctx.name} / ${variant}: handshake answer`);
          if (!raw.socket.destroyed) raw.socket.write(frame);
          await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 3_000))]);
          raw.socket.destroy();
          return { variant, data: raw.received() };
        }),
      );
      for (const { variant, data } of results) {
        const { status, frames } = serverFrames(data);
        expect(status, `${ctx.name} / ${variant}`).toBe('HTTP/1.1 101 Switching Protocols');
        if (ctx.refusal) {
          // A refused connection gets exactly its close frame, nothing of the document, whatever it sent.
          expect(frames.map((f) => f.opcode), `${ctx.name} / ${variant}`).toEqual([8]);
          expect(closeCodeIn(data), `${ctx.name} / ${variant}`).toBe(ctx.refusal);
        }
      }
      await healthy();
    }

    // The co-editors never noticed: still connected, and still syncing both ways.
    expect(drops).toEqual([]);
    addFeature(a.doc, 'after-barrage-a', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    addFeature(b.doc, 'after-barrage-b', { type: 'Point', coordinates: [13, 55.61] }, { createdBy: 'partner.editor' });
    await waitFor(() => featuresMap(a.doc).has('after-barrage-b') && featuresMap(b.doc).has('after-barrage-a'), 5_000, 'sync after the barrage');
    // And a newcomer still gets the document.
    const c = connectLayer(server.url, DEMO_LAYER_IDS.joint, tokens.commander);
    await synced(c.provider);
    expect(featuresMap(c.doc).has('after-barrage-b')).toBe(true);
    for (const x of [a, b, c]) x.provider.destroy();
    await healthy();
  }, 120_000);
});
