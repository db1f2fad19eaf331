import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, addFeature, appendLog } from '../../../shared/src/layerDoc.ts';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';

// Every non-public classification carries a string with SECRET in it; the public content carries PUBLIC-OK.
const SECRET = /SECRET/;
const POINT = { type: 'Point', coordinates: [13.0, 55.6] };
const at = (i: number) => ({ x: 374_000 + i * 40, y: 6_164_000 + i * 30, crs: 'EPSG:3006' });

describe.each<DbKind>(['sqlite', 'postgres'])('the public view reads public content only (%s)', (kind) => {
  let t: TestApp;
  let tok: string;
  let hiddenPictureId: string;

  beforeAll(async () => {
    t = await createTestApp({ kind, with: { collab: {}, incidents: {}, measures: {}, public: { cacheTtlMs: 0 }, ogc: {} }, seedSteps: [seedDemoPicture] });
    tok = await t.login('commander');
    const { docs } = t.caps.collab!;
    // Layers: markers in the police-internal and both partner layers (features, descriptions, comments, log)…
    for (const layerId of [DEMO_LAYER_IDS.police, DEMO_LAYER_IDS.joint, DEMO_LAYER_IDS.risk]) {
      await docs.change(layerId, (doc) => {
        addFeature(doc, `secret-${layerId}`, POINT as never, { title: `SECRET-title-${layerId}`, description: 'SECRET-description', createdBy: 'SECRET-author' });
        addComment(doc, `secret-${layerId}`, { author: 'SECRET-commenter', time: new Date().toISOString(), text: 'SECRET-comment' });
        appendLog(doc, { id: `log-${layerId}`, time: new Date().toISOString(), author: 'SECRET-author', text: 'SECRET-log', featureIds: [] });
      });
    }
    // …and in the public layer what names people: author, comments and the log (published fields are the control).
    await docs.change(DEMO_LAYER_IDS.public, (doc) => {
      addFeature(doc, 'f-public-2', POINT as never, { title: 'PUBLIC-OK belysning', description: 'PUBLIC-OK ny belysning i parken', category: 'lighting', createdBy: 'SECRET-public-author' });
      addComment(doc, 'f-public-2', { author: 'SECRET-public-commenter', time: new Date().toISOString(), text: 'SECRET-public-comment' });
      appendLog(doc, { id: 'log-public-2', time: new Date().toISOString(), author: 'SECRET-public-author', text: 'SECRET-public-log', featureIds: ['f-public-2'] });
    });
    await docs.flushAll();

    // A picture in the same municipality without a public layer: its title must not reach the public.
    const pic = await t.app.inject({ method: 'POST', url: '/api/pictures', headers: bearer(tok), payload: { title: 'SECRET-picture-title', level: 'local', areaCode: '1280' } });
    expect(pic.statusCode).toBe(201);
    hiddenPictureId = pic.json().id;

    // Measures: police-internal and partner ones, and a public one whose non-public fields carry markers.
    const measure = async (body: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/measures`, headers: bearer(tok), payload: { kind: 'patrol', target: POINT, startsAt: '2026-11-01T00:00:00Z', ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await measure({ title: 'SECRET-pi-measure', classification: 'police_internal', publicText: 'SECRET-pi-public-text', description: 'SECRET-pi-description' });
    await measure({ title: 'SECRET-partner-measure', classification: 'partner', sharedWith: ['org-malmo-stad'], publicText: 'SECRET-partner-public-text' });
    const pub = await measure({
      title: 'PUBLIC-OK medborgarlöfte',
      kind: 'social',
      classification: 'public',
      status: 'active',
      publicText: 'PUBLIC-OK Vi finns i parken varje fredag.',
      description: 'SECRET-public-measure-description',
      responsible: 'SECRET-responsible',
      plannedDosage: { amount: 4, unit: 'visit', per: 'total' },
      evidence: { areaCodes: ['1280'], rtmFactors: [{ name: 'SECRET-rtm-factor', relativeRisk: 2 }] },
    });
    const act = await t.app.inject({ method: 'POST', url: `/api/measures/${pub}/activities`, headers: bearer(tok), payload: { at: '2026-11-06T19:00:00Z', amount: 1, note: 'SECRET-activity-note' } });
    expect(act.statusCode, act.body).toBe(201);

    // Incidents in March 2026, Malmö (1280): public ones are the control; everything else must not count.
    const incidents = [
      ...Array.from({ length: 6 }, (_, i) => ({ sourceId: `pub-shoot-${i}`, type: 'shooting', classification: 'public', areaCode: '1280' })),
      ...Array.from({ length: 2 }, (_, i) => ({ sourceId: `pub-arson-${i}`, type: 'arson', classification: 'public', areaCode: '128004' })),
      ...Array.from({ length: 3 }, (_, i) => ({ sourceId: `pi-shoot-${i}`, type: 'shooting', classification: 'police_internal', areaCode: '1280' })),
      ...Array.from({ length: 7 }, (_, i) => ({ sourceId: `pi-expl-${i}`, type: 'explosion', classification: 'police_internal', areaCode: '1280' })),
      ...Array.from({ length: 5 }, (_, i) => ({ sourceId: `partner-hom-${i}`, type: 'homicide', classification: 'partner', areaCode: '1280' })),
      ...Array.from({ length: 5 }, (_, i) => ({ sourceId: `sthlm-${i}`, type: 'threat_witness', classification: 'public', areaCode: '0180' })),
    ].map((p, i) => ({ source: 'probe', status: 'confirmed', occurredAt: `2026-03-${String(2 + i).padStart(2, '0')}T20:00:00+01:00`, location: at(i), description: `SECRET-incident-${p.sourceId}`, ...p }));
    incidents.push({ source: 'probe', sourceId: 'pub-unconfirmed', type: 'homicide', classification: 'public', areaCode: '1280', status: 'unconfirmed', occurredAt: '2026-03-20T20:00:00+01:00', location: at(40), description: 'SECRET-unconfirmed' });
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(await t.login('analyst')), payload: incidents });
    expect(res.statusCode, res.body).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  const PUBLIC_URLS = [
    '/api/public/municipalities',
    '/api/public/municipalities/1280',
    '/api/public/pictures',
    '/api/public/pictures?municipality=1280',
    `/api/public/pictures/${DEMO_PICTURE_ID}`,
    '/api/public/measures?municipality=1280',
    '/api/public/statistics?municipality=1280&from=2026-01&to=2026-12',
    '/ogc',
    '/ogc/collections',
    `/ogc/collections/${DEMO_LAYER_IDS.public}`,
    `/ogc/collections/${DEMO_LAYER_IDS.public}/items?limit=1000`,
    `/ogc/collections/${DEMO_LAYER_IDS.public}/items/f-public-2`,
  ];

  it('no endpoint answers anything of another classification, and the public content is there (positive control)', async () => {
    let all = '';
    for (const url of PUBLIC_URLS) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toMatch(SECRET);
      all += res.body;
    }
    for (const control of ['PUBLIC-OK belysning', 'PUBLIC-OK ny belysning i parken', 'PUBLIC-OK medborgarlöfte', 'PUBLIC-OK Vi finns i parken', 'Mobil polisstation']) expect(all).toContain(control);
  });

  it('layers and pictures that are not public do not exist for the public, without a word of their content', async () => {
    for (const url of [
      `/api/public/pictures/${hiddenPictureId}`,
      `/ogc/collections/${DEMO_LAYER_IDS.police}`,
      `/ogc/collections/${DEMO_LAYER_IDS.joint}/items`,
      `/ogc/collections/${DEMO_LAYER_IDS.risk}/items/secret-${DEMO_LAYER_IDS.risk}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toMatch(SECRET);
    }
    const pictures = (await get('/api/public/pictures')).json();
    expect(pictures.items.map((p: { id: string }) => p.id)).toEqual([DEMO_PICTURE_ID]);
    const picture = (await get(`/api/public/pictures/${DEMO_PICTURE_ID}`)).json();
    expect(picture.layers.map((l: { id: string }) => l.id)).toEqual([DEMO_LAYER_IDS.public]);
    const collections = (await get('/ogc/collections')).json();
    expect(collections.collections.map((c: { id: string }) => c.id)).toEqual([DEMO_LAYER_IDS.public]);
  });

  it('public features keep what was published and lose the author, comments and log', async () => {
    const picture = (await get(`/api/public/pictures/${DEMO_PICTURE_ID}`)).json();
    const f = picture.layers[0].features.features.find((x: { id: string }) => x.id === 'f-public-2');
    expect(Object.keys(f.properties).sort()).toEqual(['category', 'description', 'symbol', 'title', 'updatedAt', 'validUntil']);
    expect(f.properties).toMatchObject({ title: 'PUBLIC-OK belysning', category: 'lighting' });
    expect(picture.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(picture.source).toMatch(/Källa/);
  });

  it('public measures carry the public fields and progress only', async () => {
    const { items } = (await get('/api/public/measures?municipality=1280')).json();
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]).sort()).toEqual(['endsAt', 'id', 'kind', 'progress', 'publicText', 'startsAt', 'status', 'target', 'title', 'updatedAt']);
    expect(items[0]).toMatchObject({ title: 'PUBLIC-OK medborgarlöfte', status: 'active', progress: { delivered: 1, planned: { amount: 4, unit: 'visit', per: 'total' } } });
    expect((await get('/api/public/measures?municipality=0180')).json().items).toEqual([]);
  });

  it('statistics count confirmed public incidents per month and type, with 1–4 suppressed and no totals', async () => {
    const res = await get('/api/public/statistics?municipality=1280&from=2026-02-15&to=2026-03');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ from: '2026-02', to: '2026-03' });
    expect(body.items).toEqual([
      { month: '2026-02', type: 'arson', count: 0, suppressed: false },
      { month: '2026-02', type: 'shooting', count: 0, suppressed: false },
      { month: '2026-03', type: 'arson', count: null, suppressed: true },
      { month: '2026-03', type: 'shooting', count: 6, suppressed: false },
    ]);
    expect(body).not.toHaveProperty('total');
    // Another municipality's public incidents stay there (5: shown).
    expect((await get('/api/public/statistics?municipality=0180&from=2026-03&to=2026-03')).json().items).toEqual([{ month: '2026-03', type: 'threat_witness', count: 5, suppressed: false }]);
  });

  it('answers are cacheable: ETag, public max-age, 304 on If-None-Match, a new ETag when content changes', async () => {
    const url = `/api/public/pictures/${DEMO_PICTURE_ID}`;
    const first = await get(url);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect((await get(url, { 'if-none-match': etag.slice(2) })).statusCode).toBe(304);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await t.caps.collab!.docs.change(DEMO_LAYER_IDS.public, (doc) => addFeature(doc, 'f-public-3', POINT as never, { title: 'PUBLIC-OK ny', createdBy: 'commander' }));
    const changed = await get(url, { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    // Gzipped for clients that take it (same ETag: the representation's content is the same JSON).
    const zipped = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8')).id).toBe(DEMO_PICTURE_ID);
    expect((await get(url, { 'accept-encoding': 'gzip;q=0, identity' })).headers['content-encoding']).toBeUndefined();
    // The signed-in API keeps its no-store.
    expect((await get(`/api/pictures/${DEMO_PICTURE_ID}`, bearer(tok))).headers['cache-control']).toBe('no-store');
  });

  it('names municipalities with their SCB code, and gives one municipality’s boundary', async () => {
    const list = (await get('/api/public/municipalities')).json().items as Array<{ code: string; name: string; hasContent: boolean }>;
    expect(list).toHaveLength(290);
    expect(list.find((m) => m.code === '1280')).toEqual({ code: '1280', name: 'Malmö', hasContent: true });
    expect(list.find((m) => m.code === '0180')?.hasContent).toBe(false);
    const malmo = (await get('/api/public/municipalities/1280')).json();
    expect(malmo).toMatchObject({ code: '1280', name: 'Malmö', boundary: { type: 'MultiPolygon' } });
    expect((await get('/api/public/municipalities/9999')).statusCode).toBe(404);
    expect((await get('/api/public/municipalities/12')).statusCode).toBe(400);
  });

  it('refuses malformed parameters with 400 and a sentence', async () => {
    for (const url of [
      '/api/public/measures',
      '/api/public/measures?municipality=128',
      '/api/public/measures?municipality=malmo',
      '/api/public/pictures?municipality=12800',
      '/api/public/statistics?municipality=1280&from=2026-13',
      '/api/public/statistics?municipality=1280&from=2026-05&to=2026-01',
      '/api/public/statistics?municipality=1280&from=2000-01&to=2026-01',
      '/api/public/statistics?municipality=1280&to=2026-02-30',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message.length, url).toBeGreaterThan(10);
    }
  });
});
