import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { seedStrategic, seedStrategicData } from './seedStrategic.ts';

let t: TestApp;
let analyst: string;
let commander: string;
let partner: string;
let rescue: string;

beforeAll(async () => {
  t = await createTestApp({ with: { collab: {}, strategic: {} }, seedSteps: [seedStrategic] });
  [analyst, commander, partner, rescue] = await Promise.all(['analyst', 'commander', 'partner.viewer', 'partner.editor'].map((u) => t.login(u)));
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
const post = (url: string, token: string, payload?: unknown, contentType = 'application/json') =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(token), 'content-type': contentType },
    payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('access', () => {
  it('refuses every endpoint without a token (401)', async () => {
    for (const url of ['/api/areas?level=kommun', '/api/areas/1280', '/api/areas/geojson?level=kommun', '/api/strategic/ranking?level=kommun', '/api/classifications/utsatta-omraden', '/api/indicators', '/api/areas/1280/exposure']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const res = await t.app.inject({ method: 'POST', url: '/api/strategic/index', payload: { level: 'kommun', year: 2024, method: 'zscore' } });
    expect(res.statusCode).toBe(401);
  });

  it('shows a partner only its own kommun and the areas in it', async () => {
    const kommuner = (await get('/api/areas?level=kommun', partner)).json();
    expect(kommuner.items.map((a: { code: string }) => a.code)).toEqual(['1280']);
    const districts = (await get('/api/areas?level=district&limit=1000', partner)).json();
    expect(districts.items.length).toBeGreaterThan(100);
    expect(districts.items.every((a: { code: string }) => a.code.startsWith('1280-'))).toBe(true);
    expect((await get('/api/areas/0180', partner)).statusCode).toBe(404);
    expect((await get('/api/areas/12', partner)).statusCode).toBe(404);
    expect((await get('/api/areas/1280', partner)).statusCode).toBe(200);
    const ranking = (await get('/api/strategic/ranking?level=kommun', partner)).json();
    expect(ranking.items.map((i: { code: string }) => i.code)).toEqual(['1280']);
    expect(ranking.items[0].rank).toBeGreaterThanOrEqual(1); // national rank
    const geo = (await get('/api/areas/geojson?level=kommun', partner)).json();
    expect(geo.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['1280']);
    const uso = (await get('/api/classifications/utsatta-omraden', partner)).json();
    expect(uso.features.length).toBe(4);
    expect(uso.features.every((f: { properties: { kommunCode: string } }) => f.properties.kommunCode === '1280')).toBe(true);
  });

  it('refuses imports to partners and to police roles other than admin/analyst; drill-down to partners', async () => {
    const csv = 'areaCode,year,indicator,value\n1280,2024,demo_x,1\n';
    expect((await post('/api/indicators/import?format=csv', rescue, csv, 'text/csv')).statusCode).toBe(403);
    expect((await post('/api/indicators/import?format=csv', commander, csv, 'text/csv')).statusCode).toBe(403);
    expect((await post('/api/areas/1280/picture', partner, {})).statusCode).toBe(403);
    expect((await post('/api/areas/1280/rtm-study', partner, {})).statusCode).toBe(403);
  });
});

describe('areas', () => {
  it('lists areas of a level with paging', async () => {
    const codes: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/areas?level=kommun&limit=100${cursor ? `&cursor=${cursor}` : ''}`, analyst);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['items', 'nextCursor']);
      for (const it of body.items) expect(Object.keys(it).sort()).toEqual(['code', 'level', 'name', 'parentCode', 'vintage']);
      codes.push(...body.items.map((a: { code: string }) => a.code));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(codes.length).toBe(290);
    expect(new Set(codes).size).toBe(290);
    const malmo = (await get('/api/areas?level=kommun&q=malm', analyst)).json().items[0];
    expect(malmo).toEqual({ code: '1280', name: 'Malmö', level: 'kommun', vintage: 'KOMMUN2007', parentCode: '12' });
  });

  it('filters by bbox', async () => {
    const res = await get('/api/areas?level=kommun&bbox=12.95,55.55,13.05,55.62', analyst);
    const codes = res.json().items.map((a: { code: string }) => a.code);
    expect(codes).toContain('1280');
    expect(codes).not.toContain('0180');
    expect(codes.length).toBeLessThan(6);
    const bad = await get('/api/areas?level=kommun&bbox=1,2,3', analyst);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('returns an area with geometry, indicators, index with contributions and classifications', async () => {
    const res = await get('/api/areas/1280', analyst);
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ code: '1280', name: 'Malmö', level: 'kommun', vintage: 'KOMMUN2007' });
    expect(['Polygon', 'MultiPolygon']).toContain(a.geometry.type);
    expect(a.indicators).toContainEqual({ indicator: 'population', year: 2024, value: expect.any(Number) });
    expect(a.indicators.find((i: { indicator: string }) => i.indicator === 'demo_employment_rate')).toMatchObject({ synthetic: true });
    expect(a.index.year).toBe(2024);
    expect(a.index.contributions).toHaveLength(5);
    const sum = a.index.contributions.reduce((s: number, c: { contribution: number }) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(a.index.score, 9);
    const names = a.classifications.filter((c: { scheme: string }) => c.scheme === 'utsatta-omraden').map((c: { name: string }) => c.name);
    expect(names).toContain('Rosengård');
    expect(a.classifications.find((c: { name: string }) => c.name === 'Rosengård').category).toBe('sarskilt_utsatt');
    expect((await get('/api/areas/9999', analyst)).statusCode).toBe(404);
  });

  it('gives the trend of the index and each indicator', async () => {
    const tr = (await get('/api/areas/1280/trend', analyst)).json();
    expect(tr.index.map((p: { year: number }) => p.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    const pop = tr.indicators.find((s: { indicator: string }) => s.indicator === 'serious_violence_rate');
    expect(pop.points.map((p: { year: number }) => p.year)).toEqual([2023, 2024, 2025]);
  });

  it('imports GeoJSON boundaries in EPSG:3006 and refuses a vintage mismatch with 409', async () => {
    const square = (x: number, y: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + 500, y], [x + 500, y + 500], [x, y + 500], [x, y]]] });
    const doc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } },
      features: [
        { type: 'Feature', properties: { code: '1280-DO-99999', name: 'Testområde' }, geometry: square(374000, 6163000) },
        { type: 'Feature', properties: { name: 'utan kod' }, geometry: square(374000, 6164000) },
      ],
    };
    const res = await post('/api/areas/import?format=geojson&level=district&vintage=MALMO-DO2023', analyst, doc);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, updated: 0, rejected: [{ row: 2 }] });
    const again = await post('/api/areas/import?format=geojson&level=district&vintage=MALMO-DO2023', analyst, { ...doc, features: [doc.features[0]] });
    expect(again.json()).toMatchObject({ imported: 0, updated: 1, rejected: [] });
    const area = (await get('/api/areas/1280-DO-99999', analyst)).json();
    expect(area.geometry.coordinates[0][0][0]).toBeCloseTo(13.0, 0);
    expect(area.parentCode).toBe('1280');

    const wrong = await post('/api/areas/import?format=geojson&level=kommun&vintage=KOMMUN2025', analyst, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { kommun_kod: '1280', kommun: 'Malmö' }, geometry: { type: 'Polygon', coordinates: [[[13, 55.6], [13.1, 55.6], [13.1, 55.7], [13, 55.6]]] } }],
    });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('CONFLICT');
    expect(wrong.json().error.message).toMatch(/vintage KOMMUN2007, not KOMMUN2025/);
  });
});

describe('indicators and the index', () => {
  it('computes an index with custom weights via the API', async () => {
    const res = await post('/api/strategic/index', analyst, {
      level: 'kommun',
      year: 2024,
      method: 'zscore',
      indicators: [
        { indicator: 'demo_employment_rate', weight: 2, direction: 'higher_is_better' },
        { indicator: 'demo_crowding_share', weight: 1, direction: 'higher_is_worse' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; name: string; score: number; level: number; contributions: { indicator: string; value: number; standardised: number; contribution: number }[] }[];
    expect(items).toHaveLength(290);
    const m = items.find((i) => i.code === '1280');
    expect(m).toBeDefined();
    const [emp, crowd] = m?.contributions ?? [];
    expect(emp.indicator).toBe('demo_employment_rate');
    expect(emp.contribution).toBeCloseTo((2 * emp.standardised) / 3, 12);
    expect(crowd.contribution).toBeCloseTo(crowd.standardised / 3, 12);
    expect(m?.score).toBeCloseTo(emp.contribution + crowd.contribution, 12);
    // Hand check of the z-score of employment (higher is better → sign flipped).
    const values = items.map((i) => i.contributions[0].value);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(emp.standardised).toBeCloseTo(-(emp.value - mean) / sd, 9);

    const none = (await post('/api/strategic/index', analyst, { level: 'kommun', year: 2024, method: 'percentile', indicators: [{ indicator: 'nonexistent', weight: 1, direction: 'higher_is_worse' }] })).json();
    expect(none.items[0].score).toBeNull();
    expect(none.items[0].reason).toEqual(expect.any(String));
    const bad = await post('/api/strategic/index', analyst, { level: 'kommun', year: 2024, method: 'zscore', indicators: [{ indicator: 'a', weight: -1, direction: 'higher_is_worse' }] });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses an index over mixed code vintages (409 with the reason)', async () => {
    const res = await post('/api/strategic/index', analyst, { level: 'district', year: 2016, method: 'zscore', indicators: [{ indicator: 'population', weight: 1, direction: 'higher_is_worse' }] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/vintage/);
    const ok = await post('/api/strategic/index', analyst, { level: 'district', vintage: 'STHLM-BO2016', year: 2016, method: 'zscore', indicators: [{ indicator: 'youth_share_16_19', weight: 1, direction: 'higher_is_worse' }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.filter((i: { score: number | null }) => i.score !== null).length).toBeGreaterThan(300);
  });

  it('imports CSV with per-row errors and refuses values of another vintage', async () => {
    const csv = ['areaCode,year,indicator,value', '1280,2024,test_ind,5', 'XYZ,2024,test_ind,3', '1280,20x4,test_ind,1', '1281,2024,test_ind,4.5', '0180-SD-NOWHERE,2024,test_ind,1'].join('\n');
    const res = await post('/api/indicators/import?format=csv', analyst, csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.imported).toBe(2);
    expect(body.rejected.map((r: { row: number }) => r.row)).toEqual([2, 3, 5]);
    expect(body.rejected[2].errors[0]).toMatch(/Unknown area/);
    const again = (await post('/api/indicators/import?format=csv', analyst, 'areaCode,year,indicator,value\n1280,2024,test_ind,6\n', 'text/csv')).json();
    expect(again).toEqual({ imported: 0, updated: 1, rejected: [] });

    // The Dalarna DeSO are the 2018 vintage; a 2025-coded value must not join them.
    const mismatch = await post('/api/indicators/import?format=csv', analyst, 'areaCode,year,indicator,value\n2081C1130_DeSO2025,2024,test_ind,1\n', 'text/csv');
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error.message).toMatch(/never joined across vintages/);
    expect(mismatch.json().error.details.rejected[0].row).toBe(1);
    const asked = await post('/api/indicators/import?format=csv&vintage=DeSO2025', analyst, 'areaCode,year,indicator,value\n2081C1130,2024,test_ind,1\n', 'text/csv');
    expect(asked.statusCode).toBe(409);
    const atomic = await post('/api/indicators/import?format=csv&atomic=true', analyst, 'areaCode,year,indicator,value\n1280,2024,test_ind,7\nXYZ,2024,test_ind,1\n', 'text/csv');
    expect(atomic.statusCode).toBe(422);
    expect((await get('/api/areas/1280', analyst)).json().indicators).toContainEqual({ indicator: 'test_ind', year: 2024, value: 6 });
  });

  it('imports an SCB JSON-stat 2 document through the API with per-row errors', async () => {
    const doc = {
      version: '2.0',
      class: 'dataset',
      label: 'Folkmängd efter region och år',
      source: 'Statistiska centralbyrån (SCB)',
      id: ['Region', 'ContentsCode', 'Tid'],
      size: [3, 1, 2],
      dimension: {
        Region: { label: 'region', category: { index: { '1280': 0, '2081C1130': 1, '9999': 2 }, label: { '1280': 'Malmö', '2081C1130': '2081C1130', '9999': 'Okänd' } } },
        ContentsCode: { label: 'tabellinnehåll', category: { index: { BE0101N1: 0 }, label: { BE0101N1: 'Folkmängd' }, unit: { BE0101N1: { base: 'antal', decimals: 0 } } } },
        Tid: { label: 'år', category: { index: { '2023': 0, '2024': 1 }, label: { '2023': '2023', '2024': '2024' } } },
      },
      role: { time: ['Tid'], metric: ['ContentsCode'], geo: ['Region'] },
      value: [357377, 360000, 1100, null, 5, 6],
      status: { '3': '..' },
    };
    const res = await post('/api/indicators/import?format=jsonstat', analyst, doc);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.imported).toBe(3);
    expect(body.rejected.map((r: { row: number }) => r.row)).toEqual([4, 5, 6]);
    expect(body.rejected[0].errors[0]).toMatch(/missing/);
    const indicators = (await get('/api/indicators', analyst)).json().items;
    expect(indicators.find((i: { id: string }) => i.id === 'BE0101N1')).toMatchObject({ years: [2023, 2024] });
    expect(indicators.find((i: { id: string }) => i.id === 'demo_crowding_share')).toMatchObject({ synthetic: true, defaultWeight: 1 });
    expect(indicators.find((i: { id: string }) => i.id === 'crowding_share')).toMatchObject({ synthetic: false, defaultWeight: 0 });
    expect((await get('/api/areas/2081C1130', analyst)).json().indicators).toContainEqual({ indicator: 'BE0101N1', year: 2023, value: 1100 });
  });
});

describe('suppression in partner views', () => {
  it('withholds indicators counted from incidents from partners (a rate times the population is a count)', async () => {
    const police = (await get('/api/areas/1280', analyst)).json().indicators as Array<{ indicator: string; value: number | null }>;
    const violence = police.filter((i) => i.indicator === 'serious_violence_rate');
    expect(violence.length).toBeGreaterThan(0);
    expect(violence.every((i) => typeof i.value === 'number')).toBe(true);
    const partnerView = (await get('/api/areas/1280', partner)).json().indicators as Array<{ indicator: string; value: number | null; suppressed?: boolean }>;
    for (const i of partnerView.filter((x) => x.indicator === 'serious_violence_rate')) expect(i).toMatchObject({ value: null, suppressed: true });
    // Control: a population-based indicator of the same area still reaches the partner.
    expect(partnerView.some((i) => i.indicator !== 'serious_violence_rate' && typeof i.value === 'number')).toBe(true);
    const trend = (await get('/api/areas/1280/trend', partner)).json().indicators as Array<{ indicator: string; points: Array<{ value: number | null }> }>;
    for (const s of trend.filter((x) => x.indicator === 'serious_violence_rate')) expect(s.points.every((p) => p.value === null)).toBe(true);
    const body = { level: 'kommun', year: 2024, method: 'zscore', indicators: [{ indicator: 'serious_violence_rate', weight: 1, direction: 'higher_is_worse' }] };
    const refused = await post('/api/strategic/index', partner, body);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/serious_violence_rate/);
    expect((await post('/api/strategic/index', analyst, body)).statusCode).toBe(200);
  });

  it('withholds values of small areas and small counts from partners, not from police', async () => {
    const csv = 'areaCode,year,indicator,value\n1280-DO-24407,2024,population,30\n1280-DO-24407,2024,test_small,12\n';
    expect((await post('/api/indicators/import?format=csv', analyst, csv, 'text/csv')).json().imported).toBe(2);
    const p = (await get('/api/areas/1280-DO-24407', partner)).json();
    const v = p.indicators.find((i: { indicator: string }) => i.indicator === 'test_small');
    expect(v).toMatchObject({ value: null, suppressed: true });
    expect(v.reason).toMatch(/50/);
    const police = (await get('/api/areas/1280-DO-24407', analyst)).json();
    expect(police.indicators.find((i: { indicator: string }) => i.indicator === 'test_small').value).toBe(12);

    const ep = (await get('/api/areas/1280/exposure?from=2023-01-01T00:00:00%2B01:00&to=2026-01-01T00:00:00%2B01:00', partner)).json();
    const eq = (await get('/api/areas/1280/exposure?from=2023-01-01T00:00:00%2B01:00&to=2026-01-01T00:00:00%2B01:00', analyst)).json();
    // Partners get rows only for the types among incidents released to them; each small police count is
    // withheld or absent for them.
    for (const r of ep.items as Array<{ period: string; type: string }>) expect(eq.items.some((x: { period: string; type: string }) => x.period === r.period && x.type === r.type)).toBe(true);
    const smallPolice = eq.items.filter((r: { count: number }) => r.count < 5);
    expect(smallPolice.length).toBeGreaterThan(0);
    for (const r of smallPolice) {
      const pr = ep.items.find((x: { period: string; type: string }) => x.period === r.period && x.type === r.type);
      if (pr) expect(pr).toMatchObject({ count: null, rate: null, suppressed: true });
    }
    const big = eq.items.find((r: { type: string; period: string }) => r.type === 'all' && r.period === '2024');
    expect(big.count).toBeGreaterThanOrEqual(5);
    expect(big.rate).toBeCloseTo((big.count * 10000) / eq.population, 9);
    // Partners count only incidents from groups released to them (incidents/partnerRelease.ts), so at most
    // the police count, and never a small one.
    const partnerAll = ep.items.find((r: { type: string; period: string }) => r.type === 'all' && r.period === '2024').count;
    expect(partnerAll === null || (partnerAll >= 5 && partnerAll <= big.count)).toBe(true);
    for (const r of ep.items as Array<{ count: number | null }>) expect(r.count === null || r.count >= 5).toBe(true);
  });
});

describe('choropleth, ranking, change and designations', () => {
  it('serves the kommun choropleth with score, level and designation', async () => {
    const res = await get('/api/areas/geojson?level=kommun', analyst);
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(290);
    const m = fc.features.find((f: { properties: { code: string } }) => f.properties.code === '1280');
    expect(m.properties).toMatchObject({ code: '1280', name: 'Malmö', level: 'kommun', designated: true, score: expect.any(Number), indexLevel: expect.any(Number) });
    expect(fc.features.filter((f: { properties: { designated: boolean } }) => f.properties.designated).length).toBeGreaterThan(20);
  });

  it('serves the län choropleth from aggregated values', async () => {
    const fc = (await get('/api/areas/geojson?level=lan', analyst)).json();
    expect(fc.features).toHaveLength(21);
    expect(fc.features.every((f: { properties: { score: number | null } }) => typeof f.properties.score === 'number')).toBe(true);
  });

  it('serves finer units with their designations (each district scheme its own comparison set)', async () => {
    const fc = (await get('/api/areas/geojson?level=district&vintage=MALMO-DO2023', analyst)).json();
    expect(fc.features.length).toBeGreaterThanOrEqual(136);
    expect(fc.features.filter((f: { properties: { designated: boolean } }) => f.properties.designated).length).toBeGreaterThanOrEqual(4);
    const all = (await get('/api/areas/geojson?level=district', analyst)).json();
    expect(all.features.length).toBeGreaterThan(1600);
    expect(Object.keys(all.years).sort()).toEqual(['GBG-BO2021', 'MALMO-DO2023', 'STHLM-BO2016', 'STHLM-SD2021']);
    expect(all.features.filter((f: { properties: { score: number | null } }) => f.properties.score !== null).length).toBeGreaterThan(1600);
    expect(Object.values(all.years)).toEqual([2024, 2024, 2024, 2024]);
    // Partners: districts of unknown population are suppressed, with the reason.
    const p = (await get('/api/areas/geojson?level=district&vintage=MALMO-DO2023', partner)).json();
    expect(p.features.length).toBeGreaterThanOrEqual(136);
    expect(p.features.every((f: { properties: { score: number | null; suppressed?: boolean } }) => f.properties.score === null && f.properties.suppressed)).toBe(true);
  });

  it('ranks with paging', async () => {
    const p1 = (await get('/api/strategic/ranking?level=kommun&year=2024&limit=50', analyst)).json();
    expect(p1.items).toHaveLength(50);
    expect(p1.items[0].rank).toBe(1);
    expect(p1.nextCursor).toBe('50');
    const p2 = (await get(`/api/strategic/ranking?level=kommun&year=2024&limit=50&cursor=${p1.nextCursor}`, analyst)).json();
    expect(p2.items[0].rank).toBe(51);
    expect(p2.items[0].score).toBeLessThanOrEqual(p1.items[49].score);
    const pct = (await get('/api/strategic/ranking?level=kommun&year=2024&limit=5&method=percentile', analyst)).json();
    expect(pct.items[0].score).toBeGreaterThan(50);
  });

  it('reports movers and a watch list with the AUC against designated areas', async () => {
    const mv = (await get('/api/strategic/movers?level=kommun&from=2019&to=2024&limit=5', analyst)).json();
    expect(mv.items).toHaveLength(5);
    expect(mv.items[0]).toMatchObject({ code: expect.any(String), from: expect.any(Number), to: expect.any(Number), change: expect.any(Number) });
    const wl = (await get('/api/strategic/watchlist?level=kommun', analyst)).json();
    expect(wl.year).toBe(2024);
    expect(wl.separation.auc).toBeGreaterThan(0.7);
    expect(wl.designatedCount).toBeGreaterThan(20);
    expect(wl.items.length).toBeGreaterThan(0);
    expect(wl.items[0]).toMatchObject({ status: expect.stringMatching(/at_level|approaching/), reason: expect.any(String) });
  });

  it('serves the utsatta områden as their own layer', async () => {
    const fc = (await get('/api/classifications/utsatta-omraden', analyst)).json();
    expect(fc.version).toBe('2025-12');
    expect(fc.features).toHaveLength(65);
    expect(fc.features.filter((f: { properties: { category: string } }) => f.properties.category === 'sarskilt_utsatt')).toHaveLength(19);
    expect(fc.features.every((f: { properties: { kommunCode: string | null } }) => /^\d{4}$/.test(f.properties.kommunCode ?? ''))).toBe(true);
  });
});

describe('drill-down', () => {
  it('creates a local picture for an area carrying its code, name and geometry', async () => {
    const res = await post('/api/areas/1280/picture', analyst, {});
    expect(res.statusCode).toBe(201);
    const pic = res.json();
    expect(pic).toMatchObject({ areaCode: '1280', level: 'local', areaName: 'Malmö' });
    expect(pic.title).toContain('Malmö');
    expect(['Polygon', 'MultiPolygon']).toContain(pic.area.type);
    const again = (await get(`/api/pictures/${pic.id}`, analyst)).json();
    expect(again.areaCode).toBe('1280');
    expect(again.layers.length).toBeGreaterThan(0);
  });

  it('drills down from a district with a long code', async () => {
    const res = await post('/api/areas/0180-SD-HASSELBY_GARD/picture', commander, { title: 'Hässelby gård' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ areaCode: '0180-SD-HASSELBY_GARD', title: 'Hässelby gård' });
    expect((await get(`/api/pictures/${res.json().id}`, commander)).json().areaCode).toBe('0180-SD-HASSELBY_GARD');
  });

  it("opens the organisation's open picture of the area again instead of making a duplicate (200)", async () => {
    const first = await post('/api/areas/1280-DO-24407/picture', analyst, {});
    expect(first.statusCode).toBe(201);
    const again = await post('/api/areas/1280-DO-24407/picture', analyst, {});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, areaCode: '1280-DO-24407', areaName: first.json().areaName });
    // Same organisation, another officer: the same picture.
    expect((await post('/api/areas/1280-DO-24407/picture', commander, {})).json().id).toBe(first.json().id);
    // Another organisation gets its own.
    const region = await t.login('region');
    const theirs = await post('/api/areas/1280-DO-24407/picture', region, {});
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(first.json().id);
  });

  it('returns an RTM study skeleton with the area as boundary in EPSG:3006', async () => {
    const res = await post('/api/areas/1280-DO-24407/rtm-study', analyst, {});
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ crs: 'EPSG:3006', blockLength: 100, areaCode: '1280-DO-24407', factors: [] });
    expect(s.name).toContain(s.areaName);
    const first = s.boundary.type === 'Polygon' ? s.boundary.coordinates[0][0] : s.boundary.coordinates[0][0][0];
    expect(first[0]).toBeGreaterThan(300_000);
    expect(first[1]).toBeGreaterThan(6_000_000);
    expect(s.outcome.type).toBe('FeatureCollection');
  });
});

describe('openapi', () => {
  it('describes the strategic routes', async () => {
    const doc = (await get('/api/docs/json', analyst)).json();
    for (const path of ['/api/areas', '/api/areas/{code}', '/api/areas/geojson', '/api/strategic/index', '/api/strategic/ranking', '/api/indicators/import']) expect(Object.keys(doc.paths)).toContain(path);
  });
});

describe('seed', () => {
  it('is idempotent', async () => {
    const before = await t.ctx.prisma.area.count();
    const incidents = await t.ctx.prisma.incident.count({ where: { source: 'polisen' } });
    expect(incidents).toBeGreaterThan(4000);
    expect((await seedStrategicData(t.ctx)).seeded).toBe(false);
    expect(await t.ctx.prisma.area.count()).toBe(before);
    expect(await t.ctx.prisma.incident.count({ where: { source: 'polisen' } })).toBe(incidents);
  });
});
