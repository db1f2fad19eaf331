import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture, type RecordingClient } from '../risk/testClients.ts';
import { PRODUCTION } from '../compose.ts';

async function listeningApp(env: Record<string, string>): Promise<{ t: TestApp; url: string }> {
  const t = await createTestApp({ with: PRODUCTION, seedSteps: [seedDemoPicture], env });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, url };
}

function disconnected(c: RecordingClient, timeoutMs: number): Promise<{ reason: string; afterMs: number }> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    if (!c.socket.connected) return resolve({ reason: 'already', afterMs: 0 });
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    c.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ reason, afterMs: Date.now() - start });
    });
  });
}

describe('live connections end with their session: expiry', () => {
  const TTL_MS = 2_500;
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    ({ t, url } = await listeningApp({ SESSION_TTL_HOURS: String(TTL_MS / 3_600_000), SESSION_REVALIDATE_SECONDS: '600' }));
  });
  afterAll(() => t.close());

  it('closes a socket.io connection when its session expires, and the session can no longer write over REST', async () => {
    const loggedInAt = Date.now();
    const token = await t.login('commander');
    const client = await joinPicture(url, token, DEMO_PICTURE_ID);
    try {
      // Positive control: before expiry the session joins and writes.
      expect(client.ack.ok).toBe(true);
      const before = await t.app.inject({ method: 'POST', url: '/api/pictures', headers: bearer(token), payload: { title: 'Före utgång', level: 'local' } });
      expect(before.statusCode).toBe(201);

      // The re-check runs every 10 minutes here: only the expiry timer can close it in time.
      const { reason } = await disconnected(client, TTL_MS + 3_000);
      expect(reason).toBe('io server disconnect');
      expect(Date.now() - loggedInAt).toBeGreaterThanOrEqual(TTL_MS - 200);

      const after = await t.app.inject({ method: 'POST', url: '/api/pictures', headers: bearer(token), payload: { title: 'Efter utgång', level: 'local' } });
      expect(after.statusCode).toBe(401);
      expect(await t.ctx.prisma.picture.count({ where: { title: 'Efter utgång' } })).toBe(0);
    } finally {
      client.close();
    }
  });
});

describe('live connections end with their session: revocation', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    ({ t, url } = await listeningApp({ SESSION_REVALIDATE_SECONDS: '0.2' }));
  });
  afterAll(() => t.close());

  it('closes the socket of a session revoked behind the server’s back (another process, the database) at the next re-check', async () => {
    const revokedToken = await t.login('partner.viewer');
    const keptToken = await t.login('commander');
    const revoked = await joinPicture(url, revokedToken, DEMO_PICTURE_ID);
    const kept = await joinPicture(url, keptToken, DEMO_PICTURE_ID);
    try {
      expect(revoked.ack.ok).toBe(true);
      expect(kept.ack.ok).toBe(true);
      const user = await t.ctx.prisma.user.findUniqueOrThrow({ where: { username: 'partner.viewer' } });
      // Directly in the database: no logout hook runs, only the periodic re-check can notice.
      await t.ctx.prisma.session.updateMany({ where: { userId: user.id }, data: { revokedAt: new Date() } });
      const { reason } = await disconnected(revoked, 3_000);
      expect(reason).toBe('io server disconnect');
      // Positive control: the valid session's socket stays.
      await new Promise((r) => setTimeout(r, 500));
      expect(kept.socket.connected).toBe(true);
    } finally {
      revoked.close();
      kept.close();
    }
  });

  it('closes the sockets of a user disabled in the database', async () => {
    const token = await t.login('housing.viewer');
    const client = await joinPicture(url, token, DEMO_PICTURE_ID);
    try {
      expect(client.socket.connected).toBe(true);
      await t.ctx.prisma.user.update({ where: { username: 'housing.viewer' }, data: { disabled: true } });
      await disconnected(client, 3_000);
    } finally {
      client.close();
    }
  });
});
