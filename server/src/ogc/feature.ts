/**
 * OGC API – Features at /ogc and the GeoPackage export of a picture. The composition root hands in what may be
 * read: the public layers for anonymous callers (built from PublicReader), the caller's readable layers for
 * signed-in ones (the pictures capability's rights). This folder imports no capability.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { gpkgExportRoute, type PictureLayersReader } from './gpkgExport.ts';
import { ogcRoutes } from './routes.ts';
import type { AnonymousLayers, SignedInLayers } from './sources.ts';

const MAX_QUERY_CHARS = 500;

export async function ogcFeature(app: FastifyInstance, ctx: AppContext, deps: { anonymous: AnonymousLayers; signedIn: SignedInLayers & PictureLayersReader }): Promise<void> {
  await app.register(
    ogcRoutes({
      anonymous: deps.anonymous,
      signedIn: deps.signedIn,
      resolveViewer: (token) => ctx.auth.authenticate(token),
      // Partners' reads over OGC leave the same audit row as their reads over /api (http/readAudit.ts).
      recordRead: (viewer, req, status) => {
        const [path, query] = req.url.split('?', 2);
        ctx.audit.recordRead({
          actor: viewer,
          action: 'ogc.read',
          target: path,
          outcome: status < 400 ? 'success' : status === 401 || status === 403 || status === 404 ? 'denied' : 'failure',
          address: req.ip,
          detail: { route: req.routeOptions.url ?? null, params: req.params ?? {}, ...(query ? { query: query.slice(0, MAX_QUERY_CHARS) } : {}), status },
        });
      },
      publicBaseUrl: ctx.config.publicBaseUrl,
    }),
    { prefix: '/ogc' },
  );
  await app.register(gpkgExportRoute(deps.signedIn));
}
