/**
 * The evaluation overview names each row's place: the strategic map's district holding the measure's target (the
 * expected name found here with turf, an implementation independent of the one under test), else the title of the
 * measure's picture (a target outside every district). A partner's overview names only rows it may read.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedStrategicData } from '../strategic/seedStrategic.ts';
import { areaNameAt, targetCentre } from './storedEvaluations.ts';

const squareSweref = (x: number, y: number, d = 500) => {
  const ring = [swerefToWgs(x - d, y - d), swerefToWgs(x + d, y - d), swerefToWgs(x + d, y + d), swerefToWgs(x - d, y + d)];
  return { type: 'Polygon' as const, coordinates: [[...ring, ring[0]]] };
};
/** In central Malmö (inside a district of the seeded strategic map) and in a forest in Småland (in none). */
const IN_MALMO = squareSweref(374_500, 6_164_500);
const OUTSIDE = squareSweref(480_000, 6_300_000);
const PERIODS = { before: { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, after: { from: '2026-04-01T00:00:00Z', to: '2026-07-01T00:00:00Z' } };

describe('area names (pure)', () => {
  const a = { name: 'Inre', geometry: { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] } };
  const b = { name: 'Yttre', geometry: { type: 'MultiPolygon', coordinates: [[[[10, 10], [12, 10], [12, 12], [10, 12], [10, 10]]]] } };
  it('names the area holding the target’s centre, null when none or no target', () => {
    expect(targetCentre({ type: 'LineString', coordinates: [[0.5, 0.5], [1.5, 1.5]] })).toEqual([1, 1]);
    expect(areaNameAt(targetCentre({ type: 'Point', coordinates: [11, 11] }), [a, b])).toBe('Yttre');
    expect(areaNameAt([1, 1], [a, b])).toBe('Inre');
    expect(areaNameAt([5, 5], [a, b])).toBeNull();
    expect(areaNameAt(targetCentre({ type: 'Point' }), [a, b])).toBeNull();
  });
});

describe('evaluation overview: every row carries its place name', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      with: { collab: {}, incidents: {}, measures: {}, strategic: {}, evaluation: {} },
      seedSteps: [seedDemoPicture, async (ctx) => void (await seedStrategicData(ctx, { incidents: false }))],
    });
    for (const u of ['commander', 'partner.viewer']) tok[u] = await t.login(u);
    for (const [key, target, classification] of [
      ['malmo', IN_MALMO, 'partner'],
      ['outside', OUTSIDE, 'police_internal'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
        headers: bearer(tok.commander),
        payload: { title: `Insats ${key}`, kind: 'patrol', target, classification, ...(classification === 'partner' ? { sharedWith: ['org-malmo-stad'] } : {}), startsAt: '2026-04-01T00:00:00Z' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
      const ev = await t.app.inject({ method: 'POST', url: `/api/measures/${ids[key]}/evaluation`, headers: bearer(tok.commander), payload: { ...PERIODS, save: true } });
      expect(ev.statusCode, ev.body).toBe(200);
    }
    const partnerEval = await t.app.inject({ method: 'POST', url: `/api/measures/${ids.malmo}/evaluation`, headers: bearer(tok['partner.viewer']), payload: { ...PERIODS, save: true } });
    expect(partnerEval.statusCode, partnerEval.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('names the district of the target, and the picture’s title where no district holds it', async () => {
    // The expected district, found independently: the seeded districts that contain the target's centre.
    const strategic = t.caps.strategic!;
    const centre = targetCentre(IN_MALMO)!;
    const holding: string[] = [];
    for (const vintage of await strategic.vintagesOf('district')) {
      const geoms = await strategic.geometries('district', vintage, 'wgs');
      for (const a of await strategic.areasAt('district', vintage)) {
        const g = geoms.get(a.code);
        if (g && booleanPointInPolygon(centre, g as never)) holding.push(a.name);
      }
    }
    expect(holding.length).toBeGreaterThan(0);

    const res = await t.app.inject({ url: '/api/evaluations', headers: bearer(tok.commander) });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ measureId: string; areaName: string | null }>;
    const byMeasure = new Map(items.map((i) => [i.measureId, i.areaName]));
    expect(byMeasure.get(ids.malmo)).toBe(holding[0]);
    expect(byMeasure.get(ids.outside)).toBe('Malmö – lägesbild');
  });

  it('a partner’s overview names only the rows it may read', async () => {
    const res = await t.app.inject({ url: '/api/evaluations', headers: bearer(tok['partner.viewer']) });
    const items = res.json().items as Array<{ measureId: string; areaName: string | null }>;
    expect(items.map((i) => i.measureId)).toEqual([ids.malmo]);
    expect(items[0].areaName).toEqual(expect.any(String));
    expect(res.body).not.toContain(ids.outside);
  });
});
