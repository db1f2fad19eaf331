/** Official classifications as their own layer (never part of the index): the police's utsatta områden. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { USO_ATTRIBUTION } from '../classifications.ts';
import { CATEGORY_LABEL } from '../classificationService.ts';
import { type StrategicRouteDeps, viewerOf } from './common.ts';

export function classificationRoutes({ service, access, classifications }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/classifications/utsatta-omraden', { schema: { tags: ['strategic'], querystring: Type.Object({ version: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req) => {
      const viewer = await viewerOf(access, req);
      const list = await classifications.usoEdition(req.query.version);
      const idx = await service.areas();
      const features = list
        .filter((u) => viewer.audience === 'police' || (viewer.kommun !== null && u.kommunCode === viewer.kommun))
        .map((u) => ({
          type: 'Feature',
          id: u.id,
          geometry: u.geometry,
          properties: {
            id: u.id,
            name: u.name,
            category: u.category,
            categoryLabel: CATEGORY_LABEL[u.category].sv,
            categoryLabelEn: CATEGORY_LABEL[u.category].en,
            lpo: u.lpo,
            kommunCode: u.kommunCode,
            kommun: u.kommunCode ? (idx.byCode.get(u.kommunCode)?.name ?? null) : null,
            version: u.version,
          },
        }));
      return {
        type: 'FeatureCollection',
        scheme: 'utsatta-omraden',
        version: list[0]?.version ?? req.query.version ?? null,
        attribution: USO_ATTRIBUTION,
        note: 'Polisens klassning visas bredvid indikatorerna och ingår aldrig i indexet. / The police classification is shown beside the indicators and is never part of the index.',
        features,
      };
    });
  };
}
