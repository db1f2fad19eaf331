/**
 * Closing a picture reaches those who have it open (issue 17): PATCH /api/pictures/:id/status sends
 * `picture.updated` with the new status to every socket.io viewer in the picture's room at once, so their
 * clients switch to read-only without a reload; reopening reaches them the same way (the positive control).
 * A viewer in another picture's room hears nothing of it.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from './demoPicture.ts';

describe('picture status over socket.io', () => {
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
    await t?.close();
  });

  const setStatus = (user: string, pictureId: string, status: string) =>
    t.app.inject({ method: 'PATCH', url: `/api/pictures/${pictureId}/status`, headers: bearer(tok[user]), payload: { status } });
  /** A viewer with the picture open: the statuses it hears, in order. */
  const open = async (user: string, pictureId: string) => {
    const s = io(base, { auth: { token: tok[user] }, transports: ['websocket'], forceNew: true });
    sockets.push(s);
    const heard: Array<{ id: string; status: string }> = [];
    s.on('picture.updated', (e: { pictureId: string; picture: { id: string; status: string } }) => heard.push({ id: e.picture.id, status: e.picture.status }));
    const ack = await s.timeout(5_000).emitWithAck('picture:join', { pictureId });
    expect(ack.ok).toBe(true);
    return heard;
  };

  it('closing and archiving reach every viewer with the picture open, and reopening does too', async () => {
    const other = await t.app.inject({ method: 'POST', url: '/api/pictures', headers: bearer(tok.commander), payload: { title: 'Annan lägesbild', level: 'local' } });
    expect(other.statusCode).toBe(201);
    const analyst = await open('analyst', DEMO_PICTURE_ID);
    const partner = await open('partner.viewer', DEMO_PICTURE_ID);
    const elsewhere = await open('commander', other.json().id);

    expect((await setStatus('commander', DEMO_PICTURE_ID, 'closed')).statusCode).toBe(200);
    await expect.poll(() => analyst, { timeout: 3_000 }).toEqual([{ id: DEMO_PICTURE_ID, status: 'closed' }]);
    await expect.poll(() => partner, { timeout: 3_000 }).toEqual([{ id: DEMO_PICTURE_ID, status: 'closed' }]);

    expect((await setStatus('commander', DEMO_PICTURE_ID, 'archived')).statusCode).toBe(200);
    await expect.poll(() => analyst.at(-1)?.status, { timeout: 3_000 }).toBe('archived');

    // Positive control: reopening reaches the same viewers.
    expect((await setStatus('commander', DEMO_PICTURE_ID, 'active')).statusCode).toBe(200);
    await expect.poll(() => partner.map((h) => h.status), { timeout: 3_000 }).toEqual(['closed', 'archived', 'active']);
    await expect.poll(() => analyst.map((h) => h.status), { timeout: 3_000 }).toEqual(['closed', 'archived', 'active']);
    expect(elsewhere).toEqual([]);
  });

  it('a refused change (not an administrator) sends nothing', async () => {
    const analyst = await open('analyst', DEMO_PICTURE_ID);
    expect((await setStatus('analyst', DEMO_PICTURE_ID, 'closed')).statusCode).toBe(403);
    expect((await setStatus('partner.viewer', DEMO_PICTURE_ID, 'closed')).statusCode).toBe(403);
    // A control change after the refusals: once it is heard, anything the refusals had sent would have been heard first.
    expect((await setStatus('commander', DEMO_PICTURE_ID, 'active')).statusCode).toBe(200);
    await expect.poll(() => analyst, { timeout: 3_000 }).toEqual([{ id: DEMO_PICTURE_ID, status: 'active' }]);
  });
});
