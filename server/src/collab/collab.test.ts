import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFeature, featuresMap } from '../../../shared/src/layerDoc.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_LAYER_IDS, seedDemoPicture } from '../pictures/demoPicture.ts';

const LAYER = DEMO_LAYER_IDS.joint;

describe('co-editing lifecycle: presence, reconnects, revocation, history, compaction', () => {
  let t: TestApp;
  let base: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    // Versions on every flush and compaction after a few updates, so the test sees both quickly.
    t = await createTestApp({ with: { collab: { documents: { versionIntervalMs: 0, compactAfter: 5 } } }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'partner.editor', 'partner.viewer', 'admin']) tokens[u] = await t.login(u);
  });
  afterAll(() => t.close());

  it('[GW9] a read-only user publishes presence that writers see, under the session\'s name', async () => {
    const editor = connectLayer(base, LAYER, tokens['partner.editor']);
    const viewer = connectLayer(base, LAYER, tokens['partner.viewer']);
    await Promise.all([synced(editor.provider), synced(viewer.provider)]);
    viewer.provider.awareness.setLocalStateField('user', { name: 'Handläggare', color: '#0072b2' });
    // The claimed name is replaced by the session's display name (presence identity is not client-set).
    const shown = 'Handläggare Malmö stad';
    await waitFor(() => [...editor.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === shown));
    viewer.provider.destroy();
    // Leaving removes the presence.
    await waitFor(() => ![...editor.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === shown), 5_000);
    editor.provider.destroy();
  });

  it('[GW10] edits made while disconnected sync after reconnecting', async () => {
    const a = connectLayer(base, LAYER, tokens.commander);
    const b = connectLayer(base, LAYER, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.provider.disconnect();
    addFeature(a.doc, 'offline-edit', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    addFeature(b.doc, 'online-edit', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 100));
    expect(featuresMap(b.doc).has('offline-edit')).toBe(false);
    a.provider.connect();
    await waitFor(() => featuresMap(b.doc).has('offline-edit') && featuresMap(a.doc).has('online-edit'), 5_000);
    a.provider.destroy();
    b.provider.destroy();
  });

  it('[GW11] a disabled user is cut off at once (4401)', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(tokens.admin),
      payload: { username: 'temp.editor', displayName: 'Tillfällig', password: 'long-enough-pass', organisationId: 'org-malmo-stad', roles: ['partner_editor'] },
    });
    const userId = created.json().id;
    const token = await t.login('temp.editor', 'long-enough-pass');
    const c = connectLayer(base, LAYER, token);
    await synced(c.provider);
    const codes: number[] = [];
    c.provider.on('connection-close', (e: CloseEvent | null) => e && codes.push(e.code));
    await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${userId}`, headers: bearer(tokens.admin), payload: { disabled: true } });
    await waitFor(() => codes.includes(4401), 1_000, 'close 4401');
    c.provider.destroy();
  });

  it('[GW12] history lists versions and shows a past state without disturbing the live document', async () => {
    const c = connectLayer(base, LAYER, tokens.commander);
    await synced(c.provider);
    addFeature(c.doc, 'history-1', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    await waitFor(() => true);
    await new Promise((r) => setTimeout(r, 400));
    const v1 = (await t.app.inject({ url: `/api/layers/${LAYER}/history`, headers: bearer(tokens.commander) })).json().items[0];
    featuresMap(c.doc).delete('history-1');
    await new Promise((r) => setTimeout(r, 400));
    const past = await t.app.inject({ url: `/api/layers/${LAYER}/history/${v1.id}/features`, headers: bearer(tokens.commander) });
    expect(past.json().features.map((f: { id: string }) => f.id)).toContain('history-1');
    const now = await t.app.inject({ url: `/api/layers/${LAYER}/features`, headers: bearer(tokens.commander) });
    expect(now.json().features.map((f: { id: string }) => f.id)).not.toContain('history-1');
    expect(featuresMap(c.doc).has('history-1')).toBe(false);
    const bad = await t.app.inject({ url: `/api/layers/${LAYER}/history/999999/features`, headers: bearer(tokens.commander) });
    expect(bad.statusCode).toBe(404);
    c.provider.destroy();
  });

  it('[GW13] the update log is compacted into a snapshot without losing content', async () => {
    const c = connectLayer(base, LAYER, tokens.commander);
    await synced(c.provider);
    for (let i = 0; i < 12; i++) {
      addFeature(c.doc, `compact-${i}`, { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
      await new Promise((r) => setTimeout(r, 250));
    }
    const { docs } = t.caps.collab!;
    await docs.flushAll();
    expect(await t.ctx.prisma.layerSnapshot.count({ where: { layerId: LAYER, kind: 'compact' } })).toBe(1);
    expect(await t.ctx.prisma.layerUpdate.count({ where: { layerId: LAYER } })).toBeLessThan(5);
    const stored = await docs.store.load(LAYER);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.update);
    for (let i = 0; i < 12; i++) expect(featuresMap(doc).has(`compact-${i}`)).toBe(true);
    c.provider.destroy();
  });
});
