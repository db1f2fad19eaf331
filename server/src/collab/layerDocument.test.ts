import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DocStore } from './docStore.ts';
import { DEFAULT_DOCUMENT_OPTIONS, type DocPeer, FlushScheduler, LayerDocument, MESSAGE_SYNC, type Writer } from './documents.ts';
import { framePayload } from './wsFrame.ts';

/** A peer that keeps the document updates it is sent, as bytes. */
class UpdatePeer implements DocPeer {
  readonly updates: Uint8Array[] = [];
  sendFramed(frame: Buffer): void {
    const d = decoding.createDecoder(framePayload(frame));
    if (decoding.readVarUint(d) !== MESSAGE_SYNC || decoding.readVarUint(d) !== syncProtocol.messageYjsUpdate) return;
    this.updates.push(decoding.readVarUint8Array(d));
  }
}

/** The state vector of a peer that holds nothing (what every new stock client sends). */
const EMPTY_STATE_VECTOR = Uint8Array.of(0);

const writer: Writer = { organisationId: 'org-test', names: ['tester', 'Test Person'] };

/** Every update a client makes, as it would send them. */
function recordUpdates(doc: Y.Doc): Uint8Array[] {
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  return out;
}

describe('a layer document: updates pass on as they came, joining peers share frames, the flush yields', () => {
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

  async function layerDocument(): Promise<LayerDocument> {
    const log = pino({ level: 'silent' });
    const d = new LayerDocument(`pass-through-${Date.now()}-${open.length}`, store, null, DEFAULT_DOCUMENT_OPTIONS, log, new FlushScheduler(store, 10_000, log));
    await d.load();
    open.push(d);
    return d;
  }

  /** The document as the update log (and any snapshot) holds it. */
  async function stored(layerId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, (await store.load(layerId)).update);
    return doc;
  }

  /** A writing peer and another peer joined to the document, and the client whose updates the writer sends. */
  function writerAndWatcher(d: LayerDocument) {
    const sender = new UpdatePeer();
    const other = new UpdatePeer();
    d.peers.add(sender);
    d.peers.add(other);
    const client = new Y.Doc();
    return { sender, other, client, sent: recordUpdates(client) };
  }

  it('an edit reaches every other peer byte for byte and is logged once; the same edit again goes nowhere', async () => {
    const d = await layerDocument();
    const { sender, other, client, sent } = writerAndWatcher(d);
    client.getMap('features').set('a', { kind: 'note', text: 'första' });

    expect(d.applyPeerUpdate(sent[0], sender, writer)).toBeNull();
    // Positive control: the other peer has it, exactly as sent; the sender is not sent its own edit.
    expect(other.updates).toEqual([sent[0]]);
    expect(sender.updates).toEqual([]);
    expect(d.pendingCount).toBe(1);

    // A duplicate changes nothing: no message, nothing more to store.
    expect(d.applyPeerUpdate(sent[0], sender, writer)).toBeNull();
    expect(other.updates).toHaveLength(1);
    expect(d.pendingCount).toBe(1);

    await d.flush();
    expect(await store.pendingCount(d.layerId)).toBe(1);
    expect((await stored(d.layerId)).getMap('features').get('a')).toEqual({ kind: 'note', text: 'första' });
  });

  it('an edit that builds on one the server has not seen yet reaches the peers and the log at once, and all converge', async () => {
    const d = await layerDocument();
    const { sender, other, client, sent } = writerAndWatcher(d);
    const text = client.getText('notes');
    text.insert(0, 'Läget ');
    text.insert(6, 'är lugnt');
    expect(sent).toHaveLength(2);

    // The second edit first: Yjs holds it back (its left neighbour is missing), but it is news to everyone else.
    expect(d.applyPeerUpdate(sent[1], sender, writer)).toBeNull();
    expect(d.doc.getText('notes').toString()).toBe('');
    expect(other.updates).toEqual([sent[1]]);
    expect(d.pendingCount).toBe(1);

    expect(d.applyPeerUpdate(sent[0], sender, writer)).toBeNull();
    expect(d.doc.getText('notes').toString()).toBe('Läget är lugnt');
    expect(other.updates).toEqual([sent[1], sent[0]]);

    // The other peer, applying what it was sent in the order sent, has the same text; so has the log.
    const peerDoc = new Y.Doc();
    for (const u of other.updates) Y.applyUpdate(peerDoc, u);
    expect(peerDoc.getText('notes').toString()).toBe('Läget är lugnt');
    await d.flush();
    expect((await stored(d.layerId)).getText('notes').toString()).toBe('Läget är lugnt');
  });

  it('a deletion of what the document holds goes out as sent; deleting it again goes nowhere', async () => {
    const d = await layerDocument();
    const { sender, other, client, sent } = writerAndWatcher(d);
    client.getMap('features').set('a', 1);
    client.getMap('features').delete('a');
    expect(d.applyPeerUpdate(sent[0], sender, writer)).toBeNull();
    expect(d.applyPeerUpdate(sent[1], sender, writer)).toBeNull();
    expect(d.doc.getMap('features').has('a')).toBe(false);
    expect(other.updates).toEqual([sent[0], sent[1]]);
    expect(d.applyPeerUpdate(sent[1], sender, writer)).toBeNull();
    expect(other.updates).toHaveLength(2);
  });

  it("the server's own changes reach every peer and the log, and leave Yjs encoding nothing for later peer edits", async () => {
    const d = await layerDocument();
    const peer = new UpdatePeer();
    d.peers.add(peer);
    d.changeHere((doc) => doc.getMap('features').set('zone', { kind: 'near-repeat' }));
    expect(peer.updates).toHaveLength(1);
    const peerDoc = new Y.Doc();
    Y.applyUpdate(peerDoc, peer.updates[0]);
    expect(peerDoc.getMap('features').get('zone')).toEqual({ kind: 'near-repeat' });
    expect(d.pendingCount).toBe(1);

    // After the change nothing listens for 'update' (with a listener, Yjs encodes every transaction), and a peer's
    // edit still goes out as it came.
    expect((d.doc as unknown as { _observers: Map<string, unknown> })._observers.has('update')).toBe(false);
    const client = new Y.Doc();
    const sent = recordUpdates(client);
    client.getMap('features').set('b', 2);
    expect(d.applyPeerUpdate(sent[0], new UpdatePeer(), writer)).toBeNull();
    expect(peer.updates[1]).toEqual(sent[0]);
  });

  it('joining peers are sent the document as it is: one frame while nothing changes, built anew after any change', async () => {
    const d = await layerDocument();
    const client = new Y.Doc();
    const sent = recordUpdates(client);
    client.getMap('features').set('a', { kind: 'note' });
    client.getMap('features').set('b', { kind: 'note' });
    d.applyPeerUpdate(sent[0], new UpdatePeer(), writer);
    /** What a frame carries: the sync message type and its Yjs payload. */
    const open = (frame: Buffer) => {
      const dec = decoding.createDecoder(framePayload(frame));
      expect(decoding.readVarUint(dec)).toBe(MESSAGE_SYNC);
      return { type: decoding.readVarUint(dec), body: decoding.readVarUint8Array(dec) };
    };
    const step1 = d.syncStep1Frame();
    const full = d.syncStep2Frame(EMPTY_STATE_VECTOR);
    expect(d.syncStep1Frame()).toBe(step1);
    expect(d.syncStep2Frame(EMPTY_STATE_VECTOR)).toBe(full);
    expect(open(step1)).toEqual({ type: syncProtocol.messageYjsSyncStep1, body: Y.encodeStateVector(d.doc) });
    expect(open(full)).toEqual({ type: syncProtocol.messageYjsSyncStep2, body: Y.encodeStateAsUpdate(d.doc) });

    d.applyPeerUpdate(sent[1], new UpdatePeer(), writer);
    expect(d.syncStep1Frame()).not.toBe(step1);
    const joined = new Y.Doc();
    Y.applyUpdate(joined, open(d.syncStep2Frame(EMPTY_STATE_VECTOR)).body);
    expect([...joined.getMap('features').keys()].sort()).toEqual(['a', 'b']);
    d.changeHere((doc) => doc.getMap('features').delete('a'));
    const later = new Y.Doc();
    Y.applyUpdate(later, open(d.syncStep2Frame(EMPTY_STATE_VECTOR)).body);
    expect([...later.getMap('features').keys()]).toEqual(['b']);
  });

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
