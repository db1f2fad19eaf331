import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxItem, Report, ReportVersion } from '../../../shared/src/reports.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { seedDemoMeasures } from '../measures/seed.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { DEMO_REPORT_TITLE, seedDemoReport } from './seed.ts';

describe('the demo report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {}, measures: {}, reports: {} }, seedSteps: [seedDemoPicture, seedDemoMeasures, seedDemoReport] });
  });
  afterAll(async () => {
    await t.close();
  });
  const get = async (user: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(await t.login(user)) });

  it('is seeded once, signed and labelled DEMO; the partner reads its own text, not the police text', async () => {
    await seedDemoReport(t.ctx, t.caps);
    const reports = (await get('region', `/api/pictures/${DEMO_PICTURE_ID}/reports`)).json().items as Report[];
    expect(reports.filter((r) => r.title === DEMO_REPORT_TITLE)).toHaveLength(1);
    const demo = reports.find((r) => r.title === DEMO_REPORT_TITLE)!;
    expect(demo).toMatchObject({ status: 'signed', classification: 'partner', level: 'police_area' });
    const police = (await get('region', `/api/reports/${demo.id}/versions`)).json().items as ReportVersion[];
    expect(police[0].content.headings.needs).toContain('Två ytterligare patruller');
    expect(police[0].content.summary.measures.length).toBeGreaterThan(0);
    const partner = await get('partner.viewer', `/api/reports/${demo.id}/partner-version`);
    expect(partner.json().content.headings.happened).toContain('Två skottlossningar under natten i Rosengård');
    expect(partner.body).not.toContain('Två ytterligare patruller');
    expect(partner.body).not.toContain('spaning mot känd gruppering');
    // The seeded plan's police-internal measure is in the police version only.
    expect(police[0].content.summary.measures.some((m) => m.classification === 'police_internal')).toBe(true);
    expect((partner.json() as ReportVersion).content.summary.measures.some((m) => m.classification === 'police_internal')).toBe(false);
    expect((partner.json() as ReportVersion).content.summary.measures.length).toBeGreaterThan(0);
    expect(((await get('partner.viewer', '/api/reports/inbox')).json().items as InboxItem[]).map((i) => i.title)).toContain(DEMO_REPORT_TITLE);
  });
});
