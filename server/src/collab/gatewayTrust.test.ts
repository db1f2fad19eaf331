import { connect } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addComment, addFeature, appendLog, featuresMap } from '../../../shared/src/layerDoc.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { clientFrame, closeCodeIn, closeCodeOf, connectLayer, rawConnect, synced, waitFor } from '../../test/yclient.ts';
import { hashToken } from '../auth/tokens.ts';
import { joinPicture } from '../risk/testClients.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';

/** Issue 10 on the y-websocket gateway: amplification, quotas, authorship, presence identity, 4404, audit. */
const JOINT = DEMO_LAYER_IDS.joint;
const MAX_BUFFERED = 2 * 1024 * 1024;
const ORG_QUOTA = 64 * 1024;
const BIG_DOC = 1024 * 1024;

type Client = ReturnType<typeof connectLayer>;
/** Records the ids of every batched session check (validSessionIds) until restored; the checks still run. */
function recordSessionChecks(t: TestApp): { asked: string[][]; restore: () => void } {
  const auth = t.ctx.auth;
  const original = auth.validSessionIds.bind(auth);
  const asked: string[][] = [];
  auth.validSessionIds = async (ids: string[]) => {
    asked.push(ids);
    return original(ids);
  };
  return {
    asked,
    restore: () => {
      auth.validSessionIds = original;
    },
  };
}

function closeCodes(c: Client): number[] {
  const codes: number[] = [];
  c.provider.on('connection-close', (e: CloseEvent | null) => codes.push(e?.code ?? 0));
  return codes;
}

function syncStep1Frame(): Buffer {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
  return clientFrame({ opcode: 2, payload: encoding.toUint8Array(e) });
}

/**
 * A read-only client that asks for the whole document 40 times in ~400 bytes and does not read: returns
 * the most the server held unsent for any one connection meanwhile, and the close code it finally reads.
 */
async function floodWithoutReading(t: TestApp, base: string, path: string): Promise<{ maxBuffered: number; code: number | undefined; receivedBytes: number }> {
  const raw = await rawConnect(base, path);
  await waitFor(() => raw.received().includes('\r\n\r\n'), 5_000, 'upgrade');
  raw.socket.pause();
  const burst = Buffer.concat(Array.from({ length: 40 }, syncStep1Frame));
  expect(burst.length).toBeLessThanOrEqual(400);
  raw.socket.write(burst);
  let maxBuffered = 0;
  for (let i = 0; i < 60; i++) {
    maxBuffered = Math.max(maxBuffered, t.caps.collab!.gateway.maxBufferedAmount());
    await new Promise((r) => setTimeout(r, 20));
  }
  raw.socket.resume();
  await waitFor(() => closeCodeIn(raw.received()) !== undefined, 10_000, 'close frame');
  raw.socket.destroy();
  return { maxBuffered, code: closeCodeIn(raw.received()), receivedBytes: raw.received().length };
}

describe('y-websocket gateway under attack', () => {
  let t: TestApp;
  let base: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({
      with: {
        // A long close grace: the flooding test client reads its close frame only after a pause of its own.
        collab: { gateway: { maxBufferedBytes: MAX_BUFFERED, closeGraceMs: 30_000 }, documents: { maxOrgBytes: ORG_QUOTA, maxDocBytes: 4 * BIG_DOC, measureIntervalMs: 0, idleUnloadMs: 100 } },
      },
      seedSteps: [seedDemoPicture],
    });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'partner.editor', 'partner.viewer', 'housing.viewer']) tokens[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const features = async (layerId: string) =>
    ((await t.app.inject({ url: `/api/layers/${layerId}/features`, headers: bearer(tokens.commander) })).json().features as Array<{ id: string; properties: { createdBy: string } }>);

  it('[GW15] a read-only client sending ~400 bytes of sync requests without reading is cut off with 4429; server buffering stays bounded', async () => {
    // A large document makes each sync answer expensive (the amplification of issue 10, item 3).
    await t.caps.collab!.docs.change(DEMO_LAYER_IDS.risk, (doc) =>
      addFeature(doc, 'big', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'system', description: 'x'.repeat(BIG_DOC) }),
    );
    const a = connectLayer(base, JOINT, tokens.commander);
    const b = connectLayer(base, JOINT, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const dropsA = closeCodes(a);

    const flood = await floodWithoutReading(t, base, `/yjs/layer:${DEMO_LAYER_IDS.risk}?token=${tokens['partner.viewer']}`);
    // At most the cap plus the one answer that crossed it; before the fix, 40 whole-document answers (~39 MB).
    expect(flood.maxBuffered).toBeLessThanOrEqual(MAX_BUFFERED + 2 * BIG_DOC);
    expect(flood.code).toBe(4429);
    expect(flood.receivedBytes).toBeLessThan(10 * BIG_DOC);

    // Everyone else is unaffected.
    addFeature(a.doc, 'amplification-a', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    await waitFor(() => featuresMap(b.doc).has('amplification-a'), 5_000, 'co-editing after the attack');
    expect(dropsA).toEqual([]);
    a.provider.destroy();
    b.provider.destroy();
  });

  it('[GW16] a partner editor fills its quota (4413); the commander still adds and deletes; the partner may still delete, and add again after deleting', async () => {
    const partner = connectLayer(base, JOINT, tokens['partner.editor']);
    await synced(partner.provider);
    const partnerCodes = closeCodes(partner);
    const filler = 'p'.repeat(8 * 1024);
    for (let i = 0; i < 40 && partnerCodes.length === 0; i++) {
      addFeature(partner.doc, `fill-${i}`, { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor', description: filler });
      await new Promise((r) => setTimeout(r, 30));
    }
    await waitFor(() => partnerCodes.includes(4413), 5_000, 'quota refusal');
    partner.provider.destroy();
    const stored = (await features(JOINT)).filter((f) => f.id.startsWith('fill-'));
    expect(stored.length).toBeGreaterThan(3);
    expect(stored.length).toBeLessThan(ORG_QUOTA / filler.length + 1);

    // Leaving until the document unloads does not reset the count: a new connection is still over quota.
    await waitFor(() => t.caps.collab!.gateway.connectionCount() === 0, 5_000, 'everyone gone');
    await new Promise((r) => setTimeout(r, 500));
    expect(await t.caps.collab!.docs.peek(JOINT)).toBeUndefined();
    const back = connectLayer(base, JOINT, tokens['partner.editor']);
    await synced(back.provider);
    const backCodes = closeCodes(back);
    addFeature(back.doc, 'fill-after-unload', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor', description: filler });
    await waitFor(() => backCodes.includes(4413), 5_000, 'quota still full after unloading');
    back.provider.destroy();

    // The commander's organisation has its own quota: adds and deletes go through.
    const commander = connectLayer(base, JOINT, tokens.commander);
    await synced(commander.provider);
    const commanderCodes = closeCodes(commander);
    addFeature(commander.doc, 'commander-after-fill', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander', description: 'c'.repeat(8 * 1024) });
    featuresMap(commander.doc).delete(stored[0].id);
    await waitFor(() => featuresMap(commander.doc).has('commander-after-fill'));
    await new Promise((r) => setTimeout(r, 300));
    const afterCommander = (await features(JOINT)).map((f) => f.id);
    expect(afterCommander).toContain('commander-after-fill');
    expect(afterCommander).not.toContain(stored[0].id);
    expect(commanderCodes).toEqual([]);

    // The partner, over quota, may delete; and since the real size is counted, may add again afterwards.
    const again = connectLayer(base, JOINT, tokens['partner.editor']);
    await synced(again.provider);
    const againCodes = closeCodes(again);
    again.doc.transact(() => {
      for (const f of stored.slice(1)) featuresMap(again.doc).delete(f.id);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect((await features(JOINT)).filter((f) => f.id.startsWith('fill-'))).toEqual([]);
    addFeature(again.doc, 'partner-after-cleanup', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor', description: filler });
    await new Promise((r) => setTimeout(r, 300));
    expect((await features(JOINT)).map((f) => f.id)).toContain('partner-after-cleanup');
    expect(againCodes).toEqual([]);
    again.provider.destroy();
    commander.provider.destroy();
  });

  it('[GW17] authorship is the session\'s: spoofed createdBy, comment author and log author are refused with 4403; own names pass', async () => {
    const spoofs: Array<[string, (doc: Y.Doc) => void]> = [
      ['new feature as the commander', (doc) => addFeature(doc, 'spoof-new', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' })],
      ['rewriting an existing feature\'s createdBy', (doc) => (featuresMap(doc).get('f-joint-1') as Y.Map<unknown>).set('createdBy', 'commander')],
      ['comment as the commander', (doc) => addComment(doc, 'f-joint-1', { author: 'commander', time: new Date().toISOString(), text: 'spoof' })],
      ['log entry as the commander', (doc) => appendLog(doc, { id: 'spoof-log', time: new Date().toISOString(), author: 'Polisområdeschef Malmö', text: 'spoof', featureIds: [] })],
    ];
    for (const [what, spoof] of spoofs) {
      const c = connectLayer(base, JOINT, tokens['partner.editor']);
      await synced(c.provider);
      const codes = closeCodes(c);
      spoof(c.doc);
      await waitFor(() => codes.length > 0, 5_000, `refusal of ${what}`);
      c.provider.destroy();
      expect(codes[0], what).toBe(4403);
    }
    const stored = await features(JOINT);
    expect(stored.map((f) => f.id)).not.toContain('spoof-new');
    expect(stored.find((f) => f.id === 'f-joint-1')?.properties.createdBy).toBe('partner.editor');
    const doc = await t.caps.collab!.docs.readState(JOINT);
    expect(JSON.stringify(doc.getArray('log').toJSON())).not.toContain('spoof');
    expect(JSON.stringify(featuresMap(doc).get('f-joint-1')?.toJSON())).not.toContain('spoof');

    // Positive control: the partner's own username and display name are accepted.
    const own = connectLayer(base, JOINT, tokens['partner.editor']);
    await synced(own.provider);
    const codes = closeCodes(own);
    addFeature(own.doc, 'own-username', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    addFeature(own.doc, 'own-display-name', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'Samordnare Malmö stad' });
    addComment(own.doc, 'f-joint-1', { author: 'Samordnare Malmö stad', time: new Date().toISOString(), text: 'own comment' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await features(JOINT)).map((f) => f.id)).toEqual(expect.arrayContaining(['own-username', 'own-display-name']));
    expect(codes).toEqual([]);
    own.provider.destroy();
  });

  it('[GW17] presence identity is stamped from the session: a viewer cannot appear as the commander', async () => {
    const editor = connectLayer(base, JOINT, tokens['partner.editor']);
    const viewer = connectLayer(base, JOINT, tokens['partner.viewer']);
    await Promise.all([synced(editor.provider), synced(viewer.provider)]);
    viewer.provider.awareness.setLocalState({ user: { name: 'Polisområdeschef Malmö', org: 'Polisen', color: '#D55E00' }, cursor: [13, 55.6], selection: null });
    const seen = () => editor.provider.awareness.getStates().get(viewer.doc.clientID) as { user?: { name: string; org: string; color: string }; cursor?: unknown } | undefined;
    await waitFor(() => seen()?.user !== undefined, 5_000, 'viewer presence');
    expect(seen()?.user).toEqual({ name: 'Handläggare Malmö stad', org: 'Malmö stad', color: '#D55E00' });
    expect(seen()?.cursor).toEqual([13, 55.6]);
    for (const s of editor.provider.awareness.getStates().values()) expect((s as { user?: { name?: string } }).user?.name).not.toBe('Polisområdeschef Malmö');
    editor.provider.destroy();
    viewer.provider.destroy();
  });

  it('[GW15] one connection cannot flood every peer with presences (4400); a stock client amid peers coming and going is not affected', async () => {
    const editor = connectLayer(base, JOINT, tokens['partner.editor']);
    await synced(editor.provider);
    const editorCodes = closeCodes(editor);
    // Peers join, show presence and leave: the stock client echoes all of it back, which must not count against it.
    for (let i = 0; i < 12; i++) {
      const p = connectLayer(base, JOINT, tokens.commander);
      await synced(p.provider);
      p.provider.awareness.setLocalStateField('cursor', [13, 55.6]);
      await waitFor(() => editor.provider.awareness.getStates().has(p.doc.clientID), 5_000, 'peer presence');
      p.provider.destroy();
      await waitFor(() => !editor.provider.awareness.getStates().has(p.doc.clientID), 5_000, 'peer gone');
    }
    expect(editorCodes).toEqual([]);

    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 20);
    for (let i = 0; i < 20; i++) {
      encoding.writeVarUint(e, 900_000 + i);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{}');
    }
    const m = encoding.createEncoder();
    encoding.writeVarUint(m, 1);
    encoding.writeVarUint8Array(m, encoding.toUint8Array(e));
    const raw = await rawConnect(base, `/yjs/layer:${JOINT}?token=${tokens['partner.viewer']}`);
    await waitFor(() => raw.received().includes('\r\n\r\n'), 5_000, 'upgrade');
    raw.socket.write(clientFrame({ opcode: 2, payload: encoding.toUint8Array(m) }));
    await waitFor(() => closeCodeIn(raw.received()) !== undefined, 5_000, 'close frame');
    raw.socket.destroy();
    expect(closeCodeIn(raw.received())).toBe(4400);
    expect([...editor.provider.awareness.getStates().keys()].some((id) => id >= 900_000 && id < 900_020)).toBe(false);
    expect(editorCodes).toEqual([]);
    editor.provider.destroy();
  });

  it('[GW2] 4404, not 4403, for a layer in a picture the caller cannot open; 4403 stays for a picture it can', async () => {
    await t.ctx.prisma.picture.create({ data: { id: 'pic-hidden', title: 'Dold', level: 'local', ownerOrgId: 'org-po-malmo' } });
    await t.ctx.prisma.layer.create({
      data: {
        id: 'lyr-hidden',
        pictureId: 'pic-hidden',
        name: 'Dold',
        kind: 'annotations',
        classification: 'police_internal',
        access: { create: [{ id: 'acc-hidden', subjectType: 'organisation', organisationId: 'org-po-malmo', right: 'write' }] },
      },
    });
    const ws = (layerId: string, token: string) => `${base.replace('http', 'ws')}/yjs/layer:${layerId}?token=${token}`;
    expect(await closeCodeOf(ws('lyr-hidden', tokens['partner.editor']))).toEqual({ code: 4404, received: 0 });
    expect(await closeCodeOf(ws('no-such-layer', tokens['partner.editor']))).toEqual({ code: 4404, received: 0 });
    expect(await closeCodeOf(ws(DEMO_LAYER_IDS.police, tokens['partner.editor']))).toEqual({ code: 4403, received: 0 });
    // Positive control: the owner opens it.
    const c = connectLayer(base, 'lyr-hidden', tokens.commander);
    await synced(c.provider);
    c.provider.destroy();
  });

  it('[GW18] a partner\'s document load and every refused attempt leave a layer.open audit row', async () => {
    const since = new Date(Date.now() - 1);
    const c = connectLayer(base, JOINT, tokens['partner.viewer']);
    await synced(c.provider);
    c.provider.destroy();
    const ws = (layerId: string, token?: string) => `${base.replace('http', 'ws')}/yjs/layer:${layerId}${token ? `?token=${token}` : ''}`;
    expect((await closeCodeOf(ws(JOINT))).code).toBe(4401);
    expect((await closeCodeOf(ws(DEMO_LAYER_IDS.police, tokens['housing.viewer']))).code).toBe(4403);
    // A session that has ended is refused, and the refusal is still attributed to whoever held it.
    const ended = await t.login('partner.viewer');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(ended) });
    expect((await closeCodeOf(ws(DEMO_LAYER_IDS.risk, ended))).code).toBe(4401);
    // A client that hangs up right after asking still leaves its address (read when the socket ends, before it closes).
    await new Promise<void>((resolve, reject) => {
      const s = connect(Number(new URL(base).port), '127.0.0.1', () => {
        s.end(
          `GET /yjs/layer:${DEMO_LAYER_IDS.police}?token=${tokens['partner.viewer']} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
            'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      s.on('error', reject);
      s.on('close', () => resolve());
      s.resume();
    });
    let view: Array<{ who: string | null; target: string | null; outcome: string; address: string | null; detail: string | null }> = [];
    for (let i = 0; i < 40 && view.length < 5; i++) {
      await t.ctx.audit.flush();
      const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'layer.open', at: { gte: since } }, orderBy: { id: 'asc' } });
      view = rows.map((r) => ({ who: r.actorUsername, target: r.target, outcome: r.outcome, address: r.address, detail: r.detail }));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(view).toEqual(
      expect.arrayContaining([
        { who: 'partner.viewer', target: JOINT, outcome: 'success', address: '127.0.0.1', detail: null },
        { who: null, target: JOINT, outcome: 'denied', address: '127.0.0.1', detail: JSON.stringify({ code: 4401 }) },
        { who: 'housing.viewer', target: DEMO_LAYER_IDS.police, outcome: 'denied', address: '127.0.0.1', detail: JSON.stringify({ code: 4403 }) },
        { who: 'partner.viewer', target: DEMO_LAYER_IDS.risk, outcome: 'denied', address: '127.0.0.1', detail: JSON.stringify({ code: 4401 }) },
        { who: 'partner.viewer', target: DEMO_LAYER_IDS.police, outcome: 'denied', address: '127.0.0.1', detail: JSON.stringify({ code: 4403 }) },
      ]),
    );
  });

  it('[GW14] logout closes that session\'s document connections only; the same user\'s other session stays and syncs', async () => {
    const first = await t.login('commander');
    const second = await t.login('commander');
    const a = connectLayer(base, JOINT, first);
    const b = connectLayer(base, JOINT, second);
    const partner = connectLayer(base, JOINT, tokens['partner.editor']);
    await Promise.all([synced(a.provider), synced(b.provider), synced(partner.provider)]);
    // Live events too: each session also has a socket.io connection.
    const liveA = await joinPicture(base, first, DEMO_PICTURE_ID);
    const liveB = await joinPicture(base, second, DEMO_PICTURE_ID);
    const codesA = closeCodes(a);
    const codesB = closeCodes(b);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(first) })).statusCode).toBe(204);
    await waitFor(() => codesA.includes(4401), 2_000, 'logged-out session closed');
    await waitFor(() => !liveA.socket.connected, 2_000, 'logged-out live socket closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(liveB.socket.connected).toBe(true);
    liveA.close();
    liveB.close();
    a.provider.destroy();
    addFeature(b.doc, 'other-session-still-writes', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    await waitFor(() => featuresMap(partner.doc).has('other-session-still-writes'), 5_000, 'other session syncs');
    expect(codesB).toEqual([]);
    b.provider.destroy();
    partner.provider.destroy();
  });
});

describe('y-websocket sessions end when the session does', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    // Sessions of five seconds; revocation is re-checked five times a second.
    t = await createTestApp({ env: { SESSION_TTL_HOURS: String(5 / 3600) }, with: { collab: { gateway: { sessionCheckIntervalMs: 200 } } }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('[GW14] a revoked session is closed (4401) by the periodic re-check; an expiring one at its expiry', async () => {
    const loggedIn = Date.now();
    const expiring = await t.login('partner.editor');
    const revoked = await t.login('partner.editor');
    const a = connectLayer(base, JOINT, expiring);
    // A second connection of the expiring session (its connections share one expiry timer).
    const a2 = connectLayer(base, JOINT, expiring);
    const b = connectLayer(base, JOINT, revoked);
    await Promise.all([synced(a.provider), synced(a2.provider), synced(b.provider)]);
    const codesA = closeCodes(a);
    const codesA2 = closeCodes(a2);
    const codesB = closeCodes(b);
    // Revoked behind the server's back (no hook): only the timer can notice.
    await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    await waitFor(() => codesB.includes(4401), 3_500, 'revoked session closed');
    b.provider.destroy();
    // The other session is still open and writing until it expires.
    expect(codesA).toEqual([]);
    addFeature(a.doc, 'before-expiry', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 200));
    await waitFor(() => codesA.includes(4401) && codesA2.includes(4401), 6_000, 'expired session closed');
    expect(Date.now() - loggedIn).toBeGreaterThanOrEqual(4_900);
    a2.provider.destroy();
    // Whatever it tries after expiry is never applied.
    addFeature(a.doc, 'after-expiry', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 500));
    a.provider.destroy();
    const ids = (await t.caps.collab!.docs.readState(JOINT)).getMap('features');
    expect(ids.has('before-expiry')).toBe(true);
    expect(ids.has('after-expiry')).toBe(false);
  });
  it('[GW14] the periodic re-check asks once for all connections, each session once, and still closes a revoked one', async () => {
    const tokens = [await t.login('partner.editor'), await t.login('partner.editor'), await t.login('partner.viewer')];
    const clients = tokens.flatMap((tok) => [connectLayer(base, JOINT, tok), connectLayer(base, JOINT, tok)]);
    await Promise.all(clients.map((c) => synced(c.provider)));
    const { asked, restore } = recordSessionChecks(t);
    try {
      await waitFor(() => asked.length >= 2, 3_000, 'two periodic re-checks');
      // Six connections, three sessions: every round is one call naming each session once.
      for (const ids of asked) {
        expect(ids).toHaveLength(3);
        expect(new Set(ids).size).toBe(3);
      }
      const codes = closeCodes(clients[0]);
      const others = closeCodes(clients[2]);
      await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(tokens[0]) }, data: { revokedAt: new Date() } });
      await waitFor(() => codes.includes(4401), 3_000, 'revoked session closed by the batched re-check');
      // Positive control: the other sessions' connections stay.
      expect(others).toEqual([]);
    } finally {
      restore();
      for (const c of clients) c.provider.destroy();
    }
  });
});

describe('y-websocket writes re-check the session', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    // The periodic re-check is far away: only the check beside a write can notice the revocation.
    t = await createTestApp({ with: { collab: { gateway: { sessionCheckIntervalMs: 600_000 } } }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('[GW14] a session revoked behind the server\'s back is closed (4401) as soon as it writes', async () => {
    const revoked = await t.login('partner.editor');
    const other = await t.login('partner.editor');
    const a = connectLayer(base, JOINT, revoked);
    const b = connectLayer(base, JOINT, other);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const codesA = closeCodes(a);
    const codesB = closeCodes(b);
    await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    // Past the one-second lookup cache and the per-connection check interval.
    await new Promise((r) => setTimeout(r, 1_100));
    addFeature(a.doc, 'write-after-revocation', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await waitFor(() => codesA.includes(4401), 2_000, 'revoked writer closed');
    a.provider.destroy();
    // Positive control: the same user's other session writes on.
    addFeature(b.doc, 'other-session-writes', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 1_100));
    addFeature(b.doc, 'other-session-writes-again', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'partner.editor' });
    await new Promise((r) => setTimeout(r, 300));
    expect(codesB).toEqual([]);
    const features = (await t.caps.collab!.docs.readState(JOINT)).getMap('features');
    expect(features.has('other-session-writes-again')).toBe(true);
    b.provider.destroy();
  });

  it('[GW14] writers whose checks fall due together are checked together, each session once per query, and a revoked one is closed', async () => {
    const tokens = [await t.login('partner.editor'), await t.login('partner.editor'), await t.login('commander')];
    // Two connections per session: six writers, three sessions.
    const clients = tokens.flatMap((tok) => [connectLayer(base, JOINT, tok), connectLayer(base, JOINT, tok)]);
    await Promise.all(clients.map((c) => synced(c.provider)));
    const codes = clients.map(closeCodes);
    const { asked, restore } = recordSessionChecks(t);
    try {
      await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(tokens[0]) }, data: { revokedAt: new Date() } });
      // Past the per-connection interval, then every writer writes in the same moment.
      await new Promise((r) => setTimeout(r, 1_100));
      for (const [i, c] of clients.entries()) {
        addFeature(c.doc, `together-${i}`, { type: 'Point', coordinates: [13, 55.6] }, { createdBy: i < 4 ? 'partner.editor' : 'commander' });
      }
      await waitFor(() => codes[0].includes(4401) && codes[1].includes(4401), 3_000, 'both connections of the revoked session closed');
      // Six writes arrive within a moment: one query (two when the writes straddle the first one), not six.
      expect(asked.length).toBeGreaterThanOrEqual(1);
      expect(asked.length).toBeLessThanOrEqual(2);
      for (const ids of asked) expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(asked.flat()).size).toBe(3);
      // Positive control: the other sessions' writers stay and their writes are kept.
      expect(codes.slice(2).flat()).toEqual([]);
      await new Promise((r) => setTimeout(r, 300));
      const features = (await t.caps.collab!.docs.readState(JOINT)).getMap('features');
      for (const i of [2, 3, 4, 5]) expect(features.has(`together-${i}`)).toBe(true);
    } finally {
      restore();
      for (const c of clients) c.provider.destroy();
    }
  });
});

describe('y-websocket send cap on its own', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    // Sync requests effectively unlimited: only the cap on unsent bytes stands between the flood and memory.
    t = await createTestApp({
      with: {
        collab: {
          gateway: { maxBufferedBytes: MAX_BUFFERED, syncRequestBurst: 1_000, syncRequestsPerSecond: 1_000, closeGraceMs: 30_000 },
          documents: { maxDocBytes: 4 * BIG_DOC },
        },
      },
      seedSteps: [seedDemoPicture],
    });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('[GW15] a peer that does not read is closed with 4429 once the server holds more than the cap for it', async () => {
    await t.caps.collab!.docs.change(DEMO_LAYER_IDS.risk, (doc) =>
      addFeature(doc, 'big', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'system', description: 'x'.repeat(BIG_DOC) }),
    );
    const flood = await floodWithoutReading(t, base, `/yjs/layer:${DEMO_LAYER_IDS.risk}?token=${await t.login('partner.viewer')}`);
    expect(flood.maxBuffered).toBeLessThanOrEqual(MAX_BUFFERED + 2 * BIG_DOC);
    expect(flood.code).toBe(4429);
    // It got some whole-document answers before the cap was reached (the cap, not a rate limit, stopped it).
    expect(flood.receivedBytes).toBeGreaterThan(BIG_DOC);
    expect(flood.receivedBytes).toBeLessThan(20 * BIG_DOC);
  });
});
