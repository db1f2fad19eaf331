import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { createMetrics } from './metrics.ts';
import { type Check, RedisProbe, within } from './readiness.ts';

/** How long readiness waits for each dependency before calling it down. */
const CHECK_TIMEOUT_MS = 1_500;
/** How long shutdown waits for requests already being answered. */
const IN_FLIGHT_WAIT_MS = 10_000;

export interface Ops {
  /** Gives the probes and metrics the capabilities built after the core (compose.ts). */
  attach(caps: Capabilities): void;
  /** From now on /readyz answers 503: the load balancer stops sending new work here. */
  beginDrain(): void;
  readonly draining: boolean;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * Sent by this machine itself: the TCP peer is loopback (never a forwarded address: anyone can send
 * X-Forwarded-For) and no proxy forwarded it (a reverse proxy on the same host connects from loopback too).
 */
function fromThisMachine(req: FastifyRequest): boolean {
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  const peer = req.raw.socket.remoteAddress ?? '';
  const v4 = peer.startsWith('::ffff:') ? peer.slice(7) : peer;
  return peer === '::1' || (isIP(v4) === 4 && v4.startsWith('127.'));
}

/**
 * Operability: liveness (/healthz), readiness (/readyz: database and Redis reachable, not draining), Prometheus
 * metrics (/metrics) and the shutdown half of draining (edits flushed and requests in flight answered before the
 * capabilities close their sockets). Registered before the capabilities, so its preClose hook runs first.
 */
export function opsFeature(app: FastifyInstance, ctx: AppContext): Ops {
  let caps: Capabilities = {};
  let draining = false;
  const inFlight = new Set<FastifyRequest>();
  const redis = ctx.config.redisUrl ? new RedisProbe(ctx.config.redisUrl) : null;
  const token = ctx.config.metricsToken ? digest(ctx.config.metricsToken) : null;

  const metrics = createMetrics({
    connections: () => ({ yjs: caps.collab?.gateway.connectionCount() ?? 0, socketio: caps.live?.io.engine.clientsCount ?? 0 }),
    openDocuments: () => caps.collab?.docs.openCount() ?? 0,
    updateLog: () => caps.collab?.docs.updateLogLag() ?? { updates: 0, oldestMs: 0 },
    rtmQueue: async () => (await caps.rtm?.jobs.depth()) ?? { queued: 0, running: 0 },
    inFlightRequests: () => inFlight.size,
    draining: () => draining,
  });

  app.addHook('onRequest', async (req) => {
    inFlight.add(req);
  });
  app.addHook('onResponse', async (req) => {
    inFlight.delete(req);
  });
  app.addHook('onRequestAbort', async (req) => {
    inFlight.delete(req);
  });

  const checks = async (): Promise<Check[]> => {
    const database = within(ctx.database.ping(), CHECK_TIMEOUT_MS).then(
      () => true,
      () => false,
    );
    const list: Array<Promise<Check>> = [database.then((ok) => ({ name: 'database', ok }))];
    if (redis) list.push(redis.ping(CHECK_TIMEOUT_MS).then((ok) => ({ name: 'redis', ok })));
    return Promise.all(list);
  };

  const system = { tags: ['system'], security: [] };
  app.get('/healthz', { schema: system }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: system }, async (_req, reply: FastifyReply) => {
    const results = await checks();
    const down = results.filter((c) => !c.ok).map((c) => c.name);
    const body = { status: draining ? 'draining' : down.length ? 'not_ready' : 'ready', checks: Object.fromEntries(results.map((c) => [c.name, c.ok ? 'up' : 'down'])) };
    if (draining || down.length) {
      if (down.length && !draining) ctx.log.warn({ down }, 'readiness: dependencies down');
      return reply.status(503).header('cache-control', 'no-store').send(body);
    }
    return reply.header('cache-control', 'no-store').send(body);
  });
  app.get('/metrics', { schema: { ...system, hide: true } }, async (req, reply) => {
    if (token) {
      const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!given || !timingSafeEqual(digest(given), token)) {
        return reply.status(401).header('www-authenticate', 'Bearer').send({ error: { code: 'UNAUTHENTICATED', message: 'The metrics need the METRICS_TOKEN as a bearer token.' } });
      }
    } else if (!fromThisMachine(req)) {
      // Without a token the metrics are for this machine only; elsewhere the path does not exist.
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `GET ${req.url.split('?')[0]} was not found.` } });
    }
    return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(await metrics.metrics());
  });

  app.addHook('preClose', async () => {
    draining = true;
    // Edits first, so the going-away close that follows (collab's preClose) never races their write.
    await caps.collab?.docs.flushAll();
    const until = Date.now() + IN_FLIGHT_WAIT_MS;
    while (inFlight.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (inFlight.size > 0) ctx.log.warn({ requests: inFlight.size }, 'shutdown: requests still in flight after the wait');
  });
  app.addHook('onClose', async () => {
    redis?.close();
    metrics.clear();
  });

  return {
    attach(c) {
      caps = c;
    },
    beginDrain() {
      if (!draining) ctx.log.info('draining: readiness answers 503 from now on');
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}
