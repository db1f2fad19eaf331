import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { PictureService } from '../pictures/index.ts';
import { coverageFeature } from './coverageRoutes.ts';
import type { CoverageRiskSource } from './coverageService.ts';
import type { MeasureCoverageReader } from './index.ts';
import { measureRoutes } from './routes.ts';
import { Measures } from './service.ts';

/** The measures capability: its service (the one writer of Measure, MeasureActivity, MeasureHistory) and API. */
export async function measuresFeature(app: FastifyInstance, ctx: AppContext, deps: { pictures: PictureService; live: LiveHub; risk?: CoverageRiskSource | null }): Promise<Measures & MeasureCoverageReader> {
  const measures = new Measures({ prisma: ctx.prisma, orgs: ctx.orgs, pictures: deps.pictures, bus: ctx.bus, audit: ctx.audit, live: deps.live });
  await app.register(measureRoutes(measures));
  // A layer's access list decides which police read every measure (M1) and who reads public ones (M7): viewers in
  // the picture's room who may now read a measure receive it. The origin process alone publishes (the socket.io
  // adapter reaches every process). `user.changed` needs nothing here: live closes that user's sockets.
  ctx.bus.on('layer.access.changed', async (e, origin) => {
    if (origin === 'local') await measures.publishAfterLayerAccess(e.pictureId, e.layerIds);
  });
  // Coverage (coverage*.ts): which high-risk places have an active measure, per viewer, from the risk capability.
  const coverage = await coverageFeature(app, ctx, { measures, pictures: deps.pictures, live: deps.live, risk: deps.risk ?? null });
  // Other capabilities (reports' roll-up) read coverage through the same per-viewer index the routes use.
  const coverageOf: MeasureCoverageReader['coverageOf'] = async (viewer, pictureId, places = 5) => {
    const c = await coverage.forViewer(viewer, pictureId, Number.POSITIVE_INFINITY);
    if (!c) return null;
    return {
      top5: c.top5,
      top1: c.top1,
      uncoveredCount: c.uncovered.length,
      uncovered: c.uncovered.slice(0, places).map((p) => ({ rank: p.rank, risk: p.risk, centroid: p.centroid, cells: p.cells })),
    };
  };
  return Object.assign(measures, { coverageOf });
}
