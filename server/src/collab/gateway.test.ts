import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { addFeature, featuresMap, readFeatures } from '../../../shared/src/layerDoc.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { closeCodeOf, connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS } from '../pictures/demoPicture.ts';
import { seedDemoPicture } from '../pictures/demoPicture.ts';

describe('y-websocket gateway', () => {
  let t: TestApp;
  let base: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: { gateway: { maxMessageBytes: 64 * 1024 } } }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'duty', 'partner.editor', 'partner.viewer', 'housing.viewer']) tokens[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const wsUrl = (layerId: string, token?: string) => `${base.replace('http', 'ws')}/yjs/layer:${layerId}${token ? `?token=${token}` : ''}`;

  it('[GW1] two stock WebsocketProvider clients converge under concurrent edits', async () => {
    const a = connectLayer(base, DEMO_LAYER_IDS.joint, tokens.commander);
    const b = connectLayer(base, DEMO_LAYER_IDS.joint, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    expect(featuresMap(a.doc).has('f-joint-1')).toBe(true);
    for (let i = 0; i < 20; i++) {
      addFeature(a.doc, `a-${i}`, { type: 'Point', coordinates: [13 + i / 1000, 55.6] }, { createdBy: 'commander' });
      addFeature(b.doc, `b-${i}`, { type: 'Point', coordinates: [13 + i / 1000, 55.61] }, { createdBy: 'partner.editor' });
    }
    await waitFor(() => featuresMap(a.doc).size === featuresMap(b.doc).size && featuresMap(a.doc).has('b-19') && featuresMap(b.doc).has('a-19'));
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    a.provider.destroy();
    b.provider.destroy();
  });

  it('[GW2] refuses before sending any document byte: 4401, 4403, 4404', async () => {
    expect(await closeCodeOf(wsUrl(DEMO_LAYER_IDS.police))).toEqual({ code: 4401, received: 0 });
    expect(await closeCodeOf(wsUrl(DEMO_LAYER_IDS.police, 'forged'))).toEqual({ code: 4401, received: 0 });
    expect(await closeCodeOf(wsUrl(DEMO_LAYER_IDS.police, tokens['partner.editor']))).toEqual({ code: 4403, received: 0 });
    expect(await closeCodeOf(wsUrl(DEMO_LAYER_IDS.joint, tokens['housing.viewer']))).toEqual({ code: 4403, received: 0 });
    expect(await closeCodeOf(wsUrl('no-such-layer', tokens.commander))).toEqual({ code: 4404, received: 0 });
  });

  it('[GW3] a read-only client receives the document but its edits are never applied or relayed', async () => {
    const editor = connectLayer(base, DEMO_LAYER_IDS.joint, tokens['partner.editor']);
    const viewer = connectLayer(base, DEMO_LAYER_IDS.joint, tokens['partner.viewer']);
    await Promise.all([synced(editor.provider), synced(viewer.provider)]);
    expect(featuresMap(viewer.doc).has('f-joint-1')).toBe(true);
    addFeature(viewer.doc, 'viewer-sneak', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.viewer' });
    addFeature(editor.doc, 'editor-real', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await waitFor(() => featuresMap(viewer.doc).has('editor-real'));
    await new Promise((r) => setTimeout(r, 300));
    expect(featuresMap(editor.doc).has('viewer-sneak')).toBe(false);
    const res = await t.app.inject({ url: `/api/layers/${DEMO_LAYER_IDS.joint}/features`, headers: { authorization: `Bearer ${tokens.commander}` } });
    const ids = res.json().features.map((f: { id: string }) => f.id);
    expect(ids).toContain('editor-real');
    expect(ids).not.toContain('viewer-sneak');
    editor.provider.destroy();
    viewer.provider.destroy();
  });

  it('[GW4] a malformed binary message closes only that connection with 4400', async () => {
    const other = connectLayer(base, DEMO_LAYER_IDS.joint, tokens.commander);
    await synced(other.provider);
    const before = featuresMap(other.doc).size;
    const { code } = await closeCodeOf(wsUrl(DEMO_LAYER_IDS.joint, tokens.commander), (ws) => ws.send(new Uint8Array([0, 2, 200, 1, 2, 3])));
    expect(code).toBe(4400);
    const garbage = await closeCodeOf(wsUrl(DEMO_LAYER_IDS.joint, tokens.commander), (ws) => ws.send(new Uint8Array([9, 9, 9])));
    expect(garbage.code).toBe(4400);
    const text = await closeCodeOf(wsUrl(DEMO_LAYER_IDS.joint, tokens.commander), (ws) => ws.send('hello'));
    expect(text.code).toBe(4400);
    addFeature(other.doc, 'still-alive', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    await waitFor(() => other.provider.wsconnected);
    expect(featuresMap(other.doc).size).toBe(before + 1);
    other.provider.destroy();
  });

  it('[GW5] an oversized message closes the connection with 4413 and leaves the document untouched', async () => {
    const big = new Y.Doc();
    addFeature(big, 'huge', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'x', description: 'x'.repeat(100 * 1024) });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(big));
    const { code } = await closeCodeOf(wsUrl(DEMO_LAYER_IDS.joint, tokens.commander), (ws) => ws.send(encoding.toUint8Array(e)));
    expect(code).toBe(4413);
    const res = await t.app.inject({ url: `/api/layers/${DEMO_LAYER_IDS.joint}/features`, headers: { authorization: `Bearer ${tokens.commander}` } });
    expect(res.json().features.map((f: { id: string }) => f.id)).not.toContain('huge');
  });

  it('[GW6] removing read access closes the connection within a second; downgrading makes it read-only', async () => {
    const admin = tokens.commander;
    const editor = connectLayer(base, DEMO_LAYER_IDS.joint, tokens['partner.editor']);
    await synced(editor.provider);
    const codes: number[] = [];
    editor.provider.on('connection-close', (ev: CloseEvent | null) => ev && codes.push(ev.code));
    const get = await t.app.inject({ url: `/api/layers/${DEMO_LAYER_IDS.joint}/access`, headers: { authorization: `Bearer ${admin}` } });
    const entries = get.json().entries as Array<{ subject: { type: string; id?: string }; right: string }>;
    // Downgrade Malmö stad to read: the editor's later edits are ignored.
    const downgraded = entries.map((e) => (e.subject.type === 'organisation' && e.subject.id === 'org-malmo-stad' ? { ...e, right: 'read' } : e));
    expect((await t.app.inject({ method: 'PUT', url: `/api/layers/${DEMO_LAYER_IDS.joint}/access`, headers: { authorization: `Bearer ${admin}` }, payload: { entries: downgraded } })).statusCode).toBe(200);
    addFeature(editor.doc, 'after-downgrade', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 300));
    const feats = await t.app.inject({ url: `/api/layers/${DEMO_LAYER_IDS.joint}/features`, headers: { authorization: `Bearer ${admin}` } });
    expect(feats.json().features.map((f: { id: string }) => f.id)).not.toContain('after-downgrade');
    // Remove Malmö stad altogether: the connection is closed with 4403 within a second.
    const removed = entries.filter((e) => !(e.subject.type === 'organisation' && e.subject.id === 'org-malmo-stad'));
    const started = Date.now();
    await t.app.inject({ method: 'PUT', url: `/api/layers/${DEMO_LAYER_IDS.joint}/access`, headers: { authorization: `Bearer ${admin}` }, payload: { entries: removed } });
    await waitFor(() => codes.includes(4403), 1_000, 'close 4403');
    expect(Date.now() - started).toBeLessThan(1_000);
    editor.provider.destroy();
    await t.app.inject({ method: 'PUT', url: `/api/layers/${DEMO_LAYER_IDS.joint}/access`, headers: { authorization: `Bearer ${admin}` }, payload: { entries } });
  });

  it('[GW7] refuses to share a police-internal layer with a partner', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/layers/${DEMO_LAYER_IDS.police}/access`,
      headers: { authorization: `Bearer ${tokens.commander}` },
      payload: { entries: [{ subject: { type: 'organisation', id: 'org-malmo-stad', includeSubtree: false }, right: 'read' }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CLASSIFICATION_VIOLATION');
    expect(res.json().error.message).toMatch(/police-internal layer cannot be shared/);
  });

  it('[GW8] exports drop and report invalid features instead of passing them on', async () => {
    const c = connectLayer(base, DEMO_LAYER_IDS.joint, tokens.commander);
    await synced(c.provider);
    c.doc.transact(() => {
      const f = new Y.Map<unknown>();
      f.set('geometry', { type: 'Point', coordinates: [999, 55] });
      f.set('title', 'bad');
      featuresMap(c.doc).set('bad-geometry', f);
      const g = new Y.Map<unknown>();
      g.set('geometry', { type: 'Point', coordinates: [13, 55] });
      g.set('title', 42);
      featuresMap(c.doc).set('bad-title', g);
    });
    await new Promise((r) => setTimeout(r, 300));
    const res = await t.app.inject({ url: `/api/layers/${DEMO_LAYER_IDS.joint}/features`, headers: { authorization: `Bearer ${tokens.commander}` } });
    const body = res.json();
    const ids = body.features.map((f: { id: string }) => f.id);
    expect(ids).not.toContain('bad-geometry');
    expect(ids).not.toContain('bad-title');
    expect(body.invalid.map((i: { id: string }) => i.id).sort()).toEqual(['bad-geometry', 'bad-title']);
    expect(readFeatures(c.doc).invalid).toHaveLength(2);
    c.provider.destroy();
  });
  it('negotiates no permessage-deflate even when the client offers it: broadcasts are shared, pre-built plain frames', async () => {
    const ws = new WebSocket(wsUrl(DEMO_LAYER_IDS.joint, tokens.commander), { perMessageDeflate: true });
    const offered = new Promise<string | undefined>((resolve) => ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-extensions'])));
    const first = new Promise<Buffer>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data));
      ws.once('error', reject);
    });
    expect(await offered).toBeUndefined();
    const message = await first;
    expect(ws.extensions).toBe('');
    // The first message is sync step 1 (message type 0, sync type 0), readable by a stock client.
    expect([message[0], message[1]]).toEqual([0, 0]);
    ws.terminate();
  });
});
