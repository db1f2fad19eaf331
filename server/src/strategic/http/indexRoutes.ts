/** The composite index: a custom index request and the paged national ranking. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { appError } from '../../errors.ts';
import { rankingPage, type StandardisationMethod } from '../indicatorIndex.ts';
import { AreaLevelSchema, StrategicIndexRequestSchema } from '../indexRequest.ts';
import { isIncidentDerivedIndicator } from '../suppression.ts';
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

export function indexRoutes({ service, access, classifications }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/strategic/index', { schema: { tags: ['strategic'], body: StrategicIndexRequestSchema } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const fromIncidents = (req.body.indicators ?? []).filter((i) => isIncidentDerivedIndicator(i.indicator)).map((i) => i.indicator);
        if (viewer.audience === 'partner' && fromIncidents.length > 0) {
          throw appError('UNPROCESSABLE', [`${fromIncidents.join(', ')}: indicators counted from incidents are not available to partners; use GET /api/areas/:code/exposure.`]);
        }
        const { result, vintage } = await service.runIndex(req.body);
        const idx = await service.areas();
        const items = result.items
          .filter((it) => {
            const a = idx.byCode.get(it.code);
            return a !== undefined && access.visible(viewer, a, idx);
          })
          .map((it) => access.guardItem(viewer, it, idx.byCode.get(it.code)));
        // National per-indicator statistics (min/max name single areas' values) are for police only.
        const stats = viewer.audience === 'police' ? { stats: result.stats } : {};
        return { items, level: req.body.level, vintage, year: req.body.year, method: result.method, cutoffs: result.cutoffs, required: result.required, ...stats };
      }),
    );

    app.get('/api/strategic/ranking', { schema: { tags: ['strategic'], querystring: RankingQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const q = req.query;
        const vintage = await service.resolveVintage(q.level, q.vintage);
        const index = vintage === null ? null : await service.defaultIndex(q.level, vintage, q.year, (q.method ?? 'zscore') as StandardisationMethod);
        if (!index) return { items: [], nextCursor: null, level: q.level, vintage, year: q.year ?? null, method: q.method ?? 'zscore', indicators: [], total: 0 };
        const idx = await service.areas();
        const designated = await classifications.designated(q.level, index.vintage);
        const items = index.result.items.filter((it) => {
          const a = idx.byCode.get(it.code);
          return a !== undefined && access.visible(viewer, a, idx) && (q.parentCode === undefined || a.parentCode === q.parentCode);
        });
        const page = rankingPage(items, { limit: q.limit, cursor: q.cursor ?? null });
        return {
          items: page.items.map((it) => {
            const g = access.guardItem(viewer, it, idx.byCode.get(it.code));
            const nationalRank = index.byCode.get(it.code)?.rank ?? null;
            return { ...g, rank: g.score === null ? null : nationalRank, designated: designated.has(it.code), designation: designated.get(it.code) ?? null };
          }),
          nextCursor: page.nextCursor,
          level: q.level,
          vintage: index.vintage,
          year: index.year,
          method: index.method,
          cutoffs: index.result.cutoffs,
          indicators: index.indicators,
          total: items.length,
          scored: index.scored,
        };
      }),
    );
  };
}
