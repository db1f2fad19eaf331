import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/harness.ts';
import { COMMON_PASSWORDS_MODULE, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './passwordPolicy.ts';

describe('password policy (NIST SP 800-63B)', () => {
  it('accepts long passphrases of any composition, including the test password', () => {
    for (const ok of [TEST_PASSWORD, 'long-enough-pass', 'korv med bröd på torget', 'ALLCAPSWITHOUTDIGITS', '🚓🚓 blåljus i natt 🚓🚓']) {
      expect(passwordProblem(ok), ok).toBeUndefined();
    }
    expect(passwordProblem('x'.repeat(40).replace(/x/g, (_, i: number) => String.fromCharCode(97 + ((i * 7) % 26))))).toBeUndefined();
  });

  it(`refuses fewer than ${PASSWORD_MIN_LENGTH} characters and more than ${PASSWORD_MAX_LENGTH}, counting characters, not UTF-16 units`, () => {
    expect(passwordProblem('kort-lösenord')).toMatch(/at least 15/);
    expect(passwordProblem('🚓'.repeat(8))).toMatch(/at least 15/);
    expect(passwordProblem('abcdefghij klmnop '.repeat(20))).toMatch(/at most 256/);
  });

  it('refuses common and leaked passwords, also padded, separated, repeated or re-cased', () => {
    for (const weak of ['passwordpassword', 'Password123456789', 'p.a.s.s.w.o.r.d.1.2.3', 'iloveyouiloveyou', '2024qwertyuiop2024', 'Football-Football-1']) {
      expect(passwordProblem(weak), weak).toMatch(/common or leaked/);
    }
  });

  it('refuses runs and repeats, the username, and the name of the service', () => {
    expect(passwordProblem('123456789012345678')).toMatch(/sequential/);
    expect(passwordProblem('aaaaaaaaaaaaaaaaaa')).toMatch(/sequential/);
    expect(passwordProblem('abababababababab')).toMatch(/sequential/);
    expect(passwordProblem('trelleborg.editor-2026', ['trelleborg.editor'])).toMatch(/username/);
    expect(passwordProblem('mitt lagesbild-konto')).toMatch(/name of the service/);
  });

  it('refuses a lone surrogate', () => {
    expect(passwordProblem(`long enough but ${'\ud800'} broken`)).toMatch(/invalid character/);
  });
});

describe('password policy where passwords are set', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const create = (username: string, password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(admin),
      payload: { username, displayName: 'Ny', password, organisationId: 'org-malmo-stad', roles: ['partner_viewer'] },
    });

  it('an admin cannot create a user with a weak password, and is told why', async () => {
    for (const weak of ['short-pass', 'password12345678', 'new.viewer-secret']) {
      const res = await create('new.viewer', weak);
      expect(res.statusCode, weak).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await create('new.viewer', 'short-pass')).json().error.message).toMatch(/at least 15 characters/);
    expect(await t.ctx.prisma.user.count({ where: { username: 'new.viewer' } })).toBe(0);
    // Positive control: a good password is accepted and works.
    expect((await create('new.viewer', 'tre gröna äpplen i kväll')).statusCode).toBe(201);
    expect(await t.login('new.viewer', 'tre gröna äpplen i kväll')).toBeTruthy();
  });

  it('an admin cannot change a password to a weak one', async () => {
    const user = await t.ctx.prisma.user.findUniqueOrThrow({ where: { username: 'new.viewer' } });
    const weak = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers: bearer(admin), payload: { password: 'qwertyuiop123456' } });
    expect(weak.statusCode).toBe(400);
    expect(await t.login('new.viewer', 'tre gröna äpplen i kväll')).toBeTruthy();
    const good = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers: bearer(admin), payload: { password: 'fyra blå cyklar på taket' } });
    expect(good.statusCode).toBe(200);
  });
});

describe('the common-password list in memory', () => {
  it('is not held in the module cache once a password has been checked, and still refuses a common one', () => {
    const require = createRequire(import.meta.url);
    const path = require.resolve(COMMON_PASSWORDS_MODULE);
    expect(passwordProblem('password12345678')).toMatch(/common or leaked/);
    expect(require.cache[path]).toBeUndefined();
    // Positive control: the path is the list itself (a module loaded through it is cached until removed).
    expect((require(path) as string[]).length).toBeGreaterThan(10_000);
    expect(require.cache[path]).toBeDefined();
    delete require.cache[path];
  });
});
