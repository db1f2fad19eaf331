import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneCreatedEvent } from '../../../shared/src/events.ts';
import { testConfig, testDatabase, TEST_PASSWORD } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedDemo } from '../seed/seed.ts';
import { createContext } from '../server.ts';
import { joinPicture } from './testClients.ts';

// Two servers (in one test process) sharing PostgreSQL and Redis, as behind a load balancer.
describe('risk on several servers (Redis + PostgreSQL)', () => {
  const db = testDatabase('postgres');
  const env = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const servers: Array<{ app: Awaited<ReturnType<typeof buildApp>>['app']; ctx: AppContext; caps: Capabilities; url: string }> = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const ctx = await createContext(testConfig(db.url, env), pino({ level: 'silent' }));
      const { app, caps } = await buildApp(ctx, { collab: {}, incidents: {} });
      if (i === 0) await seedDemo(ctx, caps, [seedDemoPicture]);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      servers.push({ app, ctx, caps, url });
    }
  });
  afterAll(async () => {
    for (const s of servers) {
      await s.app.close();
      for (const h of s.ctx.onClose.reverse()) await h();
      await s.ctx.database.close();
    }
    await db.drop();
  });

  const login = async (url: string, username: string) => {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
    return ((await r.json()) as { token: string }).token;
  };

  it('an incident posted on one server reaches clients on the other once, and both servers hold the zone', async () => {
    const [a, b] = servers;
    const tokenA = await login(a.url, 'duty');
    const tokenB = await login(b.url, 'commander');
    // Build B's state before the change, so it has to learn about it through the relay.
    expect((await b.caps.risk!.state(DEMO_PICTURE_ID))!.zones.size).toBe(0);
    const client = await joinPicture(b.url, tokenB, DEMO_PICTURE_ID);
    const res = await fetch(`${a.url}/api/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'multi', sourceId: `m-${Date.now()}`, type: 'shooting', status: 'confirmed', occurredAt: new Date(Date.now() - 60_000).toISOString(), location: { type: 'Point', coordinates: [13.0, 55.59] } }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { items: Array<{ id: string }> }).items[0].id;
    const zone = await client.next<ZoneCreatedEvent>((e) => e.type === 'zone.created' && e.zone.id === `nrz:${id}`, 5_000);
    expect(zone.zone.incidentId).toBe(id);
    await new Promise((r) => setTimeout(r, 300));
    expect(client.events.filter((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${id}`)).toHaveLength(1);
    const deadline = Date.now() + 5_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      ids = (await b.caps.risk!.state(DEMO_PICTURE_ID))!.zones.list().map((z) => z.id);
      if (ids.includes(`nrz:${id}`)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(ids).toContain(`nrz:${id}`);
    client.close();
  });
});
