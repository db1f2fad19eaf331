import * as decoding from 'lib0/decoding';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { DocStore } from './docStore.ts';
import { DEFAULT_DOCUMENT_OPTIONS, type DocPeer, FlushScheduler, LayerDocument, MESSAGE_AWARENESS } from './documents.ts';
import { readAwarenessEntries, stampPresence, writeAwarenessEntries } from './presence.ts';
import { framePayload } from './wsFrame.ts';

/** A peer that records the presence states (client id → state) of every message it is sent, message by message. */
class RecordingPeer implements DocPeer {
  readonly messages: Map<number, unknown>[] = [];
  sendFramed(frame: Buffer): void {
    const d = decoding.createDecoder(framePayload(frame));
    if (decoding.readVarUint(d) !== MESSAGE_AWARENESS) return;
    const entries = readAwarenessEntries(decoding.readVarUint8Array(d));
    this.messages.push(new Map(entries.map((x) => [x.clientId, JSON.parse(x.state)])));
  }
  /** Every client id this peer was told about. */
  heard(): Set<number> {
    return new Set(this.messages.flatMap((m) => [...m.keys()]));
  }
}

/** The awareness update a client sends for its state (the wire format stock clients write; clock 1 is its first change). */
function presenceOf(clientId: number, state: Record<string, unknown>, clock = 1): Uint8Array {
  return writeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('presence reaches the peers batched per document, one shared message for all', () => {
  let t: TestApp;
  const open: LayerDocument[] = [];
  beforeAll(async () => {
    t = await createTestApp({ seedSteps: [] });
  }, 60_000);
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });
  afterAll(() => t?.close());

  /** Recording peers joined to the document, one per entry (true: takes the shared pre-framed broadcast). */
  /** That many recording peers joined to the document. */
  function join(d: LayerDocument, count: number): RecordingPeer[] {
    return Array.from({ length: count }, () => {
      const p = new RecordingPeer();
      d.peers.add(p);
      return p;
    });
  }

  function layerDocument(presenceBatchMs: number, presenceRenewalMs = DEFAULT_DOCUMENT_OPTIONS.presenceRenewalMs): LayerDocument {
    const store = new DocStore(t.ctx.database, t.ctx.config);
    const log = pino({ level: 'silent' });
    const opts = { ...DEFAULT_DOCUMENT_OPTIONS, presenceBatchMs, presenceRenewalMs };
    const d = new LayerDocument(`presence-${open.length}`, store, null, opts, log, new FlushScheduler(store, opts.flushMs, log));
    open.push(d);
    return d;
  }

  it('ten peers announcing themselves in one turn: one message to each with all ten, and the same to a watcher', async () => {
    const d = layerDocument(50);
    const writers = Array.from({ length: 10 }, () => new RecordingPeer());
    const watcher = new RecordingPeer();
    for (const p of [...writers, watcher]) d.peers.add(p);
    for (const [i, p] of writers.entries()) awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(100 + i, { cursor: [i, i] }), p);
    await sleep(20);
    // Positive control: the watcher, which sent nothing, hears all ten, in one message.
    expect(watcher.messages).toHaveLength(1);
    expect([...watcher.heard()].sort()).toEqual(Array.from({ length: 10 }, (_, i) => 100 + i));
    expect(watcher.messages[0].get(103)).toEqual({ cursor: [3, 3] });
    // The senders get the same message, their own state included at the clock they hold (which a client ignores).
    for (const p of writers) {
      expect(p.messages).toHaveLength(1);
      expect(p.heard()).toEqual(watcher.heard());
    }
  });

  it('a stock client given back its own state at the clock it holds changes nothing and echoes nothing', async () => {
    const d = layerDocument(0);
    const [sender] = join(d, 1);
    // A stock client's awareness (y-protocols), and what its provider would send: every 'update' is echoed.
    const { Doc } = await import('yjs');
    const client = new awarenessProtocol.Awareness(new Doc());
    client.setLocalState({ user: { name: 'Anna' }, cursor: [1, 2] });
    const echoes: number[][] = [];
    client.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => echoes.push(added.concat(updated, removed)));
    awarenessProtocol.applyAwarenessUpdate(d.awareness, awarenessProtocol.encodeAwarenessUpdate(client, [client.clientID]), sender);
    // Positive control: another client's state is taken (and would be echoed).
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(client.clientID + 1, { cursor: [9, 9] }), null);
    await sleep(20);
    expect(sender.heard()).toEqual(new Set([client.clientID, client.clientID + 1]));
    // What the server sent it, applied as the client's provider does.
    awarenessProtocol.applyAwarenessUpdate(client, awarenessProtocol.encodeAwarenessUpdate(d.awareness, [client.clientID, client.clientID + 1]), 'server');
    expect(echoes).toEqual([[client.clientID + 1]]);
    expect(client.getLocalState()).toEqual({ user: { name: 'Anna' }, cursor: [1, 2] });
    client.destroy();
  });

  it('a change after a quiet window goes out at once; the next within the window waits for its end, with the latest state', async () => {
    const d = layerDocument(400);
    const [sender, watcher] = join(d, 2);
    const started = Date.now();
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(7, { cursor: [1, 1] }), sender);
    await sleep(30);
    expect(watcher.messages).toHaveLength(1);
    // Two more changes of the same client inside the window: only the last one is sent, once, after the window.
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(7, { cursor: [2, 2] }, 2), sender);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(7, { cursor: [3, 3] }, 3), sender);
    await sleep(150);
    expect(watcher.messages).toHaveLength(1);
    while (watcher.messages.length < 2 && Date.now() - started < 3_000) await sleep(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(watcher.messages).toHaveLength(2);
    expect(watcher.messages[1].get(7)).toEqual({ cursor: [3, 3] });
    expect(sender.messages).toEqual(watcher.messages);
  });

  it('a peer leaving (its presence removed by the server) reaches everyone still there, its former sender too', async () => {
    const d = layerDocument(0);
    const [leaving, staying] = join(d, 2);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(42, { cursor: [0, 0] }), leaving);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(43, { cursor: [5, 5] }), staying);
    await sleep(20);
    expect(leaving.heard()).toEqual(new Set([42, 43]));
    expect(staying.heard()).toEqual(new Set([42, 43]));
    d.peers.delete(leaving);
    awarenessProtocol.removeAwarenessStates(d.awareness, [42], null);
    await sleep(20);
    expect(staying.messages.at(-1)?.get(42)).toBeNull();
    expect(leaving.messages).toHaveLength(1);
  });

  it('closing a document with presence still waiting sends nothing afterwards', async () => {
    const d = layerDocument(300);
    const watcher = new RecordingPeer();
    d.peers.add(watcher);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(1, { a: 1 }), null);
    await sleep(20);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(2, { a: 2 }), null);
    await d.close();
    open.splice(open.indexOf(d), 1);
    await sleep(400);
    expect(watcher.heard()).toEqual(new Set([1]));
  });

  it("a peer's presence applied directly ends where y-protocols' applyAwarenessUpdate ends, and goes out as it came", async () => {
    const d = layerDocument(0);
    const [watcher] = join(d, 1);
    const reference = new awarenessProtocol.Awareness(new (await import('yjs')).Doc());
    reference.setLocalState(null);
    // Every rule: first states, a newer clock, a stale clock, "I left" at the same clock, "I left" of a client never
    // seen, and coming back after leaving.
    const steps: Array<[number, number, Record<string, unknown> | null]> = [
      [5, 1, { cursor: [1, 1], user: { name: 'X', org: 'Y' } }],
      [6, 3, { cursor: [2, 2] }],
      [5, 2, { cursor: [3, 3] }],
      [5, 1, { cursor: [9, 9] }],
      [6, 3, null],
      [7, 4, null],
      [6, 4, { cursor: [4, 4] }],
    ];
    for (const [clientId, clock, value] of steps) {
      const json = JSON.stringify(value);
      d.applyPresence([{ clientId, clock, presence: { value, json } }], watcher);
      awarenessProtocol.applyAwarenessUpdate(reference, writeAwarenessEntries([{ clientId, clock, state: json }]), null);
      expect([...d.awareness.getStates()]).toEqual([...reference.getStates()].filter(([id]) => id !== reference.clientID));
      for (const id of [5, 6, 7]) expect(d.awareness.meta.get(id)?.clock).toBe(reference.meta.get(id)?.clock);
    }
    await sleep(20);
    // What went out: the states held, in the text they came as (key order kept, nothing parsed and re-written).
    const text = readAwarenessEntries(d.encodePresence([5, 6, 7]));
    expect(text).toEqual([
      { clientId: 5, clock: 2, state: '{"cursor":[3,3]}' },
      { clientId: 6, clock: 4, state: '{"cursor":[4,4]}' },
      { clientId: 7, clock: 4, state: 'null' },
    ]);
    expect(watcher.heard()).toEqual(new Set([5, 6]));
    expect(watcher.messages.at(-1)?.get(6)).toEqual({ cursor: [4, 4] });
  });

  it('a state changed by y-protocols afterwards (removed, or set by another process) goes out as it now is', async () => {
    const d = layerDocument(0);
    d.applyPresence([{ clientId: 8, clock: 1, presence: { value: { a: 1 }, json: '{"a":1}' } }], null);
    awarenessProtocol.applyAwarenessUpdate(d.awareness, presenceOf(8, { a: 2 }, 2), null);
    expect(readAwarenessEntries(d.encodePresence([8]))).toEqual([{ clientId: 8, clock: 2, state: '{"a":2}' }]);
    // Removed by the server (the peer left): y-protocols keeps the clock of a remote client.
    awarenessProtocol.removeAwarenessStates(d.awareness, [8], null);
    expect(readAwarenessEntries(d.encodePresence([8]))).toEqual([{ clientId: 8, clock: 2, state: 'null' }]);
  });

  /** A peer's state as the gateway hands it over (stamped), at a clock. */
  const stamped = (clientId: number, clock: number, value: Record<string, unknown>) => ({ clientId, clock, presence: { value, json: JSON.stringify(value) } });

  it('renewals (the same state at a higher clock) wait for the renewal window and go out together', async () => {
    const d = layerDocument(0, 400);
    const [watcher] = join(d, 1);
    d.applyPresence([stamped(1, 1, { cursor: [1, 1] }), stamped(2, 1, { cursor: [2, 2] })], null);
    await sleep(20);
    // Positive control: first states are changes, out at once.
    expect(watcher.messages).toHaveLength(1);
    const started = Date.now();
    d.applyPresence([stamped(1, 2, { cursor: [1, 1] })], null);
    await sleep(50);
    d.applyPresence([stamped(2, 2, { cursor: [2, 2] })], null);
    await sleep(150);
    expect(watcher.messages).toHaveLength(1);
    while (watcher.messages.length < 2 && Date.now() - started < 3_000) await sleep(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    expect(watcher.messages).toHaveLength(2);
    expect([...watcher.messages[1].keys()].sort()).toEqual([1, 2]);
    expect(d.awareness.meta.get(1)?.clock).toBe(2);
  });

  it('a change while renewals wait goes out at once and takes them along', async () => {
    const d = layerDocument(0, 60_000);
    const [watcher] = join(d, 1);
    d.applyPresence([stamped(1, 1, { cursor: [1, 1] }), stamped(2, 1, { cursor: [2, 2] })], null);
    await sleep(20);
    d.applyPresence([stamped(1, 2, { cursor: [1, 1] })], null);
    await sleep(50);
    expect(watcher.messages).toHaveLength(1);
    d.applyPresence([stamped(2, 2, { cursor: [3, 3] })], null);
    await sleep(30);
    expect(watcher.messages).toHaveLength(2);
    expect(watcher.messages[1]).toEqual(new Map([[1, { cursor: [1, 1] }], [2, { cursor: [3, 3] }]]));
    // Nothing is left waiting for the long renewal timer.
    await sleep(100);
    expect(watcher.messages).toHaveLength(2);
  });

  it('a renewal sent as the same text by the same identity is recognised; any other text, identity or later change is not', () => {
    const d = layerDocument(0);
    const anna = { name: 'Anna', org: 'Polisen' };
    const bo = { name: 'Bo', org: 'Kommunen' };
    const sent = '{"cursor":[1,1],"user":{"name":"Mallory"}}';
    const presence = stampPresence(sent, anna);
    if (presence === null) throw new Error('stamp refused a valid state');
    expect(presence.value).toEqual({ cursor: [1, 1], user: { name: 'Anna', org: 'Polisen' } });
    // Nothing held yet.
    expect(d.heldPresence(9, sent, anna)).toBeUndefined();
    d.applyPresence([{ clientId: 9, clock: 1, presence }], null);
    // Positive control: the same text from the same identity is the state held, as stamped.
    expect(d.heldPresence(9, sent, anna)).toBe(presence);
    expect(d.heldPresence(9, '{"cursor":[2,2]}', anna)).toBeUndefined();
    expect(d.heldPresence(9, sent, bo)).toBeUndefined();
    expect(d.heldPresence(10, sent, anna)).toBeUndefined();
    awarenessProtocol.removeAwarenessStates(d.awareness, [9], null);
    expect(d.heldPresence(9, sent, anna)).toBeUndefined();
  });
});

