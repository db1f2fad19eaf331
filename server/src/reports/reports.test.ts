import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ReportEvent } from '../../../shared/src/events.ts';
import type { InboxItem, Report, ReportVersion } from '../../../shared/src/reports.ts';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { closeCodeOf, synced, waitFor } from '../../test/yclient.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture, type RecordingClient } from '../risk/testClients.ts';

/**
 * Situation reports over every channel: REST, the report documents (y-websocket), socket.io, the inbox, the print
 * page. Markers planted in the police text, a police-internal incident, a police-internal measure and the
 * police-internal layer never reach a partner; the partner text, a shared measure and the shared layer do
 * (positive controls). Rules R1–R8: server/src/reports/access.ts.
 */
const POLICE_TEXT = 'POLICE-TEXT-MARKER skottlossning Nydala, två skadade';
const PARTNER_TEXT = 'PARTNER-TEXT-OK ökad närvaro i området ikväll';
const INTERNAL_INCIDENT = 'INCIDENT-INTERNAL-MARKER spaningsuppgift';
const INTERNAL_MEASURE = 'MEASURE-INTERNAL-MARKER spaning';
const SHARED_MEASURE = 'MEASURE-SHARED-OK trygghetsvandring';
const POLICE_LAYER_FEATURE = 'Öppen narkotikascen';
const JOINT_LAYER_FEATURE = 'Trasig belysning vid skolan';
const POLICE_MARKERS = [POLICE_TEXT.split(' ')[0], INTERNAL_INCIDENT.split(' ')[0], INTERNAL_MEASURE.split(' ')[0], POLICE_LAYER_FEATURE];

function reportDoc(base: string, kind: 'report' | 'report-partner', id: string, token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${base.replace(/^http/, 'ws')}/yjs`, `${kind}:${id}`, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  });
  return { doc, provider };
}

describe.each<DbKind>(['sqlite', 'postgres'])('situation reports on %s: co-edited, signed, distributed, partner version by construction', (kind) => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const live: Record<string, RecordingClient> = {};
  let report: Report;
  const now = Date.now();
  const from = new Date(now - 6 * 3_600_000).toISOString();
  const to = new Date(now + 3_600_000).toISOString();

  beforeAll(async () => {
    t = await createTestApp({ kind, with: { collab: {}, incidents: {}, measures: {}, reports: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'analyst', 'duty', 'region', 'nationell', 'partner.editor', 'partner.viewer', 'housing.viewer']) tok[u] = await t.login(u);
    // Live listeners anywhere in the app: the region and the partner are not in the picture's room at all.
    for (const u of ['region', 'partner.editor', 'housing.viewer', 'duty']) live[u] = await joinPicture(base, tok[u], 'no-such-picture');
  });
  afterAll(async () => {
    for (const c of Object.values(live)) c.close();
    await t.close();
  });

  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, user: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(tok[user]), ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('[R2] a commander creates a report; partners cannot create or see the draft; bad input is a 400 with a sentence', async () => {
    const bad = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'commander', { classification: 'secret', periodFrom: 'yesterday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/classification must be one of/);
    expect(bad.json().error.message).toMatch(/periodFrom must be an ISO 8601 time/);
    expect((await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'partner.editor', {})).statusCode).toBe(403);
    expect((await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'duty', {})).statusCode).toBe(403);
    const res = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'commander', { title: 'Lägesrapport natt mot lördag', classification: 'partner', periodFrom: from, periodTo: to, nextReportDue: to });
    expect(res.statusCode).toBe(201);
    report = res.json();
    expect(report).toMatchObject({ level: 'police_area', organisationId: 'org-po-malmo', status: 'draft', audience: 'police', can: { edit: true, sign: true } });
    expect((await req('GET', `/api/reports/${report.id}`, 'analyst')).json().can).toEqual({ edit: true, sign: false });
    expect((await req('GET', `/api/reports/${report.id}`, 'region')).json().audience).toBe('police');
    for (const u of ['partner.editor', 'partner.viewer', 'housing.viewer']) {
      expect((await req('GET', `/api/reports/${report.id}`, u)).statusCode).toBe(404);
      expect((await req('GET', `/api/pictures/${DEMO_PICTURE_ID}/reports`, u)).json().items).toEqual([]);
    }
  });

  it('[R2][R5][GW19] police co-edit the texts live over the gateway; partners never open either document (4404)', async () => {
    const a = reportDoc(base, 'report', report.id, tok.commander);
    const b = reportDoc(base, 'report', report.id, tok.analyst);
    const p = reportDoc(base, 'report-partner', report.id, tok.commander);
    await Promise.all([synced(a.provider), synced(b.provider), synced(p.provider)]);
    a.doc.getText('happened').insert(0, POLICE_TEXT);
    b.doc.getText('needs').insert(0, 'Förstärkning två patruller');
    p.doc.getText('happened').insert(0, PARTNER_TEXT);
    await waitFor(() => b.doc.getText('happened').toString() === POLICE_TEXT && a.doc.getText('needs').toString().length > 0, 5_000, 'co-editing');
    await t.caps.collab!.docs.flushAll();
    for (const c of [a, b, p]) c.provider.destroy();
    const ws = (kind: string, user: string) => `${base.replace('http', 'ws')}/yjs/${kind}:${report.id}?token=${tok[user]}`;
    for (const u of ['partner.editor', 'partner.viewer', 'housing.viewer']) {
      expect((await closeCodeOf(ws('report', u))).code).toBe(4404);
      expect((await closeCodeOf(ws('report-partner', u))).code).toBe(4404);
    }
    expect((await closeCodeOf(`${base.replace('http', 'ws')}/yjs/report:no-such-report?token=${tok.commander}`)).code).toBe(4404);
    expect((await closeCodeOf(`${base.replace('http', 'ws')}/yjs/unknown-kind:${report.id}?token=${tok.commander}`)).code).toBe(4404);
    const texts = (await req('GET', `/api/reports/${report.id}/texts`, 'region')).json().headings;
    expect(texts.happened).toBe(POLICE_TEXT);
    expect((await req('GET', `/api/reports/${report.id}/texts?text=partner`, 'commander')).json().headings.happened).toBe(PARTNER_TEXT);
  });

  it('[R3][R4][R7][R8] a commander signs: versions frozen per audience, distributed live and to the inbox, nothing police-internal in the partner version', async () => {
    const inc = await req('POST', '/api/incidents', 'commander', [
      { source: 'rep-test', sourceId: 'i1', type: 'shooting', occurredAt: new Date(now - 3_600_000).toISOString(), location: { type: 'Point', coordinates: [13.0, 55.59] }, status: 'confirmed', description: INTERNAL_INCIDENT },
    ]);
    expect(inc.statusCode).toBe(201);
    const m1 = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures`, 'commander', { title: INTERNAL_MEASURE, kind: 'patrol', classification: 'police_internal', target: { type: 'Point', coordinates: [13.0, 55.6] }, startsAt: from, status: 'active' });
    const m2 = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures`, 'commander', { title: SHARED_MEASURE, kind: 'social', classification: 'partner', sharedWith: ['org-malmo-stad'], target: { type: 'Point', coordinates: [13.0, 55.6] }, startsAt: from, status: 'active' });
    expect([m1.statusCode, m2.statusCode]).toEqual([201, 201]);
    // An analyst may write but not sign.
    expect((await req('POST', `/api/reports/${report.id}/sign`, 'analyst')).statusCode).toBe(403);
    const marks = Object.fromEntries(Object.entries(live).map(([u, c]) => [u, c.events.length]));
    const signed = await req('POST', `/api/reports/${report.id}/sign`, 'commander');
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', signedBy: expect.any(String), can: { edit: false, sign: false } });

    // Police version: everything police may read.
    const versions = (await req('GET', `/api/reports/${report.id}/versions`, 'region')).json().items as ReportVersion[];
    expect(versions.map((v) => v.audience)).toEqual(['police']);
    const police = JSON.stringify(versions[0]);
    for (const m of POLICE_MARKERS) expect(police).toContain(m);
    expect(versions[0].content.summary.incidentsByType.shooting).toBeGreaterThanOrEqual(1);
    expect(versions[0].contentHash).toMatch(/^[0-9a-f]{64}$/);

    // Partner version: assembled with Malmö stad's rights and its own text.
    const pv = await req('GET', `/api/reports/${report.id}/partner-version`, 'partner.editor');
    expect(pv.statusCode).toBe(200);
    const partner = pv.body;
    for (const m of POLICE_MARKERS) expect(partner).not.toContain(m);
    for (const ok of [PARTNER_TEXT, SHARED_MEASURE, JOINT_LAYER_FEATURE]) expect(partner).toContain(ok);
    const all = await req('GET', `/api/reports/${report.id}/versions`, 'partner.viewer');
    expect((all.json().items as ReportVersion[]).map((v) => [v.audience, v.organisationId])).toEqual([['partner', 'org-malmo-stad']]);
    for (const m of POLICE_MARKERS) expect(all.body).not.toContain(m);
    const single = await req('GET', `/api/reports/${report.id}`, 'partner.viewer');
    expect(single.json()).toMatchObject({ audience: 'partner', status: 'signed' });

    // Live: the region (above) and the partner get report.signed wherever they are; the housing company nothing.
    const regionEv = await live.region.next<ReportEvent>((e) => e.type === 'report.signed' && (e as ReportEvent).report.id === report.id, 3_000, marks.region);
    expect(regionEv.report.audience).toBe('police');
    expect(regionEv.rollupOf).toBe('org-region-syd');
    const partnerEv = await live['partner.editor'].next<ReportEvent>((e) => e.type === 'report.signed', 3_000, marks['partner.editor']);
    expect(partnerEv.report.audience).toBe('partner');
    for (const m of POLICE_MARKERS) expect(JSON.stringify(partnerEv)).not.toContain(m);
    await new Promise((r) => setTimeout(r, 200));
    expect(live['housing.viewer'].events.slice(marks['housing.viewer']).some((e) => e.type.startsWith('report.'))).toBe(false);
    // The duty officer of a unit below is not in the audience.
    expect(live.duty.events.slice(marks.duty).some((e) => e.type.startsWith('report.'))).toBe(false);
    expect((await req('GET', `/api/reports/${report.id}`, 'housing.viewer')).statusCode).toBe(404);

    // Inbox: the author organisation, the one above, the partner; not the housing company.
    const regionInbox = (await req('GET', '/api/reports/inbox', 'region')).json() as { items: InboxItem[]; unread: number };
    expect(regionInbox.items.find((i) => i.reportId === report.id)).toMatchObject({ audience: 'police', readAt: null });
    const partnerInbox = await req('GET', '/api/reports/inbox', 'partner.viewer');
    expect(partnerInbox.json().items.find((i: InboxItem) => i.reportId === report.id)).toMatchObject({ audience: 'partner' });
    for (const m of POLICE_MARKERS) expect(partnerInbox.body).not.toContain(m);
    expect((await req('GET', '/api/reports/inbox', 'housing.viewer')).json().items).toEqual([]);
    expect((await req('POST', `/api/reports/${report.id}/read`, 'region')).statusCode).toBe(200);
    const after = (await req('GET', '/api/reports/inbox', 'region')).json() as { items: InboxItem[]; unread: number };
    expect(after.items.find((i) => i.reportId === report.id)?.readAt).not.toBeNull();
    expect(after.unread).toBe(regionInbox.unread - 1);
    expect((await req('POST', `/api/reports/${report.id}/read`, 'housing.viewer')).statusCode).toBe(404);

    // Print page: the partner's has its text and none of the police's; the police page has the police text.
    const pp = await req('GET', `/api/reports/${report.id}/print`, 'partner.editor');
    expect(pp.statusCode).toBe(200);
    expect(pp.headers['content-type']).toMatch(/text\/html/);
    for (const m of POLICE_MARKERS) expect(pp.body).not.toContain(m);
    expect(pp.body).toContain('PARTNER-TEXT-OK');
    expect(pp.body).toContain('Vad har hänt');
    const policePrint = await req('GET', `/api/reports/${report.id}/print`, 'commander');
    expect(policePrint.body).toContain('POLICE-TEXT-MARKER');
    expect((await req('GET', `/api/reports/${report.id}/print`, 'housing.viewer')).statusCode).toBe(404);
  });

  it('[R6] every partner read of a signed report leaves an audit row; police reads do not', async () => {
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'report.read', target: report.id } });
    // partner-version, versions, the report and the print page: one row each.
    expect(rows.length).toBe(4);
    expect(new Set(rows.map((r) => r.actorUsername))).toEqual(new Set(['partner.editor', 'partner.viewer']));
    // Their inbox listings are read-audited too (batched), naming the reports listed.
    await t.ctx.audit.flush();
    const listed = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'report.inbox' } });
    expect(listed.some((r) => r.actorUsername === 'partner.viewer' && (r.detail ?? '').includes(report.id))).toBe(true);
    expect(listed.every((r) => ['partner.editor', 'partner.viewer', 'housing.viewer'].includes(r.actorUsername ?? ''))).toBe(true);
  });

  it('[R4][GW19] a signed report cannot change: 409 over REST, read-only documents refuse writes with 4403, the database refuses too', async () => {
    expect((await req('PATCH', `/api/reports/${report.id}`, 'commander', { title: 'ändrad' })).statusCode).toBe(409);
    expect((await req('POST', `/api/reports/${report.id}/sign`, 'commander')).statusCode).toBe(409);
    expect((await req('POST', `/api/reports/${report.id}/partner-text/copy`, 'commander', { headings: ['happened'] })).statusCode).toBe(409);
    const c = reportDoc(base, 'report', report.id, tok.commander);
    await synced(c.provider);
    expect(c.doc.getText('happened').toString()).toBe(POLICE_TEXT);
    const codes: number[] = [];
    c.provider.on('connection-close', (e: CloseEvent | null) => codes.push(e?.code ?? 0));
    c.doc.getText('happened').insert(0, 'ÄNDRAT EFTER UNDERTECKNANDE ');
    await waitFor(() => codes.length > 0, 5_000, 'close');
    c.provider.destroy();
    expect(codes[0]).toBe(4403);
    expect((await req('GET', `/api/reports/${report.id}/texts`, 'commander')).json().headings.happened).toBe(POLICE_TEXT);
    await expect(t.ctx.prisma.report.update({ where: { id: report.id }, data: { title: 'x' } })).rejects.toThrow();
    await expect(t.ctx.prisma.report.delete({ where: { id: report.id } })).rejects.toThrow();
    const v = await t.ctx.prisma.reportVersion.findFirst({ where: { reportId: report.id } });
    await expect(t.ctx.prisma.reportVersion.update({ where: { id: v!.id }, data: { content: '{}' } })).rejects.toThrow();
    await expect(t.ctx.prisma.reportVersion.delete({ where: { id: v!.id } })).rejects.toThrow();
  });

  it('roll-up: the region sees the latest signed report of its police area with its figures; partners may not ask', async () => {
    const res = await req('GET', '/api/reports/rollup', 'region');
    expect(res.statusCode).toBe(200);
    const row = res.json().rows.find((r: { organisationId: string }) => r.organisationId === 'org-po-malmo');
    expect(row).toMatchObject({ reportId: report.id, reportTitle: 'Lägesrapport natt mot lördag' });
    expect(row.incidentsByType.shooting).toBeGreaterThanOrEqual(1);
    expect(row.activeMeasures).toBeGreaterThanOrEqual(2);
    expect((await req('GET', '/api/reports/rollup', 'partner.editor')).statusCode).toBe(403);
    // The police area may not read the region's roll-up (only its own and below).
    expect((await req('GET', '/api/reports/rollup?organisationId=org-region-syd', 'commander')).statusCode).toBe(404);
    const nation = (await req('GET', '/api/reports/rollup', 'nationell')).json();
    expect(nation.rows.find((r: { organisationId: string }) => r.organisationId === 'org-region-syd')).toMatchObject({ reportId: null });
  });

  it('[R7] up the chain: the region signs a report that freezes its units\' latest reports; the nation sees it in its roll-up and inbox', async () => {
    const res = await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'region', { title: 'Regional lägesrapport Syd', periodFrom: from, periodTo: to });
    expect(res.statusCode).toBe(201);
    const regional = res.json() as Report;
    expect(regional.level).toBe('region');
    // The police area below may not read the region's report (R1: the author organisation and above).
    expect((await req('GET', `/api/reports/${regional.id}`, 'commander')).statusCode).toBe(404);
    expect((await req('POST', `/api/reports/${regional.id}/sign`, 'region')).statusCode).toBe(200);
    const v = ((await req('GET', `/api/reports/${regional.id}/versions`, 'nationell')).json().items as ReportVersion[])[0];
    expect(v.content.rollup.map((r) => [r.organisationName, r.reportId])).toEqual([['Polisområde Malmö', report.id]]);
    const nation = (await req('GET', '/api/reports/rollup', 'nationell')).json();
    expect(nation.rows.find((r: { organisationId: string }) => r.organisationId === 'org-region-syd')).toMatchObject({ reportId: regional.id, reportTitle: 'Regional lägesrapport Syd' });
    expect(((await req('GET', '/api/reports/inbox', 'nationell')).json().items as InboxItem[]).map((i) => i.reportId)).toContain(regional.id);
  });

  it('[R5] a police-internal report never reaches a partner: no partner version, no event, no inbox entry', async () => {
    const created = (await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'commander', { title: 'INTERNAL-REPORT-MARKER', periodFrom: from, periodTo: to })).json() as Report;
    expect(created.classification).toBe('police_internal');
    const mark = live['partner.editor'].events.length;
    const regionMark = live.region.events.length;
    expect((await req('POST', `/api/reports/${created.id}/sign`, 'commander')).statusCode).toBe(200);
    await live.region.next((e) => e.type === 'report.signed' && (e as ReportEvent).report.id === created.id, 3_000, regionMark);
    expect(live['partner.editor'].events.slice(mark).some((e) => JSON.stringify(e).includes('INTERNAL-REPORT-MARKER'))).toBe(false);
    for (const u of ['partner.editor', 'partner.viewer']) {
      expect((await req('GET', `/api/reports/${created.id}`, u)).statusCode).toBe(404);
      expect((await req('GET', `/api/reports/${created.id}/partner-version`, u)).statusCode).toBe(404);
      expect((await req('GET', '/api/reports/inbox', u)).body).not.toContain('INTERNAL-REPORT-MARKER');
    }
    expect((await req('GET', `/api/reports/${created.id}/partner-version`, 'commander')).statusCode).toBe(404);
  });

  it('[R8] the partner text is copied from the police text only by an explicit request naming the headings', async () => {
    const r = (await req('POST', `/api/pictures/${DEMO_PICTURE_ID}/reports`, 'commander', { classification: 'partner', periodFrom: from, periodTo: to })).json() as Report;
    await t.caps.collab!.docs.change(`report:${r.id}`, (doc) => {
      doc.getText('happened').insert(0, 'Delbar text');
      doc.getText('outlook').insert(0, 'OUTLOOK-POLICE-ONLY');
    });
    expect((await req('POST', `/api/reports/${r.id}/partner-text/copy`, 'commander', { headings: ['nope'] })).statusCode).toBe(400);
    expect((await req('POST', `/api/reports/${r.id}/partner-text/copy`, 'partner.editor', { headings: ['happened'] })).statusCode).toBe(404);
    expect((await req('POST', `/api/reports/${r.id}/partner-text/copy`, 'commander', { headings: ['happened'] })).json()).toEqual({ copied: ['happened'] });
    const preview = await req('GET', `/api/reports/${r.id}/partner-version`, 'commander');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().content.headings.happened).toBe('Delbar text');
    expect(preview.body).not.toContain('OUTLOOK-POLICE-ONLY');
    for (const m of POLICE_MARKERS.slice(1)) expect(preview.body).not.toContain(m);
    // The police preview of the same draft: the police text and what police read (positive control).
    const police = await req('GET', `/api/reports/${r.id}/preview`, 'analyst');
    expect(police.statusCode).toBe(200);
    expect(police.json().headings.outlook).toBe('OUTLOOK-POLICE-ONLY');
    for (const m of POLICE_MARKERS.slice(1)) expect(police.body).toContain(m);
    for (const u of ['partner.editor', 'housing.viewer']) expect((await req('GET', `/api/reports/${r.id}/preview`, u)).statusCode).toBe(404);
  });
});
