import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addComment, addFeature } from '../../../shared/src/layerDoc.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { readGeoPackage } from '../geo/geopackage.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';

const run = promisify(execFile);
const SECRET = /SECRET/;
/** More public features than one page. */
const PUBLIC_COUNT = 25;

// GDAL's OGC API – Features driver (a client nobody here wrote) against a real listening server.
describe('OGC API – Features read by GDAL (ogrinfo, ogr2ogr)', () => {
  let t: TestApp;
  let base: string;
  const tok: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'ogc-gdal-'));

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, public: { cacheTtlMs: 0 }, ogc: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'partner.viewer']) tok[u] = await t.login(u);
    const { docs } = t.caps.collab!;
    await docs.change(DEMO_LAYER_IDS.police, (doc) => addFeature(doc, 'secret-police', { type: 'Point', coordinates: [13.01, 55.6] }, { title: 'SECRET-police', createdBy: 'analyst' }));
    await docs.change(DEMO_LAYER_IDS.joint, (doc) => {
      addFeature(doc, 'joint-extra', { type: 'Point', coordinates: [13.02, 55.6] }, { title: 'Delad punkt', createdBy: 'commander' });
      addComment(doc, 'joint-extra', { author: 'commander', time: new Date().toISOString(), text: 'SECRET-joint-comment' });
    });
    await docs.change(DEMO_LAYER_IDS.public, (doc) => {
      for (let i = 0; i < PUBLIC_COUNT - 1; i++) {
        addFeature(doc, `pub-${String(i).padStart(2, '0')}`, { type: 'Point', coordinates: [13 + i / 1000, 55.6 + i / 1000] }, { title: `PUBLIC-OK ${i}`, createdBy: 'SECRET-author' }, new Date(Date.UTC(2026, 0, 1 + i)));
      }
    });
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const ogrinfo = async (args: string[], token?: string) =>
    (await run('ogrinfo', [...(token ? ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`] : []), '-ro', ...args], { encoding: 'utf8' })).stdout;
  const layerNames = (out: string) => [...out.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]).sort();

  it('lists only the public layers anonymously, and exactly the caller’s readable layers with a Bearer token', async () => {
    expect(layerNames(await ogrinfo([`OAPIF:${base}/ogc`]))).toEqual([DEMO_LAYER_IDS.public]);
    expect(layerNames(await ogrinfo([`OAPIF:${base}/ogc`], tok['partner.viewer']))).toEqual([DEMO_LAYER_IDS.joint, DEMO_LAYER_IDS.risk, DEMO_LAYER_IDS.public].sort());
    expect(layerNames(await ogrinfo([`OAPIF:${base}/ogc`], tok.commander))).toEqual(Object.values(DEMO_LAYER_IDS).sort());
  });

  it('ogr2ogr copies a collection to GeoJSON, following next links; the features match and carry nothing unpublished', async () => {
    const out = join(dir, 'public.geojson');
    // Pages of 7 make GDAL follow four `next` links.
    await run('ogr2ogr', ['-oo', 'PAGE_SIZE=7', '-f', 'GeoJSON', out, `OAPIF:${base}/ogc`, DEMO_LAYER_IDS.public]);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(SECRET);
    const copied = JSON.parse(text).features as Array<{ geometry: unknown; properties: { id: string; title: string } }>;
    const served = (await (await fetch(`${base}/api/public/pictures/${DEMO_PICTURE_ID}`)).json()).layers[0].features.features as Array<{ id: string; geometry: unknown; properties: { title: string } }>;
    expect(served).toHaveLength(PUBLIC_COUNT);
    // GDAL writes 15 significant digits: compare positions to 1e-9 degrees (0.1 mm).
    const round = (g: unknown) => JSON.stringify(g, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v));
    expect(copied.map((f) => [f.properties.id, f.properties.title, round(f.geometry)])).toEqual(served.map((f) => [f.id, f.properties.title, round(f.geometry)]));
  });

  it('with a partner’s token ogr2ogr reads a shared layer; a police-internal one does not exist for it', async () => {
    const out = join(dir, 'joint.geojson');
    await run('ogr2ogr', ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${tok['partner.viewer']}`, '-f', 'GeoJSON', out, `OAPIF:${base}/ogc`, DEMO_LAYER_IDS.joint]);
    expect(JSON.parse(readFileSync(out, 'utf8')).features.map((f: { properties: { title: string } }) => f.properties.title)).toContain('Delad punkt');
    const police = await fetch(`${base}/ogc/collections/${DEMO_LAYER_IDS.police}/items`, { headers: bearer(tok['partner.viewer']) });
    expect(police.status).toBe(404);
    expect(await police.json()).toMatchObject({ code: 'NotFound' });
    // The partner's reads are audited like its reads over /api.
    await t.ctx.audit.flush();
    const rows = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'ogc.read' } });
    expect(rows.some((r) => r.target === `/ogc/collections/${DEMO_LAYER_IDS.police}/items` && r.outcome === 'denied')).toBe(true);
    expect(rows.some((r) => r.target === `/ogc/collections/${DEMO_LAYER_IDS.joint}/items` && r.outcome === 'success')).toBe(true);
  });

  it('items: limit, offset with next/prev, bbox and datetime; absolute links; single items; OGC exceptions', async () => {
    const items = `${base}/ogc/collections/${DEMO_LAYER_IDS.public}/items`;
    const page = await fetch(`${items}?limit=10`);
    expect(page.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const body = await page.json();
    expect(body).toMatchObject({ type: 'FeatureCollection', numberMatched: PUBLIC_COUNT, numberReturned: 10 });
    const next = body.links.find((l: { rel: string }) => l.rel === 'next').href as string;
    expect(next.startsWith(`${base}/ogc/`)).toBe(true);
    const second = await (await fetch(next)).json();
    expect(second.features[0].id).not.toBe(body.features[0].id);
    expect(second.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(true);
    // Default limit 10; the largest is lowered to 10 000.
    expect((await (await fetch(items)).json()).numberReturned).toBe(10);
    expect((await (await fetch(`${items}?limit=99999`)).json()).numberReturned).toBe(PUBLIC_COUNT);
    // bbox: the first five generated points (13.000–13.004, 55.600–55.604).
    const inBox = await (await fetch(`${items}?bbox=12.9995,55.5995,13.0045,55.6045&limit=100`)).json();
    expect(inBox.features.map((f: { id: string }) => f.id)).toEqual(['pub-00', 'pub-01', 'pub-02', 'pub-03', 'pub-04']);
    // datetime on updatedAt: 2026-01-01 … 2026-01-03 (the three first).
    const inTime = await (await fetch(`${items}?datetime=2026-01-01T00:00:00Z/2026-01-03T23:59:59Z&limit=100`)).json();
    expect(inTime.features.map((f: { id: string }) => f.id)).toEqual(['pub-00', 'pub-01', 'pub-02']);
    const open = await (await fetch(`${items}?datetime=../2026-01-02T00:00:00Z&limit=100`)).json();
    expect(open.features.map((f: { id: string }) => f.id)).toEqual(['pub-00', 'pub-01']);
    const one = await fetch(`${items}/pub-03?f=json`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ type: 'Feature', id: 'pub-03', properties: { title: 'PUBLIC-OK 3' } });
    for (const [url, status] of [
      [`${items}?bbox=1,2,3`, 400],
      [`${items}?limit=0`, 400],
      [`${items}?datetime=yesterday`, 400],
      [`${items}?f=html`, 400],
      [`${base}/ogc/collections/nope/items`, 404],
      [`${items}/nope`, 404],
      [`${base}/ogc/nothing-here`, 404],
    ] as const) {
      const res = await fetch(url);
      expect(res.status, url).toBe(status);
      const ex = await res.json();
      expect(typeof ex.code).toBe('string');
      expect(ex.description.length).toBeGreaterThan(5);
    }
    // A token that is not a session is refused rather than read as anonymous.
    expect((await fetch(`${base}/ogc/collections`, { headers: bearer('not-a-session') })).status).toBe(401);
    const landing = await (await fetch(`${base}/ogc`)).json();
    expect(landing.links.map((l: { rel: string }) => l.rel)).toEqual(['self', 'conformance', 'data']);
    expect((await (await fetch(`${base}/ogc/conformance`)).json()).conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
  });

  it('GET /api/pictures/:id/export.gpkg: one table per readable layer, audited; ogrinfo and our reader agree', async () => {
    const temps = () => readdirSync(tmpdir()).filter((d) => d.startsWith('lagesbild-gpkg-')).length;
    const tempsBefore = temps();
    const res = await fetch(`${base}/api/pictures/${DEMO_PICTURE_ID}/export.gpkg`, { headers: bearer(tok['partner.viewer']) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.gpkg"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // The temporary file is gone once the answer is sent.
    await expect.poll(temps).toBeLessThanOrEqual(tempsBefore);
    const file = join(dir, 'partner.gpkg');
    writeFileSync(file, bytes);
    const info = await ogrinfo(['-so', file]);
    const tables = readGeoPackage(bytes);
    expect(tables.map((l) => l.title).sort()).toEqual(['Allmän information', 'Riskbild (generaliserad)', 'Samverkan Malmö stad']);
    for (const l of tables) expect(info).toContain(l.name);
    const joint = tables.find((l) => l.title === 'Samverkan Malmö stad')!;
    const { stdout } = await run('ogrinfo', ['-ro', '-so', file, joint.name], { encoding: 'utf8' });
    expect(stdout).toContain(`Feature Count: ${joint.features.features.length}`);
    const served = (await (await fetch(`${base}/api/layers/${DEMO_LAYER_IDS.joint}/features`, { headers: bearer(tok['partner.viewer']) })).json()).features as Array<{ id: string; geometry: unknown }>;
    expect(joint.features.features.map((f) => [f.properties.feature_id, f.geometry])).toEqual(served.map((f) => [f.id, f.geometry]));
    expect(bytes.toString('latin1')).not.toContain('SECRET-police');
    const audit = await t.ctx.prisma.auditEvent.findMany({ where: { action: 'picture.export', target: DEMO_PICTURE_ID } });
    expect(audit.some((a) => (a.detail ?? '').includes('gpkg'))).toBe(true);
    // Police get the police-internal layer too; an unknown picture is 404; no session is 401.
    const police = readGeoPackage(Buffer.from(await (await fetch(`${base}/api/pictures/${DEMO_PICTURE_ID}/export.gpkg`, { headers: bearer(tok.commander) })).arrayBuffer()));
    expect(police.map((l) => l.title)).toContain('Polisens lägesbild');
    expect((await fetch(`${base}/api/pictures/nope/export.gpkg`, { headers: bearer(tok.commander) })).status).toBe(404);
    expect((await fetch(`${base}/api/pictures/${DEMO_PICTURE_ID}/export.gpkg`)).status).toBe(401);
  });
});

describe('OGC links behind a proxy', () => {
  it('follow X-Forwarded-Proto/Host only from TRUST_PROXY, and PUBLIC_BASE_URL when set', async () => {
    for (const [env, expected] of [
      [{ TRUST_PROXY: 'loopback' }, 'https://karta.example.se/ogc/conformance'],
      [{}, 'http://127.0.0.1'],
      [{ TRUST_PROXY: 'loopback', PUBLIC_BASE_URL: 'https://lagesbild.example.se/gis/' }, 'https://lagesbild.example.se/gis/ogc/conformance'],
    ] as const) {
      const t = await createTestApp({ with: { collab: {}, ogc: {} }, env });
      try {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const landing = await (await fetch(`${base}/ogc`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'karta.example.se' } })).json();
        const href = landing.links.find((l: { rel: string }) => l.rel === 'conformance').href as string;
        expect(href.startsWith(expected), JSON.stringify(env)).toBe(true);
      } finally {
        await t.close();
      }
    }
  });
});
