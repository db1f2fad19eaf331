import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DocStore } from './docStore.ts';
import { DEFAULT_DOCUMENT_OPTIONS, FlushScheduler, LayerDocument } from './documents.ts';

describe('the update-log flush leaves the event loop its turns', () => {
  let t: TestApp;
  let store: DocStore;
  const open: LayerDocument[] = [];
  beforeAll(async () => {
    t = await createTestApp({ seedSteps: [] });
    store = new DocStore(t.ctx.database, t.ctx.config);
  }, 60_000);
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });
  afterAll(() => t?.close());

  it('between documents that save a version in one flush, other work runs; every version and edit is stored', async () => {
    const log = pino({ level: 'silent' });
    const scheduler = new FlushScheduler(store, 60_000, log);
    const docs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const d = new LayerDocument(`flush-turns-${Date.now()}-${i}`, store, null, DEFAULT_DOCUMENT_OPTIONS, log, scheduler);
        await d.load();
        open.push(d);
        return d;
      }),
    );
    // A first change of each: each is due its first version at the flush.
    for (const [i, d] of docs.entries()) d.changeHere((doc) => doc.getMap('features').set('f', { n: i }));
    let flushed = false;
    const turns: boolean[] = [];
    const tick = () => {
      turns.push(flushed);
      if (!flushed) setImmediate(tick);
    };
    setImmediate(tick);
    await scheduler.flushNow();
    flushed = true;
    // Other work ran while the flush was still going (on SQLite it never leaves the loop unless it yields).
    expect(turns.filter((during) => !during).length).toBeGreaterThanOrEqual(docs.length - 1);
    for (const d of docs) {
      expect(await store.listVersions(d.layerId)).toHaveLength(1);
      expect(await store.pendingCount(d.layerId)).toBe(1);
    }
  });
});
