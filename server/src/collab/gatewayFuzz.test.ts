import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { addFeature, featuresMap } from '../../../shared/src/layerDoc.ts';
import { mulberry32 } from '../../../shared/src/random.ts';
import { httpLogin, type ServerProcess, startServerProcess } from '../../test/process.ts';
import { clientFrame, connectLayer, rawConnect, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS } from '../pictures/demoPicture.ts';

/**
 * A bounded fuzz of the y-websocket gateway (issue 10): random and mutated frames — broken framing and
 * well-framed but mutated y-websocket messages — from many connections for about ten seconds, with a fixed
 * seed so a failure can be replayed. The process must live and two stock clients must keep co-editing.
 */
const SEED = 0x10_2026;
const DURATION_MS = 10_000;
const CONNECTIONS = 6;

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** Valid y-websocket messages to start mutating from. */
function seedMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  addFeature(doc, 'fuzz-1', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander', title: 'fuzz' });
  const update = Y.encodeStateAsUpdate(doc);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'x', org: 'y', color: '#fff' }, cursor: [13, 55] });
  const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return [
    message((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
    }),
    message((e) => {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
    }),
    message((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, presence);
    }),
    message((e) => encoding.writeVarUint(e, 3)),
  ];
}

function mutate(rand: () => number, input: Uint8Array): Uint8Array {
  const out = Buffer.from(input);
  const edits = 1 + Math.floor(rand() * 4);
  let buf = out;
  for (let i = 0; i < edits; i++) {
    const kind = Math.floor(rand() * 5);
    const at = Math.floor(rand() * Math.max(1, buf.length));
    if (kind === 0 && buf.length) buf[at] ^= 1 << Math.floor(rand() * 8);
    else if (kind === 1 && buf.length) buf[at] = Math.floor(rand() * 256);
    else if (kind === 2) buf = buf.subarray(0, at);
    else if (kind === 3) buf = Buffer.concat([buf.subarray(0, at), Buffer.from([Math.floor(rand() * 256), 0xff, 0x7f]), buf.subarray(at)]);
    else buf = Buffer.concat([buf, buf.subarray(0, at)]);
  }
  return buf;
}

function randomFrame(rand: () => number, seeds: Uint8Array[]): Buffer {
  const pick = seeds[Math.floor(rand() * seeds.length)];
  const r = rand();
  if (r < 0.4) return clientFrame({ opcode: 2, payload: mutate(rand, pick) });
  if (r < 0.55) return clientFrame({ opcode: 2, payload: pick });
  if (r < 0.8) return Buffer.from(mutate(rand, clientFrame({ opcode: 2, payload: pick })));
  const bytes = Buffer.alloc(1 + Math.floor(rand() * 40));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
  return bytes;
}

describe('fuzzing the y-websocket gateway (real process, fixed seed, bounded time)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-fuzz-'));
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

  it(`[GW4] random and mutated frames for ${DURATION_MS / 1000} s: the process lives and co-editing goes on`, async () => {
    const a = connectLayer(server.url, DEMO_LAYER_IDS.joint, tokens.commander);
    const b = connectLayer(server.url, DEMO_LAYER_IDS.joint, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const drops: number[] = [];
    for (const c of [a, b]) c.provider.on('connection-close', (e: CloseEvent | null) => drops.push(e?.code ?? 0));

    const rand = mulberry32(SEED);
    const seeds = seedMessages();
    // Mostly authenticated writers (the parser sees everything), some anonymous ones (refused unread).
    const paths = [
      `/yjs/layer:${DEMO_LAYER_IDS.public}?token=${tokens.commander}`,
      `/yjs/layer:${DEMO_LAYER_IDS.public}?token=${tokens.commander}`,
      `/yjs/layer:${DEMO_LAYER_IDS.public}?token=${tokens['partner.editor']}`,
      `/yjs/layer:${DEMO_LAYER_IDS.public}`,
    ];
    const deadline = Date.now() + DURATION_MS;
    let sent = 0;
    const worker = async () => {
      while (Date.now() < deadline) {
        const raw = await rawConnect(server.url, paths[Math.floor(rand() * paths.length)], rand() < 0.2 ? randomFrame(rand, seeds) : undefined);
        const frames = 1 + Math.floor(rand() * 20);
        for (let i = 0; i < frames && !raw.socket.destroyed; i++) {
          raw.socket.write(randomFrame(rand, seeds));
          sent++;
          await new Promise((r) => setTimeout(r, Math.floor(rand() * 10)));
        }
        await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 100))]);
        raw.socket.destroy();
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    expect(sent).toBeGreaterThan(500);

    expect(server.proc.exitCode, server.output().slice(-2_000)).toBeNull();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(drops).toEqual([]);
    addFeature(a.doc, 'after-fuzz-a', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    addFeature(b.doc, 'after-fuzz-b', { type: 'Point', coordinates: [13, 55.61] }, { createdBy: 'partner.editor' });
    await waitFor(() => featuresMap(a.doc).has('after-fuzz-b') && featuresMap(b.doc).has('after-fuzz-a'), 5_000, 'sync after fuzzing');
    a.provider.destroy();
    b.provider.destroy();
  }, 120_000);
});
