/** Official classifications as their own layer (never part of the index): the police's utsatta områden. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type StrategicRouteDeps, viewerOf } from './common.ts';

const LayerQuery = Type.Object({ version: Type.Optional(Type.String({ maxLength: 20 })) });

export function classificationRoutes({ access, classifications }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/classifications/utsatta-omraden', { schema: { tags: ['strategic'], querystring: LayerQuery } }, async (req) =>
      classifications.layer(await viewerOf(access, req), req.query.version),
    );
  };
}
