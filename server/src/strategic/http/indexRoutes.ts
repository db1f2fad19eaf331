/** The composite index: a custom index request and the paged national ranking. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AreaLevelSchema, StrategicIndexRequestSchema } from '../indexRequest.ts';
import { mapErrors, Method, type StrategicRouteDeps, viewerOf, Year } from './common.ts';

const RankingQuery = Type.Object({
  level: AreaLevelSchema,
  year: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
});

export function indexRoutes({ access, rankingViews }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/strategic/index', { schema: { tags: ['strategic'], body: StrategicIndexRequestSchema } }, (req) => mapErrors(async () => rankingViews.index(await viewerOf(access, req), req.body)));

    app.get('/api/strategic/ranking', { schema: { tags: ['strategic'], querystring: RankingQuery } }, (req) => mapErrors(async () => rankingViews.ranking(await viewerOf(access, req), req.query)));
  };
}
