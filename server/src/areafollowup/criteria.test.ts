import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { ManualClock } from '../time/clock.ts';

describe('the criteria catalogue without the demo seed', () => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2027-05-02T08:00:00Z'));
  beforeAll(async () => {
    // As a database seeded before the follow-up existed: no follow-up seed step runs.
    t = await createTestApp({ with: { areafollowup: { clock } } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it("ships this year's catalogue at start when the database has none", async () => {
    const tok = await t.login('analyst');
    const res = await t.app.inject({ method: 'GET', url: '/api/areafollowup/criteria/2027', headers: bearer(tok) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, version: 1, frozen: false });
    expect(res.json().criteria.length).toBe(8);
    expect((await t.app.inject({ method: 'GET', url: '/api/areafollowup/criteria/2026', headers: bearer(tok) })).statusCode).toBe(404);
    expect(await t.ctx.prisma.followupCriteriaSet.count()).toBe(1);
  });
});
