import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent, RiskUpdatedEvent, ZoneCreatedEvent, ZoneExpiredEvent } from '../../../shared/src/events.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { encodeCells } from '../rtm/index.ts';
import { ManualClock } from '../time/clock.ts';
import { RiskService } from './riskService.ts';
import { joinPicture, type RecordingClient } from './testClients.ts';

const DAY = 86_400_000;
const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('live near-repeat risk', () => {
  let t: TestApp;
  let base: string;
  const clock = new ManualClock(Date.now());
  const tok: Record<string, string> = {};
  let police: RecordingClient;
  let partner: RecordingClient;
  let outsider: RecordingClient;

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: { clock } }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'analyst', 'duty', 'partner.viewer', 'housing.viewer']) tok[u] = await t.login(u);
    police = await joinPicture(base, tok.commander, DEMO_PICTURE_ID);
    partner = await joinPicture(base, tok['partner.viewer'], DEMO_PICTURE_ID);
    outsider = await joinPicture(base, tok['housing.viewer'], DEMO_PICTURE_ID);
    expect(police.ack.ok && partner.ack.ok && outsider.ack.ok).toBe(true);
  });
  afterAll(async () => {
    for (const c of [police, partner, outsider]) c?.close();
    await t.close();
  });

  const post = (payload: unknown, user = 'duty') => t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok[user]), payload: payload as object });
  const shooting = (sourceId: string, extra: Record<string, unknown> = {}) => ({
    source: 'live',
    sourceId,
    type: 'shooting',
    status: 'confirmed',
    occurredAt: new Date(clock.now() - 3_600_000).toISOString(),
    location: { type: 'Point', coordinates: [13.039, 55.585] },
    description: 'Skott mot port, vittne hörde fyra skott',
    ...extra,
  });

  it('a confirmed shooting reaches a joined police client as incident.created, zone.created and risk.updated within a second', async () => {
    const from = { p: police.events.length, q: partner.events.length, o: outsider.events.length };
    const started = Date.now();
    const res = await post(shooting('s-1'));
    expect(res.statusCode).toBe(201);
    const id = res.json().items[0].id as string;
    const created = await police.next<IncidentEvent>((e) => e.type === 'incident.created' && e.incident.id === id, 1_000, from.p);
    expect(created.incident.description).toBe('Skott mot port, vittne hörde fyra skott');
    const zone = await police.next<ZoneCreatedEvent>((e) => e.type === 'zone.created', 1_000, from.p);
    expect(zone.zone).toMatchObject({ id: `nrz:${id}`, incidentId: id, incidentType: 'shooting', generalised: false });
    const risk = await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 1_000, from.p);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(risk.surface).toBe('near_repeat');
    expect(risk.changedCells).toBeGreaterThan(100);
    expect(risk.bbox).not.toBeNull();
    expect(risk.bbox![0]).toBeLessThan(13.039);
    expect(risk.bbox![2]).toBeGreaterThan(13.039);
    expect(risk.tiles.length).toBeGreaterThan(0);
    expect(risk.tiles.every((s) => /^\d+\/\d+\/\d+$/.test(s))).toBe(true);
    expect(risk.zones.map((z) => z.id)).toContain(`nrz:${id}`);

    // The shooting is police-internal (the default): the partner on the partner risk layer gets nothing derived
    // from it (P1; partnerIsolation.test.ts covers every channel), nor does someone with no risk or incidents layer.
    await t.caps.risk!.idle();
    await new Promise((r) => setTimeout(r, 100));
    expect(partner.events.length).toBe(from.q);
    expect(outsider.events.length).toBe(from.o);
  });

  it('partner-classified incidents reach partners generalised, as incident records only once their group is released', async () => {
    // Four shared shootings in one 10 km cell and month: a group under 5 (AC8). Each gives the partner its
    // generalised zone (the near-repeat product police share) but no incident record, live or listed.
    const early = partner.events.length;
    for (const [i, coordinates] of [[12.975, 55.6], [13.005, 55.6], [12.99, 55.59], [12.975, 55.61]].entries()) {
      const from = partner.events.length;
      expect((await post(shooting(`s-group-${i}`, { classification: 'partner', location: { type: 'Point', coordinates } }))).statusCode).toBe(201);
      await partner.next<ZoneCreatedEvent>((e) => e.type === 'zone.created', 1_000, from);
    }
    await t.caps.risk!.idle();
    expect(partner.events.slice(early).filter((e) => e.type.startsWith('incident.'))).toEqual([]);
    const listed = await t.app.inject({ url: '/api/incidents?limit=100', headers: bearer(tok['partner.viewer']) });
    expect(listed.json().items.filter((i: { type: string }) => i.type === 'shooting')).toEqual([]);

    // The fifth releases the group: from now on the partner hears of its incidents live.
    const from = partner.events.length;
    const res = await post(shooting('s-partner', { classification: 'partner', location: { type: 'Point', coordinates: [12.99, 55.6] } }));
    const id = res.json().items[0].id;
    const ev = await partner.next<IncidentEvent>((e) => e.type === 'incident.created', 1_000, from);
    expect(ev.incident).toMatchObject({ id, generalised: true });
    expect(ev.incident.description).toBeUndefined();
    expect(ev.incident.location!.coordinates).not.toEqual([12.99, 55.6]);
    // Its zone reaches the partner generalised: opaque id, no incident id, outline on the partner grid.
    const pz = await partner.next<ZoneCreatedEvent>((e) => e.type === 'zone.created', 1_000, from);
    expect(pz.zone).toMatchObject({ generalised: true, incidentId: null, incidentType: 'shooting' });
    expect(pz.zone.id.startsWith('pz:')).toBe(true);
    expect((pz.zone.geometry.coordinates as number[][][])[0].length).toBeLessThan(64);
    const pr = await partner.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 1_000, from);
    expect(pr.zones.every((z) => z.generalised && z.incidentId === null)).toBe(true);
    expect(JSON.stringify(partner.events.slice(from))).not.toContain('vittne');
    // A change partners cannot see (the description) is announced to police only.
    await t.caps.risk!.idle();
    const fromP = police.events.length;
    const fromQ = partner.events.length;
    await post(shooting('s-partner', { classification: 'partner', location: { type: 'Point', coordinates: [12.99, 55.6] }, description: 'Ny uppgift' }));
    await police.next((e) => e.type === 'incident.updated' && (e as IncidentEvent).incident.id === id, 1_000, fromP);
    await t.caps.risk!.idle();
    await new Promise((r) => setTimeout(r, 200));
    expect(partner.events.slice(fromQ).some((e) => e.type.startsWith('incident.'))).toBe(false);
  });

  it('retraction removes the zone and its effect everywhere', async () => {
    const res = await post(shooting('s-ret', { location: { type: 'Point', coordinates: [12.97, 55.62] } }));
    const id = res.json().items[0].id;
    await police.next((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${id}`, 1_000);
    await t.caps.risk!.idle();
    const st = (await t.caps.risk!.state(DEMO_PICTURE_ID))!;
    const [x, y] = [res.json().items[0].locationSweref.x, res.json().items[0].locationSweref.y];
    expect(st.surface.valueAt(x, y)).toBeGreaterThan(0.8);
    const from = { p: police.events.length, q: partner.events.length };
    const r = await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/retract`, headers: bearer(tok.duty) });
    expect(r.statusCode).toBe(200);
    const gone = await police.next<ZoneExpiredEvent>((e) => e.type === 'zone.expired', 1_000, from.p);
    expect(gone.zoneId).toBe(`nrz:${id}`);
    const retracted = await police.next<IncidentEvent>((e) => e.type === 'incident.retracted', 1_000, from.p);
    expect(retracted.incident.id).toBe(id);
    const risk = await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 1_000, from.p);
    expect(risk.zones.map((z) => z.id)).not.toContain(`nrz:${id}`);
    expect(risk.changedCells).toBeGreaterThan(0);
    expect(st.surface.valueAt(x, y)).toBe(0);
    await t.caps.risk!.idle();
    expect(partner.events.slice(from.q).filter((e) => e.type !== 'incident.retracted')).toEqual([]);
    const api = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(tok.commander) });
    expect(api.json().zones.map((z: { id: string }) => z.id)).not.toContain(`nrz:${id}`);
  });

  it('moving a confirmed incident moves its zone; unconfirming it removes the zone', async () => {
    const res = await post(shooting('s-move', { location: { type: 'Point', coordinates: [12.95, 55.56] } }));
    const id = res.json().items[0].id;
    await police.next((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${id}`, 1_000);
    let from = police.events.length;
    await post(shooting('s-move', { location: { type: 'Point', coordinates: [12.96, 55.565] } }));
    const moved = await police.next<ZoneCreatedEvent>((e) => e.type === 'zone.created' && e.zone.id === `nrz:${id}`, 1_000, from);
    const ring = (moved.zone.geometry.coordinates as number[][][])[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    expect(Math.abs(cx - 12.96)).toBeLessThan(0.002);
    await police.next((e) => e.type === 'incident.updated', 1_000, from);
    from = police.events.length;
    await post(shooting('s-move', { status: 'unconfirmed', location: { type: 'Point', coordinates: [12.96, 55.565] } }));
    await police.next((e) => e.type === 'zone.expired' && (e as ZoneExpiredEvent).zoneId === `nrz:${id}`, 1_000, from);
  });

  it('zones expire by themselves (injected clock), and the surface drops with them', async () => {
    const res = await post(shooting('s-old', { occurredAt: new Date(clock.now() - 14 * DAY + 2 * 3_600_000).toISOString(), location: { type: 'Point', coordinates: [13.06, 55.6] } }));
    const id = res.json().items[0].id;
    await police.next((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${id}`, 1_000);
    await t.caps.risk!.idle();
    const from = { p: police.events.length, q: partner.events.length };
    clock.advance(1.5 * 3_600_000);
    await t.caps.risk!.idle();
    expect(police.events.slice(from.p).some((e) => e.type === 'zone.expired')).toBe(false);
    clock.advance(1 * 3_600_000);
    const gone = await police.next<ZoneExpiredEvent>((e) => e.type === 'zone.expired', 1_000, from.p);
    expect(gone.zoneId).toBe(`nrz:${id}`);
    const risk = await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 1_000, from.p);
    expect(risk.zones.map((z) => z.id)).not.toContain(`nrz:${id}`);
    // A police-internal zone's expiry is not the partner's business either.
    await t.caps.risk!.idle();
    expect(partner.events.slice(from.q)).toEqual([]);
  });

  it('rebuilds zones from stored incidents after a restart', async () => {
    const risk = t.caps.risk!;
    const store = t.caps.incidents!.store;
    await risk.idle();
    const before = (await risk.state(DEMO_PICTURE_ID))!.zones.list().map((z) => z.id);
    expect(before.length).toBeGreaterThan(0);
    const fresh = new RiskService({ store, pictures: t.caps.pictures!, live: null, clock, log: t.ctx.log, rtm: null });
    await fresh.init();
    const st = (await fresh.state(DEMO_PICTURE_ID))!;
    expect(st.zones.list().map((z) => z.id)).toEqual(before);
    expect(st.nextWake(clock.now())).not.toBeNull();
    fresh.close();
  });

  it('GET /risk gives zones per audience and the tile template; tiles are PNGs, coarse for partners', async () => {
    const res = await post(shooting('s-tiles', { location: { type: 'Point', coordinates: [13.0, 55.59] } }));
    const id = res.json().items[0].id;
    await t.caps.risk!.idle();
    const full = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(tok.commander) });
    expect(full.statusCode).toBe(200);
    expect(full.json().tiles).toBe(`/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/{z}/{x}/{y}.png`);
    expect(full.json().zones.map((z: { id: string }) => z.id)).toContain(`nrz:${id}`);
    expect(typeof full.json().updatedAt).toBe('string');
    const gen = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(tok['partner.viewer']) });
    expect(gen.statusCode).toBe(200);
    expect(gen.json().zones.every((z: { generalised: boolean; incidentId: unknown }) => z.generalised && z.incidentId === null)).toBe(true);
    expect(JSON.stringify(gen.json())).not.toContain(id);
    expect((await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(tok['housing.viewer']) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/pictures/nope/risk', headers: bearer(tok.commander) })).statusCode).toBe(404);

    // z14 tile holding 13.0, 55.59.
    const z = 14;
    const x = Math.floor(((13.0 + 180) / 360) * 2 ** z);
    const lat = (55.59 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * 2 ** z);
    const tile = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/${z}/${x}/${y}.png`, headers: bearer(tok.commander) });
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('image/png');
    expect(tile.rawPayload.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(tile.rawPayload.length).toBeGreaterThan(200);
    const etag = tile.headers.etag as string;
    const again = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/${z}/${x}/${y}.png`, headers: { ...bearer(tok.commander), 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    const ptile = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/${z}/${x}/${y}.png`, headers: bearer(tok['partner.viewer']) });
    expect(ptile.statusCode).toBe(200);
    expect(ptile.rawPayload.equals(tile.rawPayload)).toBe(false);
    const far = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/3/4/2.png`, headers: bearer(tok.commander) });
    expect(far.statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/${z}/${x}/${y}.png`, headers: bearer(tok['housing.viewer']) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk/tiles/2/9/0.png`, headers: bearer(tok.commander) })).statusCode).toBe(400);
  });

  it('zones are features of the incidents layer (exact) and the partner risk layer (generalised), removed on retraction', async () => {
    const res = await post(shooting('s-layer', { location: { type: 'Point', coordinates: [13.07, 55.61] } }));
    const id = res.json().items[0].id;
    await t.caps.risk!.idle();
    const features = async (layer: string, user: string) =>
      ((await t.app.inject({ url: `/api/layers/${layer}/features`, headers: bearer(tok[user]) })).json().features as Array<{ id: string; properties: Record<string, unknown> }>);
    const inc = await features('lyr-malmo-incidents', 'commander');
    const mine = inc.find((f) => f.id === `nrz:${id}`)!;
    expect(mine.properties).toMatchObject({ category: 'risk', createdBy: 'system' });
    expect(typeof mine.properties.validUntil).toBe('string');
    const risk = await features('lyr-malmo-risk', 'partner.viewer');
    expect(risk.some((f) => f.id.startsWith('pz:'))).toBe(true);
    expect(JSON.stringify(risk)).not.toContain(id);
    await t.app.inject({ method: 'POST', url: `/api/incidents/${id}/retract`, headers: bearer(tok.duty) });
    await t.caps.risk!.idle();
    expect((await features('lyr-malmo-incidents', 'commander')).some((f) => f.id === `nrz:${id}`)).toBe(false);
  });

  it('with an RTM run attached, the overlay is RRS × (1 + γ·NR) and updates with incidents', async () => {
    const risk = t.caps.risk!;
    const g = (await risk.state(DEMO_PICTURE_ID))!.grid;
    const cellSize = 200;
    const cols = Math.ceil((g.cols * g.cellSize) / cellSize);
    const rows = Math.ceil((g.rows * g.cellSize) / cellSize);
    const n = cols * rows;
    const cellIndex = Int32Array.from({ length: n }, (_, i) => i);
    const bytes = encodeCells({
      grid: { originX: g.originX, originY: g.originY, cellSize, cols, rows, n, cellIndex, flat: cellIndex.slice() },
      counts: new Int32Array(n),
      testCounts: null,
      rrs: new Float64Array(n).fill(1.5),
      classes: new Uint8Array(n),
      expected: new Float64Array(n),
      clusterOf: new Int32Array(n).fill(-1),
      selected: [],
    });
    await t.ctx.prisma.rtmRun.create({ data: { id: 'run-test', status: 'completed', study: '{}', result: JSON.stringify({ grid: { crs: 'EPSG:3006' } }), surface: bytes as Uint8Array<ArrayBuffer>, pictureId: DEMO_PICTURE_ID } });
    await t.ctx.prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { rtmRunId: 'run-test' } });
    await risk.invalidate(DEMO_PICTURE_ID);
    const st = (await risk.state(DEMO_PICTURE_ID))!;
    expect(st.combined).not.toBeNull();
    await risk.idle();
    const from = police.events.length;
    const res = await post(shooting('s-rtm', { location: { type: 'Point', coordinates: [12.98, 55.57] } }));
    const [x, y] = [res.json().items[0].locationSweref.x, res.json().items[0].locationSweref.y];
    const hits = (e: RiskUpdatedEvent) => e.bbox !== null && e.bbox[0] < 12.98 && e.bbox[2] > 12.98 && e.bbox[1] < 55.57 && e.bbox[3] > 55.57;
    const upd = await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated' && hits(e), 1_000, from);
    expect(upd.surface).toBe('combined');
    const c = Math.floor((x - st.grid.originX) / st.grid.cellSize);
    const r = Math.floor((st.grid.originY - y) / st.grid.cellSize);
    const k = r * st.grid.cols + c;
    expect(st.combined![k]).toBeCloseTo(1.5 * (1 + st.surface.values[k]), 5);
    expect((await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}/risk`, headers: bearer(tok.commander) })).json().surface).toBe('combined');
    await t.ctx.prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { rtmRunId: null } });
    await risk.invalidate(DEMO_PICTURE_ID);
  });

  it('a picture created while running gets its zones and risk.updated from the first incident on', async () => {
    const area = { type: 'Polygon', coordinates: [[[13.1, 55.63], [13.2, 55.63], [13.2, 55.68], [13.1, 55.68], [13.1, 55.63]]] };
    const created = await t.app.inject({ method: 'POST', url: '/api/pictures', headers: bearer(tok.commander), payload: { title: 'Lund-test', level: 'local', area } });
    expect(created.statusCode).toBe(201);
    const pictureId = created.json().id as string;
    const c = await joinPicture(base, tok.commander, pictureId);
    expect(c.ack.ok).toBe(true);
    const res = await post(shooting('s-newpic', { location: { type: 'Point', coordinates: [13.15, 55.655] } }));
    const id = res.json().items[0].id;
    await c.next((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${id}`, 2_000);
    const r = await c.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 2_000);
    expect(r.changedCells).toBeGreaterThan(0);
    c.close();
  });

  it('per-picture config: police admin only, validated, applied live', async () => {
    const url = `/api/pictures/${DEMO_PICTURE_ID}/risk/config`;
    const get = await t.app.inject({ url, headers: bearer(tok.commander) });
    expect(get.json().resolved.types.shooting).toMatchObject({ radiusM: 400, windowDays: 14 });
    expect((await t.app.inject({ method: 'PUT', url, headers: bearer(tok.analyst), payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PUT', url, headers: bearer(tok['partner.viewer']), payload: {} })).statusCode).toBe(403);
    const bad = await t.app.inject({ method: 'PUT', url, headers: bearer(tok.commander), payload: { types: { shooting: { radiusM: -1 } } } });
    expect(bad.statusCode).toBe(400);
    const bad2 = await t.app.inject({ method: 'PUT', url, headers: bearer(tok.commander), payload: { types: { shooting: { knox: { spatialUpper: [100, 50], temporalUpper: [7], weights: [[1], [1]] } } } } });
    expect(bad2.statusCode).toBe(400);
    expect(bad2.json().error.message).toContain('strictly increasing');
    const from = police.events.length;
    const ok = await t.app.inject({ method: 'PUT', url, headers: bearer(tok.commander), payload: { types: { shooting: { radiusM: 800 } }, cellSizeM: 100 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().resolved.types.shooting.radiusM).toBe(800);
    const risk = await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 1_000, from);
    expect(risk.bbox).toBeNull();
    const st = (await t.caps.risk!.state(DEMO_PICTURE_ID))!;
    expect(st.grid.cellSize).toBe(100);
    expect(st.zones.list().every((z) => z.incidentType !== 'shooting' || z.radiusM === 800)).toBe(true);
    await t.app.inject({ method: 'PUT', url, headers: bearer(tok.commander), payload: {} });
  });
});
