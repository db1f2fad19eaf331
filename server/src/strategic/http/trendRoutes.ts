/** Change over time: one area's index and indicator series, the biggest movers and the watch list. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StandardisationMethod } from '../indicatorIndex.ts';
import { AreaLevelSchema } from '../indexRequest.ts';
import { type AreaTrend, biggestMovers, indicatorSeries, watchList } from '../trends.ts';
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

export function trendRoutes({ service, access, classifications }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/:code/trend', { schema: { tags: ['strategic'], params: CodeParams, querystring: Type.Object({ vintage: Type.Optional(Type.String({ maxLength: 40 })), method: Type.Optional(Method) }) } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const a = await access.visibleArea(viewer, req.params.code, req.query.vintage);
        const method = (req.query.method ?? 'zscore') as StandardisationMethod;
        const indicators = await service.defaultIndicators(a.level, a.vintage);
        const years = await service.yearsFor(a.level, a.vintage, indicators);
        const index = [];
        for (const y of years) {
          const r = await service.defaultIndex(a.level, a.vintage, y, method);
          const raw = r?.byCode.get(a.code);
          if (!raw) continue;
          const it = access.guardItem(viewer, raw, a);
          index.push({ year: y, score: it.score, level: it.level, rank: it.score === null ? null : raw.rank, of: r?.scored ?? 0 });
        }
        const series = indicatorSeries(await service.valuesOfArea(a.code), a.code).map((s) => ({
          indicator: s.indicator,
          ...(service.isSynthetic(s.indicator) ? { synthetic: true } : {}),
          points: s.points.map((p) => ({ year: p.year, ...access.guardValue(viewer, p.value, a, s.indicator) })),
        }));
        return { code: a.code, name: a.name, level: a.level, vintage: a.vintage, method, indexIndicators: indicators, index, indicators: series };
      }),
    );

    app.get('/api/strategic/movers', { schema: { tags: ['strategic'], querystring: MoversQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const vintage = await service.resolveVintage(q.level, q.vintage);
        if (vintage === null) return { items: [], level: q.level, from: null, to: null };
        const indicators = await service.defaultIndicators(q.level, vintage);
        const years = await service.yearsFor(q.level, vintage, indicators);
        const from = q.from ?? years[0];
        const to = q.to ?? years[years.length - 1];
        if (from === undefined || to === undefined) return { items: [], level: q.level, vintage, from: null, to: null };
        const [a, b] = [await service.defaultIndex(q.level, vintage, from, method), await service.defaultIndex(q.level, vintage, to, method)];
        const idx = await service.areas();
        const trends = new Map<string, AreaTrend>();
        for (const [y, r] of [
          [from, a],
          [to, b],
        ] as const) {
          for (const it of r?.result.items ?? []) {
            const area = idx.byCode.get(it.code);
            if (!area || !access.visible(viewer, area, idx)) continue;
            const g = access.guardItem(viewer, it, area);
            const t = trends.get(it.code) ?? { code: it.code, name: it.name, points: [] };
            t.points.push({ year: y, score: g.score, level: g.level });
            trends.set(it.code, t);
          }
        }
        const items = biggestMovers([...trends.values()], from, to, { limit: q.limit, direction: q.direction });
        return {
          items,
          level: q.level,
          vintage,
          from,
          to,
          method,
          indicators,
          note: 'Varje år standardiseras för sig: förändring = relativ position. / Each year is standardised on its own: change = relative position.',
        };
      }),
    );

    app.get('/api/strategic/watchlist', { schema: { tags: ['strategic'], querystring: WatchQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const vintage = await service.resolveVintage(q.level, q.vintage);
        const current = vintage === null ? null : await service.defaultIndex(q.level, vintage, q.year, method);
        if (!current || vintage === null) return { items: [], level: q.level, year: q.year ?? null, threshold: null, separation: null, designatedCount: 0 };
        const previous = await service.defaultIndex(q.level, vintage, current.year - 1, method);
        const designated = await classifications.designated(q.level, vintage);
        const wl = watchList(current.result.items, designated, { previous: previous?.result.items, quantile: q.quantile, limit: 10_000 });
        const idx = await service.areas();
        const items = wl.items
          .filter((it) => {
            const a = idx.byCode.get(it.code);
            return a !== undefined && access.visible(viewer, a, idx) && !(viewer.audience === 'partner' && access.guardItem(viewer, { ...it, contributions: [] }, a).suppressed);
          })
          .slice(0, q.limit);
        return {
          items,
          level: q.level,
          vintage,
          year: current.year,
          previousYear: previous ? previous.year : null,
          method,
          indicators: current.indicators,
          threshold: wl.threshold,
          margin: wl.margin,
          designatedCount: designated.size,
          separation: wl.separation,
          note: 'AUC: hur väl indexet skiljer utpekade (utsatta) områden från övriga; 0,5 = slump, 1 = perfekt. / AUC: how well the index separates designated areas from the rest; 0.5 = chance, 1 = perfect.',
        };
      }),
    );
  };
}
