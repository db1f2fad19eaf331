/**
 * Counting in areas over the real read path is exact: a concave target with incidents on its vertices and edges,
 * and seeded random incidents around it, counted by the evaluation and by an independent brute force
 * (@turf/boolean-point-in-polygon, boundary included) over the same stored points, for T and the ring D.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasureEvaluation } from '../../../shared/src/evaluation.ts';
import { createRng } from '../../../shared/src/random.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';

// A concave "C" with 4-decimal vertices (stored incident coordinates keep 8 decimals, so these are exact).
const RING = [
  [13.0, 55.6],
  [13.012, 55.6],
  [13.012, 55.6025],
  [13.004, 55.6025],
  [13.004, 55.6055],
  [13.012, 55.6055],
  [13.012, 55.608],
  [13.0, 55.608],
  [13.0, 55.6],
];
const TARGET = { type: 'Polygon' as const, coordinates: [RING] };
const far = (dx: number) => ({ type: 'Polygon' as const, coordinates: [[[13.1 + dx, 55.6], [13.11 + dx, 55.6], [13.11 + dx, 55.608], [13.1 + dx, 55.608], [13.1 + dx, 55.6]]] });

describe('exact counting in the evaluation areas', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const points: Array<[number, number]> = [];

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {}, measures: {}, evaluation: {} }, seedSteps: [seedDemoPicture] });
    for (const u of ['analyst', 'commander']) tok[u] = await t.login(u);
    // On every vertex, on every edge's midpoint, and 400 random points over the box ± 600 m (T, the ring and beyond).
    for (let i = 0; i < RING.length - 1; i++) {
      const [a, b] = [RING[i] as number[], RING[i + 1] as number[]];
      points.push([a[0] as number, a[1] as number], [((a[0] as number) + (b[0] as number)) / 2, ((a[1] as number) + (b[1] as number)) / 2]);
    }
    const rng = createRng(1313);
    for (let i = 0; i < 400; i++) points.push([Math.round((12.99 + rng() * 0.032) * 1e6) / 1e6, Math.round((55.594 + rng() * 0.02) * 1e6) / 1e6]);
    const payload = points.map(([lon, lat], i) => ({
      source: 'probe',
      sourceId: `pt-${i}`,
      type: 'arson',
      status: 'confirmed',
      classification: 'police_internal',
      occurredAt: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00Z`,
      location: { type: 'Point', coordinates: [lon, lat] },
    }));
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok.analyst), payload });
    expect(res.statusCode, res.body).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts the same points as an independent brute force, boundary points inside', async () => {
    const m = await t.app.inject({
      method: 'POST',
      url: `/api/pictures/${DEMO_PICTURE_ID}/measures`,
      headers: bearer(tok.commander),
      payload: { title: 'C', kind: 'situational', target: TARGET, classification: 'police_internal', startsAt: '2026-03-01T00:00:00Z' },
    });
    expect(m.statusCode, m.body).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/measures/${m.json().id}/evaluation`,
      headers: bearer(tok.commander),
      payload: { before: { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' }, after: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, control: far(0), displacementControl: far(0.05) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as MeasureEvaluation;
    const brute = (g: unknown) => points.filter((p) => booleanPointInPolygon(p, g as never, { ignoreBoundary: false })).length;
    expect(r.counts.treated[0]).toBe(brute(TARGET));
    // Every vertex and edge midpoint (16) plus the random ones inside.
    expect(r.counts.treated[0]).toBeGreaterThanOrEqual(16 + 20);
    // D = buffer(T) \ T: T's own points (its edges included) are T's only, so nothing is counted twice.
    const inD = points.filter((p) => booleanPointInPolygon(p, r.areas.displacement as never, { ignoreBoundary: false }) && !booleanPointInPolygon(p, TARGET as never, { ignoreBoundary: false }));
    expect(r.counts.displacement[0]).toBe(inD.length);
    expect(r.counts.displacement[0]).toBeGreaterThan(20);
    // The ring's outer edge is its own; T's vertices lie on the ring's inner edge but are not counted there.
    expect(brute(r.areas.displacement)).toBeGreaterThan(inD.length);
  });
});
