import { createServer, type Server, type Socket, connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFeature } from '../../../shared/src/layerDoc.ts';
import { testConfig, testDatabase } from '../../test/harness.ts';
import { httpLogin } from '../../test/process.ts';
import { connectLayer, synced } from '../../test/yclient.ts';
import { buildApp } from '../app.ts';
import { createContext } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { DEMO_LAYER_IDS, seedDemoPicture } from '../pictures/demoPicture.ts';
import { seedDemo } from '../seed/seed.ts';

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** A TCP relay in front of a real service, so a test can take the service away and bring it back. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly host: string, private readonly targetPort: number) {}

  async up(): Promise<void> {
    if (this.server?.listening) return;
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server?.close(r));
  }
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in\n${text.slice(0, 2000)}`);
  return Number(line.slice(series.length + 1));
}

describe('readiness, liveness and metrics of one process on PostgreSQL and Redis', () => {
  const pgRelay = new Relay('127.0.0.1', 5432);
  const redisRelay = new Relay(REDIS.hostname, Number(REDIS.port || 6379));
  const db = testDatabase('postgres');
  let ctx: AppContext;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    await pgRelay.up();
    await redisRelay.up();
    const url = new URL(db.url);
    url.port = String(pgRelay.port);
    ctx = await createContext(testConfig(url.toString(), { REDIS_URL: `redis://127.0.0.1:${redisRelay.port}` }), pino({ level: 'silent' }));
    const built = await buildApp(ctx, { collab: {}, rtm: {} });
    app = built.app;
    await seedDemo(ctx, built.caps, [seedDemoPicture]);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    for (const hook of ctx.onClose.reverse()) await hook().catch(() => undefined);
    await ctx?.database.close();
    await pgRelay.down();
    await redisRelay.down();
    await db.drop();
  }, 60_000);

  it('is ready with both up, not ready (503) while Redis or the database is away, and ready again after', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });

    await redisRelay.down();
    const noRedis = await fetch(`${base}/readyz`);
    expect(noRedis.status).toBe(503);
    expect(await noRedis.json()).toEqual({ status: 'not_ready', checks: { database: 'up', redis: 'down' } });
    // Liveness is about this process only: restarting it would not bring Redis back.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await redisRelay.up();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await fetch(`${base}/readyz`)).status;
    }
    expect(status).toBe(200);

    await pgRelay.down();
    const noDb = await fetch(`${base}/readyz`);
    expect(noDb.status).toBe(503);
    expect(((await noDb.json()) as { checks: Record<string, string> }).checks.database).toBe('down');
    await pgRelay.up();
    status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await fetch(`${base}/readyz`)).status;
    }
    expect(status).toBe(200);
  }, 30_000);

  it('counts document connections, open documents and pending edits in the Prometheus text, with process metrics', async () => {
    const before = await (await fetch(`${base}/metrics`)).text();
    expect(sample(before, 'lagesbild_connections{kind="yjs"}')).toBe(0);
    expect(before).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(before).toMatch(/^process_resident_memory_bytes \d/m);
    expect(before).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    // No per-collection callback: the GC histogram is the one default metric left out (metrics.ts).
    expect(before).not.toMatch(/nodejs_gc_duration_seconds/);
    expect(sample(before, 'lagesbild_rtm_queue_depth{state="queued"}')).toBe(0);

    const token = await httpLogin(base, 'commander');
    const a = connectLayer(base, DEMO_LAYER_IDS.joint, token);
    const b = connectLayer(base, DEMO_LAYER_IDS.joint, token);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const during = await (await fetch(`${base}/metrics`)).text();
    expect(sample(during, 'lagesbild_connections{kind="yjs"}')).toBe(2);
    expect(sample(during, 'lagesbild_documents_open')).toBeGreaterThanOrEqual(1);

    // An edit waits in memory until the next batched write: the lag shows it, then returns to zero.
    addFeature(a.doc, 'metrics-1', { type: 'Point', coordinates: [13, 55.6] }, { createdBy: 'commander' });
    let pending = 0;
    for (let i = 0; i < 40 && pending === 0; i++) {
      pending = sample(await (await fetch(`${base}/metrics`)).text(), 'lagesbild_update_log_pending_updates');
      if (pending === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(pending).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 600));
    const after = await (await fetch(`${base}/metrics`)).text();
    expect(sample(after, 'lagesbild_update_log_pending_updates')).toBe(0);
    expect(sample(after, 'lagesbild_update_log_lag_seconds')).toBe(0);

    a.provider.destroy();
    b.provider.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect(sample(await (await fetch(`${base}/metrics`)).text(), 'lagesbild_connections{kind="yjs"}')).toBe(0);
  }, 30_000);

  it('without METRICS_TOKEN answers /metrics only to this machine, not through a proxy on it', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': '127.0.0.1' } })).statusCode).toBe(404);
    // A reverse proxy on the same host connects from loopback: what it forwards is not this machine asking.
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1', headers: { forwarded: 'for=203.0.113.9' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::ffff:127.0.0.1' })).statusCode).toBe(200);
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  it('wants the token from everyone, this machine included', async () => {
    const db = testDatabase('sqlite');
    const ctx = await createContext(testConfig(db.url, { METRICS_TOKEN: 'a-long-metrics-token-0123' }), pino({ level: 'silent' }));
    const { app } = await buildApp(ctx, {});
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer a-long-metrics-token-0124' } })).statusCode).toBe(401);
      const ok = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer a-long-metrics-token-0123' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(ok.body).toMatch(/^lagesbild_draining 0$/m);
    } finally {
      await app.close();
      for (const hook of ctx.onClose.reverse()) await hook();
      await ctx.database.close();
      await db.drop();
    }
  });
});
