import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { DocumentManager } from '../collab/documents.ts';
import type { LiveHub } from '../live/liveHub.ts';
import { exportRoutes } from './http/exportRoutes.ts';
import { layerAccessRoutes } from './http/layerAccessRoutes.ts';
import { layerContentRoutes } from './http/layerContentRoutes.ts';
import { pictureReads } from './http/pictureReads.ts';
import { pictureRoutes as picturesAndLayers } from './http/pictureRoutes.ts';
import type { PictureService } from './pictureService.ts';

export { pictureOut } from './http/pictureReads.ts';

export interface PictureRoutesDeps {
  pictures: PictureService;
  docs: DocumentManager;
  live: LiveHub;
}

/** The pictures capability over HTTP: one route file per resource (server/src/pictures/http). */
export function pictureRoutes(deps: PictureRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit, orgs } = app.ctx;
    const all = { ...deps, audit, orgs, reads: pictureReads(deps.pictures, deps.docs, audit, orgs) };
    await app.register(picturesAndLayers(all));
    await app.register(layerAccessRoutes(all));
    await app.register(layerContentRoutes(all));
    await app.register(exportRoutes(all));
  };
}
