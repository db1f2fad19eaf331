/**
 * One annotation layer's Y.Doc, kept alive while the picture is open, synced with the stock y-websocket
 * WebsocketProvider. The doc outlives disconnects, so edits made offline are sent when the socket is back;
 * with `persistAs` it is also kept in IndexedDB (offlineStore.ts), so they survive a reload or a closed tab.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES, type CloseCode, isPermanentClose } from '../../../shared/src/closeCodes.ts';
import { type LayerFeature, type LogEntry, readFeatures, readLog } from '../../../shared/src/layerDoc.ts';
import { type Peer, type PresenceState, parsePresence } from './awareness.ts';
import { rememberOfflineDoc } from './offlineStore.ts';

export type DocStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

export interface LayerSessionState {
  status: DocStatus;
  synced: boolean;
  lastSyncedAt: string | null;
  closeCode: CloseCode | null;
  /** Local edits made while not connected, not yet confirmed by a sync. */
  unsyncedEdits: boolean;
  features: LayerFeature[];
  log: LogEntry[];
  peers: Peer[];
}

/** Describes a close code for the UI as a message key (exhaustive over CLOSE_CODES). */
export function closeCodeKey(code: CloseCode): 'collab.closed.auth' | 'collab.closed.forbidden' | 'collab.closed.gone' | 'collab.closed.malformed' | 'collab.closed.tooLarge' | 'collab.closed.rate' {
  switch (code) {
    case CLOSE_CODES.NOT_AUTHENTICATED:
      return 'collab.closed.auth';
    case CLOSE_CODES.NOT_ALLOWED:
      return 'collab.closed.forbidden';
    case CLOSE_CODES.NO_SUCH_LAYER:
      return 'collab.closed.gone';
    case CLOSE_CODES.MALFORMED_MESSAGE:
      return 'collab.closed.malformed';
    case CLOSE_CODES.MESSAGE_TOO_LARGE:
      return 'collab.closed.tooLarge';
    case CLOSE_CODES.RATE_LIMITED:
      return 'collab.closed.rate';
    default: {
      const never: never = code;
      return never;
    }
  }
}

function isCloseCode(n: number): n is CloseCode {
  return (Object.values(CLOSE_CODES) as number[]).includes(n);
}

export function wsBase(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}`;
}

export class LayerSession {
  readonly layerId: string;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** The document's copy in IndexedDB, when it is kept there. */
  readonly persistence: IndexeddbPersistence | null;
  private state: LayerSessionState = {
    status: 'connecting',
    synced: false,
    lastSyncedAt: null,
    closeCode: null,
    unsyncedEdits: false,
    features: [],
    log: [],
    peers: [],
  };
  private readonly listeners = new Set<() => void>();

  constructor(layerId: string, token: string, base: string = wsBase(), persistAs: string | null = null) {
    this.layerId = layerId;
    this.persistence = persistAs ? new IndexeddbPersistence(persistAs, this.doc) : null;
    if (persistAs) rememberOfflineDoc(persistAs);
    this.provider = new WebsocketProvider(`${base}/yjs`, `layer:${layerId}`, this.doc, {
      params: { token },
      disableBc: true,
      maxBackoffTime: 5_000,
      shouldReconnect: (e: CloseEvent) => !isPermanentClose(e.code),
    });
    this.provider.on('status', ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (this.state.status === 'refused') return;
      this.set({ status });
    });
    this.provider.on('sync', (synced: boolean) => {
      this.set(synced ? { synced, lastSyncedAt: new Date().toISOString(), unsyncedEdits: false } : { synced });
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && isCloseCode(event.code)) {
        this.set({ closeCode: event.code, status: isPermanentClose(event.code) ? 'refused' : 'disconnected' });
        // A layer the user may no longer read (or that is gone) is not kept in the browser.
        if (event.code === CLOSE_CODES.NOT_ALLOWED || event.code === CLOSE_CODES.NO_SUCH_LAYER) void this.persistence?.clearData();
      }
    });
    this.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      const remote = origin === this.provider;
      // Restoring the stored copy is not an edit of this page, though what it restores may be unsent.
      const patch: Partial<LayerSessionState> = this.materialise();
      if (remote && this.provider.synced) patch.lastSyncedAt = new Date().toISOString();
      if (!remote && origin !== this.persistence && !this.provider.wsconnected) patch.unsyncedEdits = true;
      this.set(patch);
    });
    this.provider.awareness.on('change', () => this.set({ peers: this.readPeers() }));
  }

  private materialise(): Pick<LayerSessionState, 'features' | 'log'> {
    return { features: readFeatures(this.doc).collection.features, log: readLog(this.doc) };
  }

  private readPeers(): Peer[] {
    const out: Peer[] = [];
    this.provider.awareness.getStates().forEach((raw, clientId) => {
      if (clientId === this.doc.clientID) return;
      const p = parsePresence(clientId, raw);
      if (p) out.push(p);
    });
    return out;
  }

  private set(patch: Partial<LayerSessionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  getState = (): LayerSessionState => this.state;

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  setPresence(p: PresenceState): void {
    this.provider.awareness.setLocalState(p);
  }

  /** Marks the last-synced time when the server answers anything (awareness heartbeats included). */
  touch(): void {
    if (this.provider.wsconnected && this.provider.synced) this.set({ lastSyncedAt: new Date().toISOString() });
  }

  destroy(): void {
    this.listeners.clear();
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.doc.destroy();
  }
}
