import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasureEvent } from '../../../shared/src/events.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture, type RecordingClient } from '../risk/testClients.ts';

const POINT = { type: 'Point', coordinates: [13.0, 55.6] };
const SQUARE = { type: 'Polygon', coordinates: [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.61], [13.0, 55.6]]] };
const USERS = ['commander', 'analyst', 'duty', 'region', 'partner.editor', 'partner.viewer', 'housing.viewer'] as const;

describe('measures over REST, socket.io and export', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const live: Record<string, RecordingClient> = {};

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, measures: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of USERS) tok[u] = await t.login(u);
    for (const u of ['commander', 'duty', 'partner.editor', 'partner.viewer', 'housing.viewer']) {
      live[u] = await joinPicture(base, tok[u], DEMO_PICTURE_ID);
      expect(live[u].ack.ok).toBe(true);
    }
  });
  afterAll(async () => {
    for (const c of Object.values(live)) c.close();
    await t.close();
  });

  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(tok[user]), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const create = (user: string, body: Record<string, unknown>) =>
    req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures`, user, { kind: 'patrol', target: POINT, startsAt: '2026-12-01T00:00:00Z', ...body });
  const titles = async (user: string) => ((await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures`, user)).json().items as Measure[]).map((m) => m.title);
  const seenLive = (user: string, title: string) => live[user].events.some((e) => e.type.startsWith('measure.') && (e as MeasureEvent).measure.title === title);

  it('a commander creates and shares a measure; the shared partner reads it over REST and live, an outsider does not', async () => {
    const res = await create('commander', {
      title: 'SHARED-MARKER patrull Nydala',
      classification: 'partner',
      sharedWith: ['org-malmo-stad'],
      plannedDosage: { amount: 3, unit: 'visit', per: 'day' },
      riskFactors: ['bars'],
      target: SQUARE,
    });
    expect(res.statusCode).toBe(201);
    const m = res.json() as Measure;
    expect(m).toMatchObject({ pictureId: DEMO_PICTURE_ID, ownerOrganisationId: 'org-po-malmo', status: 'planned', delivered: { amount: 0, unit: 'visit' }, access: 'write' });
    const ev = await live['partner.editor'].next<MeasureEvent>((e) => e.type === 'measure.created' && (e as MeasureEvent).measure.id === m.id);
    expect(ev.measure.access).toBe('record');
    await live['partner.viewer'].next((e) => e.type === 'measure.created' && (e as MeasureEvent).measure.id === m.id);
    expect(await titles('partner.editor')).toContain('SHARED-MARKER patrull Nydala');
    expect((await req('GET', `/api/measures/${m.id}`, 'partner.viewer')).json().access).toBe('read');
    // The housing company is not in sharedWith: 404 over REST, nothing live.
    expect((await req('GET', `/api/measures/${m.id}`, 'housing.viewer')).statusCode).toBe(404);
    expect(await titles('housing.viewer')).not.toContain('SHARED-MARKER patrull Nydala');
    expect(seenLive('housing.viewer', 'SHARED-MARKER patrull Nydala')).toBe(false);
  });

  it('a partner never sees a police-internal measure: REST list, single, activities, history, export, live', async () => {
    const res = await create('commander', { title: 'INTERNAL-MARKER spaning', classification: 'police_internal' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    // positive control: police who read the police-internal layers get it, live too
    await live.duty.next((e) => e.type === 'measure.created' && (e as MeasureEvent).measure.id === id);
    expect(await titles('duty')).toContain('INTERNAL-MARKER spaning');
    for (const u of ['partner.editor', 'partner.viewer', 'housing.viewer']) {
      expect(await titles(u)).not.toContain('INTERNAL-MARKER spaning');
      for (const path of ['', '/activities', '/history']) expect((await req('GET', `/api/measures/${id}${path}`, u)).statusCode).toBe(404);
      for (const format of ['csv', 'geojson']) {
        const exp = await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=${format}`, u);
        expect(exp.statusCode).toBe(200);
        expect(exp.body).not.toContain('INTERNAL-MARKER');
      }
      expect(seenLive(u, 'INTERNAL-MARKER spaning')).toBe(false);
    }
    // the export of the shared measure reaches the partner (positive control of the export channel)
    expect((await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=csv`, 'partner.editor')).body).toContain('SHARED-MARKER');
    const police = await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=geojson`, 'commander');
    expect(police.json().features.map((f: { properties: Measure }) => f.properties.title)).toContain('INTERNAL-MARKER spaning');
  });

  it('police_internal cannot be shared with or owned by a partner (422 CLASSIFICATION_VIOLATION)', async () => {
    const shared = await create('commander', { title: 'x', classification: 'police_internal', sharedWith: ['org-malmo-stad'] });
    expect(shared.statusCode).toBe(422);
    expect(shared.json().error.code).toBe('CLASSIFICATION_VIOLATION');
    const owned = await create('partner.editor', { title: 'x', classification: 'police_internal' });
    expect(owned.statusCode).toBe(422);
    expect(owned.json().error.code).toBe('CLASSIFICATION_VIOLATION');
    const id = (await create('commander', { title: 'to be reclassified', classification: 'partner', sharedWith: ['org-malmo-stad'] })).json().id;
    const patch = await req('PATCH', `/api/measures/${id}`, 'commander', { classification: 'police_internal' });
    expect(patch.statusCode).toBe(422);
    expect(patch.json().error.code).toBe('CLASSIFICATION_VIOLATION');
  });

  it('partner_viewer never writes; a readable measure it may not change is 403, an unreadable one 404', async () => {
    const id = (await create('commander', { title: 'viewer-test', classification: 'partner', sharedWith: ['org-malmo-stad'] })).json().id;
    expect((await create('partner.viewer', { title: 'x', classification: 'partner' })).statusCode).toBe(403);
    expect((await req('PATCH', `/api/measures/${id}`, 'partner.viewer', { title: 'changed' })).statusCode).toBe(403);
    expect((await req('POST', `/api/measures/${id}/activities`, 'partner.viewer', { at: '2026-12-02T10:00:00Z', amount: 1 })).statusCode).toBe(403);
    expect((await req('PATCH', `/api/measures/${id}`, 'partner.editor', { title: 'changed' })).statusCode).toBe(403);
    expect((await req('PATCH', `/api/measures/${id}`, 'housing.viewer', { title: 'changed' })).statusCode).toBe(404);
    expect((await req('GET', '/api/measures/msr_nope', 'commander')).statusCode).toBe(404);
    // positive control: the analyst of the owner changes it
    expect((await req('PATCH', `/api/measures/${id}`, 'analyst', { status: 'active' })).json().status).toBe('active');
  });

  it('a partner editor records an activity on a shared measure; the commander receives measure.activity with the delivered amount', async () => {
    const id = (await create('commander', { title: 'dosage', classification: 'partner', sharedWith: ['org-malmo-stad'], plannedDosage: { amount: 20, unit: 'hour', per: 'week' } })).json().id;
    const from = live.commander.events.length;
    const a = await req('POST', `/api/measures/${id}/activities`, 'partner.editor', { at: '2026-12-02T21:00:00Z', amount: 2, note: 'Trygghetsvandring', location: POINT });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ measureId: id, amount: 2, note: 'Trygghetsvandring', organisationId: 'org-malmo-stad' });
    const ev = await live.commander.next<MeasureEvent>((e) => e.type === 'measure.activity' && (e as MeasureEvent).measure.id === id, 1000, from);
    expect(ev.measure.delivered).toMatchObject({ amount: 2, unit: 'hour', byWeek: [{ week: '2026-11-30', amount: 2 }] });
    await req('POST', `/api/measures/${id}/activities`, 'commander', { at: '2026-12-08T08:00:00Z', amount: 1.5 });
    const m = (await req('GET', `/api/measures/${id}`, 'partner.editor')).json() as Measure;
    expect(m.delivered.amount).toBe(3.5);
    expect(m.delivered.byWeek).toEqual([
      { week: '2026-11-30', amount: 2 },
      { week: '2026-12-07', amount: 1.5 },
    ]);
    expect((await req('GET', `/api/measures/${id}/activities`, 'partner.viewer')).json().items).toHaveLength(2);
    expect((await req('POST', `/api/measures/${id}/activities`, 'partner.editor', { at: 'yesterday', amount: -1 })).statusCode).toBe(400);
  });

  it('when sharing changes, a viewer who lost read gets nothing more and one who gained read gets measure.updated', async () => {
    const id = (await create('commander', { title: 'RESHARE-MARKER', classification: 'partner', sharedWith: ['org-malmo-stad'] })).json().id;
    await live['partner.editor'].next((e) => e.type === 'measure.created' && (e as MeasureEvent).measure.id === id);
    const editorFrom = live['partner.editor'].events.length;
    const housingFrom = live['housing.viewer'].events.length;
    await req('PATCH', `/api/measures/${id}`, 'commander', { sharedWith: ['org-bostad-malmo'] });
    await live['housing.viewer'].next((e) => e.type === 'measure.updated' && (e as MeasureEvent).measure.id === id, 1000, housingFrom);
    await req('POST', `/api/measures/${id}/activities`, 'commander', { at: '2026-12-03T10:00:00Z', amount: 1 });
    await req('PATCH', `/api/measures/${id}`, 'commander', { title: 'RESHARE-MARKER 2' });
    await live['housing.viewer'].next((e) => e.type === 'measure.updated' && (e as MeasureEvent).measure.title === 'RESHARE-MARKER 2', 1000, housingFrom);
    const after = live['partner.editor'].events.slice(editorFrom).filter((e) => e.type.startsWith('measure.') && (e as MeasureEvent).measure.id === id);
    expect(after).toEqual([]);
    expect((await req('GET', `/api/measures/${id}`, 'partner.editor')).statusCode).toBe(404);
  });

  it('a partner creates its own measure, shared with the picture owner by default, and writes it; the history and outcome follow', async () => {
    const res = await create('partner.editor', { title: 'Belysning Rosengård', kind: 'situational', classification: 'partner', target: SQUARE });
    expect(res.statusCode).toBe(201);
    const m = res.json() as Measure;
    expect(m).toMatchObject({ ownerOrganisationId: 'org-malmo-stad', sharedWith: ['org-po-malmo'], access: 'write' });
    expect((await req('PATCH', `/api/measures/${m.id}`, 'partner.editor', { status: 'completed', endsAt: '2026-12-20T00:00:00Z' })).statusCode).toBe(200);
    expect((await req('POST', `/api/measures/${m.id}/outcome`, 'partner.editor', { note: '14 lampor lagade' })).json().outcomeNote).toBe('14 lampor lagade');
    const history = (await req('GET', `/api/measures/${m.id}/history`, 'commander')).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'outcome']);
    expect(history[1].changes.status).toEqual({ before: 'planned', after: 'completed' });
    expect(history[2].changes.outcomeNote).toEqual({ before: null, after: '14 lampor lagade' });
  });

  it('bad input is 400 with a coded error naming the field', async () => {
    const bad = await create('commander', { title: '', kind: 'nonsense', classification: 'partner', target: { type: 'Point', coordinates: [2, 48] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.message).toMatch(/kind must be one of/);
    expect(bad.json().error.message).toMatch(/outside Sweden/);
    const period = await create('commander', { title: 'x', classification: 'partner', endsAt: '2026-11-01T00:00:00Z' });
    expect(period.statusCode).toBe(400);
  });

  it('imports GeoJSON and CSV, reporting rejected rows; exports what the caller may read', async () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: POINT, properties: { title: 'IMPORT-A', kind: 'social', classification: 'partner', startsAt: '2026-12-01' } },
        { type: 'Feature', geometry: POINT, properties: { title: 'IMPORT-B', kind: 'bogus', classification: 'partner', startsAt: '2026-12-01' } },
      ],
    };
    const geo = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures/import?format=geojson`, 'commander', fc);
    expect(geo.statusCode).toBe(201);
    expect(geo.json()).toMatchObject({ imported: 1, rejected: [{ row: 2 }] });
    const exported = await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=csv`, 'commander');
    const csv = `${exported.body.split('\r\n')[0]}\r\n${exported.body.split('\r\n').find((l) => l.includes('IMPORT-A'))!.replace('IMPORT-A', 'IMPORT-C')}\r\n`;
    const res = await t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/measures/import?format=csv`, headers: { ...bearer(tok['partner.editor']), 'content-type': 'text/csv' }, payload: csv });
    expect(res.json()).toMatchObject({ imported: 1, rejected: [] });
    expect(await titles('commander')).toEqual(expect.arrayContaining(['IMPORT-A', 'IMPORT-C']));
    const viewerImport = await t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/measures/import?format=csv`, headers: { ...bearer(tok['partner.viewer']), 'content-type': 'text/csv' }, payload: csv });
    expect(viewerImport.statusCode).toBe(403);
  });
  it('activities go out and in as CSV and GeoJSON, only for measures the caller may read or record on', async () => {
    const internal = (await create('commander', { title: 'act-internal', classification: 'police_internal' })).json().id;
    const shared = (await create('commander', { title: 'act-shared', classification: 'partner', sharedWith: ['org-malmo-stad'] })).json().id;
    await req('POST', `/api/measures/${internal}/activities`, 'commander', { at: '2026-12-04T10:00:00Z', amount: 1, note: 'ACT-INTERNAL-MARKER' });
    await req('POST', `/api/measures/${shared}/activities`, 'commander', { at: '2026-12-04T11:00:00Z', amount: 1, note: 'ACT-SHARED-MARKER', location: POINT });
    for (const format of ['csv', 'geojson']) {
      const partner = await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/activities/export?format=${format}`, 'partner.editor');
      expect(partner.body).toContain('ACT-SHARED-MARKER');
      expect(partner.body).not.toContain('ACT-INTERNAL-MARKER');
      expect((await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/activities/export?format=${format}`, 'commander')).body).toContain('ACT-INTERNAL-MARKER');
    }
    const csv = `measureId,at,amount,note\r\n${shared},2026-12-05T10:00:00Z,2,lampa\r\n${internal},2026-12-05T10:00:00Z,1,x\r\n${shared},never,1,x\r\n`;
    const res = await t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/measures/activities/import?format=csv`, headers: { ...bearer(tok['partner.editor']), 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode).toBe(201);
    expect(res.json().imported).toBe(1);
    expect(res.json().rejected.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(res.json().rejected[0].errors[0]).toMatch(/not found/);
    expect((await req('GET', `/api/measures/${shared}`, 'commander')).json().delivered.amount).toBe(3);
    expect((await req('GET', `/api/measures/${internal}`, 'commander')).json().delivered.amount).toBe(1);
  });
  it('police evidence (RTM factors with relative risk, police zone ids) never reaches a partner, over any channel', async () => {
    const from = live['partner.editor'].events.length;
    const evidence = { zoneIds: ['ZONE-MARKER'], areaCodes: ['1280'], rtmFactors: [{ name: 'RTM-MARKER', relativeRisk: 3.7654321 }] };
    const id = (await create('commander', { title: 'EVIDENCE-TEST', classification: 'partner', sharedWith: ['org-malmo-stad'], evidence })).json().id;
    await req('PATCH', `/api/measures/${id}`, 'commander', { evidence: { ...evidence, zoneIds: ['ZONE-MARKER-2'] } });
    // positive control: police get all of it
    expect((await req('GET', `/api/measures/${id}`, 'duty')).json().evidence).toEqual({ ...evidence, zoneIds: ['ZONE-MARKER-2'] });
    await live['partner.editor'].next((e) => e.type === 'measure.updated' && (e as MeasureEvent).measure.id === id, 1000, from);
    const channels = [
      (await req('GET', `/api/measures/${id}`, 'partner.editor')).body,
      (await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures`, 'partner.editor')).body,
      (await req('GET', `/api/measures/${id}/history`, 'partner.editor')).body,
      (await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=geojson`, 'partner.editor')).body,
      (await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/measures/export?format=csv`, 'partner.editor')).body,
      JSON.stringify(live['partner.editor'].events.slice(from)),
    ];
    for (const body of channels) {
      expect(body).toContain('EVIDENCE-TEST');
      // A value no timestamp can contain (3.7 matched seconds such as 04:53:23.712Z).
      expect(body).not.toMatch(/ZONE-MARKER|RTM-MARKER|3\.7654321/);
    }
    expect((await req('GET', `/api/measures/${id}`, 'partner.editor')).json().evidence).toEqual({ areaCodes: ['1280'] });
  });
  it('history gives a partner only what happened since it could read the measure (a once police-internal measure keeps its past)', async () => {
    const id = (await create('commander', { title: 'PAST-MARKER spaning', classification: 'police_internal', description: 'PAST-MARKER detail' })).json().id;
    await req('PATCH', `/api/measures/${id}`, 'commander', { title: 'Samverkan Nydala', classification: 'partner', description: null });
    await req('PATCH', `/api/measures/${id}`, 'commander', { sharedWith: ['org-malmo-stad'] });
    await req('PATCH', `/api/measures/${id}`, 'commander', { status: 'active' });
    const police = (await req('GET', `/api/measures/${id}/history`, 'commander')).json().items;
    expect(police).toHaveLength(4);
    expect(JSON.stringify(police)).toContain('PAST-MARKER');
    const partner = await req('GET', `/api/measures/${id}/history`, 'partner.editor');
    expect(partner.statusCode).toBe(200);
    expect(partner.body).not.toContain('PAST-MARKER');
    const items = partner.json().items;
    expect(items).toHaveLength(2);
    expect(items[0].changes.sharedWith).toEqual({ after: ['org-malmo-stad'] });
    expect(items[1].changes.status).toEqual({ before: 'planned', after: 'active' });
  });
});
