import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPeriod, opensAt, shiftPeriod } from '../../../shared/src/areaFollowup.ts';
import { TEST_PASSWORD, testConfig, testDatabase } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { seedDemo } from '../seed/seed.ts';
import { createContext } from '../server.ts';
import { seedStrategicData } from '../strategic/seedStrategic.ts';
import { ManualClock } from '../time/clock.ts';
import { seedAreaFollowup } from './seed.ts';
import { followupRecorder } from './testClient.ts';

const SEVED = 'USO2025-10'; // LPO Malmö Norr

// Two servers (in one test process) sharing PostgreSQL and Redis, as behind a load balancer, each running the
// reminder timer: a viewer hears of a change once, and of a period opening once, whichever server it is on.
describe('area follow-up on several servers (Redis + PostgreSQL)', () => {
  const db = testDatabase('postgres');
  const env = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const start = Date.now();
  const clocks = [new ManualClock(start), new ManualClock(start)];
  const servers: Array<{ app: Awaited<ReturnType<typeof buildApp>>['app']; ctx: AppContext; caps: Capabilities; url: string }> = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const ctx = await createContext(testConfig(db.url, env), pino({ level: 'silent' }));
      const { app, caps } = await buildApp(ctx, { collab: {}, areafollowup: { clock: clocks[i] } });
      if (i === 0) await seedDemo(ctx, caps, [(c) => seedStrategicData(c, { incidents: false }).then(() => undefined), seedAreaFollowup]);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      servers.push({ app, ctx, caps, url });
    }
  }, 180_000);
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
  const call = (url: string, token: string, method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

  it('a submission on one server reaches a viewer on the other once; a period opening is announced once though both timers run', async () => {
    const [a, b] = servers;
    const period = currentPeriod(new Date(start));
    const duty = await login(a.url, 'duty');
    const region = await login(b.url, 'region');
    const onB = await followupRecorder(b.url, region);
    const dutyOnB = await followupRecorder(b.url, duty);

    const criteria = (await (await call(a.url, duty, 'GET', `/api/areafollowup/criteria/${period.slice(0, 4)}`)).json()) as { criteria: Array<{ key: string }> };
    const answers = criteria.criteria.map((c) => ({ key: c.key, score: 2, comment: null }));
    expect((await call(a.url, duty, 'PUT', `/api/areafollowup/areas/${SEVED}/assessments/${period}`, { answers })).status).toBe(200);
    expect((await call(a.url, duty, 'POST', `/api/areafollowup/areas/${SEVED}/assessments/${period}/submit`)).status).toBe(200);
    await onB.next((e) => e.type === 'areafollowup.assessment' && e.assessment.status === 'submitted', 5_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(onB.events.filter((e) => e.type === 'areafollowup.assessment' && e.assessment.status === 'submitted')).toHaveLength(1);

    // The next quarter opens: both servers' timers fire; each tells only its own sockets.
    const next = shiftPeriod(period, 1);
    const from = dutyOnB.events.length;
    for (const c of clocks) c.set(opensAt(next).getTime() + 1_000);
    await dutyOnB.next((e) => e.type === 'areafollowup.due' && e.items.some((i) => i.period === next), 5_000, from);
    await new Promise((r) => setTimeout(r, 500));
    expect(dutyOnB.events.slice(from).filter((e) => e.type === 'areafollowup.due' && e.items.some((i) => i.period === next))).toHaveLength(1);
    onB.close();
    dutyOnB.close();
  }, 60_000);
});
