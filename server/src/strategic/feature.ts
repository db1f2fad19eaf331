import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import type { IncidentReader } from './areaIncidents.ts';
import { createStrategic } from './capability.ts';
import type { AreaPictures } from './drillDown.ts';
import type { StrategicService } from './service.ts';

export interface StrategicOptions {
  /** Reads a file of `assets/geo` (tests may substitute). */
  readText?: (file: string) => string;
}

export interface StrategicDeps {
  /** `POST /api/areas/:code/picture` creates the area's picture through the owner of pictures. */
  pictures: AreaPictures;
  /** Crime exposure and RTM outcomes read incidents through their owner (IncidentStore). */
  incidents: IncidentReader;
}

/**
 * The strategic map: areas, indicators, the composite index, ranking, change, watch list, the utsatta
 * områden layer, crime exposure and drill-down to pictures and RTM studies.
 */
export async function strategicFeature(app: FastifyInstance, ctx: AppContext, deps: StrategicDeps, opts: StrategicOptions = {}): Promise<StrategicService> {
  const { service: svc, routes } = createStrategic({ db: ctx, orgs: ctx.orgs, audit: ctx.audit, pictures: deps.pictures, incidents: deps.incidents, readText: opts.readText });
  // An import in any process drops the caches in every process (with REDIS_URL, through the bus transport).
  svc.onInvalidate = () => ctx.bus.emit('strategic.changed', {});
  ctx.bus.on('strategic.changed', (_e, origin) => {
    if (origin === 'remote') svc.invalidate();
  });
  await app.register(routes);
  return svc;
}
