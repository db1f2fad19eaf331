/**
 * P1 over every channel, with a real server and real socket.io clients: nothing a partner receives — live events,
 * `GET …/risk`, risk tiles and their version, the partner risk layer document and its history — is derived from a
 * police-internal incident or from an attached RTM result. Positive controls: police get those products, and a
 * `partner`-classified shooting does reach the partner (so "nothing arrived" cannot pass by accident).
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentEvent, RiskUpdatedEvent, ZoneCreatedEvent, ZoneExpiredEvent } from '../../../shared/src/events.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_LAYER_IDS, DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { encodeCells } from '../rtm/index.ts';
import { ManualClock } from '../time/clock.ts';
import { latToTileY, lonToTileX } from './tiles.ts';
import { joinPicture, type RecordingClient } from './testClients.ts';

const DAY = 86_400_000;
const PIC = DEMO_PICTURE_ID;
const RISK_LAYER = DEMO_LAYER_IDS.risk;

/** Places inside the demo picture, far enough apart that their footprints do not meet. */
const P_SHOOTING: [number, number] = [13.02, 55.59];
const P_ARSON: [number, number] = [12.96, 55.575];
const P_EXPIRING: [number, number] = [13.06, 55.61];
const P_PARTNER: [number, number] = [12.99, 55.61];

function tilesAround([lon, lat]: [number, number]): string[] {
  return [10, 12, 14, 15, 16, 18].map((z) => `${z}/${lonToTileX(lon, z)}/${latToTileY(lat, z)}`);
}

describe('P1: partners receive nothing derived from police-internal incidents or RTM, over any channel', () => {
  let t: TestApp;
  let base: string;
  const clock = new ManualClock(Date.now());
  const tok: Record<string, string> = {};
  let police: RecordingClient;
  let partner: RecordingClient;

  beforeAll(async () => {
    // Every change of a layer document becomes a history version, so history is covered without waiting.
    t = await createTestApp({ with: { collab: { documents: { versionIntervalMs: 0 } }, incidents: { clock }, rtm: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'duty', 'partner.viewer']) tok[u] = await t.login(u);
    police = await joinPicture(base, tok.commander, PIC);
    partner = await joinPicture(base, tok['partner.viewer'], PIC);
    expect(police.ack.ok && partner.ack.ok).toBe(true);
    await t.caps.risk!.state(PIC);
  });
  afterAll(async () => {
    police?.close();
    partner?.close();
    await t?.close();
  });

  const risk = () => t.caps.risk!;
  const get = (url: string, user: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...bearer(tok[user]), ...headers } });
  const post = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok.duty), payload: body });
    expect(res.statusCode).toBe(201);
    return res.json().items[0].id as string;
  };
  const incident = (sourceId: string, type: string, at: [number, number], extra: Record<string, unknown> = {}) => ({
    source: 'iso',
    sourceId,
    type,
    status: 'confirmed',
    occurredAt: new Date(clock.now() - 3 * 3_600_000).toISOString(),
    location: { type: 'Point', coordinates: at },
    ...extra,
  });
  const settle = async () => {
    await risk().idle();
    await new Promise((r) => setTimeout(r, 150));
    await risk().idle();
  };

  /** Everything the partner can fetch about the picture's risk, byte for byte. */
  async function partnerView(places: Array<[number, number]>) {
    const api = await get(`/api/pictures/${PIC}/risk`, 'partner.viewer');
    expect(api.statusCode).toBe(200);
    const tiles: Record<string, { etag: unknown; png: string }> = {};
    for (const tile of places.flatMap(tilesAround)) {
      const r = await get(`/api/pictures/${PIC}/risk/tiles/${tile}.png`, 'partner.viewer');
      expect(r.statusCode).toBe(200);
      tiles[tile] = { etag: r.headers.etag, png: r.rawPayload.toString('base64') };
    }
    const features = await get(`/api/layers/${RISK_LAYER}/features`, 'partner.viewer');
    const history = await get(`/api/layers/${RISK_LAYER}/history`, 'partner.viewer');
    const doc = await t.caps.collab!.docs.readState(RISK_LAYER);
    const stateVector = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
    doc.destroy();
    return { risk: api.json(), tiles, features: features.json(), history: history.json(), stateVector };
  }

  it('a police-internal shooting, arson, retraction and zone expiry produce nothing for a partner; police get all of them', async () => {
    const places = [P_SHOOTING, P_ARSON, P_EXPIRING];
    const before = await partnerView(places);
    const fromP = police.events.length;
    const fromQ = partner.events.length;

    const shot = await post(incident('pi-shot', 'shooting', P_SHOOTING, { classification: 'police_internal' }));
    await police.next<ZoneCreatedEvent>((e) => e.type === 'zone.created' && e.zone.id === `nrz:${shot}`, 2_000, fromP);
    const arsonFrom = police.events.length;
    await post(incident('pi-arson', 'arson', P_ARSON));
    // Arson makes no zone, only a changed surface.
    const covers = (e: RiskUpdatedEvent, [lon, lat]: [number, number]) => e.bbox !== null && e.bbox[0] < lon && e.bbox[2] > lon && e.bbox[1] < lat && e.bbox[3] > lat;
    await police.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated' && covers(e, P_ARSON), 2_000, arsonFrom);
    const r = await t.app.inject({ method: 'POST', url: `/api/incidents/${shot}/retract`, headers: bearer(tok.duty) });
    expect(r.statusCode).toBe(200);
    await police.next<ZoneExpiredEvent>((e) => e.type === 'zone.expired' && e.zoneId === `nrz:${shot}`, 2_000, fromP);
    // A zone that expires by itself (the clock passes its end).
    const old = await post(incident('pi-old', 'shooting', P_EXPIRING, { occurredAt: new Date(clock.now() - 14 * DAY + 3_600_000).toISOString() }));
    await police.next((e) => e.type === 'zone.created' && (e as ZoneCreatedEvent).zone.id === `nrz:${old}`, 2_000, fromP);
    await settle();
    clock.advance(2 * 3_600_000);
    await police.next<ZoneExpiredEvent>((e) => e.type === 'zone.expired' && e.zoneId === `nrz:${old}`, 2_000, fromP);
    await settle();

    expect(partner.events.slice(fromQ)).toEqual([]);
    const after = await partnerView(places);
    expect(after).toEqual(before);
    // The police view did change (the products exist; the partner just never sees them).
    const policeApi = (await get(`/api/pictures/${PIC}/risk`, 'commander')).json();
    expect(policeApi.version).toBeGreaterThan(before.risk.version);
  });

  it('positive control: a partner-classified shooting reaches the partner generalised on every channel, and police exactly', async () => {
    const occurredAt = new Date(Math.floor((clock.now() - 3 * 3_600_000) / 3_600_000) * 3_600_000 + 47 * 60_000 + 31_000);
    // Incident records reach partners only from groups of at least 5 (AC8): four shared shootings of the same
    // 10 km cell and month first, more than a kilometre from P_PARTNER.
    for (const [i, at] of ([[12.975, 55.6], [13.005, 55.6], [12.99, 55.59], [13.005, 55.62]] as Array<[number, number]>).entries()) {
      await post(incident(`pa-group-${i}`, 'shooting', at, { classification: 'partner', occurredAt: occurredAt.toISOString() }));
    }
    await settle();
    const before = await partnerView([P_PARTNER]);
    const fromP = police.events.length;
    const fromQ = partner.events.length;
    const id = await post(incident('pa-shot', 'shooting', P_PARTNER, { classification: 'partner', occurredAt: occurredAt.toISOString(), description: 'Vittne: grannen' }));

    const inc = await partner.next<IncidentEvent>((e) => e.type === 'incident.created', 2_000, fromQ);
    expect(inc.incident).toMatchObject({ id, generalised: true, type: 'shooting' });
    // Time to the hour, never the minute.
    expect(inc.incident.occurredAt).toBe(new Date(Math.floor(occurredAt.getTime() / 3_600_000) * 3_600_000).toISOString());
    const zone = await partner.next<ZoneCreatedEvent>((e) => e.type === 'zone.created', 2_000, fromQ);
    expect(zone.zone).toMatchObject({ generalised: true, incidentId: null, incidentType: 'shooting' });
    expect(zone.zone.createdAt.endsWith(':00:00.000Z')).toBe(true);
    expect(zone.zone.expiresAt.endsWith(':00:00.000Z')).toBe(true);
    const upd = await partner.next<RiskUpdatedEvent>((e) => e.type === 'risk.updated', 2_000, fromQ);
    expect(upd.surface).toBe('near_repeat');
    expect(upd.zones.map((z) => z.id)).toContain(zone.zone.id);
    expect(upd.tiles.length).toBeGreaterThan(0);
    const exact = await police.next<ZoneCreatedEvent>((e) => e.type === 'zone.created' && e.zone.id === `nrz:${id}`, 2_000, fromP);
    expect(exact.zone.incidentId).toBe(id);
    await settle();
    expect(JSON.stringify(partner.events.slice(fromQ))).not.toContain('grannen');

    const after = await partnerView([P_PARTNER]);
    expect(after.risk.version).toBeGreaterThan(before.risk.version);
    expect(after.risk.zones.map((z: { id: string }) => z.id)).toContain(zone.zone.id);
    const z14 = tilesAround(P_PARTNER)[2];
    expect(after.tiles[z14].png).not.toBe(before.tiles[z14].png);
    expect(after.tiles[z14].etag).not.toBe(before.tiles[z14].etag);
    expect(after.features.features.map((f: { id: string }) => f.id)).toContain(zone.zone.id);
    expect(after.history.items.length).toBeGreaterThan(before.history.items.length);
    expect(after.stateVector).not.toBe(before.stateVector);
  });

  it('an attached RTM result reaches police only: partners get no combined surface, no event, no changed tile or version', async () => {
    const st = (await risk().state(PIC))!;
    const g = st.grid;
    const cellSize = 200;
    const cols = Math.ceil((g.cols * g.cellSize) / cellSize);
    const rows = Math.ceil((g.rows * g.cellSize) / cellSize);
    const n = cols * rows;
    const cellIndex = Int32Array.from({ length: n }, (_, i) => i);
    const surface = encodeCells({
      grid: { originX: g.originX, originY: g.originY, cellSize, cols, rows, n, cellIndex, flat: cellIndex.slice() },
      counts: new Int32Array(n),
      testCounts: null,
      rrs: new Float64Array(n).fill(3),
      classes: new Uint8Array(n).fill(4),
      expected: new Float64Array(n),
      clusterOf: new Int32Array(n).fill(-1),
      selected: [],
    });
    await t.ctx.prisma.rtmRun.create({ data: { id: 'run-iso', status: 'completed', study: '{}', result: JSON.stringify({ grid: { crs: 'EPSG:3006' } }), surface: surface as Uint8Array<ArrayBuffer>, pictureId: PIC } });
    const before = await partnerView([P_PARTNER, P_SHOOTING]);
    const fromQ = partner.events.length;
    const attach = await t.app.inject({ method: 'POST', url: `/api/pictures/${PIC}/rtm`, headers: bearer(tok.commander), payload: { runId: 'run-iso' } });
    expect(attach.statusCode).toBe(200);
    await risk().invalidate(PIC);
    await settle();

    // Positive control: police now see the combined overlay.
    const policeApi = (await get(`/api/pictures/${PIC}/risk`, 'commander')).json();
    expect(policeApi.surface).toBe('combined');
    const combinedTile = await get(`/api/pictures/${PIC}/risk/tiles/${tilesAround(P_SHOOTING)[2]}.png?surface=combined`, 'commander');
    expect(combinedTile.statusCode).toBe(200);

    const after = await partnerView([P_PARTNER, P_SHOOTING]);
    expect(after).toEqual(before);
    expect(after.risk.surfaces).toEqual(['near_repeat']);
    expect(partner.events.slice(fromQ)).toEqual([]);
    const refused = await get(`/api/pictures/${PIC}/risk/tiles/${tilesAround(P_PARTNER)[2]}.png?surface=combined`, 'partner.viewer');
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('NOT_FOUND');
    // The run itself and its tiles are police-only routes.
    expect((await get('/api/rtm/runs/run-iso', 'partner.viewer')).statusCode).toBe(403);
    expect((await get(`/api/rtm/runs/run-iso/tiles/${tilesAround(P_PARTNER)[2]}.png`, 'partner.viewer')).statusCode).toBe(403);
  });
});
