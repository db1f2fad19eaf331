import type { FastifyInstance } from 'fastify';
import type { DocumentManager } from '../collab/documents.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../live/liveHub.ts';
import { PictureService } from './pictureService.ts';
import { pictureRoutes } from './routes.ts';

/** The owner of pictures, layers and access lists (the one writer of those tables). */
export function createPictureService(ctx: AppContext): PictureService {
  return new PictureService(ctx.prisma, ctx.orgs, ctx.bus, ctx.audit, { prisma: ctx.prisma, database: ctx.database, config: ctx.config });
}

/** The pictures API: it reads layer documents (exports, history) and tells live viewers of layer changes. */
export async function picturesFeature(app: FastifyInstance, deps: { pictures: PictureService; docs: DocumentManager; live: LiveHub }): Promise<void> {
  await app.register(pictureRoutes(deps));
}
