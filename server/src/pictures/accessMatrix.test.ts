import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeature } from '../../../shared/src/layerDoc.ts';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { closeCodeOf, connectLayer, synced, waitFor } from '../../test/yclient.ts';
import { LiveHub } from '../live/liveHub.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from './demoPicture.ts';
import { layerSummary } from './pictureService.ts';

type R = 'none' | 'read' | 'write' | 'admin';
const L = DEMO_LAYER_IDS;
const LAYERS = [L.police, L.incidents, L.joint, L.risk, L.public] as const;

/** Expected right of every demo user on every demo layer (police_internal ×2, partner ×2, public). */
const EXPECTED: Record<string, R[]> = {
  admin: ['admin', 'admin', 'admin', 'admin', 'admin'],
  nationell: ['admin', 'admin', 'admin', 'admin', 'admin'],
  region: ['admin', 'admin', 'admin', 'admin', 'admin'],
  commander: ['admin', 'admin', 'admin', 'admin', 'admin'],
  analyst: ['write', 'write', 'write', 'write', 'write'],
  duty: ['write', 'write', 'write', 'write', 'write'],
  'partner.editor': ['none', 'none', 'write', 'read', 'read'],
  'partner.viewer': ['none', 'none', 'read', 'read', 'read'],
  'housing.viewer': ['none', 'none', 'none', 'none', 'read'],
};

// Both databases: the document loads, session and layer lookups behind these channels are raw statements per database.
describe.each<DbKind>(['sqlite', 'postgres'])('access matrix on %s: every demo role × layer classification × channel', (kind) => {
  let t: TestApp;
  let base: string;
  const tokens: Record<string, string> = {};
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ kind, with: { collab: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of Object.keys(EXPECTED)) tokens[u] = await t.login(u);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  const readable = (u: string) => LAYERS.filter((_, i) => EXPECTED[u][i] !== 'none');

  it.each(Object.keys(EXPECTED))('REST picture, features, history and export for %s', async (u) => {
    const h = bearer(tokens[u]);
    const pic = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}`, headers: h });
    expect(pic.statusCode).toBe(200);
    expect(pic.json().demo).toBe(true);
    const layers = pic.json().layers as Array<{ id: string; access: R }>;
    expect(layers.map((l) => l.id).sort()).toEqual([...readable(u)].sort());
    for (const l of layers) expect(l.access).toBe(EXPECTED[u][LAYERS.indexOf(l.id as (typeof LAYERS)[number])]);
    const list = await t.app.inject({ url: '/api/pictures', headers: h });
    expect(list.json().items.map((p: { id: string }) => p.id)).toContain(DEMO_PICTURE_ID);

    for (const [i, layerId] of LAYERS.entries()) {
      const may = EXPECTED[u][i] !== 'none';
      const features = await t.app.inject({ url: `/api/layers/${layerId}/features`, headers: h });
      expect(features.statusCode, `${u} features ${layerId}`).toBe(may ? 200 : 404);
      const history = await t.app.inject({ url: `/api/layers/${layerId}/history`, headers: h });
      expect(history.statusCode, `${u} history ${layerId}`).toBe(may ? 200 : 404);
      if (may && ([L.police, L.joint, L.public] as string[]).includes(layerId)) {
        // Seeded layers with content have a first version.
        const versions = history.json().items as Array<{ id: string }>;
        expect(versions.length).toBeGreaterThan(0);
      }
    }
    // A partner can never fetch a police-internal version even knowing its id.
    const policeVersions = await t.ctx.prisma.layerSnapshot.findMany({ where: { layerId: L.police, kind: 'version' } });
    for (const v of policeVersions) {
      const r = await t.app.inject({ url: `/api/layers/${L.police}/history/${v.id}/features`, headers: h });
      expect(r.statusCode).toBe(EXPECTED[u][0] === 'none' ? 404 : 200);
    }

    const exp = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/export`, headers: h });
    expect(exp.statusCode).toBe(200);
    const body = exp.body;
    const exported = exp.json().layers as Array<{ id: string; classification: string }>;
    expect(exported.map((l) => l.id).sort()).toEqual([...readable(u)].sort());
    if (EXPECTED[u][0] === 'none') {
      expect(exported.some((l) => l.classification === 'police_internal')).toBe(false);
      // Not even the text of police-internal features leaks into the body.
      expect(body).not.toContain('narkotikascen');
      expect(body).not.toContain('Förstärkt närvaro');
    }
  });

  it.each(Object.keys(EXPECTED))('y-websocket connects exactly where %s may read, and police-internal text reaches only police readers', async (u) => {
    const readsPolice = EXPECTED[u][LAYERS.indexOf(L.police)] !== 'none';
    for (const [i, layerId] of LAYERS.entries()) {
      if (EXPECTED[u][i] === 'none') {
        const r = await closeCodeOf(`${base.replace('http', 'ws')}/yjs/layer:${layerId}?token=${tokens[u]}`);
        expect(r, `${u} on ${layerId}`).toEqual({ code: 4403, received: 0 });
      } else {
        const c = connectLayer(base, layerId, tokens[u]);
        await synced(c.provider);
        // The marker is a seeded police-internal feature (police layer): a police reader receives it there (the
        // positive control); nobody else receives it on any document they open.
        const received = JSON.stringify(c.doc.getMap('features').toJSON());
        if (layerId === L.police) expect(received, `${u} on ${layerId}`).toContain('narkotikascen');
        if (!readsPolice) expect(received, `${u} on ${layerId}`).not.toContain('narkotikascen');
        c.provider.destroy();
      }
    }
  });

  it('presence on a police-internal layer reaches its police readers only; partners get presence on the layers they read', async () => {
    const open = (u: string, layerId: string) => connectLayer(base, layerId, tokens[u]);
    const clients = {
      policeWriter: open('analyst', L.police),
      sharedWriter: open('analyst', L.joint),
      policeReader: open('duty', L.police),
      partnerOnJoint: open('partner.editor', L.joint),
      partnerOnPublic: open('partner.viewer', L.public),
    };
    const seen = (c: { provider: { awareness: { getStates(): Map<number, unknown> } } }) => JSON.stringify([...c.provider.awareness.getStates().values()]);
    try {
      for (const c of Object.values(clients)) await synced(c.provider);
      clients.policeWriter.provider.awareness.setLocalStateField('cursor', { label: 'INTERN-SPÅR-7' });
      clients.sharedWriter.provider.awareness.setLocalStateField('cursor', { label: 'DELAD-SPÅR-7' });
      // Positive controls: the police reader gets the police layer's presence, the partner the shared layer's.
      await waitFor(() => seen(clients.policeReader).includes('INTERN-SPÅR-7') && seen(clients.partnerOnJoint).includes('DELAD-SPÅR-7'), 5_000, 'presence');
      await new Promise((r) => setTimeout(r, 300)); // past any batching window
      expect(seen(clients.partnerOnJoint)).not.toContain('INTERN-SPÅR-7');
      expect(seen(clients.partnerOnPublic)).not.toContain('INTERN-SPÅR-7');
    } finally {
      for (const c of Object.values(clients)) c.provider.destroy();
    }
  });

  it('a live edit on a police-internal layer reaches its police readers and later joiners only; a shared edit reaches partners', async () => {
    const open = (u: string, layerId: string) => connectLayer(base, layerId, tokens[u]);
    const clients = {
      policeWriter: open('analyst', L.police),
      policeReader: open('duty', L.police),
      sharedWriter: open('analyst', L.joint),
      partnerOnJoint: open('partner.editor', L.joint),
      partnerOnPublic: open('partner.viewer', L.public),
      housingOnPublic: open('housing.viewer', L.public),
    };
    const text = (c: { doc: { getMap(name: string): { toJSON(): unknown } } }) => JSON.stringify(c.doc.getMap('features').toJSON());
    const joiners: Array<{ provider: { destroy(): void } }> = [];
    try {
      for (const c of Object.values(clients)) await synced(c.provider);
      addFeature(clients.policeWriter.doc, 'live-intern', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'analyst', title: 'INTERN-LIVE-7' });
      addFeature(clients.sharedWriter.doc, 'live-delad', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'analyst', title: 'DELAD-LIVE-7' });
      // Positive controls: the police reader has the police edit, the partner on the shared layer the shared one.
      await waitFor(() => text(clients.policeReader).includes('INTERN-LIVE-7') && text(clients.partnerOnJoint).includes('DELAD-LIVE-7'), 5_000, 'live edits');
      await new Promise((r) => setTimeout(r, 300));
      for (const c of [clients.partnerOnJoint, clients.partnerOnPublic, clients.housingOnPublic]) expect(text(c)).not.toContain('INTERN-LIVE-7');
      // Joining after the edits (the document as it now is, built once for every joiner): the same split.
      const lateDuty = open('duty', L.police);
      const latePartner = open('partner.editor', L.joint);
      joiners.push(lateDuty, latePartner);
      await Promise.all([synced(lateDuty.provider), synced(latePartner.provider)]);
      expect(text(lateDuty)).toContain('INTERN-LIVE-7');
      expect(text(latePartner)).toContain('DELAD-LIVE-7');
      expect(text(latePartner)).not.toContain('INTERN-LIVE-7');
    } finally {
      for (const c of [...Object.values(clients), ...joiners]) c.provider.destroy();
    }
  });

  it('y-websocket without a session receives nothing from any layer, not even its state vector', async () => {
    for (const layerId of LAYERS) {
      expect(await closeCodeOf(`${base.replace('http', 'ws')}/yjs/layer:${layerId}`), layerId).toEqual({ code: 4401, received: 0 });
    }
  });

  it('read-only connections never write, for every read-only pair in the matrix', async () => {
    const pairs = Object.entries(EXPECTED).flatMap(([u, rights]) => rights.map((r, i) => [u, LAYERS[i], r] as const)).filter(([, , r]) => r === 'read');
    expect(pairs.length).toBeGreaterThanOrEqual(6);
    for (const [u, layerId] of pairs) {
      const c = connectLayer(base, layerId, tokens[u]);
      await synced(c.provider);
      addFeature(c.doc, `ro-${u}-${layerId}`, { type: 'Point', coordinates: [13, 55.6] }, { createdBy: u });
      await new Promise((r) => setTimeout(r, 150));
      c.provider.destroy();
    }
    await t.caps.collab!.docs.flushAll();
    for (const layerId of LAYERS) {
      const r = await t.app.inject({ url: `/api/layers/${layerId}/features`, headers: bearer(tokens.commander) });
      expect(r.json().features.some((f: { id: string }) => f.id.startsWith('ro-'))).toBe(false);
    }
  });

  it('socket.io: join acks list only readable layers, and layer events reach only those who may read the layer', async () => {
    const received: Record<string, string[]> = {};
    for (const u of Object.keys(EXPECTED)) {
      const s = io(base, { auth: { token: tokens[u] }, transports: ['websocket'], forceNew: true });
      sockets.push(s);
      received[u] = [];
      s.on('layer.changed', (e: { layer: { id: string } }) => received[u].push(e.layer.id));
      const ack = (await s.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID })) as { ok: boolean; layers: Array<{ id: string }> };
      expect(ack.ok).toBe(true);
      expect(ack.layers.map((l) => l.id).sort()).toEqual([...readable(u)].sort());
    }
    const pictures = t.caps.pictures!;
    const live = t.caps.live!;
    for (const layerId of LAYERS) {
      const layer = (await pictures.getLayer(layerId))!;
      await live.publish(DEMO_PICTURE_ID, async (viewer) => {
        const right = await pictures.rightOn(viewer, layer);
        return right === 'none' ? null : { ...LiveHub.envelope('layer.changed', DEMO_PICTURE_ID), layer: layerSummary({ ...layer, right }) };
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const u of Object.keys(EXPECTED)) expect(received[u].sort(), u).toEqual([...readable(u)].sort());
  });

  it('socket.io refuses a bad token and a picture the caller cannot see', async () => {
    const bad = io(base, { auth: { token: 'forged' }, transports: ['websocket'], forceNew: true });
    sockets.push(bad);
    const err = await new Promise<Error>((resolve) => bad.on('connect_error', resolve));
    expect(err.message).toMatch(/not authenticated/);
    const s = io(base, { auth: { token: tokens['housing.viewer'] }, transports: ['websocket'], forceNew: true });
    sockets.push(s);
    const ack = (await s.timeout(5_000).emitWithAck('picture:join', { pictureId: 'pic-unknown' })) as { ok: boolean; error: { code: string } };
    expect(ack).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const malformed = (await s.timeout(5_000).emitWithAck('picture:join', 42)) as { ok: boolean; error: { code: string } };
    expect(malformed).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('a police admin previews exactly what a partner organisation receives, and the preview is audited', async () => {
    const h = bearer(tokens.commander);
    const res = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/preview?organisationId=org-malmo-stad&role=partner_viewer`, headers: h });
    expect(res.statusCode).toBe(200);
    const preview = res.json();
    const direct = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/export`, headers: bearer(tokens['partner.viewer']) });
    expect(preview.export.map((l: { id: string }) => l.id)).toEqual(direct.json().layers.map((l: { id: string }) => l.id));
    expect(preview.layers.every((l: { classification: string }) => l.classification !== 'police_internal')).toBe(true);
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'picture.preview', actorUsername: 'commander' } })).toBe(1);
    const partner = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/preview?organisationId=org-malmo-stad`, headers: bearer(tokens['partner.editor']) });
    expect(partner.statusCode).toBe(403);
  });

  it('every export is audited', async () => {
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'picture.export' } })).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
  });
});
