/**
 * Renaming a layer from the UI (issue 17 item 2): only the layer's administrators may, the name is checked,
 * and viewers who may read the layer hear layer.changed while those who may not hear nothing.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from './demoPicture.ts';

describe('PATCH /api/layers/:id (rename)', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'analyst', 'partner.viewer']) tok[u] = await t.login(u);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  const layers = async (user: string) => (await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}`, headers: bearer(tok[user]) })).json().layers as Array<{ id: string; name: string; classification: string; access: string }>;
  const rename = (user: string, id: string, name: unknown) => t.app.inject({ method: 'PATCH', url: `/api/layers/${id}`, headers: bearer(tok[user]), payload: { name } });
  const joined = async (user: string) => {
    const s = io(base, { auth: { token: tok[user] }, transports: ['websocket'], forceNew: true });
    sockets.push(s);
    const got: string[] = [];
    s.on('layer.changed', (e: { layer: { name: string } }) => got.push(e.layer.name));
    const ack = await s.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID });
    expect(ack.ok).toBe(true);
    return got;
  };

  it('renames for the commander; partners reading the layer hear it, partners without it hear nothing', async () => {
    const all = await layers('commander');
    const internal = all.find((l) => l.classification === 'police_internal')!;
    const shared = all.find((l) => l.classification === 'partner')!;
    const partnerHeard = await joined('partner.viewer');
    const analystHeard = await joined('analyst');
    const res = await rename('commander', internal.id, '  Spaning Norr  ');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: internal.id, name: 'Spaning Norr', access: 'admin' });
    expect((await layers('commander')).find((l) => l.id === internal.id)!.name).toBe('Spaning Norr');
    // Positive control: the same partner hears a rename of the layer shared with Malmö stad.
    expect((await rename('commander', shared.id, 'Samverkan Malmö')).statusCode).toBe(200);
    await expect.poll(() => partnerHeard, { timeout: 3_000 }).toContain('Samverkan Malmö');
    await expect.poll(() => analystHeard, { timeout: 3_000 }).toContain('Spaning Norr');
    expect(partnerHeard).not.toContain('Spaning Norr');
  });

  it('refuses those who only read or write (403), hides layers they cannot read (404), checks the name (400)', async () => {
    const all = await layers('commander');
    const internal = all.find((l) => l.classification === 'police_internal')!;
    const shared = all.find((l) => l.classification === 'partner')!;
    expect((await rename('partner.viewer', shared.id, 'Mitt namn')).statusCode).toBe(403);
    expect((await rename('partner.viewer', internal.id, 'Mitt namn')).statusCode).toBe(404);
    expect((await rename('commander', internal.id, '   ')).statusCode).toBe(400);
    expect((await rename('commander', internal.id, 'x'.repeat(201))).statusCode).toBe(400);
    expect((await rename('commander', 'lyr_nope', 'A')).statusCode).toBe(404);
    expect((await layers('commander')).find((l) => l.id === internal.id)!.name).not.toBe('Mitt namn');
  });
});
