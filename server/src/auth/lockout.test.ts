import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type DbKind, TEST_PASSWORD, type TestApp } from '../../test/harness.ts';

// Concurrent guesses must not all be evaluated before the lockout takes effect: the failure count is
// claimed atomically in the database, on both databases the server runs on.
describe.each<DbKind>(['sqlite', 'postgres'])('account lockout under concurrent guesses on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, env: { LOGIN_MAX_FAILURES: '5', LOGIN_RATE_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'analyst', password } });

  it('verifies at most the limit of 15 simultaneous wrong passwords, then refuses even the right one', async () => {
    // Positive control: the account works before the attack.
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);

    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(`wrong-guess-${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(15).fill(401));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);

    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'auth.login', target: 'analyst', outcome: { not: 'success' } } });
    const reasons = rows.map((r) => JSON.parse(r.detail ?? '{}').reason as string);
    expect(reasons.filter((r) => r === 'bad_password')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(10);
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'auth.lockout', target: 'analyst' } })).toBe(1);

    const right = await attempt(TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.body).toBe(answers[0].body);
  });

  it('counts again from zero once the lock has run out', async () => {
    const user = await t.ctx.prisma.user.findUniqueOrThrow({ where: { username: 'analyst' } });
    expect(user.lockedUntil).not.toBeNull();
    // Let the lock expire without waiting 15 minutes.
    await t.ctx.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    const after = await t.ctx.prisma.user.findUniqueOrThrow({ where: { username: 'analyst' } });
    expect(after).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});
