import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measure } from '../../../shared/src/measures.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedDemoMeasures } from './seed.ts';

describe('demo measures', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ with: { measures: {} }, seedSteps: [seedDemoPicture, seedDemoMeasures] });
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = async (user: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/pictures/${DEMO_PICTURE_ID}/measures`, headers: bearer(await t.login(user)) })).json().items as Measure[];

  it('seeds a plan with delivery; the municipality sees its own and shared measures, never the police-internal one', async () => {
    const police = await list('commander');
    expect(police.map((m) => m.id).sort()).toEqual(['msr_demo_internal', 'msr_demo_lighting', 'msr_demo_presence', 'msr_demo_promise']);
    expect(police.find((m) => m.id === 'msr_demo_presence')?.delivered.amount).toBe(11);
    const partner = await list('partner.editor');
    expect(partner.map((m) => m.id).sort()).toEqual(['msr_demo_lighting', 'msr_demo_presence', 'msr_demo_promise']);
    expect((await list('housing.viewer')).map((m) => m.id)).toEqual(['msr_demo_promise']);
    // a second run adds nothing
    await seedDemoMeasures(t.ctx, t.caps);
    expect(await list('commander')).toHaveLength(4);
  });
});
