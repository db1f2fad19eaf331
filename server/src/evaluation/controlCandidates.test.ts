/**
 * Control candidates from the strategic map (evaluation-method.md §4): with Malmö's districts loaded, the
 * evaluation considers the districts of T's size class that do not touch T ∪ D beside equal-size discs, and
 * reports them; a district is chosen on equal distance.
 */
import booleanIntersects from '@turf/boolean-intersects';
import { feature } from '@turf/helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedStrategicData } from '../strategic/seedStrategic.ts';
import { bufferGeom } from './core/geometry.ts';

const ring = [swerefToWgs(374_000, 6_164_000), swerefToWgs(375_000, 6_164_000), swerefToWgs(375_000, 6_165_000), swerefToWgs(374_000, 6_165_000)];
const T = { type: 'Polygon' as const, coordinates: [[...ring, ring[0]]] };

describe('control candidates from the strategic map', () => {
  let t: TestApp;
  let tok: string;
  let id: string;
  beforeAll(async () => {
    t = await createTestApp({
      with: { collab: {}, incidents: {}, measures: {}, strategic: {}, evaluation: {} },
      seedSteps: [seedDemoPicture, async (ctx) => void (await seedStrategicData(ctx, { incidents: false }))],
    });
    tok = await t.login('commander');
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
      headers: bearer(tok),
      payload: { title: 'Kandidater', kind: 'patrol', target: T, classification: 'police_internal', startsAt: '2026-04-01T00:00:00Z' },
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('considers districts of T’s size class that do not touch T ∪ D, and explains the choice', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/measures/${id}/evaluation`,
      headers: bearer(tok),
      payload: { before: { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, after: { from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as MeasureEvaluation;
    const sources = new Set(r.controlChoice.candidates.map((c) => c.source));
    expect(sources.has('district')).toBe(true);
    // No incidents: every distance is 0, and a named district wins over a disc.
    expect(r.controlChoice.method).toBe('district');
    expect(r.controlChoice.reason.sv).toMatch(/\(stadsdel\) valdes bland \d+ kandidater/);
    for (const c of r.controlChoice.candidates.filter((x) => x.source === 'district')) {
      expect(c.sizeRatio).toBeGreaterThanOrEqual(1 / 3);
      expect(c.sizeRatio).toBeLessThanOrEqual(3);
    }
    const outer = feature(bufferGeom(T, 400));
    expect(booleanIntersects(feature(r.areas.control as never), outer)).toBe(false);
    expect(booleanIntersects(feature(r.areas.displacementControl as never), outer)).toBe(false);
    // The displacement control is another area than the control.
    expect(r.displacementControlChoice.chosen?.id).not.toBe(r.controlChoice.chosen?.id);
  });
});
