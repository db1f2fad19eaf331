import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { isLiveEvent, type JoinAck, type LayerSummary, type LiveEvent, PROTOCOL_VERSION } from '../../../shared/src/events.ts';
import type { AuthService, AuthUser } from '../auth/authService.ts';

/** What travels with each socket (also across processes, so plain data only). */
interface SocketData {
  user: AuthUser;
  token: string;
}

/** Builds the event a given viewer may receive, or null when the viewer may not receive it at all. */
/** What a joining viewer may read of a picture (null: no such picture); given by the pictures capability. */
export interface ReadableLayers {
  readableLayers(viewer: AuthUser, pictureId: string): Promise<LayerSummary[] | null>;
}

export type EventForViewer = (viewer: AuthUser) => Promise<LiveEvent | null> | LiveEvent | null;

const room = (pictureId: string) => `picture:${pictureId}`;

// setTimeout's limit; a session ending later is caught by the periodic re-check well before.
const MAX_TIMER_MS = 2_147_483_647;
// In a u-mode class only unpaired surrogate halves match: no database takes such an id.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Live events over socket.io. Clients join a picture; every event is built per viewer from what that
 * viewer may see, so a partner's payload never contains what its layers do not allow.
 */
export class LiveHub {
  readonly io: Server;
  private redis: Redis | undefined;
  private readonly revalidateTimer: NodeJS.Timeout;

  constructor(
    httpServer: HttpServer,
    private readonly auth: AuthService,
    private readonly pictures: ReadableLayers,
    private readonly log: Logger,
    redisUrl?: string,
    namespace = 'default',
  ) {
    this.io = new Server(httpServer, {
      path: '/socket.io',
      serveClient: false,
      // The y-websocket gateway shares the HTTP server: leave upgrades that are not ours alone.
      destroyUpgrade: false,
      maxHttpBufferSize: 64 * 1024,
      cors: { origin: false },
    });
    if (redisUrl) {
      // ioredis and the adapter (≈ 3 MB of heap) are loaded only with REDIS_URL; both are CommonJS, so the
      // constructor can require them.
      const requireCjs = createRequire(import.meta.url);
      const { Redis } = requireCjs('ioredis') as typeof import('ioredis');
      const { createAdapter } = requireCjs('@socket.io/redis-streams-adapter') as typeof import('@socket.io/redis-streams-adapter');
      this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
      this.redis.on('error', (err) => log.warn({ err }, 'socket.io redis error'));
      this.io.adapter(createAdapter(this.redis, { streamName: `lagesbild:${namespace}:socket.io`, channelPrefix: `lagesbild:${namespace}:sio` } as Parameters<typeof createAdapter>[1]));
    }
    this.io.use(async (socket, next) => {
      const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
      const user = await this.auth.authenticate(token).catch(() => undefined);
      if (!user) return next(Object.assign(new Error('not authenticated'), { data: { code: 'UNAUTHENTICATED' } }));
      (socket.data as SocketData) = { user, token: token! };
      next();
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    // Revocation, logout elsewhere and disabling reach a socket through this re-check at the latest.
    this.revalidateTimer = setInterval(() => void this.revalidateSessions(), this.auth.revalidateIntervalMs);
    this.revalidateTimer.unref();
  }

  /** Closes this process's sockets whose session is no longer valid; one query for all of them. */
  async revalidateSessions(): Promise<number> {
    const sockets = [...this.io.of('/').sockets.values()];
    if (sockets.length === 0) return 0;
    try {
      const valid = await this.auth.validSessionIds([...new Set(sockets.map((s) => (s.data as SocketData).user.sessionId))]);
      let closed = 0;
      for (const s of sockets) {
        if (valid.has((s.data as SocketData).user.sessionId)) continue;
        s.disconnect(true);
        closed++;
      }
      return closed;
    } catch (err) {
      this.log.warn({ err }, 'live session re-check failed; retrying at the next interval');
      return 0;
    }
  }

  private onConnection(socket: Socket): void {
    // The session's own end closes the socket on time, not at the next re-check.
    const expiresAt = (socket.data as SocketData).user.sessionExpiresAt;
    if (expiresAt !== undefined) {
      const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
      expiry.unref();
      socket.once('disconnect', () => clearTimeout(expiry));
    }
    socket.on('picture:join', async (payload: unknown, ack?: (a: JoinAck) => void) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const pictureId = (payload as { pictureId?: unknown } | null)?.pictureId;
      if (typeof pictureId !== 'string' || pictureId.length > 100 || LONE_SURROGATE.test(pictureId)) {
        return reply({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'picture:join needs { pictureId: string }.' } });
      }
      try {
        const data = socket.data as SocketData;
        // Re-check the session: a socket outlives a revoked token otherwise.
        const user = await this.auth.authenticate(data.token);
        if (!user) {
          reply({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Your session has ended.' } });
          socket.disconnect(true);
          return;
        }
        data.user = user;
        const layers = (await this.pictures.readableLayers(user, pictureId)) ?? [];
        const allowed = layers.length > 0;
        if (!user.isPolice) {
          // Partners' joins are read-audited like their REST reads, refused ones included.
          this.auth.audit.recordRead({
            actor: user,
            action: 'picture.join',
            target: pictureId,
            outcome: allowed ? 'success' : 'denied',
            address: this.auth.clientAddress(socket.request),
            detail: { channel: 'socket.io', layers: layers.map((l) => l.id) },
          });
        }
        if (!allowed) {
          return reply({ ok: false, error: { code: 'NOT_FOUND', message: `Picture ${pictureId} was not found.` } });
        }
        await socket.join(room(pictureId));
        reply({ ok: true, layers });
      } catch (err) {
        this.log.error({ err }, 'picture:join failed');
        reply({ ok: false, error: { code: 'INTERNAL', message: 'Internal server error' } });
      }
    });
    socket.on('picture:leave', async (payload: unknown, ack?: (a: { ok: boolean }) => void) => {
      const pictureId = (payload as { pictureId?: unknown } | null)?.pictureId;
      if (typeof pictureId === 'string') await socket.leave(room(pictureId));
      if (typeof ack === 'function') ack({ ok: true });
    });
  }

  /**
   * Sends an event to everyone watching a picture, on every server process, each viewer receiving the
   * version built for it. Viewers for whom `build` returns null receive nothing.
   */
  async publish(pictureId: string, build: EventForViewer): Promise<number> {
    try {
      return await this.publishOrThrow(pictureId, build);
    } catch (err) {
      // The change that caused the event has happened; a lost notification must not fail it.
      this.log.error({ err, pictureId }, 'publishing a live event failed');
      return 0;
    }
  }

  private async publishOrThrow(pictureId: string, build: EventForViewer): Promise<number> {
    return this.publishToSockets(await this.io.in(room(pictureId)).fetchSockets(), build);
  }

  /**
   * Sends an event to every connected viewer, on every server process, whatever picture they watch (a signed
   * report reaches its audience in any view); built per viewer like publish(), null sends nothing.
   */
  async publishToAll(build: EventForViewer): Promise<number> {
    try {
      return await this.publishToSockets(await this.io.fetchSockets(), build);
    } catch (err) {
      this.log.error({ err }, 'publishing a live event failed');
      return 0;
    }
  }

  private async publishToSockets(sockets: Awaited<ReturnType<Server['fetchSockets']>>, build: EventForViewer): Promise<number> {
    let sent = 0;
    const cache = new Map<string, LiveEvent | null>();
    for (const s of sockets) {
      const viewer = (s.data as SocketData).user;
      // Viewers with the same organisation and roles see the same thing: build once per audience.
      const key = `${viewer.organisationId}|${[...viewer.roles].sort().join(',')}`;
      let event = cache.get(key);
      if (event === undefined) {
        event = await build(viewer);
        if (event && !isLiveEvent(event)) throw new Error(`refusing to emit an invalid live event: ${JSON.stringify(event).slice(0, 200)}`);
        cache.set(key, event);
      }
      if (!event) continue;
      s.emit(event.type, event);
      sent++;
    }
    return sent;
  }

  /** Removes a user's sockets (disabled, session revoked). */
  async disconnectUser(userId: string): Promise<void> {
    const sockets = await this.io.fetchSockets();
    for (const s of sockets) if ((s.data as SocketData).user.id === userId) s.disconnect(true);
  }

  static envelope<T extends LiveEvent['type']>(type: T, pictureId: string) {
    return { v: PROTOCOL_VERSION, type, pictureId, at: new Date().toISOString() } as const;
  }

  async close(): Promise<void> {
    clearInterval(this.revalidateTimer);
    // Closing the transports (not disconnecting the sockets) lets clients reconnect by themselves to the
    // next server; a server-initiated disconnect would tell socket.io clients to stay away.
    this.io.engine.close();
    // The Redis streams adapter keeps a blocking reader of its own; closing the adapter ends it.
    await Promise.resolve((this.io.of('/').adapter as { close?: () => unknown }).close?.()).catch(() => undefined);
    this.redis?.disconnect();
  }
}
