/**
 * The duty officer's confirm and retract actions (issue 17 item 2): status changes by id with a reason kept
 * in the audit, only for incident writers, and what they change is what feeds risk (confirmed only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { seedDemoPicture } from '../pictures/demoPicture.ts';

describe('incident confirm and retract', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {} }, seedSteps: [seedDemoPicture] });
    await t.app.ready();
    for (const u of ['duty', 'partner.editor', 'analyst']) tok[u] = await t.login(u);
  });
  afterAll(() => t.close());

  const create = async (sourceId: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: bearer(tok.duty),
      payload: { source: 'ui', sourceId, type: 'shooting', occurredAt: new Date(Date.now() - 3_600_000).toISOString(), location: { type: 'Point', coordinates: [13.0, 55.6] } },
    });
    expect(r.statusCode).toBe(201);
    return r.json().items[0].id as string;
  };
  const act = (id: string, what: 'confirm' | 'retract', user: string, payload?: object) =>
    t.app.inject({ method: 'POST', url: `/api/incidents/${id}/${what}`, headers: bearer(tok[user]), ...(payload ? { payload } : {}) });

  it('confirms an unconfirmed incident and keeps the reason and the earlier status in the audit', async () => {
    const id = await create('c1');
    const res = await act(id, 'confirm', 'duty', { reason: 'Bekräftad av patrull 2310' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'confirmed' });
    expect((await t.ctx.prisma.incident.findUnique({ where: { id } }))!.status).toBe('confirmed');
    const audit = await t.ctx.prisma.auditEvent.findFirst({ where: { action: 'incident.confirm', target: id } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ reason: 'Bekräftad av patrull 2310', from: 'unconfirmed', alreadyConfirmed: false });
  });

  it('retracts with a reason, and a mistaken retraction can be confirmed again', async () => {
    const id = await create('r1');
    await act(id, 'confirm', 'duty');
    const r = await act(id, 'retract', 'duty', { reason: 'Dubblett av tidigare larm' });
    expect(r.json().status).toBe('retracted');
    const audit = await t.ctx.prisma.auditEvent.findFirst({ where: { action: 'incident.retract', target: id } });
    expect(JSON.parse(audit!.detail!)).toMatchObject({ reason: 'Dubblett av tidigare larm', alreadyRetracted: false });
    const again = await act(id, 'confirm', 'analyst', {});
    expect(again.json().status).toBe('confirmed');
  });

  it('confirming twice changes nothing the second time (200, marked in the audit)', async () => {
    const id = await create('twice');
    await act(id, 'confirm', 'duty');
    const second = await act(id, 'confirm', 'duty');
    expect(second.statusCode).toBe(200);
    const audits = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'incident.confirm', target: id }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => JSON.parse(a.detail!).alreadyConfirmed)).toEqual([false, true]);
  });

  it('refuses partners (403) and unknown ids (404), and rejects an over-long reason (400) without changing anything', async () => {
    const id = await create('p1');
    expect((await act(id, 'confirm', 'partner.editor')).statusCode).toBe(403);
    expect((await act('nope', 'confirm', 'duty')).statusCode).toBe(404);
    const long = await act(id, 'confirm', 'duty', { reason: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect((await t.ctx.prisma.incident.findUnique({ where: { id } }))!.status).toBe('unconfirmed');
  });
});
