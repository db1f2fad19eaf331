import type { FastifyInstance } from 'fastify';
import type { DocumentManager } from '../collab/documents.ts';
import { deploymentNamespace } from '../config.ts';
import type { AppContext } from '../context.ts';
import type { IncidentStore } from '../incidents/index.ts';
import { LiveHub } from '../live/liveHub.ts';
import type { PictureService } from '../pictures/index.ts';
import { rtmRoutes } from './http/routes.ts';
import type { RtmJobsOptions } from './jobs/jobs.ts';
import { createRtmService, type RtmService } from './service.ts';

export interface RtmFeatureOptions {
  jobs?: Partial<RtmJobsOptions>;
}

export interface RtmDeps {
  pictures: PictureService;
  docs: DocumentManager;
  live: LiveHub;
  incidents: Pick<IncidentStore, 'precisionOf'>;
}

/** RTM over HTTP: background runs in a worker thread, progress as live events and `rtm.*` domain events, tiles and exports. */
export async function rtmFeature(app: FastifyInstance, ctx: AppContext, deps: RtmDeps, opts: RtmFeatureOptions = {}): Promise<RtmService> {
  const { pictures, docs, live } = deps;
  // With Redis every process takes runs from one shared queue (BullMQ); without, each keeps its own.
  const shared = ctx.config.redisUrl ? { redis: { url: ctx.config.redisUrl, prefix: `lagesbild:${deploymentNamespace(ctx.config)}:bull` } } : {};
  const rtm = createRtmService({ db: ctx.prisma, log: ctx.log, jobs: { stalledSeconds: ctx.config.rtmStalledSeconds, ...shared, ...opts.jobs } });
  // Model runs and their progress are police-only: partners never receive rtm.* events.
  const policeOnly = <T>(event: T) => (viewer: { isPolice: boolean }) => (viewer.isPolice ? event : null);
  rtm.onProgress((e) => {
    ctx.bus.emit('rtm.progress', e);
    if (e.pictureId) void live.publish(e.pictureId, policeOnly({ ...LiveHub.envelope('rtm.progress', e.pictureId), runId: e.runId, progress: e.progress, message: e.message }));
  });
  rtm.onCompleted((e) => {
    ctx.bus.emit('rtm.completed', e);
    const { pictureId, ...ended } = e;
    if (pictureId) void live.publish(pictureId, policeOnly({ ...LiveHub.envelope('rtm.completed', pictureId), ...ended }));
  });
  // With several servers another process may be running a queued study; only a lone server can tell.
  if (!ctx.config.redisUrl) await rtm.jobs.recover();
  await app.register(
    rtmRoutes({
      rtm,
      pictures,
      docs,
      live,
      incidentPrecision: (ids) => deps.incidents.precisionOf(ids),
      attachRun: (pictureId, runId) => pictures.attachRtmRun(pictureId, runId),
    }),
  );
  app.addHook('onClose', () => rtm.close());
  return rtm;
}
