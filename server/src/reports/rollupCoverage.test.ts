/**
 * Coverage in the report roll-up, with a real server, risk, measures and reports: a police area whose report is
 * signed while a police-internal measure covers its hot cell shows coverage > 0 in the region's roll-up and in the
 * regional version frozen from it (positive control); the partner version of the same report carries the
 * partner's own coverage (its surface, its measures) — the same figures the partner reads from the coverage route,
 * with no police-only cell or measure counted (planted: the police-internal shooting and measure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportVersion, RollupRow } from '../../../shared/src/reports.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';

const PIC = DEMO_PICTURE_ID;
const P_INTERNAL: [number, number] = [13.02, 55.59];
const P_PARTNER: [number, number] = [12.99, 55.61];

const square = ([lon, lat]: [number, number], d = 0.004) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

describe('reports: the roll-up carries each unit\'s coverage as signed, from what each version\'s audience reads', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  let report: Report;
  let internalMeasure: string;
  const now = Date.now();
  const from = new Date(now - 6 * 3_600_000).toISOString();
  const to = new Date(now + 3_600_000).toISOString();

  const req = (method: 'GET' | 'POST', url: string, user: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: bearer(tok[user]), ...(payload !== undefined ? { payload: payload as object } : {}) });

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {}, measures: {}, reports: {} }, seedSteps: [seedDemoPicture] });
    for (const u of ['commander', 'duty', 'region', 'nationell', 'partner.viewer']) tok[u] = await t.login(u);
    for (const [id, at, classification] of [
      ['rc-internal', P_INTERNAL, 'police_internal'],
      ['rc-partner', P_PARTNER, 'partner'],
    ] as const) {
      const res = await req('POST', '/api/incidents', 'duty', {
        source: 'iso',
        sourceId: id,
        type: 'shooting',
        status: 'confirmed',
        classification,
        occurredAt: new Date(now - 3 * 3_600_000).toISOString(),
        location: { type: 'Point', coordinates: at },
      });
      expect(res.statusCode).toBe(201);
    }
    await t.caps.risk!.idle();
    const m = await req('POST', `/api/pictures/${PIC}/measures`, 'commander', {
      kind: 'patrol',
      status: 'active',
      title: 'Intern bevakning',
      classification: 'police_internal',
      startsAt: new Date(now - 3_600_000).toISOString(),
      target: square(P_INTERNAL),
    });
    expect(m.statusCode, m.body).toBe(201);
    internalMeasure = m.json().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('before any report the unit has a row without coverage; after signing the region sees the coverage the area signed', async () => {
    const before = (await req('GET', '/api/reports/rollup', 'region')).json();
    expect(before.rows.find((r: RollupRow) => r.organisationId === 'org-po-malmo')).toMatchObject({ reportId: null, coverage: null });

    const created = await req('POST', `/api/pictures/${PIC}/reports`, 'commander', { title: 'Natt mot söndag', classification: 'partner', periodFrom: from, periodTo: to });
    expect(created.statusCode, created.body).toBe(201);
    report = created.json();
    expect((await req('POST', `/api/reports/${report.id}/sign`, 'commander')).statusCode).toBe(200);

    const police = ((await req('GET', `/api/reports/${report.id}/versions`, 'region')).json().items as ReportVersion[])[0];
    const live = (await req('GET', `/api/pictures/${PIC}/coverage`, 'commander')).json();
    const c = police.content.summary.coverage!;
    expect(c.top5.cells).toBeGreaterThan(0);
    expect(c.top5.covered).toBeGreaterThan(0);
    expect(c.top5.share).toBeCloseTo(c.top5.covered / c.top5.cells);
    expect(c.top5).toEqual(live.top5);
    expect(c.uncoveredCount).toBe(live.uncovered.length);

    const rollup = (await req('GET', '/api/reports/rollup', 'region')).json();
    const row = rollup.rows.find((r: RollupRow) => r.organisationId === 'org-po-malmo') as RollupRow;
    expect(row).toMatchObject({ reportId: report.id, coverage: { top5: c.top5, uncoveredCount: c.uncoveredCount } });
    expect(rollup.totals.coverage.top5.covered).toBeGreaterThanOrEqual(c.top5.covered);
  });

  it('the partner version carries the partner\'s own coverage: no police-only cell or measure counted', async () => {
    const pv = await req('GET', `/api/reports/${report.id}/partner-version`, 'partner.viewer');
    expect(pv.statusCode).toBe(200);
    const version = pv.json() as ReportVersion;
    const pc = version.content.summary.coverage!;
    const partnerLive = (await req('GET', `/api/pictures/${PIC}/coverage`, 'partner.viewer')).json();
    // Its surface has hot cells (control), and only the police-internal measure exists: none of them is covered.
    expect(pc.top5.cells).toBeGreaterThan(0);
    expect(pc.top5).toEqual(partnerLive.top5);
    expect(pc.top5.covered).toBe(0);
    expect(pc.uncoveredCount).toBe(partnerLive.uncovered.length);
    expect(pv.body).not.toContain(internalMeasure);
    const police = ((await req('GET', `/api/reports/${report.id}/versions`, 'region')).json().items as ReportVersion[])[0];
    expect(pc.top5).not.toEqual(police.content.summary.coverage!.top5);
    // A partner version never holds a roll-up (that table is police-only).
    expect(version.content.rollup).toEqual([]);
  });

  it('the figures are frozen: a later measure changes the live coverage, not the signed version, and a regional report freezes the row', async () => {
    const police = ((await req('GET', `/api/reports/${report.id}/versions`, 'region')).json().items as ReportVersion[])[0];
    const signed = police.content.summary.coverage!;
    const extra = await req('POST', `/api/pictures/${PIC}/measures`, 'commander', {
      kind: 'patrol',
      status: 'active',
      title: 'Gemensam närvaro',
      classification: 'partner',
      sharedWith: ['org-malmo-stad'],
      startsAt: new Date(now - 3_600_000).toISOString(),
      target: square(P_PARTNER),
    });
    expect(extra.statusCode).toBe(201);
    const live = (await req('GET', `/api/pictures/${PIC}/coverage`, 'commander')).json();
    expect(live.top5.covered).toBeGreaterThan(signed.top5.covered);
    const row = ((await req('GET', '/api/reports/rollup', 'region')).json().rows as RollupRow[]).find((r) => r.organisationId === 'org-po-malmo')!;
    expect(row.coverage!.top5).toEqual(signed.top5);

    const regional = (await req('POST', `/api/pictures/${PIC}/reports`, 'region', { title: 'Region Syd', periodFrom: from, periodTo: to })).json() as Report;
    expect((await req('POST', `/api/reports/${regional.id}/sign`, 'region')).statusCode).toBe(200);
    const v = ((await req('GET', `/api/reports/${regional.id}/versions`, 'nationell')).json().items as ReportVersion[])[0];
    expect(v.content.rollup.find((r) => r.organisationId === 'org-po-malmo')!.coverage!.top5).toEqual(signed.top5);
  });
});
