/**
 * The risk capability: every picture's live near-repeat state (zones, surfaces, the combined overlay with an
 * attached RTM run) and its HTTP API. It owns no table: it reacts to `incident.changed`, `picture.*` and
 * `rtm.completed`, and reads through the owners' services.
 */
import type { FastifyInstance } from 'fastify';
import type { DocumentManager } from '../collab/documents.ts';
import type { AppContext } from '../context.ts';
import type { IncidentStore } from '../incidents/index.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { PictureService } from '../pictures/index.ts';
import type { Clock } from '../time/clock.ts';
import { DEFAULT_RISK_OPTIONS, RiskService, type RiskServiceOptions } from './riskService.ts';
import { riskRoutes } from './routes.ts';
import type { RtmSurfaceProvider } from './rtmHook.ts';

export interface RiskDeps {
  incidents: IncidentStore;
  pictures: PictureService;
  live: LiveHub;
  docs: DocumentManager;
  clock: Clock;
  rtm: RtmSurfaceProvider | null;
}

export async function riskFeature(app: FastifyInstance, ctx: AppContext, deps: RiskDeps, opts: Partial<RiskServiceOptions> = {}): Promise<RiskService> {
  // Several processes: the first to claim a timed change publishes it (SET NX), the others stay quiet.
  // ioredis is loaded only when REDIS_URL is set.
  const redis = ctx.config.redisUrl ? new (await import('ioredis')).Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 3 }) : null;
  redis?.on('error', (err) => ctx.log.warn({ err }, 'risk: redis error'));
  const claim = redis
    ? (key: string) =>
        redis
          .set(`lagesbild:risk:${key}`, '1', 'PX', 3_600_000, 'NX')
          .then((r) => r === 'OK')
          .catch(() => true)
    : undefined;
  const risk = new RiskService(
    { store: deps.incidents, pictures: deps.pictures, live: deps.live, clock: deps.clock, log: ctx.log, rtm: deps.rtm, claim, docs: deps.docs },
    { ...DEFAULT_RISK_OPTIONS, ...opts },
  );

  // The origin publishes the live events (the socket.io adapter reaches every process); others only follow.
  ctx.bus.on('incident.changed', (e, origin) => (origin === 'local' ? risk.apply(e.changes) : risk.applyRemote(e.ids)));
  const riskInputs = new Set(['area', 'riskConfig', 'rtmRunId', 'status']);
  ctx.bus.on('picture.changed', async (e, origin) => {
    risk.picturesChanged();
    if (!e.fields.some((f) => riskInputs.has(f))) return;
    if (origin === 'local') await risk.invalidate(e.pictureId);
    else await risk.retireRemote(e.pictureId);
  });
  ctx.bus.on('picture.created', () => risk.picturesChanged());
  ctx.bus.on('picture.removed', (e) => risk.retireRemote(e.pictureId));
  // Every process holding the picture's state attaches the surface and tells its viewers (as the polling did).
  ctx.bus.on('rtm.completed', (e) => risk.rtmCompleted(e.runId));

  await app.register(riskRoutes({ risk, pictures: deps.pictures }));
  // Zones come from stored incidents and time: rebuilding at start re-arms every expiry.
  app.addHook('onReady', async () => {
    await risk.init();
  });
  app.addHook('onClose', async () => {
    risk.close();
    await risk.idle();
    redis?.disconnect();
  });
  return risk;
}
