/** Areas: levels, the paged list, the choropleth GeoJSON and one area's card. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AreaLevelSchema } from '../indexRequest.ts';
import { CodeParams, mapErrors, Method, type StrategicRouteDeps, viewerOf, Year } from './common.ts';

const AreasQuery = Type.Object({
  level: Type.Optional(AreaLevelSchema),
  bbox: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name or code contains (case-insensitive).' })),
});
const GeoJsonQuery = Type.Object({
  level: Type.Union([Type.Literal('country'), Type.Literal('lan'), Type.Literal('kommun'), Type.Literal('deso'), Type.Literal('regso'), Type.Literal('district')], { default: 'kommun' }),
  year: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
  bbox: Type.Optional(Type.String({ maxLength: 100 })),
});
const CardQuery = Type.Object({ vintage: Type.Optional(Type.String({ maxLength: 40 })), crs: Type.Optional(Type.Union([Type.Literal('EPSG:4326'), Type.Literal('EPSG:3006')])) });

export function areaRoutes({ access, areaViews }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/levels', { schema: { tags: ['strategic'] } }, async (req) => areaViews.levels(await viewerOf(access, req)));

    app.get('/api/areas', { schema: { tags: ['strategic'], querystring: AreasQuery } }, async (req) => areaViews.list(await viewerOf(access, req), req.query));

    app.get('/api/areas/geojson', { schema: { tags: ['strategic'], querystring: GeoJsonQuery } }, (req) => mapErrors(async () => areaViews.choropleth(await viewerOf(access, req), req.query)));

    app.get('/api/areas/:code', { schema: { tags: ['strategic'], params: CodeParams, querystring: CardQuery } }, (req) =>
      mapErrors(async () => areaViews.card(await viewerOf(access, req), req.params.code, req.query)),
    );
  };
}
