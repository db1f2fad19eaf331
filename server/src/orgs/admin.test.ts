import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';

describe('administration of organisations and users', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  it('keeps partners and non-admin police out of admin endpoints', async () => {
    for (const username of ['partner.editor', 'partner.viewer', 'housing.viewer', 'commander', 'duty']) {
      const token = await t.login(username);
      for (const [method, url] of [
        ['GET', '/api/admin/users'],
        ['POST', '/api/admin/users'],
        ['POST', '/api/admin/organisations'],
        ['GET', '/api/audit'],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: bearer(token), payload: method === 'POST' ? {} : undefined });
        expect([400, 403], `${username} ${method} ${url}`).toContain(res.statusCode);
        if (res.statusCode === 400) {
          // Validation may run first; the same request with a valid body must still be forbidden.
          continue;
        }
        expect(res.json().error.code).toBe('FORBIDDEN');
      }
    }
  });

  it('refuses a partner creating a user even with a valid body', async () => {
    const token = await t.login('partner.editor');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(token),
      payload: { username: 'sneaky', displayName: 'S', password: 'long-enough-pass', organisationId: 'org-malmo-stad', roles: ['partner_editor'] },
    });
    expect(res.statusCode).toBe(403);
  });

  it('creates an organisation and a user, and audits both', async () => {
    const org = await t.app.inject({
      method: 'POST',
      url: '/api/admin/organisations',
      headers: bearer(admin),
      payload: { name: 'Trelleborgs kommun', kind: 'municipality', parentId: 'org-region-syd', areaCode: '1287' },
    });
    expect(org.statusCode).toBe(201);
    const orgId = org.json().id;
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(admin),
      payload: { username: 'trelleborg.editor', displayName: 'Trelleborg', password: 'long-enough-pass', organisationId: orgId, roles: ['partner_editor'] },
    });
    expect(user.statusCode).toBe(201);
    expect(await t.login('trelleborg.editor', 'long-enough-pass')).toBeTruthy();
    const actions = (await t.ctx.prisma.auditEvent.findMany({ where: { actorUsername: 'admin' } })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['org.create', 'user.create']));
  });

  it('refuses police roles for partner users', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(admin),
      payload: { username: 'bad.roles', displayName: 'B', password: 'long-enough-pass', organisationId: 'org-malmo-stad', roles: ['analyst'] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/only for police organisations/);
  });

  it('limits a regional admin to its own subtree', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(admin),
      payload: { username: 'syd.admin', displayName: 'Admin Syd', password: 'long-enough-pass', organisationId: 'org-region-syd', roles: ['admin'] },
    });
    expect(created.statusCode).toBe(201);
    const sydAdmin = await t.login('syd.admin', 'long-enough-pass');
    const list = await t.app.inject({ url: '/api/admin/users', headers: bearer(sydAdmin) });
    const usernames = list.json().items.map((u: { username: string }) => u.username);
    expect(usernames).toContain('commander');
    expect(usernames).not.toContain('admin');
    expect(usernames).not.toContain('nationell');
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(sydAdmin),
      payload: { username: 'noa.x', displayName: 'X', password: 'long-enough-pass', organisationId: 'org-noa', roles: ['analyst'] },
    });
    expect(outside.statusCode).toBe(403);
  });

  it('disabling a user ends their sessions at once', async () => {
    const token = await t.login('housing.viewer');
    const users = (await t.app.inject({ url: '/api/admin/users', headers: bearer(admin) })).json().items as Array<{ id: string; username: string }>;
    const id = users.find((u) => u.username === 'housing.viewer')!.id;
    const res = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: bearer(admin), payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it('serves the audit trail filtered by actor and action, and offers no way to change it', async () => {
    const res = await t.app.inject({ url: '/api/audit?actor=admin&action=user.*', headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ action: string; actorUsername: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.action.startsWith('user.') && i.actorUsername === 'admin')).toBe(true);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      expect((await t.app.inject({ method, url: '/api/audit', headers: bearer(admin) })).statusCode).toBe(404);
    }
  });

  it('answers unknown routes and oversized bodies with coded errors', async () => {
    const nf = await t.app.inject({ url: '/api/nope' });
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error.code).toBe('NOT_FOUND');
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x', password: 'y'.repeat(11 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('serves health, readiness and the OpenAPI description', async () => {
    expect((await t.app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/api/ready' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/docs/json' })).statusCode).toBe(401);
    const docs = await t.app.inject({ url: '/api/docs/json', headers: bearer(admin) });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/audit']));
  });
});
