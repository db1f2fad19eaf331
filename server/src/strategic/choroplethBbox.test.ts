/**
 * The choropleth for the map's visible area (issue 17, zoom drill-down on the strategic map): `bbox` sends only
 * the areas the view touches, with the scores of the whole comparison set (a DeSO's colour does not change
 * because its neighbours are off screen); a malformed bbox is a 400 with the reason; a partner's scope still
 * applies inside the box.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { seedStrategic } from './seedStrategic.ts';

let t: TestApp;
let analyst: string;
let partner: string;

beforeAll(async () => {
  t = await createTestApp({ with: { collab: {}, strategic: {} }, seedSteps: [seedStrategic] });
  [analyst, partner] = await Promise.all(['analyst', 'partner.viewer'].map((u) => t.login(u)));
}, 60_000);
afterAll(async () => {
  await t?.close();
});

type Fc = { features: Array<{ properties: { code: string; score: number | null; indexLevel: number | null } }> };
const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
// Central Malmö, and a box in the far north that holds no Skåne municipality.
const MALMO = '12.98,55.58,13.02,55.61';
const KIRUNA = '20.1,67.8,20.4,67.9';

describe('GET /api/areas/geojson with bbox', () => {
  it('sends only the areas the box touches, each with its nationwide score', async () => {
    const all = (await get('/api/areas/geojson?level=kommun', analyst)).json() as Fc;
    const inBox = (await get(`/api/areas/geojson?level=kommun&bbox=${MALMO}`, analyst)).json() as Fc;
    const codes = inBox.features.map((f) => f.properties.code);
    expect(codes).toContain('1280');
    expect(codes.length).toBeLessThan(5);
    const byCode = new Map(all.features.map((f) => [f.properties.code, f.properties]));
    for (const f of inBox.features) expect({ score: f.properties.score, indexLevel: f.properties.indexLevel }).toEqual({ score: byCode.get(f.properties.code)?.score, indexLevel: byCode.get(f.properties.code)?.indexLevel });
    const north = (await get(`/api/areas/geojson?level=kommun&bbox=${KIRUNA}`, analyst)).json() as Fc;
    expect(north.features.map((f) => f.properties.code)).not.toContain('1280');
  });

  it('keeps a partner to its scope inside the box, with Malmö as the positive control', async () => {
    const north = (await get(`/api/areas/geojson?level=kommun&bbox=${KIRUNA}`, partner)).json() as Fc;
    expect(north.features).toEqual([]);
    const malmo = (await get(`/api/areas/geojson?level=kommun&bbox=${MALMO}`, partner)).json() as Fc;
    expect(malmo.features.map((f) => f.properties.code)).toEqual(['1280']);
  });

  it('refuses a malformed box with the reason', async () => {
    for (const bad of ['1,2,3', '13,56,12,55', 'a,b,c,d', '200,0,201,1']) {
      const res = await get(`/api/areas/geojson?level=kommun&bbox=${bad}`, analyst);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/bbox/);
    }
  });
});
