import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp } from '../../../test/harness.ts';
import { waitFor } from '../../../test/yclient.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../../pictures/demoPicture.ts';

/** A small study in SWEREF 99 TM around Malmö: events cluster near the "bars" factor, not near "noise". */
function smallStudy() {
  let s = 7;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const x0 = 372_000;
  const y0 = 6_160_000;
  const size = 2_000;
  const pt = (x: number, y: number) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } });
  const bars = Array.from({ length: 12 }, () => [x0 + 200 + rnd() * 1600, y0 + 200 + rnd() * 1600]);
  const noise = Array.from({ length: 12 }, () => [x0 + rnd() * size, y0 + rnd() * size]);
  const events = [];
  for (let i = 0; i < 90; i++) {
    const [bx, by] = bars[i % bars.length];
    events.push(pt(bx + (rnd() - 0.5) * 120, by + (rnd() - 0.5) * 120));
  }
  for (let i = 0; i < 20; i++) events.push(pt(x0 + rnd() * size, y0 + rnd() * size));
  return {
    name: 'Testområde Malmö',
    crs: 'EPSG:3006',
    boundary: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]] },
    blockLength: 100,
    outcome: { type: 'FeatureCollection', features: events },
    factors: [
      { name: 'bars', features: { type: 'FeatureCollection', features: bars.map(([x, y]) => pt(x, y)) } },
      { name: 'noise', features: { type: 'FeatureCollection', features: noise.map(([x, y]) => pt(x, y)) } },
    ],
    seed: 1,
  };
}

describe('RTM over HTTP', () => {
  let t: TestApp;
  let base: string;
  let analyst: string;
  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, rtm: {} }, seedSteps: [seedDemoPicture] });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    analyst = await t.login('analyst');
  });
  afterAll(() => t.close());

  it('runs a study in the background with live progress, then serves result, tiles and exports', async () => {
    const socket = io(base, { auth: { token: analyst }, transports: ['websocket'], forceNew: true });
    await socket.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID });
    const progress: number[] = [];
    let completed: { runId: string; status: string } | undefined;
    socket.on('rtm.progress', (e: { progress: number }) => progress.push(e.progress));
    socket.on('rtm.completed', (e: { runId: string; status: string }) => {
      completed = e;
    });

    const res = await t.app.inject({ method: 'POST', url: '/api/rtm/studies', headers: bearer(analyst), payload: { ...smallStudy(), pictureId: DEMO_PICTURE_ID } });
    expect(res.statusCode).toBe(202);
    const { runId } = res.json();
    await waitFor(() => completed !== undefined, 60_000, 'rtm.completed');
    expect(completed).toMatchObject({ runId, status: 'completed' });
    expect(progress.length).toBeGreaterThan(0);
    socket.disconnect();

    const run = (await t.app.inject({ url: `/api/rtm/runs/${runId}`, headers: bearer(analyst) })).json();
    expect(run).toMatchObject({ id: runId, status: 'completed', progress: 1 });
    expect(run.result.factors.map((f: { name: string }) => f.name)).toContain('bars');
    expect(run.result.factors.map((f: { name: string }) => f.name)).not.toContain('noise');
    expect(run.result.model.seed).toBe(1);
    expect(run.result.model.inputHash).toMatch(/^[0-9a-f]{16,}$/);
    expect(run.result.narrative.sv.length).toBeGreaterThan(20);

    const tile = await t.app.inject({ url: `/api/rtm/runs/${runId}/tiles/14/8975/5146.png`, headers: bearer(analyst) });
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-type']).toBe('image/png');
    expect(tile.rawPayload.subarray(1, 4).toString()).toBe('PNG');

    const outside = await t.app.inject({ url: `/api/rtm/runs/${runId}/tiles/2/9/1.png`, headers: bearer(analyst) });
    expect(outside.statusCode).toBe(400);

    const csv = await t.app.inject({ url: `/api/rtm/runs/${runId}/export/csv`, headers: bearer(analyst) });
    expect(csv.body.split('\n')[0]).toMatch(/^col,row,x,y,count,rrs,class/);
    const tif = await t.app.inject({ url: `/api/rtm/runs/${runId}/export/tif`, headers: bearer(analyst) });
    expect(tif.rawPayload.subarray(0, 2).toString()).toBe('II');
    const gj = await t.app.inject({ url: `/api/rtm/runs/${runId}/export/geojson`, headers: bearer(analyst) });
    expect(gj.json().type).toBe('FeatureCollection');

    const attach = await t.app.inject({ method: 'POST', url: `/api/pictures/${DEMO_PICTURE_ID}/rtm`, headers: bearer(await t.login('commander')), payload: { runId } });
    expect(attach.statusCode).toBe(200);
    const pic = await t.app.inject({ url: `/api/pictures/${DEMO_PICTURE_ID}`, headers: bearer(analyst) });
    expect(pic.json().rtmRunId).toBe(runId);
  });

  it('refuses bad studies with one sentence per problem, before queueing anything', async () => {
    const study = smallStudy();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/rtm/studies',
      headers: bearer(analyst),
      payload: { ...study, blockLength: -5, outcome: { type: 'FeatureCollection', features: [] } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.problems.length).toBeGreaterThanOrEqual(1);
    expect(res.json().error.message).toMatch(/blockLength|outcome/);
    const crs = await t.app.inject({ method: 'POST', url: '/api/rtm/studies', headers: bearer(analyst), payload: { ...study, crs: 'EPSG:9999' } });
    expect(crs.statusCode).toBe(422);
    expect(crs.json().error.message).toMatch(/crs/i);
    expect(await t.ctx.prisma.rtmRun.count({ where: { status: 'queued' } })).toBe(0);
  });

  it('keeps partners out of every RTM endpoint', async () => {
    const partner = await t.login('partner.editor');
    expect((await t.app.inject({ method: 'POST', url: '/api/rtm/studies', headers: bearer(partner), payload: smallStudy() })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/api/rtm/runs', headers: bearer(partner) })).statusCode).toBe(403);
  });
});
