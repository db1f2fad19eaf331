/**
 * Issue 17 item 1 over a real server: runs can be cancelled (queued or running) and the queue is then free,
 * stored progress follows the stage that is running, every ending has an error code the client turns into
 * Swedish, and area-precision incidents are never point outcomes.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { waitFor } from '../../../test/yclient.ts';
import { DEMO_PICTURE_ID, seedDemoPicture } from '../../pictures/demoPicture.ts';
import { createRng, pointsFc, randomPoints, slowStudy, squareBoundary } from '../core/synthetic.ts';
import type { RtmService } from '../service.ts';

const X0 = 370_000;
const Y0 = 6_160_000;
const STAGES = ['prepare', 'grid', 'variables', 'elastic_net', 'stepwise', 'surface', 'evaluation', 'done'];

/** A study that finishes in well under a second. */
function quickStudy(outcome?: unknown) {
  const W = 2000;
  const rng = createRng(5);
  const bars = randomPoints(rng, 10, X0, Y0, W, W);
  const events: number[] = [];
  for (let i = 0; i < 60; i++) events.push(bars[(2 * i) % 20] + (rng() - 0.5) * 80, bars[((2 * i) % 20) + 1] + (rng() - 0.5) * 80);
  return {
    name: 'Snabb studie',
    crs: 'EPSG:3006',
    blockLength: 100,
    boundary: squareBoundary(X0, Y0, W, W),
    outcome: outcome ?? pointsFc(events),
    factors: [{ name: 'bars', features: pointsFc(bars) }],
    seed: 1,
  };
}

interface RunView {
  id: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
  errorCode: string | null;
  result?: { model: { events: number; eventsLeftOutAreaPrecision: number }; notes: { code: string; count?: number; sv: string }[] };
}

describe('RTM runs: cancel, true progress, coded endings', () => {
  let t: TestApp;
  let base: string;
  let analyst: string;
  let socket: Socket;
  let rtm!: RtmService;
  const progressEvents: { runId: string; message: string; progress: number; at: number }[] = [];
  const completedEvents: { runId: string; status: string; errorCode?: string }[] = [];

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const start = async (study: unknown) => {
    const res = await api(analyst, 'POST', '/api/rtm/studies', { ...(study as object), pictureId: DEMO_PICTURE_ID });
    expect(res.status).toBe(202);
    return res.json.runId as string;
  };
  const getRun = async (id: string) => (await api(analyst, 'GET', `/api/rtm/runs/${id}`)).json as unknown as RunView;
  const untilStatus = async (id: string, statuses: string[], ms = 60_000) => {
    const t0 = Date.now();
    for (;;) {
      const run = await getRun(id);
      if (statuses.includes(run.status)) return run;
      if (Date.now() - t0 > ms) throw new Error(`run ${id} stayed ${run.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    t = await createTestApp({ with: { collab: {}, rtm: {} }, seedSteps: [seedDemoPicture] });
    rtm = t.caps.rtm!;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    analyst = await t.login('analyst');
    socket = io(base, { auth: { token: analyst }, transports: ['websocket'], forceNew: true });
    await socket.timeout(5_000).emitWithAck('picture:join', { pictureId: DEMO_PICTURE_ID });
    socket.on('rtm.progress', (e: { runId: string; message: string; progress: number }) => progressEvents.push({ ...e, at: Date.now() }));
    socket.on('rtm.completed', (e: { runId: string; status: string; errorCode?: string }) => completedEvents.push(e));
  });
  afterAll(async () => {
    socket?.disconnect();
    await t?.close();
  });

  it('cancels a queued and a running run, frees the queue, and stores progress of the stage actually running', { timeout: 90_000 }, async () => {
    const long = await start(slowStudy());
    const queued = await start(quickStudy());
    expect((await getRun(queued)).status).toBe('queued');

    // A queued run is cancelled before it starts: it never runs.
    const cq = await api(analyst, 'POST', `/api/rtm/runs/${queued}/cancel`);
    expect(cq.status).toBe(200);
    expect(cq.json).toMatchObject({ id: queued, status: 'cancelled', errorCode: 'RTM_CANCELLED' });

    // While the long run works, the stored stage is never behind an event that is more than 1.5 s old (the old
    // code stored the first report and then only reports that came 500 ms after a write, so a long silent stage
    // kept showing "prepare 0").
    const t0 = Date.now();
    let stored: RunView;
    for (;;) {
      const pollAt = Date.now();
      stored = await getRun(long);
      const due = progressEvents.filter((e) => e.runId === long && e.at <= pollAt - 1500).at(-1);
      if (due && stored.status === 'running') {
        const storedIdx = STAGES.indexOf(stored.message ?? '');
        expect(storedIdx, `stored ${stored.message} ${stored.progress}, due ${due.message} ${due.progress}`).toBeGreaterThanOrEqual(STAGES.indexOf(due.message));
        // The stored row keeps fewer digits than the event (0.3 against 0.30000000000000004).
        if (storedIdx === STAGES.indexOf(due.message)) expect(stored.progress).toBeGreaterThanOrEqual(due.progress - 1e-9);
      }
      if (stored.message === 'elastic_net' || stored.status !== 'running' || Date.now() - t0 > 60_000) break;
      await new Promise((r) => setTimeout(r, 150));
    }
    // The case of the report: deep in the elastic net, the row says so.
    expect(stored).toMatchObject({ status: 'running', message: 'elastic_net' });
    expect(stored.progress).toBeGreaterThanOrEqual(0.3);

    const cancelledAt = Date.now();
    const cr = await api(analyst, 'POST', `/api/rtm/runs/${long}/cancel`);
    expect(cr.status).toBe(200);
    expect(cr.json).toMatchObject({ id: long, status: 'cancelled', errorCode: 'RTM_CANCELLED', error: 'Cancelled by Analytiker Malmö.' });
    await waitFor(() => completedEvents.some((e) => e.runId === long), 5_000, 'rtm.completed of the cancelled run');
    expect(completedEvents.find((e) => e.runId === long)).toMatchObject({ status: 'cancelled', errorCode: 'RTM_CANCELLED' });
    expect(progressEvents.filter((e) => e.runId === long).at(-1)?.message).toBe('cancelled');
    expect(completedEvents.find((e) => e.runId === queued)).toMatchObject({ status: 'cancelled' });
    // The cancelled queued run never started.
    expect(progressEvents.filter((e) => e.runId === queued).map((e) => e.message)).toEqual(['cancelled']);

    // Positive control: the queue is free at once, and a new run completes.
    const next = await start(quickStudy());
    const done = await untilStatus(next, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    expect(Date.now() - cancelledAt).toBeLessThan(30_000);
    // Nothing more arrives for the cancelled run.
    expect((await getRun(long)).status).toBe('cancelled');
  });

  it('only the creator or a commander may cancel; an ended run cannot be cancelled', { timeout: 60_000 }, async () => {
    const run = await start(slowStudy());
    const admin = await t.login('admin');
    const partner = await t.login('partner.editor');
    const duty = await t.login('duty');
    expect((await api(admin, 'POST', `/api/rtm/runs/${run}/cancel`)).status).toBe(403);
    expect((await api(duty, 'POST', `/api/rtm/runs/${run}/cancel`)).status).toBe(403);
    expect((await api(partner, 'POST', `/api/rtm/runs/${run}/cancel`)).status).toBe(403);
    expect((await api(analyst, 'POST', '/api/rtm/runs/rtm_nope/cancel')).status).toBe(404);
    const byCommander = await api(await t.login('commander'), 'POST', `/api/rtm/runs/${run}/cancel`);
    expect(byCommander.status).toBe(200);
    expect(byCommander.json).toMatchObject({ status: 'cancelled', errorCode: 'RTM_CANCELLED' });
    const again = await api(analyst, 'POST', `/api/rtm/runs/${run}/cancel`);
    expect(again.status).toBe(409);
    expect((again.json.error as { code: string }).code).toBe('CONFLICT');
  });

  it('a worker that dies and a server restart end the run with a code, not an English sentence only', { timeout: 60_000 }, async () => {
    const { jobs } = rtm;
    const run = await start(slowStudy());
    await untilStatus(run, ['running']);
    // Kill the worker from outside, as a crash or the OOM killer would.
    await waitFor(() => (jobs as unknown as { current?: { worker?: unknown } }).current?.worker !== undefined, 10_000, 'worker');
    await (jobs as unknown as { current: { worker: { terminate(): Promise<number> } } }).current.worker.terminate();
    const crashed = await untilStatus(run, ['failed', 'completed']);
    expect(crashed).toMatchObject({ status: 'failed', errorCode: 'RTM_WORKER_STOPPED' });

    // A run the previous process left "running" is failed with RTM_SERVER_RESTARTED when the server starts.
    await t.ctx.prisma.rtmRun.create({ data: { id: 'rtm_orphan', status: 'running', study: '{}', createdById: null, pictureId: null } });
    await jobs.recover();
    const orphan = await getRun('rtm_orphan');
    expect(orphan).toMatchObject({ status: 'failed', errorCode: 'RTM_SERVER_RESTARTED' });
    expect(orphan.error).toMatch(/restarted/);
  });

  it('area-precision incidents are left out of the outcome, counted and explained (the database decides, not the client)', { timeout: 60_000 }, async () => {
    const rng = createRng(17);
    const W = 2000;
    const bars = randomPoints(rng, 10, X0, Y0, W, W);
    const mk = (id: string, x: number, y: number, source: string, locationPrecision: string) =>
      t.ctx.prisma.incident.create({
        data: { id, source, sourceId: id, type: 'shooting', occurredAt: new Date('2026-11-01T20:00:00Z'), x, y, lon: 13, lat: 55.6, locationPrecision, status: 'confirmed' },
      });
    const features: unknown[] = [];
    for (let i = 0; i < 30; i++) {
      const id = `inc-exact-${i}`;
      const x = bars[(2 * i) % 20] + (rng() - 0.5) * 80;
      const y = bars[((2 * i) % 20) + 1] + (rng() - 0.5) * 80;
      await mk(id, x, y, 'rakel', 'exact');
      features.push({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [x, y] } });
    }
    // The municipality's centroid: feed events stored as 'exact' by mistake, and one honestly marked 'area'.
    for (let i = 0; i < 12; i++) {
      const id = `inc-feed-${i}`;
      await mk(id, X0 + 1000, Y0 + 1000, 'polisen', i === 0 ? 'area' : 'exact');
      features.push({ type: 'Feature', properties: { id }, geometry: { type: 'Point', coordinates: [X0 + 1000, Y0 + 1000] } });
    }
    const id = await start(quickStudy({ type: 'FeatureCollection', features }));
    const run = await untilStatus(id, ['completed', 'failed']);
    expect(run.status).toBe('completed');
    expect(run.result?.model.events).toBe(30);
    expect(run.result?.model.eventsLeftOutAreaPrecision).toBe(12);
    expect(run.result?.notes.find((n) => n.code === 'outcome_area_precision_left_out')).toMatchObject({ count: 12 });

    // Only area events: refused before anything is queued, with the reason.
    const onlyArea = await api(analyst, 'POST', '/api/rtm/studies', { ...quickStudy({ type: 'FeatureCollection', features: features.slice(30) }), pictureId: DEMO_PICTURE_ID });
    expect(onlyArea.status).toBe(422);
    expect((onlyArea.json.error as { message: string }).message).toMatch(/all 12 events have only an area position/);
  });

  // Last: it closes the job runner.
  it('a server that stops while a run is going stores RTM_SERVER_RESTARTED, not "the RTM worker stopped (code 1)"', { timeout: 60_000 }, async () => {
    const { jobs } = rtm;
    const run = await start(slowStudy());
    await untilStatus(run, ['running']);
    await jobs.close();
    const stopped = await getRun(run);
    expect(stopped).toMatchObject({ status: 'failed', errorCode: 'RTM_SERVER_RESTARTED' });
    await waitFor(() => completedEvents.some((e) => e.runId === run), 5_000, 'rtm.completed of the stopped run');
    expect(completedEvents.find((e) => e.runId === run)).toMatchObject({ status: 'failed', errorCode: 'RTM_SERVER_RESTARTED' });
  });
});
