import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mulberry32 as rng } from '../../../shared/src/random.ts';
import { checkAuthorship } from './authorship.ts';
import { type ScannedUpdate, scanUpdate } from './updateScan.ts';

const NAMES = ['anna', 'Anna Andersson', 'bertil', 'Mallory'];

/** One random edit of a writer's document, of the kinds layer documents see and a few they should not. */
function randomEdit(doc: Y.Doc, r: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const features = doc.getMap<Y.Map<unknown>>('features');
  const log = doc.getArray<unknown>('log');
  const text = doc.getText('notes');
  const kind = Math.floor(r() * 11);
  doc.transact(() => {
    if (kind === 0) {
      const f = new Y.Map<unknown>();
      f.set('createdBy', pick(NAMES));
      f.set('label', `f${Math.floor(r() * 1000)}`);
      features.set(`id${Math.floor(r() * 6)}`, f);
    } else if (kind === 1) {
      const keys = [...features.keys()];
      if (keys.length) features.get(pick(keys))?.set(pick(['createdBy', 'label', 'note']), r() < 0.5 ? pick(NAMES) : Math.floor(r() * 100));
    } else if (kind === 2) {
      log.push([{ author: pick(NAMES), text: 'händelse', at: Math.floor(r() * 1e6) }]);
    } else if (kind === 3) {
      if (log.length) log.delete(Math.floor(r() * log.length), 1);
    } else if (kind === 4) {
      text.insert(Math.floor(r() * (text.length + 1)), pick(['a', 'ö', '😀', 'text ']));
    } else if (kind === 5) {
      if (text.length) text.delete(Math.floor(r() * text.length), 1);
      text.format(0, Math.min(1, text.length), { bold: r() < 0.5 });
    } else if (kind === 6) {
      text.insertEmbed(0, { image: 'x.png' });
    } else if (kind === 7) {
      const el = new Y.XmlElement(pick(['p', 'div']));
      doc.getXmlFragment('xml').push([el, new Y.XmlText('t')]);
    } else if (kind === 8) {
      log.push([new Uint8Array([1, 2, 3]), null, true, 3.5, 'plain', ['createdBy', pick(NAMES)]]);
    } else if (kind === 9) {
      log.push([new Y.Doc({ guid: `sub${Math.floor(r() * 100)}` })]);
    } else {
      const keys = [...features.keys()];
      if (keys.length) features.delete(pick(keys));
    }
  });
}

/** The check as it ran on Yjs's own decoding: the reference the scan must agree with. */
function referenceVerdict(update: Uint8Array, store: Y.Doc['store'], names: readonly string[]): string {
  const { structs } = Y.decodeUpdate(update);
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item);
  const find = (id: Y.ID) => items.find((it) => it.id.client === id.client && id.clock >= it.id.clock && id.clock < it.id.clock + it.length);
  const keyOf = (item: Y.Item): string | null | undefined => {
    let cur = item;
    for (let steps = 0; steps <= structs.length; steps++) {
      if (cur.parentSub !== null) return cur.parentSub;
      if (cur.parent !== null) return null;
      const ref = cur.origin ?? cur.rightOrigin;
      if (!ref) return undefined;
      const inUpdate = find(ref);
      if (inUpdate) {
        if (inUpdate === cur) return undefined;
        cur = inUpdate;
        continue;
      }
      if (ref.clock >= Y.getState(store, ref.client)) return undefined;
      const stored = Y.getItem(store, ref);
      return stored instanceof Y.Item ? stored.parentSub : null;
    }
    return undefined;
  };
  for (const s of items) {
    if (!(s.content instanceof Y.ContentAny) && !(s.content instanceof Y.ContentJSON)) continue;
    const values = s.content.arr as unknown[];
    if (values.some((v) => v !== null && typeof v === 'object' && Object.hasOwn(v, 'author') && !names.includes((v as { author: string }).author))) return 'spoofed';
    if (!values.some((v) => typeof v === 'string')) continue;
    const key = keyOf(s);
    if (key === undefined) return 'unresolvable';
    if (key === 'createdBy' && !values.every((v) => typeof v === 'string' && names.includes(v))) return 'spoofed';
  }
  return 'ok';
}

/** The scan, restated in Yjs's terms, to compare with `Y.decodeUpdate` field by field. */
function asDecoded(s: ScannedUpdate) {
  return {
    structCount: s.structCount,
    items: s.items.map((i) => ({
      id: [i.client, i.clock, i.length],
      origin: i.originClient === -1 ? null : [i.originClient, i.originClock],
      rightOrigin: i.rightClient === -1 ? null : [i.rightClient, i.rightClock],
      hasParent: i.hasParent,
      parentSub: i.parentSub,
      values: i.values,
    })),
    clients: s.clients,
    deletes: [...s.deletes].map(([c, r]) => [c, r]),
  };
}

function yjsView(update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update);
  const clients: number[] = [];
  for (const s of structs) if (!clients.includes(s.id.client)) clients.push(s.id.client);
  return {
    structCount: structs.length,
    items: structs
      .filter((s): s is Y.Item => s instanceof Y.Item)
      .map((i) => ({
        id: [i.id.client, i.id.clock, i.length],
        origin: i.origin ? [i.origin.client, i.origin.clock] : null,
        rightOrigin: i.rightOrigin ? [i.rightOrigin.client, i.rightOrigin.clock] : null,
        hasParent: i.parent !== null,
        parentSub: i.parentSub,
        values: i.content instanceof Y.ContentAny || i.content instanceof Y.ContentJSON ? (i.content.arr as unknown[]) : null,
      })),
    clients,
    deletes: [...ds.clients].map(([c, r]) => [c, r.flatMap((x) => [x.clock, x.len])]),
  };
}

/** Updates as the server receives them: each writer's edits against the document the server holds. */
function* generatedUpdates(seed: number, rounds: number): Generator<{ update: Uint8Array; server: Y.Doc }> {
  const r = rng(seed);
  const server = new Y.Doc();
  const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  for (let i = 0; i < rounds; i++) {
    const w = writers[Math.floor(r() * writers.length)];
    Y.applyUpdate(w, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(w);
    randomEdit(w, r);
    const update = Y.encodeStateAsUpdate(w, before);
    yield { update, server };
    Y.applyUpdate(server, update);
  }
}

describe('scanning an update before it is applied', () => {
  it('reads every generated update exactly as Yjs decodes it, and judges authorship as the Yjs-based check did', () => {
    let judged = 0;
    const verdicts = new Set<string>();
    for (const { update, server } of generatedUpdates(1, 1_500)) {
      const scanned = scanUpdate(update);
      expect(asDecoded(scanned)).toEqual(yjsView(update));
      for (const names of [['anna', 'Anna Andersson'], ['Mallory']]) {
        const verdict = checkAuthorship(scanned, server.store, names);
        expect(verdict).toBe(referenceVerdict(update, server.store, names));
        verdicts.add(verdict);
        judged++;
      }
    }
    // Positive control: the generated edits reach every verdict, so agreement is not agreement on "ok" alone.
    expect(verdicts).toEqual(new Set(['ok', 'spoofed']));
    expect(judged).toBe(3_000);
  });

  it('throws on a corrupted or truncated update exactly when Yjs does, and otherwise reads what Yjs reads', () => {
    const r = rng(7);
    let threw = 0;
    let read = 0;
    for (const { update } of generatedUpdates(3, 300)) {
      for (let k = 0; k < 12; k++) {
        const bad = update.slice(0, k < 3 ? Math.floor(r() * update.length) : update.length);
        if (k >= 3) for (let m = 0; m < 1 + Math.floor(r() * 3); m++) bad[Math.floor(r() * bad.length)] = Math.floor(r() * 256);
        let yjs: ReturnType<typeof yjsView> | 'threw';
        try {
          yjs = yjsView(bad);
        } catch {
          yjs = 'threw';
        }
        let ours: ReturnType<typeof asDecoded> | 'threw';
        try {
          ours = asDecoded(scanUpdate(bad));
        } catch {
          ours = 'threw';
        }
        expect(ours).toEqual(yjs);
        if (yjs === 'threw') threw++;
        else read++;
      }
    }
    // Both outcomes occur often, so the comparison covers both.
    expect(threw).toBeGreaterThan(200);
    expect(read).toBeGreaterThan(200);
  });

  it('refuses a subdocument whose options Yjs cannot read, as Yjs does, and reads one it can', () => {
    const withOptions = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      for (const n of [1, 1, 7, 0]) encoding.writeVarUint(e, n); // one block of one struct, client 7 at clock 0
      encoding.writeUint8(e, 9); // ContentDoc, parent written (no origins)
      encoding.writeVarUint(e, 1); // parent is a root type, by name
      encoding.writeVarString(e, 'log');
      encoding.writeVarString(e, 'sub-guid');
      write(e);
      encoding.writeVarUint(e, 0); // no deletes
      return encoding.toUint8Array(e);
    };
    for (const bad of [withOptions((e) => encoding.writeAny(e, null)), withOptions((e) => encoding.writeAny(e, undefined))]) {
      expect(() => Y.decodeUpdate(bad)).toThrow();
      expect(() => scanUpdate(bad)).toThrow();
    }
    const good = withOptions((e) => encoding.writeAny(e, { autoLoad: true }));
    expect(asDecoded(scanUpdate(good))).toEqual(yjsView(good));
  });

  it('judges hand-made updates Yjs never writes as the Yjs-based check did: origins in a loop, a client written twice', () => {
    type Struct = { info: number; origin?: [number, number]; parent?: string; sub?: string; any: unknown[] };
    const encode = (blocks: Array<{ client: number; clock: number; structs: Struct[] }>) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, blocks.length);
      for (const b of blocks) {
        encoding.writeVarUint(e, b.structs.length);
        encoding.writeVarUint(e, b.client);
        encoding.writeVarUint(e, b.clock);
        for (const st of b.structs) {
          encoding.writeUint8(e, st.info);
          if (st.origin) {
            encoding.writeVarUint(e, st.origin[0]);
            encoding.writeVarUint(e, st.origin[1]);
          } else {
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, st.parent ?? 'features');
            if (st.sub !== undefined) encoding.writeVarString(e, st.sub);
          }
          encoding.writeVarUint(e, st.any.length);
          for (const v of st.any) encoding.writeAny(e, v as never);
        }
      }
      encoding.writeVarUint(e, 0);
      return encoding.toUint8Array(e);
    };
    const ANY_WITH_ORIGIN = 8 | 128;
    const ANY_WITH_KEY = 8 | 32;
    const names = ['anna'];
    const empty = new Y.Doc().store;
    // Two items whose origins point at each other: the key cannot be known.
    const loop = encode([{ client: 1, clock: 0, structs: [{ info: ANY_WITH_ORIGIN, origin: [1, 1], any: ['x'] }, { info: ANY_WITH_ORIGIN, origin: [1, 0], any: ['y'] }] }]);
    expect(referenceVerdict(loop, empty, names)).toBe('unresolvable');
    expect(checkAuthorship(scanUpdate(loop), empty, names)).toBe('unresolvable');
    // Client 5 written twice, out of order and overlapping: the origin (5, 5) is the first item holding clock 5 in
    // update order ("label"), not the ten-element "createdBy" item a search over sorted clocks would find first.
    const twice = encode([
      { client: 5, clock: 5, structs: [{ info: ANY_WITH_KEY, sub: 'label', any: ['v'] }] },
      { client: 5, clock: 0, structs: [{ info: ANY_WITH_KEY, sub: 'createdBy', any: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }] },
      { client: 5, clock: 20, structs: [{ info: ANY_WITH_KEY, sub: 'n', any: [1] }] },
      { client: 6, clock: 0, structs: [{ info: ANY_WITH_ORIGIN, origin: [5, 5], any: ['Mallory'] }] },
    ]);
    expect(referenceVerdict(twice, empty, names)).toBe('ok');
    expect(checkAuthorship(scanUpdate(twice), empty, names)).toBe('ok');
    // Positive control: the same shape with the origin on the createdBy item is refused by both.
    const spoof = encode([
      { client: 5, clock: 0, structs: [{ info: ANY_WITH_KEY, sub: 'createdBy', any: [1, 2, 3] }] },
      { client: 6, clock: 0, structs: [{ info: ANY_WITH_ORIGIN, origin: [5, 1], any: ['Mallory'] }] },
    ]);
    expect(referenceVerdict(spoof, empty, names)).toBe('spoofed');
    expect(checkAuthorship(scanUpdate(spoof), empty, names)).toBe('spoofed');
  });

  it('resolves a long chain of overwrites of one key to that key for every link', () => {
    const doc = new Y.Doc();
    const f = doc.getMap('features').set('f', new Y.Map<unknown>());
    const before = Y.encodeStateVector(doc);
    doc.transact(() => {
      for (let i = 0; i < 3_000; i++) f.set(i % 2 ? 'createdBy' : 'label', i % 2 ? 'anna' : `v${i}`);
    });
    const update = Y.encodeStateAsUpdate(doc, before);
    const server = new Y.Doc();
    expect(checkAuthorship(scanUpdate(update), server.store, ['anna'])).toBe(referenceVerdict(update, server.store, ['anna']));
    const spoofed = new Y.Doc();
    const g = spoofed.getMap('features').set('f', new Y.Map<unknown>());
    spoofed.transact(() => {
      for (let i = 0; i < 3_000; i++) g.set('createdBy', i === 2_999 ? 'Mallory' : 'anna');
    });
    const last = Y.encodeStateAsUpdate(spoofed);
    expect(checkAuthorship(scanUpdate(last), server.store, ['anna'])).toBe('spoofed');
    expect(referenceVerdict(last, server.store, ['anna'])).toBe('spoofed');
  });
});
