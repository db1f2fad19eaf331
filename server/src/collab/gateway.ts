import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type ServerOptions, WebSocket, WebSocketServer } from 'ws';
import type { Right } from '../../../shared/src/access.ts';
import { CLOSE_CODES, CLOSE_REASONS, type CloseCode } from '../../../shared/src/closeCodes.ts';
import type { AuthUser } from '../auth/authService.ts';
import {
  awarenessProtocol,
  type DocPeer,
  type Writer,
  type DocumentManager,
  decoding,
  awarenessFrame,
  type LayerDocument,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  syncProtocol,
} from './documents.ts';
import { type PresenceIdentity, presenceIsNewer, readAwarenessEntries, type StampedPresence, stampPresence } from './presence.ts';
import { parseRequestTarget, queryParam, type RequestTarget } from './requestTarget.ts';
import { handshakeKey, refuseAfterUpgrade, rejectHandshake } from './upgrade.ts';

/**
 * The y-websocket gateway: `ws://host/yjs/layer:<layerId>?token=…`, the standard sync + awareness protocol.
 * Every connection runs the same named steps: onAuthenticate → onAuthorize → onLoadDocument → (per
 * message) beforeHandleMessage → handle; access is re-checked live by reevaluate(). Security follows the
 * Yjs threat model: decide before the upgrade completes and read nothing of a refused connection,
 * read-only peers never write, sizes, rates and unsent bytes are capped per connection, authorship and
 * presence identity are the session's, and updates are never "filtered" — access is per document.
 */
export interface LayerAuthorizer {
  authenticate(token: string | undefined): Promise<AuthUser | undefined>;
  /** The caller's right on the layer, or 'missing' when there is no such layer. */
  layerRight(user: AuthUser, layerId: string): Promise<Right | 'missing'>;
  /**
   * True when a caller without access to the layer may not even learn that it exists (no access to its
   * picture either): such a refusal reads 4404, not 4403.
   */
  hidesLayer?(user: AuthUser, layerId: string): Promise<boolean>;
  /** Who a token belonged to even after its session ended: only to attribute a refusal in the audit. */
  formerOwner?(token: string): Promise<AuthUser | undefined>;
  /**
   * Of these session ids, those still valid (not revoked or expired, user not disabled), in one query: the
   * periodic re-check asks for every connection at once.
   */
  validSessionIds(ids: string[]): Promise<Set<string>>;
  /**
   * True when a read-only connection's edit of this document is refused (4403) rather than ignored: a
   * signed report is frozen, and a client that still writes must be told so.
   */
  refusesReadOnlyWrites?(docName: string): boolean;
}

/** One connection attempt's outcome, for the audit trail. */
export interface ConnectionAudit {
  user: AuthUser | undefined;
  layerId: string;
  outcome: 'success' | 'denied';
  code?: number;
  address: string | undefined;
}

export interface GatewayOptions {
  /** Largest accepted message in bytes. */
  maxMessageBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * Requests answered with (possibly) the whole document — sync step 1 and awareness queries — per second
   * and their burst. Much tighter than other messages: a few bytes in, megabytes out.
   */
  syncRequestsPerSecond: number;
  syncRequestBurst: number;
  /** Bytes the server may hold unsent for one connection before it is closed with 4429. */
  maxBufferedBytes: number;
  /** Minimum milliseconds between presence updates from a read-only connection. */
  readOnlyAwarenessIntervalMs: number;
  pingIntervalMs: number;
  /** How often open connections' sessions are re-checked (revocation; expiry also has its own timer). */
  sessionCheckIntervalMs: number;
  /** How long a closing or refused socket may linger before it is destroyed. */
  closeGraceMs: number;
}

export const DEFAULT_GATEWAY_OPTIONS: GatewayOptions = {
  maxMessageBytes: 2 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 300,
  syncRequestsPerSecond: 0.5,
  syncRequestBurst: 5,
  maxBufferedBytes: 8 * 1024 * 1024,
  readOnlyAwarenessIntervalMs: 250,
  pingIntervalMs: 30_000,
  sessionCheckIntervalMs: 15_000,
  closeGraceMs: 2_000,
};

/**
 * `/yjs/<kind>:<id>`. Layers keep their bare id as the document name (stored documents predate other kinds);
 * other kinds (a report's texts: `report:<id>`) are named `<kind>:<id>` and authorised by their owner.
 */
const PATH = /^\/yjs\/([a-z][a-z-]{0,23}):([A-Za-z0-9_-]{1,64})$/;
function docNameOf(m: RegExpExecArray): string {
  return m[1] === 'layer' ? m[2] : `${m[1]}:${m[2]}`;
}
const MAX_TIMER_MS = 2_147_483_647;
const WRITE_SESSION_CHECK_MS = 1_000;
/** Writers' session checks that fall due within this window go out together as one query. */
const WRITER_CHECK_SPACING_MS = 200;
const MAX_PRESENCES_PER_CONNECTION = 8;

/** A token bucket: `take()` is true when one more event may proceed. */
class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

class Connection implements DocPeer {
  readOnly = true;
  readonly awarenessClients = new Set<number>();
  readonly messages: Bucket;
  readonly syncRequests: Bucket;
  readonly writer: Writer;
  readonly presence: PresenceIdentity;
  /** Session expiry (ms since epoch); Infinity when the session service does not say. */
  readonly expiresAt: number;
  sessionCheckedAt = Date.now();
  lastAwareness = 0;
  pendingAwareness: Uint8Array | undefined;
  awarenessTimer: NodeJS.Timeout | undefined;
  alive = true;
  closed = false;
  closeCode: number | undefined;

  constructor(
    readonly ws: WebSocket,
    /** The upgraded TCP socket ws frames onto: broadcasts write their shared, pre-built frames here. */
    private readonly raw: Duplex,
    readonly user: AuthUser,
    /** Kept to re-check the session when access is re-evaluated. */
    readonly token: string,
    readonly layerId: string,
    readonly doc: LayerDocument,
    private readonly opts: GatewayOptions,
  ) {
    this.messages = new Bucket(opts.messagesPerSecond, opts.messageBurst);
    this.syncRequests = new Bucket(opts.syncRequestsPerSecond, opts.syncRequestBurst);
    this.writer = { organisationId: user.organisationId, names: [user.username, user.displayName] };
    this.presence = { name: user.displayName, org: user.organisation.name };
    this.expiresAt = user.sessionExpiresAt ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Writes a frame built here (one for all receivers of a broadcast) as is, unless too much is already waiting for
   * this peer: a peer that does not read is closed, not fed. ws writes its own frames (pings, close) straight to the
   * same socket, so order on the wire is kept, and nothing is written after ws has sent a close frame (readyState is
   * no longer OPEN then). No per-write callback: a failed write errors the socket, and ws then emits 'close'.
   */
  sendFramed(frame: Buffer): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.opts.maxBufferedBytes) return this.close(CLOSE_CODES.RATE_LIMITED, 'too much unread data');
    this.raw.write(frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeCode = code;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
  }

  sessionExpired(now: number): boolean {
    return now >= this.expiresAt;
  }
}

interface ExpiryGroup {
  conns: Set<Connection>;
  timer: NodeJS.Timeout | undefined;
}

export class YjsGateway {
  private readonly wss: WebSocketServer;
  private readonly conns = new Set<Connection>();
  /** Per document, the connection that introduced each awareness client id: O(1) ownership checks. */
  private readonly awarenessOwners = new WeakMap<LayerDocument, Map<number, Connection>>();
  private readonly pingTimer: NodeJS.Timeout;
  private readonly sessionTimer: NodeJS.Timeout;
  /** Open connections by the moment their session expires, each group with one timer (armExpiry). */
  private readonly expiries = new Map<number, ExpiryGroup>();
  /** Writing connections whose session check is due (recheckSessionOnWrite), checked together. */
  private readonly writersDue = new Set<Connection>();
  private writerCheckTimer: NodeJS.Timeout | undefined;
  private writerCheckStartedAt = Number.NEGATIVE_INFINITY;
  private writerCheckRunning = false;
  private closing = false;

  constructor(
    private readonly docs: DocumentManager,
    private readonly authorizer: LayerAuthorizer,
    private readonly log: Logger,
    private readonly opts: GatewayOptions = DEFAULT_GATEWAY_OPTIONS,
    private readonly audit: (entry: ConnectionAudit) => void = () => undefined,
    /** The client's address (proxy headers only as the deployment's TRUST_PROXY allows). */
    private readonly addressOf: (req: IncomingMessage) => string | undefined = (req) => req.socket.remoteAddress,
  ) {
    // ws' own limit sits above ours so that we, not ws, answer an oversized message (with 4413).
    // closeTimeout (ws ≥ 8.19, not yet in its types): a peer that never answers our close frame is dropped soon.
    // clientTracking off: this gateway keeps its own set of connections (ws would keep a second, with a listener each).
    const wsOptions: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      maxPayload: opts.maxMessageBytes * 4,
      perMessageDeflate: false,
      closeTimeout: opts.closeGraceMs,
      clientTracking: false,
    };
    this.wss = new WebSocketServer(wsOptions);
    this.pingTimer = setInterval(() => this.ping(), opts.pingIntervalMs);
    this.pingTimer.unref();
    this.sessionTimer = setInterval(() => void this.recheckSessions(), opts.sessionCheckIntervalMs);
    this.sessionTimer.unref();
  }

  /**
   * Handles an HTTP upgrade if it is ours; returns false for other paths (socket.io's, say). Decides
   * (authenticate, authorise, load) before completing the upgrade, and reads no frame meanwhile: the
   * socket's data stays unread in its buffer until ws takes an accepted socket over.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = parseRequestTarget(req.url);
    if (!url?.pathname.startsWith('/yjs/')) return false;
    // The client's address is read only when an audit record needs it (partner opens, refusals): reading it is a
    // system call per connection. The socket stays open (half-open) until we end it, so a client that hangs up
    // before the decision still has its address; after a reset it is read before the socket is destroyed.
    let peer: { address: string | undefined } | undefined;
    const address = () => {
      peer ??= { address: this.addressOf(req) };
      return peer.address;
    };
    // From the first moment: a socket error (reset, bad frame) must never become an unhandled 'error'.
    socket.on('error', (err) => {
      this.log.debug({ err }, 'yjs socket error');
      address();
      socket.destroy();
    });
    const key = handshakeKey(req);
    if (!key) {
      rejectHandshake(socket);
      return true;
    }
    void this.decide(url)
      .then((d) => {
        if ('refuse' in d) {
          const at = address();
          refuseAfterUpgrade(socket, key, d.refuse, CLOSE_REASONS[d.refuse], this.opts.closeGraceMs);
          void this.auditRefusal(d, url, at);
          return;
        }
        let opened = false;
        if (socket.readable && socket.writable) {
          // The handshake response and our first message (state vector, presence) leave in one write.
          socket.cork();
          this.wss.handleUpgrade(req, socket, head, (ws) => {
            opened = true;
            this.open(ws, socket, d.user, d.token, d.layerId, d.doc, d.right);
          });
          socket.uncork();
        }
        if (!opened) {
          socket.destroy();
          this.docs.release(d.doc);
          return;
        }
        if (!d.user.isPolice) this.audit({ user: d.user, layerId: d.layerId, outcome: 'success', address: address() });
      })
      .catch((err) => {
        this.log.error({ err }, 'yjs connection setup failed');
        socket.destroy();
      });
    return true;
  }

  /** A refused attempt by an ended session is still attributed to its former owner (audit only). */
  private async auditRefusal(d: { refuse: CloseCode; user: AuthUser | undefined; layerId: string }, url: RequestTarget, address: string | undefined): Promise<void> {
    const token = queryParam(url.query, 'token');
    const user = d.user ?? (token && this.authorizer.formerOwner ? await this.authorizer.formerOwner(token).catch(() => undefined) : undefined);
    this.audit({ user, layerId: d.layerId, outcome: 'denied', code: d.refuse, address });
  }

  /** onAuthenticate → onAuthorize → onLoadDocument, all before the upgrade completes. */
  private async decide(
    url: RequestTarget,
  ): Promise<
    | { refuse: CloseCode; user: AuthUser | undefined; layerId: string }
    | { user: AuthUser; token: string; layerId: string; doc: LayerDocument; right: Right }
  > {
    const m = PATH.exec(url.pathname);
    const layerId = m ? docNameOf(m) : url.pathname.slice(0, 100);
    const token = queryParam(url.query, 'token') ?? '';
    const user = await this.authorizer.authenticate(token);
    if (!user) return { refuse: CLOSE_CODES.NOT_AUTHENTICATED, user, layerId };
    if (!m) return { refuse: CLOSE_CODES.NO_SUCH_LAYER, user, layerId };
    const right = await this.authorizer.layerRight(user, layerId);
    if (right === 'missing') return { refuse: CLOSE_CODES.NO_SUCH_LAYER, user, layerId };
    if (right === 'none') {
      const hidden = (await this.authorizer.hidesLayer?.(user, layerId)) ?? false;
      return { refuse: hidden ? CLOSE_CODES.NO_SUCH_LAYER : CLOSE_CODES.NOT_ALLOWED, user, layerId };
    }
    const doc = await this.docs.get(layerId);
    return { user, token, layerId, doc, right };
  }

  private open(ws: WebSocket, raw: Duplex, user: AuthUser, token: string, layerId: string, doc: LayerDocument, right: Right): void {
    ws.on('error', (err) => this.log.debug({ err, layerId }, 'yjs protocol error'));
    const conn = new Connection(ws, raw, user, token, layerId, doc, this.opts);
    conn.readOnly = right === 'read';
    this.conns.add(conn);
    this.docs.attach(doc, conn);
    ws.on('close', () => this.onDisconnect(conn));
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: Buffer, isBinary) => this.onMessage(conn, data, isBinary));
    this.armExpiry(conn);

    // Start the protocol: our state vector, and the presence of everyone already here, in one socket write.
    const step1 = doc.syncStep1Frame();
    const states = doc.awareness.getStates();
    conn.sendFramed(states.size > 0 ? Buffer.concat([step1, awarenessFrame(doc.encodePresence([...states.keys()]))]) : step1);
  }

  /**
   * Connections whose sessions end at the same moment (a user's layers, one session) share one timer: a timer per
   * connection was a timer object and a timer-list insertion for every connect.
   */
  private armExpiry(conn: Connection): void {
    if (!Number.isFinite(conn.expiresAt)) return;
    let group = this.expiries.get(conn.expiresAt);
    if (!group) {
      group = { conns: new Set(), timer: undefined };
      this.expiries.set(conn.expiresAt, group);
      this.scheduleExpiry(conn.expiresAt, group);
    }
    group.conns.add(conn);
  }

  private scheduleExpiry(at: number, group: ExpiryGroup): void {
    group.timer = setTimeout(
      () => {
        if (Date.now() < at) return this.scheduleExpiry(at, group);
        this.expiries.delete(at);
        for (const c of group.conns) c.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
      },
      // Whole seconds, as a message after expiry is refused anyway: timers of one duration share a list in Node.
      Math.min(MAX_TIMER_MS, Math.ceil(Math.max(0, at - Date.now()) / 1000) * 1000),
    );
    group.timer.unref();
  }

  private disarmExpiry(conn: Connection): void {
    const group = this.expiries.get(conn.expiresAt);
    if (!group?.conns.delete(conn) || group.conns.size > 0) return;
    clearTimeout(group.timer);
    this.expiries.delete(conn.expiresAt);
  }

  /** beforeHandleMessage + handle. */
  private onMessage(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed) return;
    if (!isBinary) return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
    if (data.byteLength > this.opts.maxMessageBytes) return conn.close(CLOSE_CODES.MESSAGE_TOO_LARGE, CLOSE_REASONS[4413]);
    const now = Date.now();
    if (!conn.messages.take(now)) return conn.close(CLOSE_CODES.RATE_LIMITED, CLOSE_REASONS[4429]);
    // An expired session neither writes nor reads, even between two expiry checks.
    if (conn.sessionExpired(now)) return conn.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
    const doc = conn.doc;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          const sv = decoding.readVarUint8Array(decoder);
          if (!this.mayAnswerSyncRequest(conn, now)) return;
          conn.sendFramed(doc.syncStep2Frame(sv));
        } else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
          const update = decoding.readVarUint8Array(decoder);
          // A read-only peer's changes are never applied, stored or relayed; a frozen document says so.
          if (conn.readOnly) {
            if (syncType === syncProtocol.messageYjsUpdate && this.authorizer.refusesReadOnlyWrites?.(conn.layerId)) return conn.close(CLOSE_CODES.NOT_ALLOWED, CLOSE_REASONS[4403]);
            return;
          }
          // Every stock client answers our state vector with its own missing structs; a new client has none, and
          // an empty update changes nothing (Yjs would decode it and emit no change).
          if (update.byteLength === 2 && update[0] === 0 && update[1] === 0) return;
          this.recheckSessionOnWrite(conn, now);
          const problem = doc.applyPeerUpdate(update, conn, conn.writer);
          if (problem === 'too_large') return conn.close(CLOSE_CODES.MESSAGE_TOO_LARGE, 'document too large');
          if (problem === 'quota') return conn.close(CLOSE_CODES.MESSAGE_TOO_LARGE, 'organisation quota for this layer is full');
          if (problem === 'spoofed_author') return conn.close(CLOSE_CODES.NOT_ALLOWED, 'authorship must be your own');
          if (problem === 'malformed') return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
        } else {
          return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
        }
      } else if (type === MESSAGE_AWARENESS) {
        const update = decoding.readVarUint8Array(decoder);
        this.onAwareness(conn, doc, update);
      } else if (type === 3) {
        // messageQueryAwareness: answer with every known state.
        if (!this.mayAnswerSyncRequest(conn, now)) return;
        const states = doc.awareness.getStates();
        conn.sendFramed(awarenessFrame(doc.encodePresence([...states.keys()])));
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

  /**
   * Writing keeps the session under watch: at most once a second per connection, the writer's session is checked
   * beside the write. The checks of all writers that fell due together go out as one query (see checkWriters).
   */
  private recheckSessionOnWrite(conn: Connection, now: number): void {
    if (now - conn.sessionCheckedAt < WRITE_SESSION_CHECK_MS) return;
    conn.sessionCheckedAt = now;
    this.writersDue.add(conn);
    this.scheduleWriterCheck();
  }

  /**
   * Leading edge: a check after a quiet spell starts in the next turn of the event loop; later ones wait until
   * WRITER_CHECK_SPACING_MS after the previous started, and never overlap it. With many writers this is a few
   * queries a second instead of one per writer per second (5 000 writers: 5 000 lookups a second), and a revoked
   * session still stops writing within about a second of its next write.
   */
  private scheduleWriterCheck(): void {
    if (this.writerCheckTimer || this.writerCheckRunning || this.closing) return;
    const wait = this.writerCheckStartedAt + WRITER_CHECK_SPACING_MS - Date.now();
    this.writerCheckTimer = setTimeout(() => void this.checkWriters(), Math.max(0, wait));
    this.writerCheckTimer.unref();
  }

  private async checkWriters(): Promise<void> {
    this.writerCheckTimer = undefined;
    const conns = [...this.writersDue].filter((c) => !c.closed);
    this.writersDue.clear();
    if (conns.length === 0) return;
    this.writerCheckStartedAt = Date.now();
    this.writerCheckRunning = true;
    try {
      const valid = await this.authorizer.validSessionIds([...new Set(conns.map((c) => c.user.sessionId))]);
      for (const c of conns) if (!valid.has(c.user.sessionId)) c.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
    } catch (err) {
      // The write already went through, as it does while the database is away; the periodic re-check follows.
      this.log.warn({ err, connections: conns.length }, 'writer session re-check failed');
    } finally {
      this.writerCheckRunning = false;
      if (this.writersDue.size > 0) this.scheduleWriterCheck();
    }
  }

  /** Requests answered with a whole document or every presence: tightly rate-limited, never queued unbounded. */
  private mayAnswerSyncRequest(conn: Connection, now: number): boolean {
    if (!conn.syncRequests.take(now)) {
      conn.close(CLOSE_CODES.RATE_LIMITED, CLOSE_REASONS[4429]);
      return false;
    }
    if (conn.ws.bufferedAmount > this.opts.maxBufferedBytes) {
      conn.close(CLOSE_CODES.RATE_LIMITED, 'too much unread data');
      return false;
    }
    return true;
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
        if (pending && !conn.closed) this.onAwareness(conn, conn.doc, pending);
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
    // Stock clients echo every presence change they receive (same clock) and announce an empty state with clock 0
    // when they connect, which no Yjs peer applies: those change nothing and claim nothing.
    const meta = doc.awareness.meta;
    const entries = readAwarenessEntries(update, (clientId, clock) => presenceIsNewer(meta, clientId, clock));
    if (entries.length === 0) return;
    let introduced = 0;
    for (const x of entries) {
      if (!conn.awarenessClients.has(x.clientId)) {
        const owner = owners.get(x.clientId);
        if (owner && owner !== conn) return;
        introduced++;
      }
    }
    // A client has one presence (a few after reloads in one tab); thousands would only fill every peer's memory.
    if (conn.awarenessClients.size + introduced > MAX_PRESENCES_PER_CONNECTION) return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, 'too many presences');
    // Identity is the session's: every state this peer publishes carries its real name and organisation.
    const stamped: Array<{ clientId: number; clock: number; presence: StampedPresence }> = [];
    for (const x of entries) {
      const presence = doc.heldPresence(x.clientId, x.state, conn.presence) ?? stampPresence(x.state, conn.presence);
      if (presence === null) return conn.close(CLOSE_CODES.MALFORMED_MESSAGE, CLOSE_REASONS[4400]);
      stamped.push({ clientId: x.clientId, clock: x.clock, presence });
    }
    for (const x of entries) {
      if (!conn.awarenessClients.has(x.clientId)) {
        conn.awarenessClients.add(x.clientId);
        owners.set(x.clientId, conn);
      }
    }
    doc.applyPresence(stamped, conn);
  }

  private onDisconnect(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    this.writersDue.delete(conn);
    conn.closed = true;
    if (conn.awarenessTimer) clearTimeout(conn.awarenessTimer);
    this.disarmExpiry(conn);
    const doc = conn.doc;
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

  /** Closes (4401) every connection of one session, and only those: logging out ends that session alone. */
  closeSession(sessionId: string): void {
    for (const c of this.conns) if (c.user.sessionId === sessionId) c.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
  }

  /** Revocation between access changes (a session ended without an event): one query for every session held. */
  private async recheckSessions(): Promise<void> {
    const conns = [...this.conns];
    if (conns.length === 0) return;
    let valid: Set<string>;
    try {
      valid = await this.authorizer.validSessionIds([...new Set(conns.map((c) => c.user.sessionId))]);
    } catch (err) {
      this.log.warn({ err }, 'document session re-check failed; retrying at the next interval');
      return;
    }
    for (const c of conns) if (!valid.has(c.user.sessionId)) c.close(CLOSE_CODES.NOT_AUTHENTICATED, CLOSE_REASONS[4401]);
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

  /** The largest number of bytes waiting to be sent to any one connection (for tests and metrics). */
  maxBufferedAmount(): number {
    let max = 0;
    for (const c of this.conns) max = Math.max(max, c.ws.bufferedAmount);
    return max;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pingTimer);
    clearInterval(this.sessionTimer);
    clearTimeout(this.writerCheckTimer);
    this.writersDue.clear();
    for (const group of this.expiries.values()) clearTimeout(group.timer);
    this.expiries.clear();
    for (const c of this.conns) c.close(1001, 'server shutting down');
    this.wss.close();
  }
}
