/**
 * The incidents capability: ingest, listing, retraction, and the live near-repeat risk of every picture.
 * Register after `collabFeature()` (it uses the pictures and the live hub).
 */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { collabOf } from '../collab/feature.ts';
import type { AppContext } from '../http/context.ts';
import { type Clock, systemClock } from '../risk/clock.ts';
import { DEFAULT_RISK_OPTIONS, RiskService, type RiskServiceOptions } from '../risk/riskService.ts';
import { riskRoutes } from '../risk/routes.ts';
import { rtmSurfacesOf } from '../risk/rtmHook.ts';
import { knoxRoutes } from './knoxRoute.ts';
import { incidentRoutes } from './routes.ts';
import { IncidentStore } from './store.ts';

export interface IncidentServices {
  store: IncidentStore;
  risk: RiskService;
  clock: Clock;
}

export function incidentsOf(ctx: AppContext): IncidentServices | undefined {
  return ctx.services.incidents as IncidentServices | undefined;
}

export interface IncidentsOptions {
  /** Injected clock (tests). @defaultValue systemClock */
  clock?: Clock;
  risk?: Partial<RiskServiceOptions>;
}

export function incidentsFeature(opts: IncidentsOptions = {}): FastifyPluginAsync {
  return fp(async (app) => {
    const ctx = app.ctx;
    const { pictures, live, relay, docs } = collabOf(ctx);
    const clock = opts.clock ?? systemClock;
    const store = new IncidentStore(ctx.prisma, clock);
    // Several processes: the first to claim a timed change publishes it (SET NX), the others stay quiet.
    const redis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 3 }) : null;
    redis?.on('error', (err) => ctx.log.warn({ err }, 'risk: redis error'));
    const claim = redis
      ? (key: string) =>
          redis
            .set(`lagesbild:risk:${key}`, '1', 'PX', 3_600_000, 'NX')
            .then((r) => r === 'OK')
            .catch(() => true)
      : undefined;
    const risk = new RiskService(
      { db: ctx.prisma, store, pictures, live, clock, log: ctx.log, rtm: () => rtmSurfacesOf(ctx), relay, claim, docs },
      { ...DEFAULT_RISK_OPTIONS, ...opts.risk },
    );
    const services: IncidentServices = { store, risk, clock };
    ctx.services.incidents = services;
    await app.register(incidentRoutes({ store, risk, clock }));
    await app.register(knoxRoutes(store));
    await app.register(riskRoutes({ risk, pictures }));
    // Zones come from stored incidents and time: rebuilding at start re-arms every expiry.
    app.addHook('onReady', async () => {
      await risk.init();
    });
    app.addHook('onClose', async () => {
      risk.close();
      await risk.idle();
      redis?.disconnect();
    });
  });
}
