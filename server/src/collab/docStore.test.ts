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
});
