/** Change over time: one area's index and indicator series, the biggest movers and the watch list. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaLevelSchema } from '../indexRequest.ts';
import { CodeParams, mapErrors, Method, type StrategicRouteDeps, viewerOf, Year } from './common.ts';

const MoversQuery = Type.Object({
  level: AreaLevelSchema,
  from: Type.Optional(Year),
  to: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
  direction: Type.Union([Type.Literal('both'), Type.Literal('worse'), Type.Literal('better')], { default: 'both' }),
});
const WatchQuery = Type.Object({
  level: AreaLevelSchema,
  year: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  quantile: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});
const TrendQuery = Type.Object({ vintage: Type.Optional(Type.String({ maxLength: 40 })), method: Type.Optional(Method) });

export function trendRoutes({ access, areaViews, rankingViews }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/:code/trend', { schema: { tags: ['strategic'], params: CodeParams, querystring: TrendQuery } }, (req) =>
      mapErrors(async () => areaViews.trend(await viewerOf(access, req), req.params.code, req.query)),
    );

    app.get('/api/strategic/movers', { schema: { tags: ['strategic'], querystring: MoversQuery } }, (req) => mapErrors(async () => rankingViews.movers(await viewerOf(access, req), req.query)));

    app.get('/api/strategic/watchlist', { schema: { tags: ['strategic'], querystring: WatchQuery } }, (req) => mapErrors(async () => rankingViews.watchList(await viewerOf(access, req), req.query)));
  };
}
