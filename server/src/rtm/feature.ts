import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { collabOf } from '../collab/feature.ts';
import { LiveHub } from '../live/liveHub.ts';
import { rtmRoutes } from './http/routes.ts';
import type { RtmJobsOptions } from './jobs/jobs.ts';
import { createRtmService, type RtmService } from './service.ts';

export interface RtmFeatureOptions {
  jobs?: Partial<RtmJobsOptions>;
  /** Hands the built service to the caller (tests that stop the job runner or kill a worker). */
  expose?: (rtm: RtmService) => void;
}

/** RTM over HTTP: background runs in a worker thread, progress as live events, tiles and exports. */
export function rtmFeature(opts: RtmFeatureOptions = {}): FastifyPluginAsync {
  return fp(async (app) => {
    const ctx = app.ctx;
    const collab = collabOf(ctx);
    const rtm = createRtmService({ db: ctx.prisma, log: ctx.log, jobs: opts.jobs });
    // Model runs and their progress are police-only: partners never receive rtm.* events.
    const policeOnly = <T>(event: T) => (viewer: { isPolice: boolean }) => (viewer.isPolice ? event : null);
    rtm.onProgress(({ runId, pictureId, progress, message }) => {
      if (pictureId) void collab.live.publish(pictureId, policeOnly({ ...LiveHub.envelope('rtm.progress', pictureId), runId, progress, message }));
    });
    rtm.onCompleted(({ pictureId, ...ended }) => {
      if (pictureId) void collab.live.publish(pictureId, policeOnly({ ...LiveHub.envelope('rtm.completed', pictureId), ...ended }));
    });
    // With several servers another process may be running a queued study; only a lone server can tell.
    if (!ctx.config.redisUrl) await rtm.jobs.recover();
    opts.expose?.(rtm);
    await app.register(
      rtmRoutes({
        rtm,
        collab,
        // Until incidents and pictures offer these as services, the wiring reaches their tables here.
        incidentPrecision: (ids) => ctx.prisma.incident.findMany({ where: { id: { in: ids } }, select: { id: true, locationPrecision: true, source: true } }),
        attachRun: async (pictureId, runId) => {
          await ctx.prisma.picture.update({ where: { id: pictureId }, data: { rtmRunId: runId } });
        },
      }),
    );
    app.addHook('onClose', () => rtm.close());
  });
}
