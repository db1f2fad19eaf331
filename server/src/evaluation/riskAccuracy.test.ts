/**
 * Risk-map accuracy on a held-out period over a real server: an RTM run planted on a known grid, incidents in
 * training and test periods, the four models compared on the same cells (evaluation-method.md §6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../test/harness.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../pictures/demoPicture.ts';
import { encodeCells } from '../rtm/index.ts';

const G = { originX: 373_000, originY: 6_166_000, cellSize: 200, cols: 20, rows: 15 };
const N = G.cols * G.rows;
/** Cell (col 5..7, row 7): the RTM run's high-risk cells, where most events happen. */
const HOT = [374_100, 374_300, 374_500].map((x) => ({ x, y: 6_164_500 }));

function events(prefix: string, month: string, pts: Array<{ x: number; y: number }>) {
  return pts.map((p, i) => ({
    source: 'probe',
    sourceId: `${prefix}-${i}`,
    type: 'shooting',
    status: 'confirmed',
    classification: 'police_internal',
    occurredAt: `2026-${month}-${String(2 + (i % 25)).padStart(2, '0')}T10:00:00Z`,
    location: { ...p, crs: 'EPSG:3006' },
  }));
}

describe('risk-map accuracy on a held-out period (police only)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const body = { trainFrom: '2026-01-01T00:00:00Z', trainTo: '2026-03-01T00:00:00Z', testFrom: '2026-03-01T00:00:00Z', testTo: '2026-04-01T00:00:00Z' };

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, incidents: {}, evaluation: {} }, seedSteps: [seedDemoPicture] });
    for (const u of ['analyst', 'commander', 'partner.viewer']) tok[u] = await t.login(u);
    const cellIndex = Int32Array.from({ length: N }, (_, i) => i);
    const rrs = new Float64Array(N).fill(1);
    for (const c of [5, 6, 7]) rrs[7 * G.cols + c] = 3;
    const bytes = encodeCells({
      grid: { ...G, n: N, cellIndex, flat: cellIndex.slice() },
      counts: new Int32Array(N),
      testCounts: null,
      rrs,
      classes: new Uint8Array(N),
      expected: new Float64Array(N),
      clusterOf: new Int32Array(N).fill(-1),
      selected: [],
    });
    await t.ctx.prisma.rtmRun.create({ data: { id: 'run-acc', status: 'completed', study: '{}', result: JSON.stringify({ grid: { crs: 'EPSG:3006' } }), surface: bytes as Uint8Array<ArrayBuffer>, pictureId: DEMO_PICTURE_ID } });
    await t.ctx.prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { rtmRunId: 'run-acc' } });
    const hot = (n: number) => Array.from({ length: n }, (_, i) => HOT[i % 3] as { x: number; y: number });
    const payload = [
      ...events('train', '01', hot(20)),
      // Test: 10 in the hot cells, 2 elsewhere in the grid.
      ...events('test', '03', [...hot(10), { x: 373_100, y: 6_165_900 }, { x: 376_900, y: 6_163_100 }]),
    ];
    const res = await t.app.inject({ method: 'POST', url: '/api/incidents', headers: bearer(tok.analyst), payload });
    expect(res.statusCode, res.body).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const post = (who: string, b: object = body) => t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/risk-accuracy`, headers: bearer(tok[who]), payload: b });

  it('compares RTM, RTM × near-repeat, kernel density and prior counts on the run’s grid', async () => {
    const res = await post('analyst', { ...body, coverages: [0.01, 0.05, 0.1] });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.grid).toMatchObject({ cellSize: 200, cols: 20, rows: 15, cells: 300, source: 'rtm' });
    expect(r.trainEvents).toBe(20);
    expect(r.testEvents).toBe(12);
    const m = Object.fromEntries((r.models as Array<{ key: string }>).map((x) => [x.key, x])) as unknown as Record<string, { available: boolean; atCoverage: Array<{ coverage: number; hits: number; hitRate: number; pai: number; pei: number }>; curve: Array<{ coverage: number; hitRate: number }> }>;
    for (const k of ['rtm', 'rtm_nearrepeat', 'kde', 'prior_counts']) expect(m[k]?.available, k).toBe(true);
    // 1 % of 300 cells = the 3 hot cells: 10 of 12 test events, PAI = (10/12)/(3/300).
    for (const k of ['rtm', 'rtm_nearrepeat', 'prior_counts']) {
      const at1 = m[k]!.atCoverage[0]!;
      expect(at1.hits, k).toBe(10);
      expect(at1.pai, k).toBeCloseTo(10 / 12 / (3 / 300), 9);
      expect(at1.pei, k).toBeCloseTo(1, 12);
    }
    const curve = m.rtm!.curve;
    expect(curve.at(-1)).toEqual({ coverage: 1, hitRate: 1 });
    expect(curve.map((p) => p.hitRate)).toEqual([...curve.map((p) => p.hitRate)].sort((a, b) => a - b));
    expect(r.computeMs).toBeLessThan(2000);
  });

  it('without a completed RTM run, lays a grid over the picture area and says why RTM is missing', async () => {
    await t.ctx.prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { rtmRunId: null } });
    try {
      const r = (await post('commander')).json();
      expect(r.grid.source).toBe('area');
      const rtm = r.models.find((x: { key: string }) => x.key === 'rtm');
      expect(rtm.available).toBe(false);
      expect(rtm.reason.sv).toMatch(/ingen RTM-körning/);
      const prior = r.models.find((x: { key: string }) => x.key === 'prior_counts');
      expect(prior.available).toBe(true);
      expect(prior.atCoverage[0].pai).toBeGreaterThan(1);
    } finally {
      await t.ctx.prisma.picture.update({ where: { id: DEMO_PICTURE_ID }, data: { rtmRunId: 'run-acc' } });
    }
  });

  it('refuses partners (403), periods that overlap (400) and answers 404 for an unknown picture', async () => {
    expect((await post('partner.viewer')).statusCode).toBe(403);
    expect((await post('analyst', { ...body, trainTo: '2026-03-15T00:00:00Z' })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: '/api/pictures/nope/risk-accuracy', headers: bearer(tok.analyst), payload: body })).statusCode).toBe(404);
  });
});
