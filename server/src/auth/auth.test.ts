import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';

describe('authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_RATE_PER_MINUTE: '50' } });
  });
  afterAll(() => t.close());

  it('logs in with the contract response shape and serves /api/me', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password: 'test-password-123' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toMatchObject({ username: 'analyst', organisation: { id: 'org-po-malmo', name: 'Polisområde Malmö', kind: 'police_area' }, roles: ['analyst'] });
    const me = await t.app.inject({ url: '/api/me', headers: bearer(body.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body.user);
  });

  it('stores only a hash of the token', async () => {
    const token = await t.login('duty');
    const sessions = await t.ctx.prisma.session.findMany();
    expect(sessions.some((s) => s.tokenHash === token)).toBe(false);
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });

  it('rejects a wrong password with a coded 401 and audits it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'commander', password: 'wrong-password' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: expect.stringMatching(/^Wrong username or password/) } });
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login', target: 'commander', outcome: 'failure' } });
    expect(rows).toHaveLength(1);
  });

  it('treats an unknown user exactly like a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'whatever-123' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after repeated failures, even for the right password, answering exactly as a wrong password', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'region', password: 'wrong-0' } });
    for (let i = 1; i < 3; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'region', password: `wrong-${i}` } });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'region', password: 'test-password-123' } });
    // A distinct answer (423) would tell anyone that the account exists.
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toBe(wrong.body);
    expect(locked.headers['content-length']).toBe(wrong.headers['content-length']);
    const lockout = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.lockout', target: 'region' } });
    expect(lockout).toHaveLength(1);
    const refused = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login', target: 'region', outcome: 'denied' } });
    expect(refused.map((r) => JSON.parse(r.detail!).reason)).toEqual(['locked']);
  });

  it('revokes the token at logout', async () => {
    const token = await t.login('nationell');
    expect((await t.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/me', headers: bearer(token) });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'auth.logout', actorUsername: 'nationell' } })).toBe(1);
  });

  it('refuses requests without a token or with a forged one', async () => {
    expect((await t.app.inject({ url: '/api/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/me', headers: bearer('forged-token-value') })).statusCode).toBe(401);
  });

  it('validates the login body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('login rate limit per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_RATE_PER_MINUTE: '3', LOGIN_MAX_FAILURES: '100' } });
  });
  afterAll(() => t.close());

  it('answers 429 once an address exceeds its attempts', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `user${i}`, password: 'wrong-password' } });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    expect(codes.slice(3)).toEqual([429, 429]);
  });
});
