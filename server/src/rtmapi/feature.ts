import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { collabOf } from '../collab/feature.ts';
import { LiveHub } from '../live/liveHub.ts';
import { RtmJobs } from './jobs.ts';
import { rtmRoutes } from './routes.ts';

/** RTM over HTTP: background runs in a worker thread, progress as live events, tiles and exports. */
export function rtmFeature(): FastifyPluginAsync {
  return fp(async (app) => {
    const ctx = app.ctx;
    const collab = collabOf(ctx);
    // Model runs and their progress are police-only: partners never receive rtm.* events.
    const policeOnly = <T>(event: T) => (viewer: { isPolice: boolean }) => (viewer.isPolice ? event : null);
    const jobs = new RtmJobs(
      ctx.prisma,
      {
        progress: (runId, pictureId, progress, message) => {
          if (pictureId) void collab.live.publish(pictureId, policeOnly({ ...LiveHub.envelope('rtm.progress', pictureId), runId, progress, message }));
        },
        completed: (runId, pictureId, status, error, errorCode) => {
          if (pictureId)
            void collab.live.publish(pictureId, policeOnly({ ...LiveHub.envelope('rtm.completed', pictureId), runId, status, ...(error ? { error } : {}), ...(errorCode ? { errorCode } : {}) }));
        },
      },
      ctx.log,
    );
    // With several servers another process may be running a queued study; only a lone server can tell.
    if (!ctx.config.redisUrl) await jobs.recover();
    ctx.services.rtm = jobs;
    await app.register(rtmRoutes({ jobs, collab }));
    app.addHook('onClose', () => jobs.close());
  });
}
