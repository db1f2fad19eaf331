/** Crime exposure of an area: counts and rates per 10 000 residents by type and period. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CodeParams, mapErrors, type StrategicRouteDeps, viewerOf } from './common.ts';

const ExposureQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; default 1 January three years before `to`.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601, exclusive; default now.' })),
  period: Type.Union([Type.Literal('year'), Type.Literal('total')], { default: 'year' }),
});

export function exposureRoutes({ access, incidents }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/:code/exposure', { schema: { tags: ['strategic'], params: CodeParams, querystring: ExposureQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        return incidents.exposureAnswer(viewer, await access.visibleArea(viewer, req.params.code), req.query);
      }),
    );
  };
}
