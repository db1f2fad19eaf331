import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { waitFor } from '../../../test/yclient.ts';
import { queueStudy } from '../../../test/rtmStudy.ts';
import type { RtmRunEnded } from '../runEvents.ts';
import { RtmRunStore } from '../runStore.ts';
import { RtmJobs } from './jobs.ts';

// Real Redis (BullMQ) and a real database; two RtmJobs as two processes would hold them.
describe('a process that begins to stop while it is starting a shared run', () => {
  let t: TestApp;
  const redis = { url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: `t_handover_${randomBytes(4).toString('hex')}` };
  const log = pino({ level: 'silent' });
  const open: RtmJobs[] = [];
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(async () => {
    for (const j of open) await j.close();
    await t?.close();
  });

  it('hands it to another process instead of running it to the end itself', async () => {
    const store = new RtmRunStore(t.ctx.prisma);
    const user = await t.ctx.prisma.user.findFirstOrThrow();
    // The first process's database answers its "start" only when we say so: the stop arrives in that window.
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let starting = false;
    const slowStore: RtmRunStore = Object.assign(Object.create(store) as RtmRunStore, {
      start: async (id: string) => {
        starting = true;
        await gate;
        return store.start(id);
      },
    });
    const endedOn = { first: [] as RtmRunEnded[], second: [] as RtmRunEnded[] };
    const first = new RtmJobs(slowStore, { progress: () => undefined, completed: (e) => endedOn.first.push(e) }, log, { redis, stalledSeconds: 2 });
    open.push(first);
    const runId = `rtm_handover_${randomBytes(4).toString('hex')}`;
    const s = queueStudy(40, 2);
    await store.create({ id: runId, study: s, createdById: user.id, pictureId: null });
    first.enqueue({ runId, pictureId: null, study: s });
    await waitFor(() => starting, 10_000, 'the first process to take the run');

    const stopping = first.close();
    release();
    await stopping;
    // Positive control for "nothing ended here": the second process, started after, ends the run as completed.
    const second = new RtmJobs(store, { progress: () => undefined, completed: (e) => endedOn.second.push(e) }, log, { redis, stalledSeconds: 2 });
    open.push(second);
    await waitFor(() => endedOn.second.some((e) => e.runId === runId), 30_000, 'the second process to complete the run');
    expect(endedOn.second.find((e) => e.runId === runId)?.status).toBe('completed');
    expect(endedOn.first).toEqual([]);
    expect((await store.get(runId))?.status).toBe('completed');
  }, 60_000);
});
