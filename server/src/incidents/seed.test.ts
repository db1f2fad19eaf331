import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedDemoIncidents } from './seed.ts';

describe('demo incidents', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {} }, seedSteps: [seedDemoPicture, seedDemoIncidents] });
    await t.app.ready();
  });
  afterAll(() => t.close());

  it('seeds Malmö incidents with live zones and police feed events', async () => {
    const police = await t.login('commander');
    const risk = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(police) });
    expect(risk.statusCode).toBe(200);
    // Two confirmed shootings and an explosion within 14 days; the 20-day-old shooting has expired.
    expect(risk.json().zones).toHaveLength(3);
    const list = await t.app.inject({ url: '/api/incidents?limit=1000', headers: bearer(police) });
    const items = list.json().items as Array<{ source: string; locationPrecision: string; classification: string }>;
    expect(items.filter((i) => i.source === 'demo')).toHaveLength(9);
    const feed = items.filter((i) => i.source === 'polisen');
    expect(feed.length).toBeGreaterThan(5);
    expect(feed.every((i) => i.locationPrecision === 'area' && i.classification === 'public')).toBe(true);
    const partner = await t.login('partner.viewer');
    const pr = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(partner) });
    // Partners get zones only of the incidents they may read: the partner-classified shooting and explosion.
    expect(pr.json().zones).toHaveLength(2);
    expect(pr.json().zones.every((z: { generalised: boolean }) => z.generalised)).toBe(true);
    // Seeding twice changes nothing.
    await seedDemoIncidents(t.ctx, t.caps);
    expect(await t.ctx.prisma.incident.count({ where: { source: 'demo' } })).toBe(9);
  });
});
