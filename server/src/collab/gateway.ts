import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import type { Right } from '../../../shared/src/access.ts';
import { CLOSE_CODES, CLOSE_REASONS, type CloseCode } from '../../../shared/src/closeCodes.ts';
import type { AuthUser } from '../auth/authService.ts';
import {
  awarenessProtocol,
  type DocPeer,
  type DocumentManager,
  decoding,
  encodeAwarenessMessage,
  encoding,
  type LayerDocument,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  syncProtocol,
} from './documents.ts';

/**
 * The y-websocket gateway: `ws://host/yjs/layer:<layerId>?token=…`, the standard sync + awareness protocol.
 * Every connection runs the same named steps: onAuthenticate → onAuthorize → onLoadDocument → (per
 * message) beforeHandleMessage → handle; access is re-checked live by reevaluate(). Security follows the
 * Yjs threat model: authorise before any byte, read-only peers never write, sizes and rates are capped,
 * and updates are never "filtered" — access is per document.
 */
export interface LayerAuthorizer {
  authenticate(token: string | undefined): Promise<AuthUser | undefined>;
  /** The caller's right on the layer, or 'missing' when there is no such layer. */
  layerRight(user: AuthUser, layerId: string): Promise<Right | 'missing'>;
}

export interface GatewayOptions {
  /** Largest accepted message in bytes. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Minimum milliseconds between presence updates from a read-only connection. */
  readOnlyAwarenessIntervalMs: number;
  /** Messages buffered while a document loads. */
  maxQueuedMessages: number;
  pingIntervalMs: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  maxMessageBytes: 2 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 300,
  readOnlyAwarenessIntervalMs: 250,
  maxQueuedMessages: 200,
  pingIntervalMs: 30_000,
};

const PATH = /^\/yjs\/layer:([A-Za-z0-9_-]{1,64})$/;

class Connection implements DocPeer {
  readOnly = true;
  doc: LayerDocument | undefined;
  readonly awarenessClients = new Set<number>();
  private tokens: number;
  private lastRefill = Date.now();
  lastAwareness = 0;
  pendingAwareness: Uint8Array | undefined;
  awarenessTimer: NodeJS.Timeout | undefined;
  alive = true;
  closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly user: AuthUser,
    /** Kept to re-check the session when access is re-evaluated. */
    readonly token: string,
    readonly layerId: string,
    private readonly opts: GatewayOptions,
  ) {
    this.tokens = opts.messageBurst;
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(message, (err) => {
      if (err) this.close(1011, 'send failed');
    });
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  /** Token bucket: true when the message may proceed. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.opts.messageBurst, this.tokens + ((now - this.lastRefill) / 1000) * this.opts.messagesPerSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class YjsGateway {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Connection>();
  /** Per document, the connection that introduced each awareness client id: O(1) ownership checks. */
  private readonly awarenessOwners = new WeakMap<LayerDocument, Map<number, Connection>>();
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly docs: DocumentManager,
    private readonly authorizer: LayerAuthorizer,
    private readonly log: Logger,
    private readonly opts: GatewayOptions = DEFAULT_GATEWAY_OPTIONS,
  ) {
    // ws' own limit sits above ours so that we, not ws, answer an oversized message (with 4413).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes * 4 });
    this.pingTimer = setInterval(() => this.ping(), opts.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Handles an HTTP upgrade if it is ours; returns false for other paths (socket.io's, say). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.startsWith('/yjs/')) return false;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.onConnection(ws, url).catch((err) => {
        this.log.error({ err }, 'yjs connection setup failed');
        ws.close(1011, 'internal error');
      });
    });
    return true;
  }

  private refuse(ws: WebSocket, code: CloseCode): void {
    ws.close(code, CLOSE_REASONS[code]);
  }

  private async onConnection(ws: WebSocket, url: URL): Promise<void> {
    // Messages that arrive while we authenticate and load are queued, within bounds, then replayed.
    const queue: Buffer[] = [];
    let queuedBytes = 0;
    let early = true;
    ws.on('message', (data: Buffer, isBinary) => {
      if (!early) return;
      if (!isBinary) return this.refuse(ws, CLOSE_CODES.MALFORMED_MESSAGE);
      queue.push(data);
      queuedBytes += data.byteLength;
      if (queue.length > this.opts.maxQueuedMessages || queuedBytes > this.opts.maxMessageBytes * 4) this.refuse(ws, CLOSE_CODES.MESSAGE_TOO_LARGE);
    });

    // onAuthenticate
    const token = url.searchParams.get('token') ?? '';
    const user = await this.authorizer.authenticate(token);
    if (!user) return this.refuse(ws, CLOSE_CODES.NOT_AUTHENTICATED);
    // onAuthorize
    const m = PATH.exec(url.pathname);
    if (!m) return this.refuse(ws, CLOSE_CODES.NO_SUCH_LAYER);
    const layerId = m[1];
    const right = await this.authorizer.layerRight(user, layerId);
    if (right === 'missing') return this.refuse(ws, CLOSE_CODES.NO_SUCH_LAYER);
    if (right === 'none') return this.refuse(ws, CLOSE_CODES.NOT_ALLOWED);
    if (ws.readyState !== WebSocket.OPEN) return;

    const conn = new Connection(ws, user, token, layerId, this.opts);
    conn.readOnly = right === 'read';
    // onLoadDocument
    const doc = await this.docs.get(layerId);
    if (ws.readyState !== WebSocket.OPEN) return;
    conn.doc = doc;
    this.conns.add(conn);
    this.docs.attach(doc, conn);

    ws.on('close', () => this.onDisconnect(conn));
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.removeAllListeners('message');
    ws.on('message', (data: Buffer, isBinary) => this.onMessage(conn, data, isBinary));

    // Start the protocol: our state vector, and the presence of everyone already here.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc.doc);
    conn.send(encoding.toUint8Array(e));
    const states = doc.awareness.getStates();
    if (states.size > 0) conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...states.keys()])));

    early = false;
    for (const data of queue) this.onMessage(conn, data, true);
  }

  /** beforeHandleMessage + handle. */
  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed || !conn.doc) return;
    if (!isBinary) return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
    if (data.byteLength > this.opts.maxMessageBytes) return conn.close(CLOSE_CODES.MESSAGE_TOO_LARGE, CLOSE_REASONS[4413]);
    if (!conn.take()) return conn.close(CLOSE_CODES.RATE_LIMITED, CLOSE_REASONS[4429]);
    const doc = conn.doc;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const sv = decoding.readVarUint8Array(decoder);
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, MESSAGE_SYNC);
          syncProtocol.writeSyncStep2(e, doc.doc, sv);
          conn.send(encoding.toUint8Array(e));
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          // A read-only peer's changes are never applied, stored or relayed.
          if (conn.readOnly) return;
          const problem = doc.applyPeerUpdate(update, conn);
          if (problem === 'too_large') return conn.close(CLOSE_CODES.MESSAGE_TOO_LARGE, 'document too large');
          if (problem === 'malformed') return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
        } else {
          return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
        }
      } else if (type === MESSAGE_AWARENESS) {
        const update = decoding.readVarUint8Array(decoder);
        this.onAwareness(conn, doc, update);
      } else if (type === 3) {
        // messageQueryAwareness: answer with every known state.
        const states = doc.awareness.getStates();
        conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(doc.awareness, [...states.keys()])));
      } else if (type === 2) {
        // messageAuth is not used by this server; ignore as the reference server does.
      } else {
        return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
      }
    } catch (err) {
      this.log.debug({ err, layerId: conn.layerId }, 'malformed yjs message');
      conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
    }
  }

  private onAwareness(conn: Connection, doc: LayerDocument, update: Uint8Array): void {
    const now = Date.now();
    const wait = conn.lastAwareness + this.opts.readOnlyAwarenessIntervalMs - now;
    if (conn.readOnly && wait > 0) {
      // Throttled, not dropped: the newest presence of a read-only peer is applied when its turn comes.
      conn.pendingAwareness = update;
      conn.awarenessTimer ??= setTimeout(() => {
        conn.awarenessTimer = undefined;
        const pending = conn.pendingAwareness;
        conn.pendingAwareness = undefined;
        if (pending && !conn.closed && conn.doc) this.onAwareness(conn, conn.doc, pending);
      }, wait);
      return;
    }
    conn.lastAwareness = now;
    // A peer may only speak for the awareness clients it introduced, never for someone else's.
    // (Stock y-websocket clients echo every remote presence change back, so this runs for most
    // awareness messages: a per-document owner map keeps it O(1) instead of a scan of every connection.)
    let owners = this.awarenessOwners.get(doc);
    if (!owners) {
      owners = new Map();
      this.awarenessOwners.set(doc, owners);
    }
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      const clientId = decoding.readVarUint(d);
      decoding.readVarUint(d); // clock
      decoding.readVarString(d); // state JSON
      if (!conn.awarenessClients.has(clientId)) {
        const owner = owners.get(clientId);
        if (owner && owner !== conn) return;
        conn.awarenessClients.add(clientId);
        owners.set(clientId, conn);
      }
    }
    awarenessProtocol.applyAwarenessUpdate(doc.awareness, update, conn);
  }

  private onDisconnect(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    conn.closed = true;
    if (conn.awarenessTimer) clearTimeout(conn.awarenessTimer);
    const doc = conn.doc;
    if (!doc) return;
    const owners = this.awarenessOwners.get(doc);
    if (owners) for (const id of conn.awarenessClients) if (owners.get(id) === conn) owners.delete(id);
    if (conn.awarenessClients.size > 0) awarenessProtocol.removeAwarenessStates(doc.awareness, [...conn.awarenessClients], null);
    this.docs.detach(doc, conn);
  }

  /**
   * Re-checks the rights of open connections (after an access-list change, a user being disabled or a
   * session revoked). Lost read → closed with 4403 (4401 when the session is gone); lost write → read-only.
   */
  async reevaluate(filter: { layerIds?: string[]; userIds?: string[] } = {}): Promise<void> {
    const targets = [...this.conns].filter(
      (c) => (!filter.layerIds || filter.layerIds.includes(c.layerId)) && (!filter.userIds || filter.userIds.includes(c.user.id)),
    );
    await Promise.all(
      targets.map(async (c) => {
        const still = await this.authorizer.authenticate(c.token);
        if (!still) return c.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
        const right = await this.authorizer.layerRight(still, c.layerId);
        if (right === 'missing') return c.close(CLOSE_CODES.NO_SUCH_LAYER, CLOSE_REASONS[4404]);
        if (right === 'none') return c.close(CLOSE_CODES.NOT_ALLOWED, CLOSE_REASONS[4403]);
        c.readOnly = right === 'read';
      }),
    );
  }

  private ping(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        c.ws.terminate();
        this.onDisconnect(c);
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  connectionCount(): number {
    return this.conns.size;
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const c of this.conns) c.close(1001, 'server shutting down');
    this.wss.close();
  }
}
