/**
 * Issue 10 item 11: small counts hidden on the strategic map must not be readable through any other
 * endpoint a partner can call, nor by differencing overlapping queries. The issue read hidden counts 2, 3
 * and 1 back from a partner's own GET /api/incidents; this test plants exactly those groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { seedStrategicData } from '../strategic/seedStrategic.ts';
import { RELEASE_CELL_M, releaseGroupKey, swedishMonth } from './partnerRelease.ts';

/** All inside one 10 km cell in Malmö (EPSG:3006 cell 37/616). */
const at = (i: number) => ({ x: 374_000 + i * 40, y: 6_164_000 + i * 30, crs: 'EPSG:3006' });

interface Planted {
  sourceId: string;
  type: string;
  occurredAt: string;
  classification: 'partner' | 'police_internal';
}

const planted: Planted[] = [
  // Released: six partner shootings in March 2025.
  ...Array.from({ length: 6 }, (_, i) => ({ sourceId: `A${i}`, type: 'shooting', occurredAt: `2025-03-${String(3 + i * 4).padStart(2, '0')}T21:${10 + i}:00+01:00`, classification: 'partner' as const })),
  // Hidden groups: 2 arsons (March), 3 explosions (April), 1 shooting (May).
  ...Array.from({ length: 2 }, (_, i) => ({ sourceId: `B${i}`, type: 'arson', occurredAt: `2025-03-1${i}T02:0${i}:00+01:00`, classification: 'partner' as const })),
  ...Array.from({ length: 3 }, (_, i) => ({ sourceId: `C${i}`, type: 'explosion', occurredAt: `2025-04-1${i}T03:1${i}:00+02:00`, classification: 'partner' as const })),
  { sourceId: 'D0', type: 'shooting', occurredAt: '2025-05-20T23:45:00+02:00', classification: 'partner' },
  // Police-internal arsons in the arson group's cell and month: counted, they would lift it to 6.
  ...Array.from({ length: 4 }, (_, i) => ({ sourceId: `P${i}`, type: 'arson', occurredAt: `2025-03-2${i}T12:00:00+01:00`, classification: 'police_internal' as const })),
];

for (const kind of ['sqlite', 'postgres'] as DbKind[]) describe(`partner small-count protection across endpoints (issue 10 item 11, ${kind})`, () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({
      kind,
      with: { collab: {}, incidents: {}, strategic: {} },
      // Areas and populations only: the police events would add their own groups to Malmö.
      seedSteps: [async (ctx) => void (await seedStrategicData(ctx, { incidents: false }))],
    });
    for (const u of ['analyst', 'partner.viewer', 'partner.editor']) tok[u] = await t.login(u);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: bearer(tok.analyst),
      payload: planted.map((p, i) => ({ source: 'probe', ...p, status: 'confirmed', location: at(i) })),
    });
    expect(res.statusCode).toBe(201);
    for (const item of res.json().items as Array<{ id: string; sourceId: string }>) idOf.set(item.sourceId, item.id);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, who: string) => t.app.inject({ url, headers: bearer(tok[who]) });
  const released = () => new Set(planted.filter((p) => p.sourceId.startsWith('A')).map((p) => idOf.get(p.sourceId)!));
  const hidden = () => new Set(planted.filter((p) => /^[BCDP]/.test(p.sourceId)).map((p) => idOf.get(p.sourceId)!));

  it('groups are fixed: a 10 km cell × a Swedish calendar month × type', () => {
    expect(swedishMonth(new Date('2025-01-31T23:30:00Z'))).toBe('2025-02');
    expect(swedishMonth(new Date('2025-06-30T21:59:00Z'))).toBe('2025-06');
    expect(swedishMonth(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07');
    const base = { x: 374_000, y: 6_164_000, occurredAt: new Date('2025-03-05T12:00:00Z'), type: 'shooting' };
    expect(releaseGroupKey(base)).toBe(releaseGroupKey({ ...base, x: 379_999, occurredAt: new Date('2025-03-30T12:00:00Z') }));
    expect(releaseGroupKey(base)).not.toBe(releaseGroupKey({ ...base, x: 370_000 + RELEASE_CELL_M }));
    expect(releaseGroupKey(base)).not.toBe(releaseGroupKey({ ...base, type: 'arson' }));
  });

  it('the incident list releases the group of six and nothing of the groups of 2, 3 and 1, however it is queried', async () => {
    const all = await get('/api/incidents?limit=1000', 'partner.viewer');
    expect(all.statusCode).toBe(200);
    const ids = new Set((all.json().items as Array<{ id: string }>).map((i) => i.id));
    // Positive control: the released group arrives whole.
    for (const id of released()) expect(ids.has(id)).toBe(true);
    // Differencing attempt: many overlapping windows, boxes, types and statuses around each hidden incident.
    const queries = ['limit=1000', 'status=confirmed', 'status=unconfirmed,confirmed', 'type=arson', 'type=explosion', 'type=shooting', 'type=arson,explosion', 'bbox=12.9,55.5,13.1,55.7'];
    for (const p of planted.filter((x) => !x.sourceId.startsWith('A'))) {
      const t0 = new Date(p.occurredAt).getTime();
      for (const [a, b] of [
        [-3_600_000, 3_600_000],
        [-86_400_000, 0],
        [0, 86_400_000],
        [-30 * 86_400_000, 30 * 86_400_000],
      ]) {
        queries.push(`from=${encodeURIComponent(new Date(t0 + a).toISOString())}&to=${encodeURIComponent(new Date(t0 + b).toISOString())}`);
        queries.push(`type=${p.type}&from=${encodeURIComponent(new Date(t0 + a).toISOString())}&to=${encodeURIComponent(new Date(t0 + b).toISOString())}`);
      }
    }
    const seen = new Set<string>();
    for (const q of queries) {
      for (const who of ['partner.viewer', 'partner.editor']) {
        const r = await get(`/api/incidents?${q}`, who);
        expect(r.statusCode, q).toBe(200);
        for (const i of r.json().items as Array<{ id: string }>) seen.add(i.id);
      }
    }
    for (const id of hidden()) expect(seen.has(id)).toBe(false);
    for (const id of seen) expect(released().has(id) || !idOf.has(id)).toBe(true);
    // Nor one by one.
    for (const id of hidden()) expect((await get(`/api/incidents/${id}`, 'partner.viewer')).statusCode).toBe(404);
    expect((await get(`/api/incidents/${[...released()][0]}`, 'partner.viewer')).statusCode).toBe(200);
    // Police see everything.
    const police = (await get('/api/incidents?limit=1000', 'analyst')).json().items as Array<{ id: string }>;
    expect(police.filter((i) => hidden().has(i.id))).toHaveLength(hidden().size);
  });

  it('crime exposure for partners counts only released incidents: every count it gives equals the released incidents in its window', async () => {
    const windows: Array<[string, string, 'year' | 'total']> = [
      ['2025-01-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00', 'year'],
      ['2025-01-01T00:00:00+01:00', '2026-01-01T00:00:00+01:00', 'total'],
      ['2025-03-01T00:00:00+01:00', '2025-04-01T00:00:00+02:00', 'total'],
      ['2025-03-01T00:00:00+01:00', '2025-06-01T00:00:00+02:00', 'total'],
      ['2025-04-01T00:00:00+02:00', '2025-06-01T00:00:00+02:00', 'total'],
      ['2025-03-10T00:00:00+01:00', '2025-03-12T00:00:00+01:00', 'total'],
    ];
    for (const [from, to, period] of windows) {
      const url = `/api/areas/1280/exposure?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&period=${period}`;
      const partner = await get(url, 'partner.viewer');
      expect(partner.statusCode, url).toBe(200);
      const inWindow = planted.filter((p) => p.sourceId.startsWith('A') && new Date(p.occurredAt) >= new Date(from) && new Date(p.occurredAt) < new Date(to));
      for (const row of partner.json().items as Array<{ type: string; count: number | null; suppressed: boolean }>) {
        if (row.count === null) continue;
        const expected = inWindow.filter((p) => row.type === 'all' || p.type === row.type).length;
        expect(row.count, `${url} ${row.type}`).toBe(expected);
        expect(row.count).toBeGreaterThanOrEqual(5);
      }
      // Police see the hidden groups (a count of 2, 3 or 1 exists for them).
      const police = (await get(url, 'analyst')).json().items as Array<{ type: string; count: number }>;
      expect(police.every((r) => r.count !== null)).toBe(true);
    }
    // Positive control: the year row releases the six shootings for partners.
    const year = (await get(`/api/areas/1280/exposure?from=${encodeURIComponent('2025-01-01T00:00:00+01:00')}&to=${encodeURIComponent('2026-01-01T00:00:00+01:00')}&period=year`, 'partner.viewer')).json();
    expect(year.items.find((r: { type: string; period: string }) => r.type === 'shooting' && r.period === '2025').count).toBe(6);
    expect(year.items.find((r: { type: string; period: string }) => r.type === 'all' && r.period === '2025').count).toBe(6);
    const policeYear = (await get(`/api/areas/1280/exposure?from=${encodeURIComponent('2025-01-01T00:00:00+01:00')}&to=${encodeURIComponent('2026-01-01T00:00:00+01:00')}&period=year`, 'analyst')).json();
    expect(policeYear.items.find((r: { type: string; period: string }) => r.type === 'all' && r.period === '2025').count).toBe(planted.length);
  });

  it('paging and time filters give partners nothing finer than the hour they are shown', async () => {
    const a0 = planted[0]; // 2025-03-03 20:10 UTC, shown to partners as 20:00
    const id = idOf.get(a0.sourceId)!;
    const found = async (from: string, to: string) =>
      ((await get(`/api/incidents?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 'partner.viewer')).json().items as Array<{ id: string }>).some((i) => i.id === id);
    // Control: the hour it is shown at finds it.
    expect(await found('2025-03-03T20:00:00Z', '2025-03-03T20:00:00Z')).toBe(true);
    // Minute windows inside the hour cannot tell 20:10 from 20:40.
    expect(await found('2025-03-03T20:09:00Z', '2025-03-03T20:11:00Z')).toBe(false);
    expect(await found('2025-03-03T20:39:00Z', '2025-03-03T20:41:00Z')).toBe(false);
    expect(await found('2025-03-03T20:10:30Z', '2025-03-03T23:00:00Z')).toBe(false);
    expect(await found('2025-03-03T19:00:00Z', '2025-03-03T20:09:59Z')).toBe(true);
    // A partner's cursor carries no time, and a cursor with a time (to bisect one out) is refused.
    const page = (await get('/api/incidents?limit=2', 'partner.viewer')).json();
    expect(page.items).toHaveLength(2);
    expect(Buffer.from(page.nextCursor, 'base64url').toString('utf8')).toMatch(/^after\|inc_/);
    const next = await get(`/api/incidents?limit=2&cursor=${page.nextCursor}`, 'partner.viewer');
    expect(next.statusCode).toBe(200);
    expect(next.json().items[0].id).not.toBe(page.items[1].id);
    const forged = Buffer.from(`${Date.parse('2025-03-03T20:10:30Z')}|zzzz`, 'utf8').toString('base64url');
    expect((await get(`/api/incidents?cursor=${forged}`, 'partner.viewer')).statusCode).toBe(400);
    // Nor after an incident it was not given.
    const hiddenCursor = Buffer.from(`after|${idOf.get('B0')}`, 'utf8').toString('base64url');
    expect((await get(`/api/incidents?cursor=${hiddenCursor}`, 'partner.viewer')).statusCode).toBe(400);
    // Police paging keeps working with time cursors.
    const police = (await get('/api/incidents?limit=2', 'analyst')).json();
    expect((await get(`/api/incidents?limit=2&cursor=${police.nextCursor}`, 'analyst')).statusCode).toBe(200);
  });
});
