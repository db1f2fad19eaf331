/**
 * Coverage reaches a viewer only from what that viewer may read, over REST and socket.io: a partner's figures,
 * zones, uncovered places and live events are the same whether or not a police-internal measure exists (marker);
 * positive controls: police see that measure cover their cells and zone, and a measure shared with the partner does
 * change the partner's coverage (so "nothing changed" cannot pass by accident).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageUpdatedEvent } from '../../../shared/src/events.ts';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { joinPicture, type RecordingClient } from '../risk/testClients.ts';
import { ManualClock } from '../time/clock.ts';

const PIC = DEMO_PICTURE_ID;
/** A police-internal shooting (police surface only) and a partner shooting (both surfaces), far apart. */
const P_INTERNAL: [number, number] = [13.02, 55.59];
const P_PARTNER: [number, number] = [12.99, 55.61];

const square = ([lon, lat]: [number, number], d = 0.004) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
});

describe('coverage: every viewer gets it from the risk and measures it may read only', () => {
  let t: TestApp;
  let base: string;
  const clock = new ManualClock(Date.now());
  const tok: Record<string, string> = {};
  let police: RecordingClient;
  let partner: RecordingClient;

  beforeAll(async () => {
    t = await createTestApp({ with: { incidents: { clock }, measures: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const u of ['commander', 'duty', 'partner.viewer', 'partner.editor', 'region']) tok[u] = await t.login(u);
    for (const [id, at, classification] of [
      ['cov-internal', P_INTERNAL, 'police_internal'],
      ['cov-partner', P_PARTNER, 'partner'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/incidents',
        headers: bearer(tok.duty),
        payload: { source: 'iso', sourceId: id, type: 'shooting', status: 'confirmed', classification, occurredAt: new Date(clock.now() - 3 * 3_600_000).toISOString(), location: { type: 'Point', coordinates: at } },
      });
      expect(res.statusCode).toBe(201);
    }
    await t.caps.risk!.idle();
    police = await joinPicture(base, tok.commander, PIC);
    partner = await joinPicture(base, tok['partner.viewer'], PIC);
  });
  afterAll(async () => {
    police?.close();
    partner?.close();
    await t?.close();
  });

  const get = (url: string, user: string) => t.app.inject({ url, headers: bearer(tok[user]) });
  const coverage = async (user: string) => {
    const r = await get(`/api/pictures/${PIC}/coverage`, user);
    expect(r.statusCode).toBe(200);
    const { computedAt: _, ...rest } = r.json();
    return rest;
  };
  const createMeasure = async (user: string, body: Record<string, unknown>) => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/pictures/${PIC}/measures`,
      headers: bearer(tok[user]),
      payload: { kind: 'patrol', status: 'active', startsAt: new Date(Date.now() - 3_600_000).toISOString(), ...body },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('a police-internal measure covers police cells and zones, and changes nothing a partner receives (REST and socket.io)', async () => {
    const policeBefore = await coverage('commander');
    const partnerBefore = await coverage('partner.viewer');
    expect(policeBefore.top5.cells).toBeGreaterThan(0);
    expect(policeBefore.zones).toHaveLength(2);
    expect(partnerBefore.zones).toHaveLength(1);
    expect(policeBefore.top5.covered).toBe(0);
    const fromP = police.events.length;
    const fromQ = partner.events.length;

    const marker = await createMeasure('commander', { title: 'Intern insats', classification: 'police_internal', target: square(P_INTERNAL) });
    const ev = await police.next<CoverageUpdatedEvent>((e) => e.type === 'coverage.updated', 2_000, fromP);
    expect(ev.top5.covered).toBeGreaterThan(0);
    const policeAfter = await coverage('commander');
    expect(policeAfter.top5.covered).toBeGreaterThan(0);
    expect(policeAfter.zones.filter((z: { covered: boolean }) => z.covered)).toEqual([{ id: expect.any(String), covered: true, measureIds: [marker] }]);

    await settle();
    expect(partner.events.slice(fromQ).filter((e) => e.type === 'coverage.updated')).toEqual([]);
    const partnerAfter = await coverage('partner.viewer');
    expect(partnerAfter).toEqual(partnerBefore);
    expect(JSON.stringify(partnerAfter)).not.toContain(marker);
  });

  it('positive control: a measure shared with the partner covers the partner zone, live and over REST', async () => {
    const fromQ = partner.events.length;
    const shared = await createMeasure('commander', { title: 'Gemensam närvaro', classification: 'partner', sharedWith: ['org-malmo-stad'], target: square(P_PARTNER) });
    const ev = await partner.next<CoverageUpdatedEvent>((e) => e.type === 'coverage.updated', 2_000, fromQ);
    expect(ev.top5.covered).toBeGreaterThan(0);
    const c = await coverage('partner.viewer');
    expect(c.zones).toEqual([{ id: expect.any(String), covered: true, measureIds: [shared] }]);
    expect(c.top5.covered).toBeGreaterThan(0);
    // Police see both measures on their two zones.
    const p = await coverage('commander');
    expect(p.zones.every((z: { covered: boolean }) => z.covered)).toBe(true);
  });

  it('a police-internal incident updates police coverage live and sends a partner nothing; a partner incident reaches it (control)', async () => {
    const post = async (sourceId: string, classification: string, at: [number, number]) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/incidents',
        headers: bearer(tok.duty),
        payload: { source: 'iso', sourceId, type: 'shooting', status: 'confirmed', classification, occurredAt: new Date(clock.now() - 3_600_000).toISOString(), location: { type: 'Point', coordinates: at } },
      });
      expect(res.statusCode).toBe(201);
    };
    const partnerBefore = await coverage('partner.viewer');
    const fromP = police.events.length;
    const fromQ = partner.events.length;
    await post('cov-internal-2', 'police_internal', [12.97, 55.57]);
    await police.next<CoverageUpdatedEvent>((e) => e.type === 'coverage.updated', 2_000, fromP);
    await settle();
    expect(partner.events.slice(fromQ).filter((e) => e.type === 'coverage.updated')).toEqual([]);
    expect(await coverage('partner.viewer')).toEqual(partnerBefore);
    await post('cov-partner-2', 'partner', [13.05, 55.6]);
    const ev = await partner.next<CoverageUpdatedEvent>((e) => e.type === 'coverage.updated', 2_000, fromQ);
    expect(ev.uncoveredCount).toBeGreaterThan(0);
    // Partners rank the four levels their tiles show (ACCESS.md P3), never finer values; police get exact values.
    const mine = await coverage('partner.viewer');
    expect(mine.uncovered.length).toBeGreaterThan(0);
    for (const p of mine.uncovered) expect([0.5, 1, 1.5, 2]).toContain(p.risk);
    const theirs = await coverage('commander');
    expect(theirs.uncovered.some((p: { risk: number }) => ![0.5, 1, 1.5, 2].includes(p.risk))).toBe(true);
  });

  it('a planned measure covers nothing; a picture the caller may not read is 404', async () => {
    const before = await coverage('commander');
    await createMeasure('commander', { title: 'Planerad', classification: 'police_internal', status: 'planned', target: square([13.0, 55.6], 0.05) });
    expect(await coverage('commander')).toEqual(before);
    const r = await get('/api/pictures/nope/coverage', 'commander');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });

  it('rollup: police only, per unit of the level in the caller’s subtree, from the measures it may read', async () => {
    expect((await get('/api/coverage/rollup?level=area', 'partner.editor')).statusCode).toBe(403);
    expect((await get('/api/coverage/rollup?level=county', 'commander')).statusCode).toBe(400);
    const r = await get('/api/coverage/rollup?level=area', 'commander');
    expect(r.statusCode).toBe(200);
    const [item] = r.json().items;
    expect(item.organisation).toMatchObject({ id: 'org-po-malmo', kind: 'police_area' });
    expect(item.measures.total).toBe(3);
    expect(item.measures.byKind).toEqual({ patrol: 3 });
    expect(item.measures.active).toBe(2);
    expect(item.partners).toEqual([{ id: 'org-malmo-stad', name: 'Malmö stad' }]);
    expect(item.coverage.top5.covered).toBeGreaterThan(0);
    const region = await get('/api/coverage/rollup?level=region', 'region');
    expect(region.json().items.map((i: { organisation: { id: string } }) => i.organisation.id)).toEqual(['org-region-syd']);
    // A local police area owns no picture here: listed, with nothing in it.
    const local = await get('/api/coverage/rollup?level=local', 'commander');
    expect(local.json().items.map((i: { pictures: number }) => i.pictures)).toEqual([0, 0]);
  });
});
