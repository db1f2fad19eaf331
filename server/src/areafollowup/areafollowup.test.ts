import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Assessment, currentPeriod, type FollowupAssessmentEvent, type FollowupDueEvent, type OverviewRow, shiftPeriod } from '../../../shared/src/areaFollowup.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedStrategicData } from '../strategic/seedStrategic.ts';
import { ManualClock } from '../time/clock.ts';
import { seedAreaFollowup } from './seed.ts';
import { type FollowupRecorder, followupRecorder } from './testClient.ts';

const ROSENGARD = 'USO2025-2'; // LPO Malmö Norr (demo assignment)
const NYDALA = 'USO2025-23'; // LPO Malmö Söder
const USERS = ['admin', 'nationell', 'region', 'commander', 'analyst', 'duty', 'partner.editor', 'partner.viewer', 'housing.viewer'] as const;

describe('area follow-up over REST and socket.io', () => {
  let t: TestApp;
  let base: string;
  const clock = new ManualClock(Date.now());
  const tok: Record<string, string> = {};
  const live: Record<string, FollowupRecorder> = {};
  const period = currentPeriod(new Date(clock.now()));

  beforeAll(async () => {
    t = await createTestApp({
      with: { collab: {}, measures: {}, areafollowup: { clock } },
      seedSteps: [seedDemoPicture, (ctx) => seedStrategicData(ctx, { incidents: false }).then(() => undefined), seedAreaFollowup],
    });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of USERS) tok[u] = await t.login(u);
    for (const u of ['region', 'duty', 'partner.editor', 'partner.viewer', 'housing.viewer']) live[u] = await followupRecorder(base, tok[u]);
  }, 120_000);
  afterAll(async () => {
    for (const c of Object.values(live)) c.close();
    await t?.close();
  });

  const req = (method: 'GET' | 'PUT' | 'POST', url: string, user: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(tok[user]), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const path = (area: string, p: string = period) => `/api/areafollowup/areas/${area}/assessments/${p}`;

  async function answersAll(score: number, comment?: string) {
    const c = (await req('GET', `/api/areafollowup/criteria/${period.slice(0, 4)}`, 'duty')).json();
    return c.criteria.map((x: { key: string }, i: number) => ({ key: x.key, score, comment: i === 0 ? (comment ?? null) : null }));
  }

  it('seeds the criteria, the responsibility and a labelled demo history', async () => {
    const c = await req('GET', `/api/areafollowup/criteria/${period.slice(0, 4)}`, 'analyst');
    expect(c.statusCode).toBe(200);
    expect(c.json().criteria.map((x: { key: string }) => x.key)).toContain('threats_witnesses');
    const areas = (await req('GET', '/api/areafollowup/areas', 'duty')).json().items as Array<{ id: string; responsibleOrganisationId: string }>;
    // LPO Malmö Norr follows up Rosengård and Södra Sofielund / Seved, not Söder's areas.
    expect(areas.map((a) => a.id).sort()).toEqual(['USO2025-10', ROSENGARD].sort());
    const detail = (await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'duty')).json();
    expect(detail.assessments.length).toBe(4);
    expect(detail.assessments.every((a: Assessment) => a.demo && a.summary?.includes('DEMO'))).toBe(true);
    expect(detail.current).toMatchObject({ period, status: 'overdue' });
  });

  it('[F3] the local police area drafts and submits; a submitted version cannot change; bad input is a 4xx with the reason', async () => {
    expect((await req('PUT', path(ROSENGARD, '2026Q5'), 'duty', { answers: [] })).statusCode).toBe(400);
    const bad = await req('PUT', path(ROSENGARD), 'duty', { answers: [{ key: 'open_drug_trade', score: 9 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/one of 0, 1, 2, 3, 4/);
    // The police area above and the sibling's area: not writable (403), an area it cannot read: 404.
    expect((await req('PUT', path(ROSENGARD), 'commander', { answers: [] })).statusCode).toBe(403);
    expect((await req('PUT', path(NYDALA), 'duty', { answers: [] })).statusCode).toBe(404);

    const draft = await req('PUT', path(ROSENGARD), 'duty', { answers: [{ key: 'criminal_network', score: 1, comment: 'POLICE-COMMENT-MARKER nätverket svagare' }], summary: 'POLICE-SUMMARY-MARKER' });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', version: 1, access: 'write' });
    const incomplete = await req('POST', `${path(ROSENGARD)}/submit`, 'duty');
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.message).toMatch(/has no score/);

    await req('PUT', path(ROSENGARD), 'duty', { answers: await answersAll(1, 'POLICE-COMMENT-MARKER nätverket svagare'), overall: 1, summary: 'POLICE-SUMMARY-MARKER' });
    const from = live.region.events.length;
    const sub = await req('POST', `${path(ROSENGARD)}/submit`, 'duty');
    expect(sub.statusCode).toBe(200);
    expect(sub.json()).toMatchObject({ status: 'submitted', submittedBy: expect.stringContaining('LPO Malmö Norr') });
    // The region reads it live, comments included (positive control for the partner checks below).
    const ev = await live.region.next<FollowupAssessmentEvent>((e) => e.type === 'areafollowup.assessment' && e.assessment.status === 'submitted' && e.assessment.areaId === ROSENGARD, 3_000, from);
    expect(ev.assessment.answers[0].comment).toContain('POLICE-COMMENT-MARKER');
    expect(ev.assessment.access).toBe('read');

    const change = await req('PUT', path(ROSENGARD), 'duty', { answers: await answersAll(4) });
    expect(change.statusCode).toBe(409);
    // The database itself refuses, whatever the code path.
    const row = await t.ctx.prisma.followupAssessment.findFirstOrThrow({ where: { areaId: ROSENGARD, period, version: 1 } });
    await expect(t.ctx.prisma.followupAssessment.update({ where: { id: row.id }, data: { summary: 'tampered' } })).rejects.toThrow();
    await expect(t.ctx.prisma.followupAssessment.delete({ where: { id: row.id } })).rejects.toThrow();
    await expect(t.ctx.prisma.followupHistory.deleteMany({ where: { areaId: ROSENGARD } })).rejects.toThrow();
  });

  it('[F1][F2] region and NOA read the submission; the national overview shows the trend; partners get no overview', async () => {
    for (const u of ['region', 'nationell', 'commander']) {
      const res = await req('GET', path(ROSENGARD), u);
      expect(res.statusCode, u).toBe(200);
      expect(res.json().current.answers[0].comment, u).toContain('POLICE-COMMENT-MARKER');
    }
    const ov = (await req('GET', '/api/areafollowup/overview', 'nationell')).json();
    const ros = (ov.items as OverviewRow[]).find((r) => r.area.id === ROSENGARD)!;
    expect(ros.last.map((l) => l.period)).toEqual([shiftPeriod(period, -1), period]);
    expect(ros.trend).toBe('improved');
    expect(ros.current.status).toBe('submitted');
    // Areas outside Malmö: national reads them (nobody follows them up here), the region does not.
    expect((ov.items as OverviewRow[]).length).toBeGreaterThan(50);
    const regional = (await req('GET', '/api/areafollowup/overview', 'region')).json().items as OverviewRow[];
    expect(regional.map((r) => r.area.id).sort()).toEqual(['USO2025-10', NYDALA, ROSENGARD, 'USO2025-62'].sort());
    expect((await req('GET', '/api/areafollowup/overview', 'partner.editor')).statusCode).toBe(403);
  });

  it('[F4][F5] partners read only what is shared with them, comments only when shared with comments, and add their own view', async () => {
    const marker = (s: string) => s.includes('POLICE-COMMENT-MARKER') || s.includes('POLICE-SUMMARY-MARKER');
    // Before sharing: nothing at all.
    for (const u of ['partner.editor', 'partner.viewer', 'housing.viewer']) {
      expect((await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, u)).statusCode).toBe(404);
      expect((await req('GET', '/api/areafollowup/areas', u)).json().items).toEqual([]);
    }
    expect((await req('PUT', `${path(ROSENGARD)}/sharing`, 'duty', { entries: [{ organisationId: 'org-lpo-malmo-soder' }] })).statusCode).toBe(400);
    expect((await req('PUT', `${path(ROSENGARD)}/sharing`, 'commander', { entries: [{ organisationId: 'org-malmo-stad' }] })).statusCode).toBe(403);
    const fromEd = live['partner.editor'].events.length;
    const share = await req('PUT', `${path(ROSENGARD)}/sharing`, 'duty', { entries: [{ organisationId: 'org-malmo-stad', comments: false }] });
    expect(share.statusCode).toBe(200);

    const ev = await live['partner.editor'].next<FollowupAssessmentEvent>((e) => e.type === 'areafollowup.assessment' && e.assessment.areaId === ROSENGARD, 3_000, fromEd);
    expect(marker(JSON.stringify(ev))).toBe(false);
    expect(ev.assessment.answers[0].score).toBe(1);
    expect(ev.assessment.sharedWith).toBeUndefined();
    expect(ev.assessment.access).toBe('partner_write');
    const res = await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'partner.viewer');
    expect(res.statusCode).toBe(200);
    expect(marker(res.body)).toBe(false);
    // Only the shared period: not the demo history.
    expect(res.json().assessments.map((a: Assessment) => a.period)).toEqual([period]);
    // Of the police's workflow a partner learns only that the shared quarter is submitted; Seved (not shared) is absent.
    expect(res.json().current.status).toBe('submitted');
    expect((await req('GET', '/api/areafollowup/areas', 'partner.viewer')).json().items.map((a: { id: string; current: { status: string } }) => [a.id, a.current.status])).toEqual([[ROSENGARD, 'submitted']]);
    expect((await req('GET', `/api/areafollowup/areas/${ROSENGARD}/history`, 'partner.viewer')).body).not.toContain('POLICE');
    // The housing company is not shared with: 404 everywhere, nothing live.
    expect((await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'housing.viewer')).statusCode).toBe(404);
    expect((await req('GET', path(ROSENGARD), 'housing.viewer')).statusCode).toBe(404);
    expect(live['housing.viewer'].events.filter((e) => e.type === 'areafollowup.assessment')).toEqual([]);

    // The municipality's view beside the police's: the editor writes, the viewer may not.
    const pv = { answers: [{ key: 'open_drug_trade', score: 3, comment: 'PARTNER-MARKER skolan rapporterar' }], summary: 'Kommunens bild' };
    expect((await req('PUT', `${path(ROSENGARD)}/partner-view`, 'partner.viewer', pv)).statusCode).toBe(403);
    expect((await req('PUT', `${path(ROSENGARD)}/partner-view`, 'housing.viewer', pv)).statusCode).toBe(404);
    expect((await req('PUT', `${path(ROSENGARD)}/partner-view`, 'partner.editor', pv)).statusCode).toBe(200);
    const police = (await req('GET', path(ROSENGARD), 'region')).json().current as Assessment;
    expect(police.partnerViews[0]).toMatchObject({ organisationId: 'org-malmo-stad', summary: 'Kommunens bild' });
    expect(JSON.stringify(police.partnerViews)).toContain('PARTNER-MARKER');

    // Sharing is a disclosure: audited.
    const audited = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'areafollowup.share', target: `${ROSENGARD}/${period}` } });
    expect(audited.length).toBe(1);
    // Shared with comments: now the partner reads them (positive control of the comment rule).
    await req('PUT', `${path(ROSENGARD)}/sharing`, 'duty', { entries: [{ organisationId: 'org-malmo-stad', comments: true }] });
    const withComments = await req('GET', path(ROSENGARD), 'partner.viewer');
    expect(withComments.json().current.answers[0].comment).toContain('POLICE-COMMENT-MARKER');
    expect(marker(JSON.stringify(live['housing.viewer'].events))).toBe(false);
  });

  it('a correction is a new version with who, when and why; the history records every change', async () => {
    expect((await req('POST', `${path(ROSENGARD)}/corrections`, 'duty', { reason: '' })).statusCode).toBe(400);
    const c = await req('POST', `${path(ROSENGARD)}/corrections`, 'duty', { reason: 'Fel poäng för öppen narkotikahandel' });
    expect(c.statusCode).toBe(201);
    expect(c.json()).toMatchObject({ version: 2, status: 'draft', correctionReason: 'Fel poäng för öppen narkotikahandel' });
    // While the correction is a draft, the submitted version 1 still counts for partners and the overview.
    expect((await req('GET', path(ROSENGARD), 'partner.viewer')).json().current.version).toBe(1);
    await req('PUT', path(ROSENGARD), 'duty', { answers: await answersAll(2) });
    expect((await req('POST', `${path(ROSENGARD)}/submit`, 'duty')).statusCode).toBe(200);
    const versions = (await req('GET', path(ROSENGARD), 'nationell')).json().versions as Assessment[];
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
    ]);
    const history = (await req('GET', `/api/areafollowup/areas/${ROSENGARD}/history`, 'region')).json().items as Array<{ action: string; actor: string; at: string }>;
    const actions = history.filter((h) => h.at >= versions[0].createdAt).map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['draft_created', 'draft_saved', 'submitted', 'sharing_changed', 'partner_view_saved', 'correction_started', 'correction_submitted']));
    expect(history.find((h) => h.action === 'correction_started')?.actor).toContain('LPO Malmö Norr');
  });

  it('an area shows the strategic indicators of where it lies and the measures in it that the viewer may read', async () => {
    const police = (await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'commander')).json();
    const target = police.area.geometry;
    const measure = (title: string, classification: string, sharedWith: string[]) =>
      req('POST', `/api/pictures/${DEMO_PICTURE_ID}/measures`, 'commander', { title, kind: 'patrol', classification, sharedWith, target, startsAt: '2026-11-01T00:00:00Z' });
    expect((await measure('INTERNAL-MEASURE-MARKER spaning', 'police_internal', [])).statusCode).toBe(201);
    expect((await measure('Gemensam trygghetsvandring Rosengård', 'partner', ['org-malmo-stad'])).statusCode).toBe(201);
    const again = (await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'commander')).json();
    expect(again.indicators.map((p: { level: string }) => p.level)).toContain('kommun');
    expect(again.indicators.find((p: { level: string }) => p.level === 'kommun').code).toBe('1280');
    expect(again.measures.map((m: { title: string }) => m.title)).toEqual(expect.arrayContaining(['INTERNAL-MEASURE-MARKER spaning', 'Gemensam trygghetsvandring Rosengård']));
    // Another area's measures are not listed here.
    expect((await req('GET', `/api/areafollowup/areas/${NYDALA}`, 'commander')).json().measures.map((m: { title: string }) => m.title)).not.toContain('Gemensam trygghetsvandring Rosengård');
    // The partner (shared with above) gets the shared measure, never the police-internal one, and no indicators here.
    const partner = await req('GET', `/api/areafollowup/areas/${ROSENGARD}`, 'partner.viewer');
    expect(partner.json().measures.map((m: { title: string }) => m.title)).toContain('Gemensam trygghetsvandring Rosengård');
    expect(partner.body).not.toContain('INTERNAL-MEASURE-MARKER');
    expect(partner.json().indicators).toEqual([]);
  });

  it('[F6] national admins change the criteria; a catalogue in use becomes a new version; others are refused', async () => {
    const year = Number(period.slice(0, 4));
    const cur = (await req('GET', `/api/areafollowup/criteria/${year}`, 'admin')).json();
    expect(cur.frozen).toBe(true);
    const body = { criteria: [...cur.criteria, { key: 'insecurity', labelSv: 'Otrygghet bland boende', labelEn: 'Insecurity among residents', weight: 1 }] };
    expect((await req('PUT', `/api/areafollowup/criteria/${year}`, 'region', body)).statusCode).toBe(403);
    expect((await req('GET', `/api/areafollowup/criteria/${year}`, 'partner.editor')).statusCode).toBe(403);
    expect((await req('PUT', `/api/areafollowup/criteria/${year}`, 'admin', { criteria: [{ key: 'X' }] })).statusCode).toBe(400);
    const put = await req('PUT', `/api/areafollowup/criteria/${year}`, 'admin', body);
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ version: cur.version + 1, frozen: false });
    // The submitted assessment keeps the catalogue it was made under.
    expect((await req('GET', path(ROSENGARD), 'region')).json().current.criteriaVersion).toBe(cur.version);
  });

  it('[F7] a national admin assigns an area nobody followed up; the region then reads it, others may not assign', async () => {
    const ARABY = 'USO2025-1'; // Växjö: no demo local police area has its name
    const before = (await req('GET', '/api/areafollowup/overview', 'nationell')).json().items as OverviewRow[];
    expect(before.find((r) => r.area.id === ARABY)?.current.status).toBe('unassigned');
    expect((await req('GET', `/api/areafollowup/areas/${ARABY}`, 'region')).statusCode).toBe(404);
    expect((await req('PUT', `/api/areafollowup/areas/${ARABY}/assignment`, 'nationell', { organisationId: 'org-lpo-malmo-soder' })).statusCode).toBe(403);
    expect((await req('PUT', `/api/areafollowup/areas/${ARABY}/assignment`, 'admin', { organisationId: 'org-po-malmo' })).statusCode).toBe(400);
    const res = await req('PUT', `/api/areafollowup/areas/${ARABY}/assignment`, 'admin', { organisationId: 'org-lpo-malmo-soder' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ARABY, responsibleOrganisationId: 'org-lpo-malmo-soder', responsibleOrganisationName: 'LPO Malmö Söder' });
    expect((await req('GET', `/api/areafollowup/areas/${ARABY}`, 'region')).statusCode).toBe(200);
    expect((await req('GET', `/api/areafollowup/areas/${ARABY}`, 'duty')).statusCode).toBe(404);
    expect((await req('GET', `/api/areafollowup/areas/${ARABY}/history`, 'nationell')).json().items.map((h: { action: string }) => h.action)).toContain('assigned');
  });

  it('reminders: the due list per organisation, and a live event when a period opens (last: moves the clock)', async () => {
    const due = (await req('GET', '/api/areafollowup/due', 'duty')).json().items as Array<{ areaId: string; period: string; status: string }>;
    // Seved has no submission for the current period; Rosengård has.
    expect(due).toContainEqual(expect.objectContaining({ areaId: 'USO2025-10', period, status: expect.stringMatching(/due|overdue/) }));
    expect(due.some((d) => d.areaId === ROSENGARD && d.period === period)).toBe(false);
    expect((await req('GET', '/api/areafollowup/due', 'partner.editor')).json().items).toEqual([]);
    // The region's list holds its local police areas' areas.
    expect(((await req('GET', '/api/areafollowup/due', 'region')).json().items as Array<{ areaId: string }>).some((d) => d.areaId === NYDALA)).toBe(true);

    const next = shiftPeriod(period, 1);
    const from = live.duty.events.length;
    const fromPartner = live['partner.editor'].events.length;
    // Two weeks before the next quarter ends it opens: the timer announces it.
    clock.set(Date.parse(`${next.slice(0, 4)}-${String(Number(next.slice(5)) * 3).padStart(2, '0')}-20T00:00:00Z`));
    // (An earlier change's event may still be on its way: wait for the one that names the new period.)
    const ev = await live.duty.next<FollowupDueEvent>((e) => e.type === 'areafollowup.due' && e.items.some((i) => i.period === next), 3_000, from);
    expect(ev.items).toContainEqual(expect.objectContaining({ areaId: ROSENGARD, period: next, status: 'due' }));
    expect(ev.items.every((i) => i.organisationId === 'org-lpo-malmo-norr')).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(live['partner.editor'].events.slice(fromPartner).filter((e) => e.type === 'areafollowup.due')).toEqual([]);
  });

  it('a new year nobody configured starts from the latest catalogue, as its version 1 (after the reminders: moves the clock on)', async () => {
    const year = Number(period.slice(0, 4)) + 1;
    expect((await req('GET', `/api/areafollowup/criteria/${year}`, 'analyst')).statusCode).toBe(404);
    clock.set(Date.parse(`${year}-03-20T00:00:00Z`));
    const draft = await req('PUT', path('USO2025-10', `${year}Q1`), 'duty', { answers: [{ key: 'insecurity', score: 2 }] });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ criteriaYear: year, criteriaVersion: 1 });
    // It carried the previous year's newest version, with the criterion a national admin added above.
    const carried = (await req('GET', `/api/areafollowup/criteria/${year}`, 'analyst')).json();
    expect(carried.criteria.map((c: { key: string }) => c.key)).toContain('insecurity');
    expect(carried.frozen).toBe(true);
  });
});
