import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { seedDemoPicture } from '../pictures/demoPicture.ts';

const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const DAY = 86_400_000;

for (const kind of ['sqlite', 'postgres'] as DbKind[]) {
  describe(`incidents API (${kind})`, () => {
    let t: TestApp;
    const tok: Record<string, string> = {};
    beforeAll(async () => {
      t = await createTestApp({ kind, with: { collab: {}, incidents: {} }, seedSteps: [seedDemoPicture] });
      await t.app.ready();
      for (const u of ['analyst', 'duty', 'commander', 'partner.editor', 'partner.viewer']) tok[u] = await t.login(u);
    });
    afterAll(() => t.close());

    const post = (user: string, payload: unknown) => t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok[user]), payload: payload as object });
    const list = (user: string, qs = '') => t.app.inject({ url: `/api/incidents${qs ? `?${qs}` : ''}`, headers: bearer(tok[user]) });
    const importBody = (user: string, qs: string, body: string, contentType: string) =>
      t.app.inject({ method: 'POST', url: `/api/incidents/import?${qs}`, headers: { ...bearer(tok[user]), 'content-type': contentType }, payload: body });

    it('creates with 201 and defaults, re-sending updates with 200 and never duplicates', async () => {
      const inc = { source: 'rakel', sourceId: 'A-1', type: 'shooting', occurredAt: iso(3_600_000), location: { type: 'Point', coordinates: [13.0, 55.6] } };
      const a = await post('duty', inc);
      expect(a.statusCode).toBe(201);
      const first = a.json().items[0];
      expect(first).toMatchObject({ type: 'shooting', status: 'unconfirmed', classification: 'police_internal', locationPrecision: 'exact', ownerOrgId: 'org-lpo-malmo-norr', generalised: false });
      expect(first.typeLabel).toEqual({ sv: 'Skottlossning', en: 'Shooting' });
      expect(first.locationSweref.crs).toBe('EPSG:3006');
      const b = await post('analyst', { ...inc, status: 'confirmed', description: 'Bekräftad av patrull' });
      expect(b.statusCode).toBe(200);
      expect(b.json().items[0]).toMatchObject({ id: first.id, status: 'confirmed', description: 'Bekräftad av patrull', ownerOrgId: 'org-lpo-malmo-norr' });
      // Omitted optional fields keep their stored values on update.
      const c = await post('analyst', inc);
      expect(c.statusCode).toBe(200);
      expect(c.json().items[0]).toMatchObject({ id: first.id, status: 'confirmed', description: 'Bekräftad av patrull' });
      expect(await t.ctx.prisma.incident.count({ where: { source: 'rakel', sourceId: 'A-1' } })).toBe(1);
    });

    it('accepts EPSG:3006 locations and arrays (201 if any is new), stores both coordinate systems', async () => {
      const res = await post('duty', [
        { source: 'rakel', sourceId: 'A-1', type: 'shooting', occurredAt: iso(3_600_000), location: { type: 'Point', coordinates: [13.0, 55.6] } },
        { source: 'rakel', sourceId: 'B-1', type: 'arson', occurredAt: '2026-11-01T12:00:00+01:00', location: { x: 374_000, y: 6_164_000, crs: 'EPSG:3006' } },
      ]);
      expect(res.statusCode).toBe(201);
      const row = await t.ctx.prisma.incident.findFirst({ where: { sourceId: 'B-1' } });
      expect(row!.x).toBe(374_000);
      expect(row!.lon).toBeGreaterThan(12.9);
      expect(row!.lon).toBeLessThan(13.1);
      expect(row!.lat).toBeGreaterThan(55.5);
      expect(row!.occurredAt.toISOString()).toBe('2026-11-01T11:00:00.000Z');
    });

    it('rejects bad input with clear 4xx and writes nothing', async () => {
      const before = await t.ctx.prisma.incident.count();
      const bad = await post('duty', [
        { source: 'rakel', sourceId: 'C-1', type: 'shootin', occurredAt: 'yesterday', location: { type: 'Point', coordinates: [55.6, 13.0] } },
        { source: 'rakel', sourceId: 'C-2', type: 'shooting', occurredAt: iso(0), location: { type: 'Point', coordinates: [13.0, 55.6] } },
      ]);
      expect(bad.statusCode).toBe(400);
      const err = bad.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toContain('item 1');
      expect(err.message).toContain('type must be one of shooting');
      expect(err.message).toContain('occurredAt "yesterday" is not an ISO 8601');
      expect(err.message).toContain('looks like [lat, lon]');
      expect(err.details.rejected[0].item).toBe(1);
      expect(await t.ctx.prisma.incident.count()).toBe(before);
      expect((await post('duty', { source: 's', sourceId: '1', type: 'other', occurredAt: iso(0), location: { x: 1, y: 2 } })).json().error.message).toContain('crs must be "EPSG:3006"');
      expect((await post('duty', { source: 's', sourceId: '1', type: 'other', occurredAt: new Date(Date.now() + 3 * DAY).toISOString(), location: { type: 'Point', coordinates: [13, 55.6] } })).json().error.message).toContain('future');
      expect((await post('duty', { source: 's', sourceId: '1', type: 'other', occurredAt: iso(0), location: { type: 'Point', coordinates: [13, 55.6] }, colour: 'red' })).json().error.message).toContain('Unknown field "colour"');
      expect((await post('duty', [])).statusCode).toBe(400);
      expect((await t.app.inject({ method: 'POST', url: '/api/incidents', headers: { ...bearer(tok.duty), 'content-type': 'application/json' }, payload: '{"source":' })).json().error.code).toBe('BAD_REQUEST');
    });

    it('only police roles write; partners get 403, anonymous 401', async () => {
      const inc = { source: 'x', sourceId: 'p-1', type: 'other', occurredAt: iso(0), location: { type: 'Point', coordinates: [13, 55.6] } };
      expect((await post('partner.editor', inc)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/incidents', payload: inc })).statusCode).toBe(401);
      expect((await importBody('partner.editor', 'format=csv', 'a', 'text/csv')).statusCode).toBe(403);
    });

    it('imports CSV with per-row errors; atomic=true writes nothing and answers 422', async () => {
      const csv = [
        'source,sourceId,type,occurredAt,lon,lat,status,severity,description,classification',
        `csv,1,shooting,${iso(DAY)},13.01,55.59,confirmed,3,"Skott, två hylsor",partner`,
        `csv,2,explosion,${iso(DAY)},13.02,55.58,,,"",`,
        'csv,3,bogus,2026-13-01,13.02,55.58,,,,',
        'csv,4,arson,2026-11-01,,,,,,',
        `csv,1,shooting,${iso(DAY)},13.01,55.59,,,,`,
      ].join('\n');
      const before = await t.ctx.prisma.incident.count();
      const atomic = await importBody('analyst', 'format=csv&atomic=true', csv, 'text/csv');
      expect(atomic.statusCode).toBe(422);
      expect(atomic.json().imported).toBe(0);
      expect(atomic.json().rejected.map((r: { row: number }) => r.row)).toEqual([3, 4, 5]);
      expect(await t.ctx.prisma.incident.count()).toBe(before);

      const res = await importBody('analyst', 'format=csv', csv, 'text/csv');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ imported: 2, updated: 0 });
      expect(body.rejected).toHaveLength(3);
      expect(body.rejected[0].errors.join(' ')).toMatch(/type must be one of/);
      expect(body.rejected[0].errors.join(' ')).toMatch(/occurredAt "2026-13-01"/);
      expect(body.rejected[1].errors.join(' ')).toMatch(/lon and lat/);
      expect(body.rejected[2].errors.join(' ')).toMatch(/same source and sourceId as row 1/);
      const stamp = (await t.ctx.prisma.incident.findFirst({ where: { source: 'csv', sourceId: '2' } }))!.updatedAt;
      const again = await importBody('analyst', 'format=csv', csv.split('\n').slice(0, 3).join('\n'), 'text/csv');
      expect(again.json()).toMatchObject({ imported: 0, updated: 2, rejected: [] });
      // Re-sending identical values writes nothing (and emits nothing).
      expect((await t.ctx.prisma.incident.findFirst({ where: { source: 'csv', sourceId: '2' } }))!.updatedAt).toEqual(stamp);
      const row = await t.ctx.prisma.incident.findFirst({ where: { source: 'csv', sourceId: '1' } });
      expect(row).toMatchObject({ status: 'confirmed', severity: 3, description: 'Skott, två hylsor', classification: 'partner' });
    });

    it('imports CSV with x,y and Swedish semicolons; refuses a header without required columns', async () => {
      const csv = `source;sourceId;type;occurredAt;x;y\nsv;1;arson;2026-11-02 10:00;374000,5;6164000\n`;
      const res = await importBody('analyst', 'format=csv', csv, 'text/csv; charset=utf-8');
      expect(res.json()).toMatchObject({ imported: 1, rejected: [] });
      const bad = await importBody('analyst', 'format=csv', 'source,type\nx,shooting\n', 'text/csv');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('the header lacks sourceId, occurredAt, lon,lat (or x,y)');
      expect((await importBody('analyst', 'format=csv', '{"a":1}', 'application/json')).statusCode).toBe(415);
    });

    it('imports GeoJSON (as application/geo+json text and as parsed application/json)', async () => {
      const fc = {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', id: 'g-1', geometry: { type: 'Point', coordinates: [13.0, 55.6] }, properties: { source: 'geo', type: 'homicide', occurredAt: iso(DAY), status: 'confirmed' } },
          { type: 'Feature', geometry: { type: 'LineString', coordinates: [[13, 55.6], [13.1, 55.6]] }, properties: { source: 'geo', sourceId: 'g-2', type: 'other', occurredAt: iso(DAY) } },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [13.0, 55.6] }, properties: { source: 'geo', sourceId: 'g-3', type: 'other', occurredAt: iso(DAY), classification: 'secret' } },
        ],
      };
      const a = await importBody('analyst', 'format=geojson', JSON.stringify(fc), 'application/geo+json');
      expect(a.statusCode).toBe(200);
      expect(a.json().imported).toBe(1);
      expect(a.json().rejected.map((r: { row: number }) => r.row)).toEqual([2, 3]);
      expect(a.json().rejected[0].errors[0]).toContain('geometry must be a Point');
      const b = await t.app.inject({ method: 'POST', url: '/api/incidents/import?format=geojson', headers: bearer(tok.analyst), payload: fc });
      expect(b.json()).toMatchObject({ imported: 0, updated: 1 });
      const nfc = await importBody('analyst', 'format=geojson', '{"type":"Feature"}', 'application/geo+json');
      expect(nfc.statusCode).toBe(400);
      expect(nfc.json().error.message).toContain('FeatureCollection');
      const broken = await importBody('analyst', 'format=geojson', '{"type":', 'application/geo+json');
      expect(broken.statusCode).toBe(400);
    });

    it('imports the police events feed: mapped types, area precision, public; bad events by row', async () => {
      const feed = [
        { id: 512345, datetime: '2026-11-20 3:04:05 +01:00', name: '20 november 02:40, Skottlossning, Malmö', summary: 'Flera skott avlossade på Rosengård.', url: '/aktuellt/handelser/2026/november/20/x/', type: 'Skottlossning', location: { name: 'Malmö', gps: '55.604981,13.003822' } },
        { id: 512346, datetime: '2026-11-20 4:00:00 +01:00', name: '20 november 03:50, Detonation, Malmö', summary: 'Kraftig smäll.', url: '/x', type: 'Detonation', location: { name: 'Malmö', gps: '55.604981,13.003822' } },
        { id: 512347, datetime: 'igår', name: 'x', summary: '', url: '/x', type: 'Brand', location: { name: 'Malmö', gps: '55.6' } },
      ];
      const res = await t.app.inject({ method: 'POST', url: '/api/incidents/import?format=polisen', headers: bearer(tok.analyst), payload: feed });
      expect(res.statusCode).toBe(200);
      expect(res.json().imported).toBe(2);
      expect(res.json().rejected).toHaveLength(1);
      expect(res.json().rejected[0].row).toBe(3);
      const rows = await t.ctx.prisma.incident.findMany({ where: { source: 'polisen', sourceId: { in: ['512345', '512346'] } }, orderBy: { sourceId: 'asc' } });
      expect(rows.map((r) => [r.type, r.locationPrecision, r.classification, r.status, r.areaCode])).toEqual([
        ['shooting', 'area', 'public', 'unconfirmed', '1280'],
        ['explosion', 'area', 'public', 'unconfirmed', '1280'],
      ]);
      expect(rows[0].occurredAt.toISOString()).toBe('2026-11-20T01:40:00.000Z');
      // NDJSON as text, atomic: one bad line → 422, nothing written.
      const nd = `${JSON.stringify({ ...feed[0], id: 600001 })}\nnot json\n`;
      const atomic = await importBody('analyst', 'format=polisen&atomic=true', nd, 'text/plain');
      expect(atomic.statusCode).toBe(422);
      expect(atomic.json().rejected[0].row).toBe(2);
      expect(await t.ctx.prisma.incident.count({ where: { sourceId: '600001' } })).toBe(0);
    });

    it('lists with bbox, from/to, type and status filters and cursor paging', async () => {
      const base = Date.UTC(2026, 9, 1, 12);
      const items = Array.from({ length: 25 }, (_, i) => ({
        source: 'page',
        sourceId: String(i),
        type: i % 2 === 0 ? 'shooting' : 'arson',
        status: i % 3 === 0 ? 'confirmed' : 'unconfirmed',
        occurredAt: new Date(base + i * 3_600_000).toISOString(),
        location: { type: 'Point', coordinates: [12.5 + i * 0.01, 57.0] },
        classification: i % 5 === 0 ? 'partner' : 'police_internal',
      }));
      expect((await post('analyst', items)).statusCode).toBe(201);
      const bbox = 'bbox=12.49,56.99,12.75,57.01';
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await list('analyst', `${bbox}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.statusCode).toBe(200);
        const b = r.json();
        seen.push(...b.items.map((x: { sourceId: string }) => x.sourceId));
        cursor = b.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => String(24 - i)));
      const narrow = await list('analyst', 'bbox=12.495,56.99,12.555,57.01');
      expect(narrow.json().items.map((x: { sourceId: string }) => x.sourceId)).toEqual(['5', '4', '3', '2', '1', '0']);
      const timed = await list('analyst', `${bbox}&from=${new Date(base + 10 * 3_600_000).toISOString()}&to=${new Date(base + 12 * 3_600_000).toISOString()}`);
      expect(timed.json().items.map((x: { sourceId: string }) => x.sourceId)).toEqual(['12', '11', '10']);
      const typed = await list('analyst', `${bbox}&type=arson&status=confirmed`);
      expect(typed.json().items.map((x: { sourceId: string }) => x.sourceId)).toEqual(['21', '15', '9', '3']);
      const multi = await list('analyst', `${bbox}&type=arson,shooting&status=confirmed&limit=1000`);
      expect(multi.json().items).toHaveLength(9);
      expect((await list('analyst', 'bbox=1,2,3')).statusCode).toBe(400);
      expect((await list('analyst', 'type=nope')).json().error.message).toContain('type must be one or more of');
      expect((await list('analyst', 'limit=5000')).statusCode).toBe(400);
      expect((await list('analyst', 'cursor=garbage')).statusCode).toBe(400);
      expect((await list('analyst', 'from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    });

    it('partners see only partner/public incidents, generalised; never police-internal ones', async () => {
      const secret = { source: 'vis', sourceId: 'secret', type: 'shooting', occurredAt: iso(DAY), location: { type: 'Point', coordinates: [13.0011, 55.6011] }, description: 'Källa: informatör X', classification: 'police_internal' };
      const shared = { source: 'vis', sourceId: 'shared', type: 'shooting', occurredAt: iso(DAY), location: { type: 'Point', coordinates: [13.0011, 55.6011] }, description: 'Detaljer', classification: 'partner', severity: 4 };
      const gone = { ...shared, sourceId: 'gone', status: 'retracted' };
      // Four more of the same group (10 km cell, month, type), so the group is released to partners (≥ 5).
      const group = Array.from({ length: 4 }, (_, i) => ({ ...shared, sourceId: `shared-${i}` }));
      const r = await post('analyst', [secret, shared, gone, ...group]);
      const ids = r.json().items.map((x: { id: string }) => x.id);
      const res = await list('partner.viewer', 'limit=1000');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<Record<string, unknown>>;
      expect(items.every((i) => i.classification !== 'police_internal')).toBe(true);
      expect(items.find((i) => i.id === ids[0])).toBeUndefined();
      expect(items.find((i) => i.id === ids[2])).toBeUndefined();
      const mine = items.find((i) => i.id === ids[1])!;
      expect(mine).toMatchObject({ generalised: true, type: 'shooting' });
      expect(mine.description).toBeUndefined();
      expect(mine.source).toBeUndefined();
      expect(mine.severity).toBeUndefined();
      expect(mine.locationSweref).toBeUndefined();
      expect((mine.location as { coordinates: number[] }).coordinates).not.toEqual([13.0011, 55.6011]);
      expect(JSON.stringify(res.json())).not.toContain('informatör');
      // The bbox applies to what the partner sees: a tiny box around the exact point finds nothing.
      const probe = await list('partner.viewer', 'bbox=13.0010,55.6010,13.0012,55.6012');
      expect(probe.json().items.find((i: { id: string }) => i.id === ids[1])).toBeUndefined();
      expect((await t.app.inject({ url: `/api/incidents/${ids[0]}`, headers: bearer(tok['partner.viewer']) })).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/api/incidents/${ids[0]}`, headers: bearer(tok.analyst) })).json().description).toBe('Källa: informatör X');
    });

    it('runs a Knox analysis over a selection of stored incidents (police only)', async () => {
      const base = Date.UTC(2026, 5, 1, 12);
      const items = Array.from({ length: 40 }, (_, i) => ({
        source: 'knox',
        sourceId: String(i),
        type: 'shooting',
        status: 'confirmed',
        occurredAt: new Date(base + (i % 10) * DAY + Math.floor(i / 10) * 30 * DAY).toISOString(),
        location: { x: 380_000 + (i % 10) * 60 + Math.floor(i / 10) * 2_000, y: 6_500_000, crs: 'EPSG:3006' },
      }));
      expect((await post('analyst', items)).statusCode).toBe(201);
      const url = '/api/incidents/knox';
      const body = { sds: [0, 100, 200], tds: [0, 7, 14], permutations: 99, selection: { bbox: [12.5, 58.0, 13.5, 59.0], types: ['shooting'] } };
      const res = await t.app.inject({ method: 'POST', url, headers: bearer(tok.analyst), payload: body });
      expect(res.statusCode).toBe(200);
      expect(res.json().incidents).toBe(40);
      expect(res.json().result.observed.length).toBeGreaterThan(0);
      expect(res.json().result.summary.sv.length).toBeGreaterThan(0);
      expect((await t.app.inject({ method: 'POST', url, headers: bearer(tok['partner.editor']), payload: body })).statusCode).toBe(403);
      const none = await t.app.inject({ method: 'POST', url, headers: bearer(tok.analyst), payload: { ...body, selection: { bbox: [20, 60, 20.1, 60.1] } } });
      expect(none.statusCode).toBe(422);
      expect((await t.app.inject({ method: 'POST', url, headers: bearer(tok.analyst), payload: { ...body, sds: [200, 100] } })).statusCode).toBe(422);
    });

    it('documents its routes in the OpenAPI description', async () => {
      // The API description is behind login.
      const res = await t.app.inject({ url: '/api/docs/json', headers: bearer(tok.analyst) });
      expect(res.statusCode).toBe(200);
      const paths = Object.keys(res.json().paths);
      for (const p of ['/api/incidents', '/api/incidents/import', '/api/incidents/{id}/retract', '/api/incidents/knox', '/api/pictures/{id}/risk', '/api/pictures/{id}/risk/config']) {
        expect(paths).toContain(p);
      }
    });

    it('retracts by id (404 for unknown), audited', async () => {
      const r = await post('analyst', { source: 'ret', sourceId: '1', type: 'shooting', status: 'confirmed', occurredAt: iso(DAY), location: { type: 'Point', coordinates: [13.0, 55.6] } });
      const id = r.json().items[0].id;
      const res = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/retract`, headers: bearer(tok.duty) });
      expect(res.statusCode).toBe(200);
      expect(res.json().status).toBe('retracted');
      expect((await t.app.inject({ method: 'POST', url: '/api/incidents/nope/retract', headers: bearer(tok.duty) })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/retract`, headers: bearer(tok['partner.editor']) })).statusCode).toBe(403);
      const audits = await t.ctx.prisma.auditEvent.findMany({ where: { action: { startsWith: 'incident.' } } });
      expect(new Set(audits.map((a) => a.action))).toEqual(new Set(['incident.upsert', 'incident.import', 'incident.retract', 'incident.knox']));
    });
  });
}
