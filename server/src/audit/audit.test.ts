import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture } from '../risk/testClients.ts';
import { PRODUCTION } from '../compose.ts';

describe('audit of partner reads', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp({ with: PRODUCTION, seedSteps: [seedDemoPicture] });
    url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  const reads = async (username: string) => {
    await t.ctx.audit.flush();
    return t.ctx.prisma.auditEvent.findMany({ where: { actorUsername: username, action: { in: ['api.read', 'picture.join'] } }, orderBy: { id: 'asc' } });
  };

  it('records every REST read by a partner, refused ones as denied, with route, parameters, status and address', async () => {
    const token = await t.login('partner.viewer');
    const get = (path: string) => t.app.inject({ url: path, headers: bearer(token), remoteAddress: '192.0.2.44' });
    expect((await get('/api/pictures')).statusCode).toBe(200);
    expect((await get(`/api/pictures/${DEMO_PICTURE_ID}`)).statusCode).toBe(200);
    expect((await get('/api/pictures/p_not_there')).statusCode).toBe(404);
    expect((await get('/api/audit')).statusCode).toBe(403);
    expect((await get('/api/incidents?limit=5')).statusCode).toBe(200);

    const rows = await reads('partner.viewer');
    expect(rows.map((r) => [r.target, r.outcome])).toEqual([
      ['/api/pictures', 'success'],
      [`/api/pictures/${DEMO_PICTURE_ID}`, 'success'],
      ['/api/pictures/p_not_there', 'denied'],
      ['/api/audit', 'denied'],
      ['/api/incidents', 'success'],
    ]);
    expect(rows.every((r) => r.address === '192.0.2.44' && r.organisationId === 'org-malmo-stad')).toBe(true);
    expect(JSON.parse(rows[2].detail!)).toEqual({ route: '/api/pictures/:id', params: { id: 'p_not_there' }, status: 404 });
    expect(JSON.parse(rows[4].detail!)).toMatchObject({ route: '/api/incidents', query: 'limit=5', status: 200 });
  });

  it('records the refused reads of a partner whose session has ended', async () => {
    const token = await t.login('housing.viewer');
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    const res = await t.app.inject({ url: '/api/pictures', headers: bearer(token) });
    expect(res.statusCode).toBe(401);
    // The hook runs after the answer is sent; it needs a lookup of the ended session first.
    let rows: Awaited<ReturnType<typeof reads>> = [];
    for (let i = 0; i < 40 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      rows = (await reads('housing.viewer')).filter((r) => r.target === '/api/pictures');
    }
    expect(rows.map((r) => [r.outcome, JSON.parse(r.detail!).status])).toEqual([['denied', 401]]);
    // A token nobody ever had is attributed to no one.
    await t.app.inject({ url: '/api/pictures', headers: bearer('forged-token-value') });
    await new Promise((r) => setTimeout(r, 100));
    await t.ctx.audit.flush();
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'api.read', actorUsername: null } })).toBe(0);
  });

  it('does not read-audit police reads of the same paths (no flood), while their actions stay audited', async () => {
    const token = await t.login('commander');
    for (let i = 0; i < 20; i++) await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}`, headers: bearer(token) });
    expect(await reads('commander')).toEqual([]);
    expect(await t.ctx.prisma.auditEvent.count({ where: { actorUsername: 'commander', action: 'auth.login' } })).toBeGreaterThan(0);
  });

  it('records partners joining a picture over socket.io, refused joins as denied', async () => {
    const token = await t.login('partner.editor');
    const ok = await joinPicture(url, token, DEMO_PICTURE_ID);
    const refused = await joinPicture(url, token, 'p_not_there');
    ok.close();
    refused.close();
    expect(ok.ack.ok).toBe(true);
    expect(refused.ack.ok).toBe(false);
    const rows = (await reads('partner.editor')).filter((r) => r.action === 'picture.join');
    expect(rows.map((r) => [r.target, r.outcome])).toEqual([
      [DEMO_PICTURE_ID, 'success'],
      ['p_not_there', 'denied'],
    ]);
    expect(JSON.parse(rows[0].detail!).layers.length).toBeGreaterThan(0);
  });
});

describe('audit trail scope and organisation changes', () => {
  let t: TestApp;
  let national: string;
  let sydAdmin: string;
  beforeAll(async () => {
    t = await createTestApp();
    national = await t.login('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: bearer(national),
      payload: { username: 'syd.admin', displayName: 'Admin Syd', password: 'syd admin har ett långt lösen', organisationId: 'org-region-syd', roles: ['admin'] },
    });
    expect(created.statusCode).toBe(201);
    sydAdmin = await t.login('syd.admin', 'syd admin har ett långt lösen');
    await t.login('nationell');
    await t.login('commander');
  });
  afterAll(() => t.close());

  const trail = async (token: string) => {
    const res = await t.app.inject({ url: '/api/audit?limit=1000', headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    return res.json().items as Array<{ actorUsername: string | null; organisationId: string | null; action: string; detail: unknown }>;
  };

  it('a regional admin reads only what its own subtree did; the national admin reads everything', async () => {
    const regional = await trail(sydAdmin);
    const regionalActors = new Set(regional.map((r) => r.actorUsername));
    expect(regionalActors.has('commander')).toBe(true);
    expect(regionalActors.has('syd.admin')).toBe(true);
    expect(regionalActors.has('nationell')).toBe(false);
    expect(regionalActors.has('admin')).toBe(false);
    expect(regional.some((r) => r.organisationId === null)).toBe(false);
    // Positive control: the national trail holds the rows hidden from the region.
    const all = new Set((await trail(national)).map((r) => r.actorUsername));
    expect(all.has('nationell')).toBe(true);
    expect(all.has('commander')).toBe(true);
  });

  it('re-pointing a partner organisation to another municipality is audited with the old and new code', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/admin/organisations/org-malmo-stad', headers: bearer(sydAdmin), payload: { areaCode: '0180' } });
    expect(res.statusCode).toBe(200);
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'org.area_change', target: 'org-malmo-stad' } });
    expect(rows).toHaveLength(1);
    expect(rows[0].actorUsername).toBe('syd.admin');
    expect(JSON.parse(rows[0].detail!)).toMatchObject({ from: '1280', to: '0180' });
    // A change of name only is an org.update, not an area change.
    await t.app.inject({ method: 'PATCH', url: '/api/admin/organisations/org-malmo-stad', headers: bearer(sydAdmin), payload: { name: 'Malmö stad (stadskontoret)' } });
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'org.area_change' } })).toBe(1);
    expect(await t.ctx.prisma.auditEvent.count({ where: { action: 'org.update', target: 'org-malmo-stad' } })).toBe(2);
  });
});
