/** Areas: levels, the paged list, the choropleth GeoJSON and one area's card. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { appError } from '../../errors.ts';
import { bboxIntersects, parseBboxParam } from '../areas.ts';
import type { StandardisationMethod } from '../indicatorIndex.ts';
import { AreaLevelSchema } from '../indexRequest.ts';
import { AREA_LEVELS } from '../vintage.ts';
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
});

export function areaRoutes({ service, access, classifications }: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/areas/levels', { schema: { tags: ['strategic'] } }, async (req) => {
      const viewer = await viewerOf(access, req);
      const idx = await service.areas();
      const items = AREA_LEVELS.map((level) => {
        const at = idx.all.filter((a) => a.level === level && access.visible(viewer, a, idx));
        return { level, count: at.length, vintages: [...new Set(at.map((a) => a.vintage))].sort() };
      }).filter((l) => l.count > 0);
      return { items };
    });

    app.get('/api/areas', { schema: { tags: ['strategic'], querystring: AreasQuery } }, async (req) => {
      const viewer = await viewerOf(access, req);
      const q = req.query;
      let bbox: [number, number, number, number] | undefined;
      if (q.bbox !== undefined) {
        const p = parseBboxParam(q.bbox);
        if ('error' in p) throw appError('VALIDATION_FAILED', [p.error]);
        bbox = p.bbox;
      }
      const idx = await service.areas();
      const needle = q.q?.toLocaleLowerCase('sv-SE');
      const matches = idx.all.filter(
        (a) =>
          (q.level === undefined || a.level === q.level) &&
          (q.vintage === undefined || a.vintage === q.vintage) &&
          (q.parentCode === undefined || a.parentCode === q.parentCode) &&
          (bbox === undefined || bboxIntersects(a.bbox, bbox)) &&
          (needle === undefined || a.name.toLocaleLowerCase('sv-SE').includes(needle) || a.code.toLowerCase().includes(needle)) &&
          (q.cursor === undefined || `${a.code}\u0000${a.vintage}` > Buffer.from(q.cursor, 'base64url').toString('utf8')) &&
          access.visible(viewer, a, idx),
      );
      const page = matches.slice(0, q.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((a) => ({ code: a.code, name: a.name, level: a.level, vintage: a.vintage, parentCode: a.parentCode })),
        nextCursor: matches.length > q.limit && last ? Buffer.from(`${last.code}\u0000${last.vintage}`).toString('base64url') : null,
      };
    });

    app.get('/api/areas/geojson', { schema: { tags: ['strategic'], querystring: GeoJsonQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const idx = await service.areas();
        const vintages = q.vintage !== undefined ? [q.vintage] : await service.vintagesOf(q.level);
        const features: unknown[] = [];
        const years: Record<string, number | null> = {};
        let indicators: unknown = [];
        for (const vintage of vintages) {
          // Each vintage (e.g. each city's district scheme) is its own comparison set.
          const index = await service.defaultIndex(q.level, vintage, q.year, method);
          years[vintage] = index?.year ?? null;
          if (index) indicators = index.indicators;
          const designated = await classifications.designated(q.level, vintage);
          const geoms = await service.geometries(q.level, vintage);
          for (const a of await service.areasAt(q.level, vintage)) {
            if (q.parentCode !== undefined && a.parentCode !== q.parentCode) continue;
            if (!access.visible(viewer, a, idx)) continue;
            const raw = index?.byCode.get(a.code);
            const item = raw ? access.guardItem(viewer, raw, a) : undefined;
            const designation = designated.get(a.code) ?? null;
            features.push({
              type: 'Feature',
              id: a.code,
              geometry: geoms.get(a.code) ?? null,
              properties: {
                code: a.code,
                name: a.name,
                level: a.level,
                vintage: a.vintage,
                score: item?.score ?? null,
                indexLevel: item?.level ?? null,
                rank: item?.score === null || item === undefined ? null : (raw?.rank ?? null),
                designated: designation !== null,
                designation,
                ...(item?.reason ? { reason: item.reason } : {}),
                ...(item && 'suppressed' in item && item.suppressed ? { suppressed: true } : {}),
              },
            });
          }
        }
        const ys = Object.values(years).filter((y): y is number => y !== null);
        return { type: 'FeatureCollection', level: q.level, year: ys.length ? Math.max(...ys) : null, years, method, indicators, features };
      }),
    );

    app.get('/api/areas/:code', { schema: { tags: ['strategic'], params: CodeParams, querystring: Type.Object({ vintage: Type.Optional(Type.String({ maxLength: 40 })), crs: Type.Optional(Type.Union([Type.Literal('EPSG:4326'), Type.Literal('EPSG:3006')])) }) } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(access, req);
        const a = await access.visibleArea(viewer, req.params.code, req.query.vintage);
        const wgs = await service.geometryOf(a.code, a.vintage, 'wgs');
        const geometry = req.query.crs === 'EPSG:3006' ? await service.geometryOf(a.code, a.vintage, 'sweref') : wgs;
        const values = await service.valuesOfArea(a.code);
        const indicators = values.map((v) => ({ indicator: v.indicator, year: v.year, ...access.guardValue(viewer, v.value, a, v.indicator), ...(service.isSynthetic(v.indicator) ? { synthetic: true } : {}) }));
        const index = await service.defaultIndex(a.level, a.vintage, undefined, 'zscore');
        const raw = index?.byCode.get(a.code);
        const item = raw ? access.guardItem(viewer, raw, a) : undefined;
        const body: Record<string, unknown> = {
          code: a.code,
          name: a.name,
          level: a.level,
          vintage: a.vintage,
          parentCode: a.parentCode,
          population: viewer.audience === 'police' ? a.population : access.guardValue(viewer, a.population ?? 0, a).value,
          bbox: a.bbox,
          ...(req.query.crs === 'EPSG:3006' ? { crs: 'EPSG:3006' } : {}),
          geometry,
          indicators,
          classifications: await classifications.classificationsFor(a, wgs),
        };
        if (index && item) {
          body.index = {
            year: index.year,
            method: index.method,
            indicators: index.indicators,
            score: item.score,
            level: item.level,
            rank: item.score === null ? null : raw?.rank,
            of: index.scored,
            contributions: item.contributions,
            ...(item.reason ? { reason: item.reason, reasonEn: item.reasonEn } : {}),
            ...('suppressed' in item && item.suppressed ? { suppressed: true } : {}),
          };
        }
        return body;
      }),
    );
  };
}
