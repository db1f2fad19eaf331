/** The strategic API on PostgreSQL: seed, paging, index, imports (raw upsert SQL), partner scope. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { seedStrategic, seedStrategicData } from './seedStrategic.ts';

let t: TestApp;
let analyst: string;
let partner: string;

beforeAll(async () => {
  t = await createTestApp({ kind: 'postgres', with: { collab: {}, strategic: {} }, seedSteps: [seedStrategic] });
  [analyst, partner] = await Promise.all(['analyst', 'partner.viewer'].map((u) => t.login(u)));
}, 90_000);
afterAll(async () => {
  await t?.close();
});

const get = (url: string, token: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });

describe('strategic map on PostgreSQL', () => {
  it('seeds once and pages through the kommuner', async () => {
    expect((await seedStrategicData(t.ctx)).seeded).toBe(false);
    let cursor: string | null = null;
    const codes: string[] = [];
    do {
      const body: { items: { code: string }[]; nextCursor: string | null } = (await get(`/api/areas?level=kommun&limit=120${cursor ? `&cursor=${cursor}` : ''}`, analyst)).json();
      codes.push(...body.items.map((a: { code: string }) => a.code));
      cursor = body.nextCursor;
    } while (cursor);
    expect(codes).toHaveLength(290);
  });

  it('computes the index and ranking', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/strategic/index',
      headers: bearer(analyst),
      payload: { level: 'kommun', year: 2024, method: 'percentile', indicators: [{ indicator: 'demo_low_education_share', weight: 1, direction: 'higher_is_worse' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(290);
    const ranking = (await get('/api/strategic/ranking?level=kommun&limit=10', analyst)).json();
    expect(ranking.items.map((i: { rank: number }) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('imports JSON-stat and CSV with upserts and per-row errors', async () => {
    const doc = {
      version: '2.0',
      class: 'dataset',
      id: ['Region', 'ContentsCode', 'Tid'],
      size: [2, 1, 1],
      dimension: {
        Region: { category: { index: { '1280': 0, '0000': 1 } } },
        ContentsCode: { category: { index: { TEST01: 0 } } },
        Tid: { category: { index: { '2024': 0 } } },
      },
      role: { time: ['Tid'], metric: ['ContentsCode'], geo: ['Region'] },
      value: [1.5, 2],
    };
    const first = (await t.app.inject({ method: 'POST', url: '/api/indicators/import?format=jsonstat', headers: bearer(analyst), payload: doc })).json();
    expect(first.imported).toBe(1);
    expect(first.rejected).toHaveLength(1);
    const csv = 'areaCode,year,indicator,value\n1280,2024,TEST01,2.5\n';
    const second = (await t.app.inject({ method: 'POST', url: '/api/indicators/import?format=csv', headers: { ...bearer(analyst), 'content-type': 'text/csv' }, payload: csv })).json();
    expect(second).toEqual({ imported: 0, updated: 1, rejected: [] });
    expect((await get('/api/areas/1280', analyst)).json().indicators).toContainEqual({ indicator: 'TEST01', year: 2024, value: 2.5 });
  });

  it('keeps partners to their kommun', async () => {
    expect((await get('/api/areas?level=kommun', partner)).json().items.map((a: { code: string }) => a.code)).toEqual(['1280']);
    expect((await get('/api/areas/0180', partner)).statusCode).toBe(404);
    const exposure = (await get('/api/areas/1280/exposure?period=total&from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', analyst)).json();
    expect(exposure.items.find((r: { type: string }) => r.type === 'all').count).toBeGreaterThan(5);
  });
});
