/** Imports for police admins and analysts: area boundaries (GeoJSON) and indicator values (CSV, JSON-stat, PxWeb CSV). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requirePolice } from '../../http/guards.ts';
import { importVintage } from '../imports.ts';
import { AreaLevelSchema } from '../indexRequest.ts';
import { IMPORT_ROLES, mapErrors, type StrategicRouteDeps } from './common.ts';

const AreaImportQuery = Type.Object({
  format: Type.Literal('geojson', { default: 'geojson' }),
  level: AreaLevelSchema,
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  crs: Type.Optional(Type.String({ maxLength: 60, description: 'CRS of the coordinates when the document has no crs member (default EPSG:4326).' })),
  atomic: Type.Boolean({ default: false }),
});
const IndicatorImportQuery = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('jsonstat'), Type.Literal('pxweb-csv')]),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  indicator: Type.Optional(Type.String({ maxLength: 100, description: 'Our indicator id for every content of an SCB document.' })),
  atomic: Type.Boolean({ default: false }),
});

export function importRoutes({ imports, audit }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/areas/import', { schema: { tags: ['strategic'], querystring: AreaImportQuery } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...IMPORT_ROLES);
        const q = req.query;
        const vintage = importVintage(q.level, q.vintage);
        const out = await imports.importAreas({ body: req.body, level: q.level, vintage, crs: q.crs, atomic: q.atomic });
        await audit.record({ actor: user, action: 'strategic.areas.import', target: `${q.level}/${vintage}`, outcome: 'success', address: req.ip, detail: { imported: out.imported, updated: out.updated, rejected: out.rejected.length } });
        return out;
      }),
    );

    app.post('/api/indicators/import', { schema: { tags: ['strategic'], querystring: IndicatorImportQuery } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...IMPORT_ROLES);
        const q = req.query;
        const out = await imports.importIndicators({ body: req.body, format: q.format, vintage: q.vintage, indicator: q.indicator, atomic: q.atomic, importedBy: user.username });
        await audit.record({ actor: user, action: 'strategic.indicators.import', target: q.format, outcome: 'success', address: req.ip, detail: { imported: out.imported, updated: out.updated, rejected: out.rejected.length } });
        return out;
      }),
    );
  };
}
