/**
 * Issue 17 item 1: factor data imported from files as named factor layers of a picture, reused by studies.
 * Over a real server with the demo picture: an analyst imports, the layer follows the layer access rules
 * (police-internal: partners never read it, with a police reader as the positive control), bad files get
 * Swedish sentences per row, and a study naming the imported layer runs to a result.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { swerefToWgs } from '../../../../shared/src/geo/sweref.ts';
import { writeGeoPackage } from '../../geo/geopackage.ts';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../../pictures/demoPicture.ts';
import { createRng, pointsFc, randomPoints, squareBoundary } from '../core/synthetic.ts';

const X0 = 370_000;
const Y0 = 6_160_000;
const W = 2000;

interface Json {
  [k: string]: unknown;
}

describe('RTM factor import', () => {
  let t: TestApp;
  let base: string;
  let analyst: string;
  let commander: string;
  let partner: string;
  let duty: string;
  const rng = createRng(11);
  const bars = randomPoints(rng, 10, X0, Y0, W, W);

  const call = async (token: string, method: string, path: string, body?: string | object | Buffer, contentType = 'application/json') => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
  };
  const importUrl = (q: Record<string, string>) => `/api/pictures/${DEMO_PICTURE_ID}/rtm/factors?${new URLSearchParams(q)}`;

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, rtm: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    [analyst, commander, partner, duty] = await Promise.all(['analyst', 'commander', 'partner.editor', 'duty'].map((u) => t.login(u)));
  });
  afterAll(async () => {
    await t?.close();
  });

  let barsLayerId = '';

  it('imports a GeoJSON file in SWEREF 99 TM as a police-internal factor layer, marked synthetic, with a log entry', async () => {
    const res = await call(analyst, 'POST', importUrl({ name: 'Krogar (syntetiska)', fileName: 'krogar.geojson', crs: 'EPSG:3006', synthetic: 'true' }), pointsFc(bars), 'application/geo+json');
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ imported: 10, rejectedCount: 0, geometryTypes: { Point: 10 } });
    const layer = res.json.layer as Json;
    expect(layer).toMatchObject({ name: 'Krogar (syntetiska)', kind: 'rtm_factor', classification: 'police_internal', pictureId: DEMO_PICTURE_ID, meta: { format: 'geojson', fileName: 'krogar.geojson', synthetic: true, features: 10 } });
    barsLayerId = layer.id as string;

    const fc = (await call(analyst, 'GET', `/api/layers/${barsLayerId}/features`)).json as { features: { geometry: { coordinates: number[] } }[] };
    expect(fc.features).toHaveLength(10);
    const [lon, lat] = swerefToWgs(bars[0], bars[1]);
    expect(fc.features.some((f) => Math.abs(f.geometry.coordinates[0] - lon) < 1e-6 && Math.abs(f.geometry.coordinates[1] - lat) < 1e-6)).toBe(true);

    const exp = (await call(commander, 'GET', `/api/pictures/${DEMO_PICTURE_ID}/export`)).json as { layers: { id: string; log: { text: string }[] }[] };
    const log = exp.layers.find((l) => l.id === barsLayerId)?.log ?? [];
    expect(log.map((l) => l.text)).toEqual([expect.stringMatching(/^Riskfaktor importerad från krogar\.geojson \(GEOJSON\): 10 punkter\. Syntetiska demodata\.$/)]);
  });

  it('[AC1] keeps the factor layer from partners on every route; police readers get it (positive control)', async () => {
    const mine = await call(commander, 'GET', `/api/pictures/${DEMO_PICTURE_ID}`);
    expect((mine.json.layers as Json[]).map((l) => l.id)).toContain(barsLayerId);
    const theirs = await call(partner, 'GET', `/api/pictures/${DEMO_PICTURE_ID}`);
    expect(theirs.status).toBe(200);
    expect((theirs.json.layers as Json[]).map((l) => l.id)).not.toContain(barsLayerId);
    expect((await call(partner, 'GET', `/api/layers/${barsLayerId}/features`)).status).toBeGreaterThanOrEqual(403);
    expect((await call(partner, 'GET', '/api/rtm/factors')).status).toBe(403);
    expect((await call(partner, 'POST', importUrl({ name: 'x' }), pointsFc(bars))).status).toBe(403);
  });

  it('lists factor layers of the picture and, for reuse, of every picture the user may read', async () => {
    const inPicture = (await call(analyst, 'GET', `/api/rtm/factors?pictureId=${DEMO_PICTURE_ID}`)).json.items as Json[];
    expect(inPicture.map((l) => l.id)).toEqual([barsLayerId]);
    const everywhere = (await call(analyst, 'GET', '/api/rtm/factors')).json.items as Json[];
    expect(everywhere.map((l) => l.id)).toContain(barsLayerId);
  });

  it('only analysts, commanders and admins import; duty officers are refused', async () => {
    expect((await call(duty, 'POST', importUrl({ name: 'x' }), pointsFc(bars))).status).toBe(403);
    expect((await call(analyst, 'POST', `/api/pictures/pic_nope/rtm/factors?name=x`, pointsFc(bars))).status).toBe(404);
  });

  it('imports a CSV with a WKT column of lines and polygons and reports the bad rows in Swedish', async () => {
    const [x, y] = [X0 + 500, Y0 + 500];
    const csv = [
      'namn;wkt',
      `Väg;"LINESTRING (${x} ${y}, ${x + 800} ${y + 300})"`,
      `Park;"POLYGON ((${x} ${y}, ${x + 200} ${y}, ${x + 200} ${y + 200}, ${x} ${y}))"`,
      'Trasig;"POLYGON ((1 2, 3 4))"',
      'Tom;',
    ].join('\n');
    const res = await call(analyst, 'POST', importUrl({ name: 'Vägar och parker', fileName: 'vagar.csv', crs: 'EPSG:3006' }), csv, 'text/csv');
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ imported: 2, rejectedCount: 2, geometryTypes: { LineString: 1, Polygon: 1 } });
    expect(res.json.rejected).toEqual([
      { row: 3, errors: [expect.stringMatching(/^Rad 3: /)] },
      { row: 4, errors: ['Rad 4: WKT-kolumnen är tom.'] },
    ]);
  });

  it('imports the feature tables of a GeoPackage (points and polygons), and refuses a file that is not one in Swedish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtm-gpkg-'));
    try {
      const path = join(dir, 'faktorer.gpkg');
      const [lon, lat] = swerefToWgs(X0 + 1000, Y0 + 1000);
      const square = [[lon, lat], [lon + 0.002, lat], [lon + 0.002, lat + 0.002], [lon, lat + 0.002], [lon, lat]];
      writeGeoPackage(path, [
        { name: 'skolor', features: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { namn: 'Skola' } }] } },
        { name: 'parker', features: { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square] }, properties: { name: 'Park' } }] } },
      ]);
      const bytes = readFileSync(path);
      const all = await call(analyst, 'POST', importUrl({ name: 'Skolor och parker', fileName: 'faktorer.gpkg' }), bytes, 'application/geopackage+sqlite3');
      expect(all.status, JSON.stringify(all.json)).toBe(201);
      expect(all.json).toMatchObject({ imported: 2, geometryTypes: { Point: 1, Polygon: 1 }, layer: { meta: { format: 'gpkg' } } });
      const one = await call(analyst, 'POST', importUrl({ name: 'Bara parker', format: 'gpkg', table: 'parker' }), bytes, 'application/geopackage+sqlite3');
      expect(one.json).toMatchObject({ imported: 1, geometryTypes: { Polygon: 1 } });
      const missing = await call(analyst, 'POST', importUrl({ name: 'x', format: 'gpkg', table: 'vagar' }), bytes, 'application/geopackage+sqlite3');
      expect(missing.status).toBe(422);
      expect(((missing.json.error as Json).details as Json).problems).toEqual(['GeoPackage-filen har ingen tabell vagar; den har skolor, parker.']);
      const junk = await call(analyst, 'POST', importUrl({ name: 'x', fileName: 'trasig.gpkg' }), Buffer.from('inte en databas'), 'application/geopackage+sqlite3');
      expect(junk.status).toBe(422);
      expect(((junk.json.error as Json).details as Json).problems).toEqual([expect.stringMatching(/^Filen kan inte läsas som GeoPackage/)]);
      // Refused files created nothing; the two imports above did.
      expect(((await call(analyst, 'GET', `/api/rtm/factors?pictureId=${DEMO_PICTURE_ID}`)).json.items as Json[]).length).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file with nothing importable, and one that is not a factor file, with 422 and Swedish problems', async () => {
    const none = await call(analyst, 'POST', importUrl({ name: 'x', fileName: 'fel.csv' }), 'lon,lat\n55.6,13.0\n', 'text/csv');
    expect(none.status).toBe(422);
    const details = (none.json.error as Json).details as Json;
    expect(details.problems).toEqual(['Inget objekt i filen kunde importeras.']);
    expect((details.rejected as Json[])[0]).toMatchObject({ row: 1, errors: [expect.stringMatching(/utanför Sverige/)] });
    const columns = await call(analyst, 'POST', importUrl({ name: 'x', format: 'csv' }), 'adress\nStorgatan 1\n', 'text/csv');
    expect(columns.status).toBe(422);
    expect(((columns.json.error as Json).details as Json).problems).toEqual([expect.stringMatching(/^CSV-filen saknar kolumner/)]);
    const before = ((await call(analyst, 'GET', `/api/rtm/factors?pictureId=${DEMO_PICTURE_ID}`)).json.items as Json[]).length;
    expect(before).toBe(4); // nothing was created by the refused imports
  });

  it('runs a study whose factor is the imported layer, named by layerId', { timeout: 60_000 }, async () => {
    const events: number[] = [];
    for (let i = 0; i < 60; i++) events.push(bars[(2 * i) % 20] + (rng() - 0.5) * 80, bars[((2 * i) % 20) + 1] + (rng() - 0.5) * 80);
    const study = {
      name: 'Med importerad faktor',
      crs: 'EPSG:3006',
      blockLength: 100,
      boundary: squareBoundary(X0, Y0, W, W),
      outcome: pointsFc(events),
      factors: [{ name: 'Krogar', layerId: barsLayerId }],
      seed: 1,
      pictureId: DEMO_PICTURE_ID,
    };
    const started = await call(analyst, 'POST', '/api/rtm/studies', study);
    expect(started.status, JSON.stringify(started.json)).toBe(202);
    const id = started.json.runId as string;
    let run: Json = {};
    for (const t0 = Date.now(); Date.now() - t0 < 50_000; await new Promise((r) => setTimeout(r, 100))) {
      run = (await call(analyst, 'GET', `/api/rtm/runs/${id}`)).json;
      if (run.status !== 'queued' && run.status !== 'running') break;
    }
    expect(run.status, JSON.stringify(run.error)).toBe('completed');
    const factors = (run.result as { factors: { name: string }[] }).factors;
    expect(factors.map((f) => f.name)).toContain('Krogar');
  });
});
