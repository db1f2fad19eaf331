/**
 * Live re-evaluation of measures when a layer's access list changes (issue 12): M1 makes a police viewer's read of
 * every measure rest on the picture's police-internal layers, so a grant over PUT /api/layers/:id/access sends the
 * viewer `measure.updated`; a partner in the same room (M6) and a viewer whose read does not rest on the changed
 * layer get nothing, and after a revocation the viewer gets nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessEntry } from '../../../shared/src/access.ts';
import type { LiveEvent, MeasureEvent } from '../../../shared/src/events.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture, type RecordingClient } from '../risk/testClients.ts';

const POINT = { type: 'Point', coordinates: [13.0, 55.6] };
const org = (id: string, includeSubtree: boolean, right: 'read' | 'write'): AccessEntry => ({ subject: { type: 'organisation', id, includeSubtree }, right });
// The police-internal layers without Malmö Norr (the duty officer's unit): it reads the picture through its
// partner and public layers only, so by M1 no police_internal measure.
const WITHOUT_NORR: AccessEntry[] = [org('org-po-malmo', false, 'write'), org('org-lpo-malmo-soder', true, 'write'), org('org-region-syd', false, 'read')];
const WITH_NORR: AccessEntry[] = [...WITHOUT_NORR, org('org-lpo-malmo-norr', false, 'read')];

describe('measures live after a layer access change (M1, M6, M7)', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const live: Record<string, RecordingClient> = {};

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, measures: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'duty', 'partner.editor']) tok[u] = await t.login(u);
  });
  afterAll(async () => {
    for (const c of Object.values(live)) c.close();
    await t.close();
  });

  const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, user: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(tok[user]), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = async (body: Record<string, unknown>) => {
    const res = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures`, 'commander', { kind: 'patrol', target: POINT, startsAt: '2026-12-01T00:00:00Z', ...body });
    expect(res.statusCode).toBe(201);
    return res.json() as Measure;
  };
  const setAccess = async (layerId: string, entries: AccessEntry[]) => expect((await req('PUT', `/api/layers/${layerId}/access`, 'commander', { entries })).statusCode).toBe(200);
  const about = (id: string) => (e: LiveEvent) => e.type.startsWith('measure.') && (e as MeasureEvent).measure.id === id;
  const updated = (id: string, title?: string) => (e: LiveEvent) => e.type === 'measure.updated' && (e as MeasureEvent).measure.id === id && (title === undefined || (e as MeasureEvent).measure.title === title);

  it('a police viewer granted a police-internal layer receives measure.updated for the measure; a partner in the room nothing; after revocation nothing more', async () => {
    await setAccess(DEMO_LAYER_IDS.police, WITHOUT_NORR);
    await setAccess(DEMO_LAYER_IDS.incidents, WITHOUT_NORR);
    for (const u of ['commander', 'duty', 'partner.editor']) {
      live[u] = await joinPicture(base, tok[u], DEMO_PICTURE_ID);
      expect(live[u].ack.ok).toBe(true);
    }
    const internal = await create({ title: 'GRANT-MARKER spaning', classification: 'police_internal' });
    const pub = await create({ title: 'PUBLIC-CONTROL', classification: 'public' });
    const shared = await create({ title: 'PARTNER-CONTROL', classification: 'partner', sharedWith: ['org-malmo-stad'] });

    // Before the grant: the commander (M2) gets the internal measure live; the duty officer only the public one (M7).
    await live.commander.next(about(internal.id));
    await live.duty.next(about(pub.id));
    await live['partner.editor'].next(about(shared.id));
    expect(live.duty.events.some(about(internal.id))).toBe(false);
    expect((await req('GET', `/api/measures/${internal.id}`, 'duty')).statusCode).toBe(404);

    // Grant Malmö Norr read on the police-internal layer.
    const dutyFrom = live.duty.events.length;
    const partnerFrom = live['partner.editor'].events.length;
    const commanderFrom = live.commander.events.length;
    await setAccess(DEMO_LAYER_IDS.police, WITH_NORR);
    const ev = await live.duty.next<MeasureEvent>(updated(internal.id), 2000, dutyFrom);
    expect(ev.measure).toMatchObject({ title: 'GRANT-MARKER spaning', classification: 'police_internal', access: 'read' });
    expect((await req('GET', `/api/measures/${internal.id}`, 'duty')).statusCode).toBe(200);
    // Ordering markers: a later change of measures each of them reads arrives after anything the grant sent.
    await req('PATCH', `/api/measures/${shared.id}`, 'commander', { title: 'PARTNER-CONTROL 2' });
    await req('PATCH', `/api/measures/${pub.id}`, 'commander', { title: 'PUBLIC-CONTROL 2' });
    await live['partner.editor'].next(updated(shared.id, 'PARTNER-CONTROL 2'), 2000, partnerFrom);
    await live.commander.next(updated(shared.id, 'PARTNER-CONTROL 2'), 2000, commanderFrom);
    await live.duty.next(updated(pub.id, 'PUBLIC-CONTROL 2'), 2000, dutyFrom);
    // The partner (M6) receives nothing about the internal measure.
    const partnerAfter = JSON.stringify(live['partner.editor'].events.slice(partnerFrom));
    expect(partnerAfter).not.toContain('GRANT-MARKER');
    expect(partnerAfter).not.toContain(internal.id);
    // Nobody whose read does not rest on the changed layer is sent anything: the commander (M2), the duty officer's
    // public measure (M7 through the public layer) and the partner's shared measure (M4) only with the PATCHes.
    expect(live.commander.events.slice(commanderFrom).filter(about(internal.id))).toEqual([]);
    expect(live.duty.events.slice(dutyFrom).filter(updated(pub.id, 'PUBLIC-CONTROL'))).toEqual([]);
    expect(live['partner.editor'].events.slice(partnerFrom).filter(updated(shared.id, 'PARTNER-CONTROL'))).toEqual([]);

    // Revoke: the duty officer gets nothing more about the internal measure, though it keeps changing.
    const revokedFrom = live.duty.events.length;
    await setAccess(DEMO_LAYER_IDS.police, WITHOUT_NORR);
    await req('PATCH', `/api/measures/${internal.id}`, 'commander', { title: 'GRANT-MARKER 2' });
    await req('POST', `/api/measures/${internal.id}/activities`, 'commander', { at: '2026-12-03T10:00:00Z', amount: 1 });
    await req('PATCH', `/api/measures/${pub.id}`, 'commander', { title: 'PUBLIC-CONTROL 3' });
    await live.duty.next(updated(pub.id, 'PUBLIC-CONTROL 3'), 2000, revokedFrom);
    await live.commander.next(updated(internal.id, 'GRANT-MARKER 2'), 2000, commanderFrom);
    expect(live.duty.events.slice(revokedFrom).filter(about(internal.id))).toEqual([]);
    expect((await req('GET', `/api/measures/${internal.id}`, 'duty')).statusCode).toBe(404);
    expect(JSON.stringify(live['partner.editor'].events)).not.toContain('GRANT-MARKER');
  });
});
