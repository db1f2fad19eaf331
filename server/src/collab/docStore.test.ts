import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { DocStore } from './docStore.ts';

/** One update adding `key` to the document's "m" map. */
function edit(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, key);
  return Y.encodeStateAsUpdate(doc);
}

function keys(update: Uint8Array): string[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return [...doc.getMap('m').keys()].sort();
}

describe.each<DbKind>(['sqlite', 'postgres'])('loading a layer document from the update log and snapshots on %s', (kind) => {
  let t: TestApp;
  let store: DocStore;
  beforeAll(async () => {
    t = await createTestApp({ kind, seedSteps: [] });
    store = new DocStore(t.ctx.database, t.ctx.config);
  }, 60_000);
  afterAll(() => t?.close());

  it('an unknown layer loads as an empty document at log position 0', async () => {
    const s = await store.load('no-such-layer');
    expect(keys(s.update)).toEqual([]);
    expect(s.lastUpdateId).toBe(0);
  });

  it('loads the newest snapshot and every later update of its own layer only, in order, before and after compaction', async () => {
    await store.append('layer-a', [edit('a1'), edit('a2')]);
    // Planted: another layer's rows, interleaved in the log and compacted too, must never appear in layer-a.
    await store.append('layer-b', [edit('SECRET-b1')]);
    await store.append('layer-a', [edit('a3')]);
    const logged = await store.load('layer-a');
    expect(keys(logged.update)).toEqual(['a1', 'a2', 'a3']);
    const lastA = await t.ctx.prisma.layerUpdate.findFirstOrThrow({ where: { layerId: 'layer-a' }, orderBy: { id: 'desc' } });
    expect(logged.lastUpdateId).toBe(lastA.id);

    await store.compact('layer-a');
    await store.compact('layer-b');
    const compacted = await store.load('layer-a');
    expect(keys(compacted.update)).toEqual(['a1', 'a2', 'a3']);
    expect(compacted.lastUpdateId).toBe(lastA.id);

    await store.append('layer-a', [edit('a4')]);
    const later = await store.load('layer-a');
    expect(keys(later.update)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(later.lastUpdateId).toBeGreaterThan(lastA.id);
    expect(typeof later.lastUpdateId).toBe('number');
    // Positive control: the planted layer's content is stored and loads under its own id.
    expect(keys((await store.load('layer-b')).update)).toEqual(['SECRET-b1']);
  });
  it('a version saved through raw SQL reads back through the ORM with its time, newest first, and only for its layer', async () => {
    expect((await store.load('layer-v')).lastVersionAt).toBeNull();
    const first = new Date('2026-03-01T10:00:00.123Z');
    const second = new Date('2026-03-01T10:02:30.456Z');
    const a = await store.saveVersion('layer-v', edit('v1'), 0, first);
    const b = await store.saveVersion('layer-v', edit('v2'), 0, second);
    await store.saveVersion('layer-w', edit('SECRET-w'), 0, new Date('2026-03-02T00:00:00Z'));
    expect(b).toBeGreaterThan(a);
    expect(new Date((await store.load('layer-v')).lastVersionAt!).toISOString()).toBe(second.toISOString());
    // The document load reports the same time in its one statement, and versions are not part of the content.
    await store.append('layer-v', [edit('logged')]);
    const loaded = await store.load('layer-v');
    expect(loaded.lastVersionAt).toBe(second.getTime());
    expect(keys(loaded.update)).toEqual(['logged']);
    expect(loaded.lastUpdateId).toBeGreaterThan(0);
    expect((await store.load('no-version-yet')).lastVersionAt).toBeNull();
    const listed = await store.listVersions('layer-v');
    expect(listed.map((v) => [v.id, v.at.toISOString()])).toEqual([
      [b, second.toISOString()],
      [a, first.toISOString()],
    ]);
    expect(keys((await store.loadVersion('layer-v', a))!)).toEqual(['v1']);
    // Positive control: the other layer's version is there under its own id, and not in layer-v's list.
    expect(await store.listVersions('layer-w')).toHaveLength(1);
  });

  it('a version saved without a time is stamped now', async () => {
    const before = Date.now();
    await store.saveVersion('layer-now', edit('n'), 0);
    const at = (await store.load('layer-now')).lastVersionAt!;
    expect(at).toBeGreaterThanOrEqual(before - 1_000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1_000);
  });
});
