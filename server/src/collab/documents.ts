import { setImmediate as nextTurn } from 'node:timers/promises';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { checkAuthorship } from './authorship.ts';
import { type AwarenessEntry, type PresenceIdentity, type StampedPresence, writeAwarenessEntries } from './presence.ts';
import { type ScannedUpdate, scanUpdate } from './updateScan.ts';
import type { DocStore } from './docStore.ts';
import { RELAY_KIND, type Relay, type RelayKind } from './relay.ts';
import { taggedMessageFrame } from './wsFrame.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** What the document layer needs of a connection; the WebSocket gateway and tests both provide it. */
export interface DocPeer {
  /** Sends a message already framed for the wire (built once per broadcast, shared by every receiver). */
  sendFramed(frame: Buffer): void;
}

/** Who is writing: quotas are per organisation, authorship values must be the writer's own. */
export interface Writer {
  organisationId: string;
  /** The values this writer may put in `createdBy` and `author` (username, display name). */
  names: readonly string[];
}

export type UpdateProblem = 'too_large' | 'quota' | 'malformed' | 'spoofed_author';

export interface DocumentOptions {
  /** Logged updates reach the database within this many milliseconds. */
  flushMs: number;
  /** Fold the update log into a snapshot after this many logged updates. */
  compactAfter: number;
  /** A version snapshot (history) at most this often while a document changes. */
  versionIntervalMs: number;
  /** Largest document, in bytes of encoded state; updates that would exceed it are refused (deletions never). */
  maxDocBytes: number;
  /**
   * Most one organisation's live content may take in one document: one partner filling a shared layer
   * must not stop everyone else's edits (deletions are always accepted).
   */
  maxOrgBytes: number;
  /** Real sizes are re-measured (an encode of the document) at most this often, only when near a limit. */
  measureIntervalMs: number;
  /** Unload a document this long after its last peer left. */
  idleUnloadMs: number;
  /**
   * Presence changes reach the peers at once when none went out in the last this many milliseconds, else together
   * at the end of that window: one message, the same for every peer, with everything that changed (see schedulePresence).
   */
  presenceBatchMs: number;
  /**
   * A renewal — a peer sending its state again unchanged with a higher clock, which stock clients do every 15 s so
   * that the others do not drop it after 30 s — goes out within this many milliseconds, with whatever else is
   * waiting then; a change goes out by presenceBatchMs and takes the waiting renewals with it.
   */
  presenceRenewalMs: number;
}

export const DEFAULT_DOCUMENT_OPTIONS: DocumentOptions = {
  flushMs: 200,
  compactAfter: 500,
  versionIntervalMs: 120_000,
  maxDocBytes: 20 * 1024 * 1024,
  maxOrgBytes: 5 * 1024 * 1024,
  measureIntervalMs: 1_000,
  idleUnloadMs: 30_000,
  presenceBatchMs: 50,
  presenceRenewalMs: 5_000,
};

const ORIGIN_RELAY = Symbol('relay');

/** One layer document held in memory, with its peers, awareness and persistence queue. */
export class LayerDocument {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocPeer>();
  private pending: Uint8Array[] = [];
  private sinceCompact = 0;
  private changedSinceVersion = false;
  private lastVersionAt = 0;
  /** Encoded size estimate: the last measured real size plus every update since; checked before applying. */
  bytes = 0;
  private bytesMeasuredAt = 0;
  private readonly orgUsage = new Map<string, { bytes: number; measuredAt: number }>();
  unloadTimer: NodeJS.Timeout | undefined;
  /** Client ids whose presence changed and has not been sent to the peers yet. */
  private presencePending = new Set<number>();
  /** Presence states as a peer sent them (stamped), at the clock they came with. */
  private readonly presenceText = new Map<number, { clock: number; presence: StampedPresence }>();
  private presenceTimer: NodeJS.Timeout | undefined;
  /** The timer is presenceBatchMs's (a change waits), not presenceRenewalMs's (only renewals wait). */
  private presenceTimerForChange = false;
  private presenceSentAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  /**
   * What every joining peer is sent, built once while the document does not change: its state vector (sync step 1)
   * and, for a peer that has nothing yet, the whole document (sync step 2). When a shift starts or a page is
   * reloaded, the same document is encoded for each of its peers otherwise.
   */
  private joinStep1: Buffer | undefined;
  private joinFullState: Buffer | undefined;

  constructor(
    readonly layerId: string,
    private readonly store: DocStore,
    private readonly relay: Relay | null,
    private readonly opts: DocumentOptions,
    private readonly log: Logger,
    private readonly scheduler: FlushScheduler,
    /**
     * Which organisation wrote with each Yjs client id, for per-organisation quotas. Owned by the manager
     * so it outlives unloading: leaving for a while must not reset what an organisation has written.
     */
    private readonly clientOrgs: Map<number, string> = new Map(),
  ) {
    // A fixed guid: Yjs would draw a random one byte by byte (some 30 system calls per document); the guid only
    // names subdocuments, which layer documents do not have.
    this.doc = new Y.Doc({ gc: true, guid: layerId });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server is not a participant: it has no presence of its own.
    this.awareness.setLocalState(null);
    // No 'update' listener: with one, Yjs encodes every transaction anew as an update. Peers' and other processes'
    // updates go out as they came (see applyUpdate); only the server's own changes are encoded (changeHere).
    // Whatever a transaction did (peers, other processes, the server), what a joining peer is sent is built anew.
    this.doc.on('afterTransaction', () => {
      this.joinStep1 = undefined;
      this.joinFullState = undefined;
    });
    // Changes y-protocols makes itself: states removed (a peer left, or went quiet for 30 s) and other processes' presence.
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      for (const client of removed) this.presenceText.delete(client);
      this.presenceChanged(added.concat(updated, removed), origin);
    });
  }

  async load(): Promise<void> {
    const state = await this.store.load(this.layerId);
    Y.applyUpdate(this.doc, state.update);
    this.bytes = state.bytes;
    this.lastVersionAt = state.lastVersionAt ?? 0;
    if (this.relay) {
      await this.relay.subscribe(this.layerId, (kind, payload) => this.onRelay(kind, payload));
      // Updates another process holds but has not flushed yet reach us through its reply.
      this.relay.publish(this.layerId, RELAY_KIND.syncRequest, Y.encodeStateVector(this.doc));
    }
  }

  /** Applies an update from a writing peer. Returns why it was refused, or null when applied. */
  applyPeerUpdate(update: Uint8Array, peer: DocPeer, writer: Writer): UpdateProblem | null {
    let scanned: ScannedUpdate;
    try {
      // Reading it whole first means a malformed update is refused before it can touch the document.
      scanned = scanUpdate(update);
    } catch {
      return 'malformed';
    }
    // Deletions of content the document holds free space: always accepted, so nobody can be locked out of cleaning up.
    const deletesOnly = scanned.structCount === 0 && this.deletesOnlyKnown(scanned.deletes);
    if (!deletesOnly) {
      const problem = this.sizeProblem(update.byteLength, writer.organisationId);
      if (problem) return problem;
      const authorship = checkAuthorship(scanned, this.doc.store, writer.names);
      if (authorship === 'spoofed') return 'spoofed_author';
      if (authorship === 'unresolvable') return 'malformed';
    }
    const applied = this.applyUpdate(update, peer);
    if (applied === 'failed') return 'malformed';
    if (applied === 'changed') this.accepted(update, peer);
    if (deletesOnly) return null;
    for (const client of scanned.clients) if (!this.clientOrgs.has(client)) this.clientOrgs.set(client, writer.organisationId);
    const usage = this.orgUsage.get(writer.organisationId);
    if (usage) usage.bytes += update.byteLength;
    return null;
  }

  /** True when every deleted range lies within what the document holds (else Yjs would keep it pending). */
  private deletesOnlyKnown(deletes: ScannedUpdate['deletes']): boolean {
    for (const [client, ranges] of deletes) {
      const state = Y.getState(this.doc.store, client);
      for (let i = 0; i < ranges.length; i += 2) if (ranges[i] + ranges[i + 1] > state) return false;
    }
    return true;
  }

  /**
   * Checks both limits on estimates that only grow; only when an estimate says "over" is the real size
   * measured (at most once per measureIntervalMs), so the fast path never encodes the document.
   */
  private sizeProblem(incoming: number, orgId: string): 'too_large' | 'quota' | null {
    const now = Date.now();
    if (this.bytes + incoming > this.opts.maxDocBytes && now - this.bytesMeasuredAt >= this.opts.measureIntervalMs) {
      this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
      this.bytesMeasuredAt = now;
    }
    if (this.bytes + incoming > this.opts.maxDocBytes) return 'too_large';
    let usage = this.orgUsage.get(orgId);
    if (!usage) {
      // First write of this organisation since the document was loaded: start from what it already holds.
      usage = { bytes: this.measureOrg(orgId), measuredAt: now };
      this.orgUsage.set(orgId, usage);
    }
    if (usage.bytes + incoming > this.opts.maxOrgBytes && now - usage.measuredAt >= this.opts.measureIntervalMs) {
      usage.bytes = this.measureOrg(orgId);
      usage.measuredAt = now;
    }
    if (usage.bytes + incoming > this.opts.maxOrgBytes) return 'quota';
    return null;
  }

  /** Encoded size of the live content written with the organisation's client ids (deleted content is collected). */
  measureOrg(orgId: string): number {
    let any = false;
    for (const org of this.clientOrgs.values()) if (org === orgId) any = true;
    if (!any) return 0;
    const everything = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    const without = new Map(everything);
    for (const [client, org] of this.clientOrgs) if (org === orgId) without.set(client, 0);
    const withOrg = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(without)).byteLength;
    const baseline = Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(everything)).byteLength;
    return withOrg - baseline;
  }

  /**
   * Applies an update and says whether it changed anything: new structs, deletions, or content Yjs holds back until
   * what it builds on arrives (peers must get that too, and it is stored at once). The update that goes out and into
   * the log is the one that came in, not Yjs's re-encoding of the transaction (the reference server's way, an encode
   * per edit): any Yjs peer applies an update whatever else it holds, and duplicates (nothing new) go nowhere.
   * When Yjs throws halfway, what it did apply goes out as an encoded diff, so that no peer and no log misses it.
   */
  private applyUpdate(update: Uint8Array, origin: unknown): 'changed' | 'unchanged' | 'failed' {
    const store = this.doc.store;
    const pendingBefore = store.pendingStructs?.update;
    const pendingDsBefore = store.pendingDs;
    let tr: Y.Transaction | undefined;
    try {
      this.doc.transact((t) => {
        tr = t;
        Y.applyUpdate(this.doc, update, origin);
      }, origin);
    } catch (err) {
      this.log.warn({ err, layerId: this.layerId }, 'update failed to apply');
      if (tr && transactionChanged(tr)) this.accepted(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(tr.beforeState)), origin);
      return 'failed';
    }
    const changed = (tr && transactionChanged(tr)) || store.pendingStructs?.update !== pendingBefore || store.pendingDs !== pendingDsBefore;
    return changed ? 'changed' : 'unchanged';
  }

  /** An update that changed the document: to every other peer, to the log and to the other processes. */
  private accepted(update: Uint8Array, origin: unknown): void {
    this.broadcast(updateFrame(update), origin);
    if (origin === ORIGIN_RELAY) return; // the process that received it persists it
    this.bytes += update.byteLength;
    this.pending.push(update);
    this.changedSinceVersion = true;
    this.relay?.publish(this.layerId, RELAY_KIND.update, update);
    this.scheduler.schedule(this);
  }

  private onRelay(kind: RelayKind, payload: Uint8Array): void {
    try {
      if (kind === RELAY_KIND.update || kind === RELAY_KIND.syncReply) {
        if (this.applyUpdate(payload, ORIGIN_RELAY) === 'changed') this.accepted(payload, ORIGIN_RELAY);
      } else if (kind === RELAY_KIND.awareness) awarenessProtocol.applyAwarenessUpdate(this.awareness, payload, ORIGIN_RELAY);
      else if (kind === RELAY_KIND.syncRequest) {
        const diff = Y.encodeStateAsUpdate(this.doc, payload);
        this.relay?.publish(this.layerId, RELAY_KIND.syncReply, diff);
      }
    } catch (err) {
      this.log.warn({ err, layerId: this.layerId }, 'bad relay message');
    }
  }

  /** One message, framed once (updateFrame, awarenessFrame), to every peer but `except`. */
  broadcast(frame: Buffer, except?: unknown): void {
    for (const p of this.peers) if (p !== except) p.sendFramed(frame);
  }

  /**
   * Applies presence states a peer sent (checked and stamped by the gateway), by the rule of y-protocols'
   * applyAwarenessUpdate: a state is taken when its clock is above the one held, or at the same clock when it says
   * the client left. Applied here rather than re-encoded for y-protocols to decode and parse again; the JSON text
   * is kept and goes out as is. Awareness's own 'update' event is not emitted for these (this document is its only
   * listener); its 'change' event neither, which nothing on the server listens to.
   */
  applyPresence(entries: readonly { clientId: number; clock: number; presence: StampedPresence }[], origin: unknown): void {
    const { states, meta } = this.awareness;
    const now = Date.now();
    const changed: number[] = [];
    let renewalsOnly = true;
    for (const { clientId, clock, presence } of entries) {
      const held = meta.get(clientId);
      const heldClock = held?.clock ?? 0;
      if (!(heldClock < clock || (heldClock === clock && presence.value === null && states.has(clientId)))) continue;
      const heldText = this.presenceText.get(clientId);
      if (presence.value === null || heldText === undefined || heldText.clock !== heldClock || heldText.presence.json !== presence.json) renewalsOnly = false;
      if (presence.value === null) {
        states.delete(clientId);
        this.presenceText.delete(clientId);
      } else {
        states.set(clientId, presence.value);
        this.presenceText.set(clientId, { clock, presence });
      }
      meta.set(clientId, { clock, lastUpdated: now });
      // y-protocols reports a first state "added", a state after one "updated", and "I left" of a known client.
      if (held !== undefined || presence.value !== null) changed.push(clientId);
    }
    this.presenceChanged(changed, origin, renewalsOnly);
  }

  /**
   * The state held for a client when it came as exactly this text with this identity stamped on it: a renewal is
   * the same text again, and need not be parsed, stamped and written anew.
   */
  heldPresence(clientId: number, sent: string, who: PresenceIdentity): StampedPresence | undefined {
    const held = this.presenceText.get(clientId)?.presence;
    return held !== undefined && held.sent === sent && held.who === who ? held : undefined;
  }

  private presenceChanged(changed: number[], origin: unknown, renewalsOnly = false): void {
    if (changed.length === 0 || this.closed) return;
    if (origin !== ORIGIN_RELAY) this.relay?.publish(this.layerId, RELAY_KIND.awareness, this.encodePresence(changed));
    for (const client of changed) this.presencePending.add(client);
    this.schedulePresence(renewalsOnly);
  }

  /**
   * The awareness update for these clients (each must be known: y-protocols' encodeAwarenessUpdate), as y-protocols
   * encodes it, with the JSON text a peer's state arrived as where it is still the one held.
   */
  encodePresence(clients: readonly number[]): Uint8Array {
    const { states, meta } = this.awareness;
    const entries: AwarenessEntry[] = [];
    for (const clientId of clients) {
      const clock = (meta.get(clientId) as { clock: number }).clock;
      const state = states.get(clientId);
      const text = state === undefined ? undefined : this.presenceText.get(clientId);
      entries.push({ clientId, clock, state: text?.clock === clock ? text.presence.json : JSON.stringify(state ?? null) });
    }
    return writeAwarenessEntries(entries);
  }

  /**
   * Presence is throttled per document, leading edge first: a change after a quiet window goes out in the next
   * turn of the event loop (with whatever else arrived in this one), later changes in the same window together at
   * its end. Stock clients announce themselves when they join, renew every 15 s and echo every presence change they
   * receive back to the server; when many join or renew at once (a shift starting, every client reconnecting after a
   * restart) one message for all of them replaces one per change, and one echo per peer one per change. Renewals
   * alone wait longer (presenceRenewalMs): nobody sees them, and every message out is a message back from each peer.
   */
  private schedulePresence(renewalsOnly: boolean): void {
    if (renewalsOnly) {
      if (this.presenceTimer) return;
      this.presenceTimerForChange = false;
      this.presenceTimer = setTimeout(() => this.flushPresence(), this.opts.presenceRenewalMs);
    } else {
      if (this.presenceTimer && this.presenceTimerForChange) return;
      clearTimeout(this.presenceTimer);
      this.presenceTimerForChange = true;
      const wait = this.presenceSentAt + this.opts.presenceBatchMs - Date.now();
      this.presenceTimer = setTimeout(() => this.flushPresence(), Math.max(0, wait));
    }
    this.presenceTimer.unref();
  }

  private flushPresence(): void {
    this.presenceTimer = undefined;
    const pending = this.presencePending;
    if (pending.size === 0) return;
    this.presencePending = new Set();
    this.presenceSentAt = Date.now();
    const clients = [...pending].filter((c) => this.awareness.meta.has(c));
    if (clients.length === 0) return;
    // One message, framed once, for every peer, its senders included (as the reference server does): a client
    // ignores its own state at a clock it already holds, and one message per sender without its own entry cost
    // an encoding of every other state per sender when a whole document renews its presence at once.
    this.broadcast(awarenessFrame(this.encodePresence(clients)));
  }

  /**
   * A change made here (seeding, incident zones): Yjs encodes it as an update only while this runs, since an
   * 'update' listener makes it encode every transaction, peers' included.
   */
  changeHere(fn: (doc: Y.Doc) => void): void {
    const onUpdate = (update: Uint8Array, origin: unknown) => this.accepted(update, origin);
    this.doc.on('update', onUpdate);
    try {
      this.doc.transact(() => fn(this.doc), 'server');
    } finally {
      this.doc.off('update', onUpdate);
    }
  }

  /** Sync step 1 (the document's state vector), framed. */
  syncStep1Frame(): Buffer {
    this.joinStep1 ??= taggedMessageFrame(SYNC_STEP1_TAGS, Y.encodeStateVector(this.doc));
    return this.joinStep1;
  }

  /**
   * Sync step 2 (what the peer's state vector lacks), framed. For a peer that holds nothing (an empty state vector:
   * every new peer) it is the whole document, kept for the next such peer up to JOIN_FRAME_KEPT_BYTES.
   */
  syncStep2Frame(peerStateVector: Uint8Array): Buffer {
    const holdsNothing = peerStateVector.byteLength === 1 && peerStateVector[0] === 0;
    if (!holdsNothing) return taggedMessageFrame(SYNC_STEP2_TAGS, Y.encodeStateAsUpdate(this.doc, peerStateVector));
    if (this.joinFullState) return this.joinFullState;
    const frame = taggedMessageFrame(SYNC_STEP2_TAGS, Y.encodeStateAsUpdate(this.doc));
    if (frame.byteLength <= JOIN_FRAME_KEPT_BYTES) this.joinFullState = frame;
    return frame;
  }

  /** Updates this process holds that are not in the database yet. */
  get pendingCount(): number {
    return this.pending.length;
  }

  takePending(): Uint8Array[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** Puts updates back after a failed write, ahead of anything newer: a failed store must not lose edits. */
  restorePending(batch: Uint8Array[]): void {
    this.pending = batch.concat(this.pending);
  }

  /** Compaction and history after `count` updates of this document were stored; true when it did either. */
  async afterStored(count: number): Promise<boolean> {
    let worked = false;
    this.sinceCompact += count;
    if (this.sinceCompact >= this.opts.compactAfter) {
      this.sinceCompact = 0;
      await this.store.compact(this.layerId).catch((err) => this.log.warn({ err, layerId: this.layerId }, 'compaction failed'));
      this.bytes = Y.encodeStateAsUpdate(this.doc).byteLength;
      this.bytesMeasuredAt = Date.now();
      worked = true;
    }
    if (this.changedSinceVersion && Date.now() - this.lastVersionAt >= this.opts.versionIntervalMs) {
      await this.saveVersion();
      worked = true;
    }
    return worked;
  }

  /** Writes everything queued (of every document: writes are batched across documents). */
  flush(): Promise<void> {
    return this.scheduler.flushNow();
  }

  private async saveVersion(): Promise<void> {
    this.changedSinceVersion = false;
    this.lastVersionAt = Date.now();
    await this.store
      .saveVersion(this.layerId, Y.encodeStateAsUpdate(this.doc), 0)
      .catch((err) => this.log.warn({ err, layerId: this.layerId }, 'version snapshot failed'));
  }

  /** Flushes, records a final version if anything changed, and releases resources. */
  async close(): Promise<void> {
    await this.flush();
    if (this.changedSinceVersion) await this.saveVersion();
    if (this.relay) await this.relay.unsubscribe(this.layerId).catch(() => undefined);
    // Nothing more goes out: the presence of a document nobody holds any longer is nobody's business.
    this.closed = true;
    this.presencePending.clear();
    this.presenceText.clear();
    clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/**
 * Batches the update logs of every document into one database write per tick: with many documents
 * changing at once, one statement per document per tick would dominate the server's CPU. Writes are
 * serialised, so each document's log keeps arrival order.
 */
export class FlushScheduler {
  private readonly dirty = new Set<LayerDocument>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: DocStore,
    private readonly flushMs: number,
    private readonly log: Logger,
  ) {}

  /** When the oldest update not yet in the database arrived (undefined: none waits). */
  private dirtySince: number | undefined;

  schedule(ld: LayerDocument, delayMs = this.flushMs): void {
    this.dirtySince ??= Date.now();
    this.dirty.add(ld);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flushNow();
    }, delayMs);
  }

  flushNow(): Promise<void> {
    this.chain = this.chain.then(() => this.flushOnce());
    return this.chain;
  }

  private async flushOnce(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batches: Array<[LayerDocument, Uint8Array[]]> = [];
    for (const ld of this.dirty) {
      const batch = ld.takePending();
      if (batch.length > 0) batches.push([ld, batch]);
    }
    this.dirty.clear();
    const since = this.dirtySince;
    this.dirtySince = undefined;
    if (batches.length === 0) return;
    try {
      await this.store.appendRows(batches.flatMap(([ld, batch]) => batch.map((data) => ({ layerId: ld.layerId, data }))));
    } catch (err) {
      this.log.error({ err, documents: batches.length }, 'storing document updates failed; will retry');
      for (const [ld, batch] of batches) {
        ld.restorePending(batch);
        this.schedule(ld, 1_000);
      }
      this.dirtySince = Math.min(since ?? Date.now(), this.dirtySince ?? Date.now());
      return;
    }
    for (const [ld, batch] of batches) {
      // A compaction or a version encodes a whole document and writes it, on SQLite without leaving the event loop:
      // after each, the loop takes a turn (edits, deliveries) rather than waiting for every document's.
      if (await ld.afterStored(batch.length)) await nextTurn();
    }
  }

  /** Updates held in memory, not yet in the update log, and how long the oldest has waited (ms). */
  lag(now = Date.now()): { updates: number; oldestMs: number } {
    let updates = 0;
    for (const ld of this.dirty) updates += ld.pendingCount;
    return { updates, oldestMs: this.dirtySince === undefined || updates === 0 ? 0 : now - this.dirtySince };
  }
}

export class DocumentManager {
  private readonly docs = new Map<string, Promise<LayerDocument>>();
  /** Per layer, the organisation behind each Yjs client id that wrote in it (this process's lifetime). */
  private readonly writers = new Map<string, Map<number, string>>();
  private readonly scheduler: FlushScheduler;

  constructor(
    readonly store: DocStore,
    private readonly relay: Relay | null,
    private readonly log: Logger,
    readonly opts: DocumentOptions = DEFAULT_DOCUMENT_OPTIONS,
  ) {
    this.scheduler = new FlushScheduler(store, opts.flushMs, log);
  }

  /** The live document for a layer, loading it once however many callers ask at the same time. */
  get(layerId: string): Promise<LayerDocument> {
    let p = this.docs.get(layerId);
    if (!p) {
      let writers = this.writers.get(layerId);
      if (!writers) {
        writers = new Map();
        this.writers.set(layerId, writers);
      }
      const ld = new LayerDocument(layerId, this.store, this.relay, this.opts, this.log, this.scheduler, writers);
      p = ld.load().then(() => ld);
      p.catch(() => this.docs.delete(layerId));
      this.docs.set(layerId, p);
    }
    return p;
  }

  /** How many documents this process holds in memory. */
  openCount(): number {
    return this.docs.size;
  }

  /** The update log's lag in this process: edits accepted but not yet written. */
  updateLogLag(): { updates: number; oldestMs: number } {
    return this.scheduler.lag();
  }

  /** The document if this process holds it. */
  async peek(layerId: string): Promise<LayerDocument | undefined> {
    return this.docs.get(layerId);
  }

  /** Lets a document that was loaded for a connection that never opened unload again. */
  release(ld: LayerDocument): void {
    this.scheduleUnload(ld);
  }

  attach(ld: LayerDocument, peer: DocPeer): void {
    if (ld.unloadTimer) clearTimeout(ld.unloadTimer);
    ld.unloadTimer = undefined;
    ld.peers.add(peer);
  }

  detach(ld: LayerDocument, peer: DocPeer): void {
    ld.peers.delete(peer);
    this.scheduleUnload(ld);
  }

  private scheduleUnload(ld: LayerDocument): void {
    if (ld.peers.size === 0 && !ld.unloadTimer) {
      ld.unloadTimer = setTimeout(() => void this.unload(ld.layerId), this.opts.idleUnloadMs);
      ld.unloadTimer.unref?.();
    }
  }

  private async unload(layerId: string): Promise<void> {
    const p = this.docs.get(layerId);
    if (!p) return;
    const ld = await p;
    if (ld.peers.size > 0) return;
    this.docs.delete(layerId);
    await ld.close();
  }

  /** A snapshot of the layer's current content without keeping it loaded. */
  async readState(layerId: string): Promise<Y.Doc> {
    const held = this.docs.get(layerId);
    const doc = new Y.Doc();
    if (held) {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate((await held).doc));
    } else {
      Y.applyUpdate(doc, (await this.store.load(layerId)).update);
    }
    return doc;
  }

  /** Changes a document from the server side (seeding, incident zones); persisted like any edit. */
  async change(layerId: string, fn: (doc: Y.Doc) => void): Promise<void> {
    const ld = await this.get(layerId);
    ld.changeHere(fn);
    await ld.flush();
    this.scheduleUnload(ld);
  }

  async flushAll(): Promise<void> {
    await this.scheduler.flushNow();
  }

  async closeAll(): Promise<void> {
    const all = [...this.docs.values()];
    this.docs.clear();
    await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
  }
}

/** What Yjs checks before it encodes a transaction as an update: new structs or deletions. */
function transactionChanged(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}

/** A document update as a y-websocket message in its WebSocket frame (sync, update, the update). */
export function updateFrame(update: Uint8Array): Buffer {
  return taggedMessageFrame(UPDATE_TAGS, update);
}

/** A presence (awareness) update as a y-websocket message in its WebSocket frame. */
export function awarenessFrame(update: Uint8Array): Buffer {
  return taggedMessageFrame(AWARENESS_TAGS, update);
}

const UPDATE_TAGS = [MESSAGE_SYNC, syncProtocol.messageYjsUpdate] as const;
const SYNC_STEP1_TAGS = [MESSAGE_SYNC, syncProtocol.messageYjsSyncStep1] as const;
const SYNC_STEP2_TAGS = [MESSAGE_SYNC, syncProtocol.messageYjsSyncStep2] as const;
/** A whole document is kept encoded for joining peers only up to this size (memory stays near the document's own). */
const JOIN_FRAME_KEPT_BYTES = 64 * 1024;
const AWARENESS_TAGS = [MESSAGE_AWARENESS] as const;

export { decoding, encoding, syncProtocol, awarenessProtocol };
