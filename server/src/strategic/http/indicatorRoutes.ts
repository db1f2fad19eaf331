/** The indicator catalogue: list (with years and the default index) and metadata edits. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requirePolice } from '../../http/guards.ts';
import { IMPORT_ROLES, type StrategicRouteDeps, viewerOf } from './common.ts';

const IndicatorMetaBody = Type.Object({
  nameSv: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  unit: Type.String({ maxLength: 50 }),
  source: Type.String({ maxLength: 500 }),
  direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('higher_is_better')]),
});

export function indicatorRoutes({ access, indicators, audit }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/indicators', { schema: { tags: ['strategic'] } }, async (req) => {
      await viewerOf(access, req);
      return indicators.list();
    });

    app.put('/api/indicators/:id', { schema: { tags: ['strategic'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), body: IndicatorMetaBody } }, async (req) => {
      const user = requirePolice(req, ...IMPORT_ROLES);
      const r = await indicators.update(req.params.id, req.body as Static<typeof IndicatorMetaBody>);
      await audit.record({ actor: user, action: 'strategic.indicator.update', target: r.id, outcome: 'success', address: req.ip });
      return r;
    });
  };
}
