import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { CollabServices } from '../collab/feature.ts';
import type { AppContext } from '../http/context.ts';
import { strategicRoutes } from './routes.ts';
import { readGeoAsset } from './seedStrategic.ts';
import { StrategicService } from './service.ts';

const INVALIDATE = 'strategic.invalidate';

export function strategicOf(ctx: AppContext): StrategicService {
  const s = ctx.services.strategic as StrategicService | undefined;
  if (!s) throw new Error('the strategic feature is not registered');
  return s;
}

export interface StrategicOptions {
  /** Reads a file of `assets/geo` (tests may substitute). */
  readText?: (file: string) => string;
}

/**
 * The strategic map: areas, indicators, the composite index, ranking, change, watch list, the utsatta
 * områden layer, crime exposure and drill-down to pictures and RTM studies. Needs the collab feature for
 * `POST /api/areas/:code/picture` (it calls `POST /api/pictures`).
 */
export function strategicFeature(opts: StrategicOptions = {}): FastifyPluginAsync {
  return fp(async (app) => {
    const svc = new StrategicService(app.ctx, opts.readText ?? readGeoAsset);
    app.ctx.services.strategic = svc;
    await app.register(strategicRoutes(svc));
    // With several server processes (REDIS_URL), an import in one drops the caches in all.
    app.addHook('onReady', async () => {
      const relay = (app.ctx.services.collab as CollabServices | undefined)?.relay;
      if (!relay) return;
      relay.onControl((m) => {
        if (m.type === INVALIDATE) svc.invalidate();
      });
      svc.onInvalidate = () => relay.publishControl({ type: INVALIDATE });
    });
  });
}
