import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testConfig, testDatabase } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import { seedDemo } from '../seed/seed.ts';
import { createContext } from '../server.ts';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const FORGED = '203.0.113.77';

function login(t: TestApp, username: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-password' }, headers, remoteAddress: '127.0.0.1' });
}

describe('login limit per address without a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3', LOGIN_MAX_FAILURES: '100' } });
  });
  afterAll(() => t.close());

  it('ignores a forged X-Forwarded-For: a new header per attempt does not reset the count', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      // A different user each time, so only the per-address limit can stop the fourth attempt.
      const res = await login(t, `nobody${i}`, { 'x-forwarded-for': `198.51.100.${i}` });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });

  it('writes the real peer address into the audit, never the forged one', async () => {
    await t.ctx.audit.flush();
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login' } });
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => r.address))).toEqual(new Set(['127.0.0.1']));
    expect(JSON.stringify(rows)).not.toContain('198.51.100.');
  });
});

describe('login limit per address behind a configured proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3', LOGIN_MAX_FAILURES: '100', TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => t.close());

  it('counts per forwarded client address and audits that address', async () => {
    // Through the trusted proxy, two clients are two addresses: the fourth attempt of one is refused,
    // the first of the other is not.
    const first = [];
    for (let i = 0; i < 4; i++) first.push((await login(t, `someone${i}`, { 'x-forwarded-for': FORGED })).statusCode);
    expect(first).toEqual([401, 401, 401, 429]);
    expect((await login(t, 'someone-else', { 'x-forwarded-for': '203.0.113.78' })).statusCode).toBe(401);
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login', target: 'someone0' } });
    expect(rows.map((r) => r.address)).toEqual([FORGED]);
  });

  it('still ignores the header when the request does not come from the proxy', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'direct', password: 'wrong-password' },
      headers: { 'x-forwarded-for': '203.0.113.99' },
      remoteAddress: '192.0.2.10',
    });
    expect(res.statusCode).toBe(401);
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login', target: 'direct' } });
    expect(rows.map((r) => r.address)).toEqual(['192.0.2.10']);
  });
});

/** Two server instances over one database, as behind a load balancer. */
async function twoInstances(env: Record<string, string>) {
  const db = testDatabase('sqlite');
  const apps: TestApp[] = [];
  for (let i = 0; i < 2; i++) {
    const ctx = await createContext(testConfig(db.url, env), pino({ level: 'silent' }));
    const { app, caps } = await buildApp(ctx);
    if (i === 0) await seedDemo(ctx, caps, []);
    apps.push({
      app,
      ctx,
      caps,
      login: () => Promise.reject(new Error('not used')),
      async close() {
        await app.close();
        for (const hook of ctx.onClose.reverse()) await hook();
        await ctx.database.close();
      },
    });
  }
  return {
    apps,
    async close() {
      await Promise.all(apps.map((a) => a.close()));
      await db.drop();
    },
  };
}

describe('login limits shared between server instances', () => {
  let pair: Awaited<ReturnType<typeof twoInstances>> | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  const alternate = async (apps: TestApp[]) => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await login(apps[i % 2], `spray${i}`)).statusCode);
    return codes;
  };

  it('with REDIS_URL, attempts on either instance count against one limit per address', async () => {
    pair = await twoInstances({ LOGIN_RATE_PER_MINUTE: '3', LOGIN_MAX_FAILURES: '100', REDIS_URL });
    expect(await alternate(pair.apps)).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it('the same per username: a spray across instances is throttled once', async () => {
    pair = await twoInstances({ LOGIN_RATE_PER_MINUTE: '2', LOGIN_MAX_FAILURES: '100', REDIS_URL });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await pair.apps[i % 2].app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'commander', password: 'wrong-password' },
        remoteAddress: `192.0.2.${i + 1}`,
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 429]);
  });

  it('without Redis each instance counts alone (the contrast that makes the shared test meaningful)', async () => {
    pair = await twoInstances({ LOGIN_RATE_PER_MINUTE: '3', LOGIN_MAX_FAILURES: '100' });
    expect(await alternate(pair.apps)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});
