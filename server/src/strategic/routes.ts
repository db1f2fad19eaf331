/**
 * HTTP routes of the strategic map (issue 7; names and shapes of the contract in
 * shared/specs/api-contract.md). Every route needs a token; partners see their own kommun's areas with
 * small numbers suppressed; imports are for police admin/analyst; drill-down for police roles.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { newId } from '../auth/tokens.ts';
import { appError } from '../errors.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import { type AreaRecord, bboxIntersects, parseAreaGeoJson, parseBboxParam } from './areas.ts';
import { USO_ATTRIBUTION } from './classifications.ts';
import type { Period } from './crimeExposure.ts';
import { DEMO_SOURCE, resolveDefaultIndicators } from './demoIndicators.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import { rankingPage, type StandardisationMethod } from './indicatorIndex.ts';
import type { IndicatorParseResult, RowError } from './indicatorCsv.ts';
import { parseIndicatorCsv } from './indicatorCsv.ts';
import { defaultIndexIndicators, indicatorMeta } from './indicators.ts';
import { AreaLevelSchema, StrategicIndexRequestSchema } from './indexRequest.ts';
import { parseJsonStat, parsePxWebCsv } from './jsonstat.ts';
import { areaGeometryColumns } from './projection.ts';
import { CATEGORY_LABEL, IN_CHUNK, mapErrors, type StrategicService, type Viewer } from './service.ts';
import { biggestMovers, indicatorSeries, watchList, type AreaTrend } from './trends.ts';
import { upsertIndicatorValues } from './valueStore.ts';
import { type AreaLevel, AREA_LEVELS, parseAreaCode, Vintage, vintageOf } from './vintage.ts';
import { isIncidentDerivedIndicator } from './suppression.ts';

const IMPORT_ROLES = ['admin', 'analyst'] as const;
const DRILL_ROLES = ['admin', 'commander', 'analyst', 'duty_officer'] as const;
const PICTURE_AREA_CODE_MAX = 20;

const Method = Type.Union([Type.Literal('zscore'), Type.Literal('percentile')]);
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const Year = Type.Integer({ minimum: 1900, maximum: 2100 });

const AreasQuery = Type.Object({
  level: Type.Optional(AreaLevelSchema),
  bbox: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name or code contains (case-insensitive).' })),
});
const RankingQuery = Type.Object({
  level: AreaLevelSchema,
  year: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
});
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
const GeoJsonQuery = Type.Object({
  level: Type.Union([Type.Literal('country'), Type.Literal('lan'), Type.Literal('kommun'), Type.Literal('deso'), Type.Literal('regso'), Type.Literal('district')], { default: 'kommun' }),
  year: Type.Optional(Year),
  vintage: Type.Optional(Type.String({ maxLength: 40 })),
  method: Type.Optional(Method),
  parentCode: Type.Optional(Type.String({ maxLength: 64 })),
});
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
const IndicatorMetaBody = Type.Object({
  nameSv: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  unit: Type.String({ maxLength: 50 }),
  source: Type.String({ maxLength: 500 }),
  direction: Type.Union([Type.Literal('higher_is_worse'), Type.Literal('higher_is_better')]),
});
const ExposureQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; default 1 January three years before `to`.' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601, exclusive; default now.' })),
  period: Type.Union([Type.Literal('year'), Type.Literal('total')], { default: 'year' }),
});
const DrillBody = Type.Object({ title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) });

const DEFAULT_LEVEL_VINTAGE: Partial<Record<AreaLevel, string>> = { country: Vintage.country, lan: Vintage.lan, kommun: Vintage.kommun };

function geometryDefaultsForImport(level: AreaLevel, vintage: string | undefined): string {
  const v = vintage ?? DEFAULT_LEVEL_VINTAGE[level];
  if (!v) throw appError('VALIDATION_FAILED', [`vintage is required for level ${level} (e.g. ${level === 'deso' ? 'DeSO2018 or DeSO2025' : level === 'regso' ? 'RegSO2018 or RegSO2025' : 'MALMO-DO2023'})`]);
  return v;
}

function isVintageMessage(e: string): boolean {
  return /kodversion|code vintage|has vintage/.test(e);
}

function mergeRejected(list: RowError[]): RowError[] {
  const m = new Map<number, string[]>();
  for (const r of list) m.set(r.row, [...(m.get(r.row) ?? []), ...r.errors]);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([row, errors]) => ({ row, errors }));
}

/** 409 when nothing could be imported and rows were refused for a vintage mismatch; 422 for atomic imports with rejections. */
function refuseIfNeeded(out: { imported: number; updated: number; rejected: RowError[] }, atomic: boolean): void {
  const vintage = out.rejected.flatMap((r) => r.errors).find(isVintageMessage);
  if (out.imported + out.updated === 0 && vintage) throw appError('CONFLICT', [vintage], out);
  if (atomic && out.rejected.length > 0) throw appError('UNPROCESSABLE', [`${out.rejected.length} row(s) rejected; nothing was imported (atomic=true).`], out);
}

function fmtPeriods(from: Date, to: Date, period: 'year' | 'total'): Period[] {
  if (period === 'total') return [{ id: `${from.toISOString()}/${to.toISOString()}`, from, to }];
  const out: Period[] = [];
  const y0 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(from));
  const y1 = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Stockholm' }).format(new Date(to.getTime() - 1)));
  for (let y = y0; y <= y1; y++) {
    const a = new Date(`${y}-01-01T00:00:00+01:00`);
    const b = new Date(`${y + 1}-01-01T00:00:00+01:00`);
    out.push({ id: String(y), from: a > from ? a : from, to: b < to ? b : to });
  }
  return out;
}

export function strategicRoutes(svc: StrategicService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { prisma, audit } = app.ctx;
    const viewerOf = async (req: Parameters<typeof requireUser>[0]): Promise<Viewer> => svc.viewer(requireUser(req));

    // ------------------------------------------------------------ areas

    app.get('/api/areas/levels', { schema: { tags: ['strategic'] } }, async (req) => {
      const viewer = await viewerOf(req);
      const idx = await svc.areas();
      const items = AREA_LEVELS.map((level) => {
        const at = idx.all.filter((a) => a.level === level && svc.visible(viewer, a, idx));
        return { level, count: at.length, vintages: [...new Set(at.map((a) => a.vintage))].sort() };
      }).filter((l) => l.count > 0);
      return { items };
    });

    app.get('/api/areas', { schema: { tags: ['strategic'], querystring: AreasQuery } }, async (req) => {
      const viewer = await viewerOf(req);
      const q = req.query;
      let bbox: [number, number, number, number] | undefined;
      if (q.bbox !== undefined) {
        const p = parseBboxParam(q.bbox);
        if ('error' in p) throw appError('VALIDATION_FAILED', [p.error]);
        bbox = p.bbox;
      }
      const idx = await svc.areas();
      const needle = q.q?.toLocaleLowerCase('sv-SE');
      const matches = idx.all.filter(
        (a) =>
          (q.level === undefined || a.level === q.level) &&
          (q.vintage === undefined || a.vintage === q.vintage) &&
          (q.parentCode === undefined || a.parentCode === q.parentCode) &&
          (bbox === undefined || bboxIntersects(a.bbox, bbox)) &&
          (needle === undefined || a.name.toLocaleLowerCase('sv-SE').includes(needle) || a.code.toLowerCase().includes(needle)) &&
          (q.cursor === undefined || `${a.code}\u0000${a.vintage}` > Buffer.from(q.cursor, 'base64url').toString('utf8')) &&
          svc.visible(viewer, a, idx),
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
        const viewer = await viewerOf(req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const idx = await svc.areas();
        const vintages = q.vintage !== undefined ? [q.vintage] : await svc.vintagesOf(q.level);
        const features: unknown[] = [];
        const years: Record<string, number | null> = {};
        let indicators: unknown = [];
        for (const vintage of vintages) {
          // Each vintage (e.g. each city's district scheme) is its own comparison set.
          const index = await svc.defaultIndex(q.level, vintage, q.year, method);
          years[vintage] = index?.year ?? null;
          if (index) indicators = index.indicators;
          const designated = await svc.designated(q.level, vintage);
          const geoms = await svc.geometries(q.level, vintage);
          for (const a of await svc.areasAt(q.level, vintage)) {
            if (q.parentCode !== undefined && a.parentCode !== q.parentCode) continue;
            if (!svc.visible(viewer, a, idx)) continue;
            const raw = index?.byCode.get(a.code);
            const item = raw ? svc.guardItem(viewer, raw, a) : undefined;
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
        const viewer = await viewerOf(req);
        const a = await svc.visibleArea(viewer, req.params.code, req.query.vintage);
        const wgs = await svc.geometryOf(a.code, a.vintage, 'wgs');
        const geometry = req.query.crs === 'EPSG:3006' ? await svc.geometryOf(a.code, a.vintage, 'sweref') : wgs;
        const values = await prisma.indicatorValue.findMany({ where: { areaCode: a.code }, orderBy: [{ indicatorId: 'asc' }, { year: 'asc' }] });
        const indicators = values.map((v) => ({ indicator: v.indicatorId, year: v.year, ...svc.guardValue(viewer, v.value, a, v.indicatorId), ...(svc.isSynthetic(v.indicatorId) ? { synthetic: true } : {}) }));
        const index = await svc.defaultIndex(a.level, a.vintage, undefined, 'zscore');
        const raw = index?.byCode.get(a.code);
        const item = raw ? svc.guardItem(viewer, raw, a) : undefined;
        const body: Record<string, unknown> = {
          code: a.code,
          name: a.name,
          level: a.level,
          vintage: a.vintage,
          parentCode: a.parentCode,
          population: viewer.audience === 'police' ? a.population : svc.guardValue(viewer, a.population ?? 0, a).value,
          bbox: a.bbox,
          ...(req.query.crs === 'EPSG:3006' ? { crs: 'EPSG:3006' } : {}),
          geometry,
          indicators,
          classifications: await svc.classificationsFor(a, wgs),
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

    app.get('/api/areas/:code/trend', { schema: { tags: ['strategic'], params: CodeParams, querystring: Type.Object({ vintage: Type.Optional(Type.String({ maxLength: 40 })), method: Type.Optional(Method) }) } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(req);
        const a = await svc.visibleArea(viewer, req.params.code, req.query.vintage);
        const method = (req.query.method ?? 'zscore') as StandardisationMethod;
        const indicators = await svc.defaultIndicators(a.level, a.vintage);
        const years = await svc.yearsFor(a.level, a.vintage, indicators);
        const index = [];
        for (const y of years) {
          const r = await svc.defaultIndex(a.level, a.vintage, y, method);
          const raw = r?.byCode.get(a.code);
          if (!raw) continue;
          const it = svc.guardItem(viewer, raw, a);
          index.push({ year: y, score: it.score, level: it.level, rank: it.score === null ? null : raw.rank, of: r?.scored ?? 0 });
        }
        const rows = await prisma.indicatorValue.findMany({ where: { areaCode: a.code }, select: { areaCode: true, year: true, indicatorId: true, value: true } });
        const series = indicatorSeries(
          rows.map((r) => ({ areaCode: r.areaCode, year: r.year, indicator: r.indicatorId, value: r.value })),
          a.code,
        ).map((s) => ({
          indicator: s.indicator,
          ...(svc.isSynthetic(s.indicator) ? { synthetic: true } : {}),
          points: s.points.map((p) => ({ year: p.year, ...svc.guardValue(viewer, p.value, a, s.indicator) })),
        }));
        return { code: a.code, name: a.name, level: a.level, vintage: a.vintage, method, indexIndicators: indicators, index, indicators: series };
      }),
    );

    app.get('/api/areas/:code/exposure', { schema: { tags: ['strategic'], params: CodeParams, querystring: ExposureQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(req);
        const a = await svc.visibleArea(viewer, req.params.code);
        const to = req.query.to ? new Date(req.query.to) : new Date();
        const from = req.query.from ? new Date(req.query.from) : new Date(`${to.getUTCFullYear() - 3}-01-01T00:00:00+01:00`);
        if (!(from < to)) throw appError('VALIDATION_FAILED', ['from must be before to']);
        if (to.getTime() - from.getTime() > 30 * 366 * 86_400_000) throw appError('VALIDATION_FAILED', ['the period may span at most 30 years']);
        const rows = await svc.exposure(viewer, a, fmtPeriods(from, to, req.query.period));
        return {
          code: a.code,
          name: a.name,
          level: a.level,
          from: from.toISOString(),
          to: to.toISOString(),
          per: 10_000,
          population: viewer.audience === 'police' ? a.population : svc.guardValue(viewer, a.population ?? 0, a).value,
          note: 'Bekräftade händelser. Polisens publicerade händelser är ett urval, inte fullständig brottsstatistik. / Confirmed incidents; the police events feed is a selection, not complete crime statistics.',
          items: rows.map(({ areaCode: _a, population: _p, ...r }) => r),
        };
      }),
    );

    // ------------------------------------------------------------ drill-down

    app.post('/api/areas/:code/picture', { schema: { tags: ['strategic'], params: CodeParams, body: Type.Optional(DrillBody) } }, (req, reply) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...DRILL_ROLES);
        const viewer = await svc.viewer(user);
        const a = await svc.visibleArea(viewer, req.params.code);
        const geometry = await svc.geometryOf(a.code, a.vintage, 'wgs');
        const level = a.level === 'country' ? 'national' : a.level === 'lan' ? 'regional' : 'local';
        const res = await app.inject({
          method: 'POST',
          url: '/api/pictures',
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          // POST /api/pictures caps areaCode at 20 characters; longer district codes (e.g. 0180-SD-HASSELBY_GARD)
          // are set right after creation until that limit is raised.
          payload: { title: req.body?.title ?? `Lägesbild – ${a.name}`, level, area: geometry ?? undefined, ...(a.code.length <= PICTURE_AREA_CODE_MAX ? { areaCode: a.code } : {}) },
        });
        const created = res.json() as Record<string, unknown>;
        if (res.statusCode !== 201) return reply.status(res.statusCode).send(created);
        if (a.code.length > PICTURE_AREA_CODE_MAX && typeof created.id === 'string') {
          await prisma.picture.update({ where: { id: created.id }, data: { areaCode: a.code } });
          created.areaCode = a.code;
        }
        await audit.record({ actor: user, action: 'strategic.drilldown.picture', target: a.code, outcome: 'success', address: req.ip, detail: { pictureId: created.id } });
        return reply.status(201).send({ ...created, areaName: a.name, areaLevel: a.level });
      }),
    );

    app.post('/api/areas/:code/rtm-study', { schema: { tags: ['strategic'], params: CodeParams, body: Type.Optional(Type.Object({ blockLength: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 5000 })) })) } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...DRILL_ROLES);
        const viewer = await svc.viewer(user);
        const a = await svc.visibleArea(viewer, req.params.code);
        const boundary = await svc.geometryOf(a.code, a.vintage, 'sweref');
        if (!boundary) throw appError('NOT_FOUND', [`Area ${a.code}`]);
        const outcome = await svc.preciseIncidentsIn(a, boundary);
        const blockLength = req.body?.blockLength ?? 100;
        return {
          name: `RTM – ${a.name}`,
          crs: 'EPSG:3006',
          boundary,
          blockLength,
          cellSize: blockLength / 2,
          outcome,
          outcomeName: 'Bekräftade händelser med exakt position',
          factors: [],
          areaCode: a.code,
          areaName: a.name,
          areaLevel: a.level,
          note: 'Skelett: lägg till riskfaktorer (factors) och skicka till POST /api/rtm/studies. Händelser med områdesprecision ingår inte i utfallet. / Skeleton: add factors and post to /api/rtm/studies; area-precision events are left out of the outcome.',
        };
      }),
    );

    // ------------------------------------------------------------ imports

    app.post('/api/areas/import', { schema: { tags: ['strategic'], querystring: AreaImportQuery } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...IMPORT_ROLES);
        const q = req.query;
        const vintage = geometryDefaultsForImport(q.level, q.vintage);
        if (req.body === undefined || req.body === null || req.body === '') throw appError('BAD_REQUEST', ['The body is empty; send a GeoJSON FeatureCollection.']);
        const { areas, rejected } = parseAreaGeoJson(req.body, { level: q.level, vintage, crs: q.crs });
        const out = { imported: 0, updated: 0, rejected };
        const existing = new Set<string>();
        for (let i = 0; i < areas.length; i += IN_CHUNK) {
          const found = await prisma.area.findMany({ where: { vintage, code: { in: areas.slice(i, i + IN_CHUNK).map((a) => a.code) } }, select: { code: true } });
          for (const r of found) existing.add(r.code);
        }
        if (!(q.atomic && rejected.length > 0)) {
          const row = (a: AreaRecord) => ({
            name: a.name,
            level: a.level,
            parentCode: a.parentCode,
            ...areaGeometryColumns(a),
          });
          const fresh = areas.filter((a) => !existing.has(a.code));
          for (let i = 0; i < fresh.length; i += 100) {
            await prisma.area.createMany({ data: fresh.slice(i, i + 100).map((a) => ({ id: newId('area_'), code: a.code, vintage: a.vintage, ...row(a) })) });
          }
          for (const a of areas.filter((x) => existing.has(x.code))) await prisma.area.update({ where: { code_vintage: { code: a.code, vintage: a.vintage } }, data: row(a) });
          out.imported = fresh.length;
          out.updated = areas.length - fresh.length;
        }
        refuseIfNeeded(out, q.atomic);
        svc.changed();
        await audit.record({ actor: user, action: 'strategic.areas.import', target: `${q.level}/${vintage}`, outcome: 'success', address: req.ip, detail: { imported: out.imported, updated: out.updated, rejected: rejected.length } });
        return out;
      }),
    );

    app.post('/api/indicators/import', { schema: { tags: ['strategic'], querystring: IndicatorImportQuery } }, (req) =>
      mapErrors(async () => {
        const user = requirePolice(req, ...IMPORT_ROLES);
        const q = req.query;
        const body = req.body;
        if (body === undefined || body === null || body === '') throw appError('BAD_REQUEST', ['The body is empty.']);
        let parsed: IndicatorParseResult;
        if (q.format === 'jsonstat') parsed = parseJsonStat(body, { vintage: q.vintage, indicator: q.indicator });
        else {
          if (typeof body !== 'string') throw appError('UNSUPPORTED_MEDIA_TYPE', ['Send CSV as text/csv (or text/plain).']);
          if (q.format === 'pxweb-csv') parsed = parsePxWebCsv(body, { vintage: q.vintage, indicator: q.indicator });
          else {
            try {
              parsed = parseIndicatorCsv(body, { vintage: q.vintage });
            } catch (err) {
              // Not our areaCode,year,indicator,value layout: try SCB's PxWeb CSV export.
              if (!(err instanceof StrategicError && err.code === StrategicErrorCode.InvalidImport)) throw err;
              parsed = parsePxWebCsv(body, { vintage: q.vintage, indicator: q.indicator });
            }
          }
        }
        // Every value must join to a stored area of the same vintage.
        const idx = await svc.areas();
        const byBase = new Map<string, string[]>();
        for (const a of idx.all) {
          const base = parseAreaCode(a.code)?.baseCode ?? a.code;
          byBase.set(base, [...(byBase.get(base) ?? []), `${a.code}|${a.vintage}`]);
        }
        const keys = new Set(idx.all.map((a) => `${a.code}|${a.vintage}`));
        const rejected: RowError[] = [...parsed.rejected];
        const good: typeof parsed.rows = [];
        parsed.rows.forEach((r, i) => {
          const vintage = r.vintage ?? vintageOf(r.areaCode) ?? '';
          if (keys.has(`${r.areaCode}|${vintage}`)) {
            good.push(r);
            return;
          }
          const row = parsed.sourceRows?.[i] ?? i + 1;
          const other = byBase.get(parseAreaCode(r.areaCode)?.baseCode ?? r.areaCode);
          if (other && other.length > 0) {
            const v = other[0].split('|')[1];
            rejected.push({
              row,
              errors: [
                `Området ${r.areaCode} finns bara med kodversion ${v}, värdet har ${vintage}; värden slås aldrig ihop över kodversioner. / Area ${r.areaCode} exists only with code vintage ${v}, the value has ${vintage}; values are never joined across vintages.`,
              ],
            });
          } else rejected.push({ row, errors: [`Okänt område ${r.areaCode} (${vintage}); importera gränserna först. / Unknown area ${r.areaCode} (${vintage}); import its boundaries first.`] });
        });
        const merged = mergeRejected(rejected);
        const out = { imported: 0, updated: 0, rejected: merged };
        if (!(q.atomic && merged.length > 0) && good.length > 0) {
          const known = new Set((await prisma.indicator.findMany({ select: { id: true } })).map((r) => r.id));
          for (const id of new Set(good.map((r) => r.indicator))) {
            if (known.has(id)) continue;
            const meta = indicatorMeta(id);
            await prisma.indicator.create({
              data: meta
                ? { id, nameSv: meta.nameSv, nameEn: meta.nameEn, unit: meta.unit, source: meta.source, direction: meta.direction }
                : { id, nameSv: id, nameEn: id, unit: '', source: `Import (${q.format}) av ${user.username}`, direction: 'higher_is_worse' },
            });
          }
          const r = await upsertIndicatorValues(app.ctx, good);
          out.imported = r.imported;
          out.updated = r.updated;
          // Keep Area.population (the suppression and rate denominator) at the latest imported population.
          const latest = new Map<string, { year: number; value: number }>();
          for (const v of good) if (v.indicator === 'population' && (latest.get(v.areaCode)?.year ?? -1) <= v.year) latest.set(v.areaCode, { year: v.year, value: v.value });
          for (const [code, p] of latest) {
            const newer = await prisma.indicatorValue.findFirst({ where: { areaCode: code, indicatorId: 'population', year: { gt: p.year } }, select: { id: true } });
            if (!newer) await prisma.area.updateMany({ where: { code }, data: { population: Math.round(p.value) } });
          }
        }
        refuseIfNeeded(out, q.atomic);
        svc.changed();
        await audit.record({ actor: user, action: 'strategic.indicators.import', target: q.format, outcome: 'success', address: req.ip, detail: { imported: out.imported, updated: out.updated, rejected: merged.length } });
        return out;
      }),
    );

    // ------------------------------------------------------------ indicators

    app.get('/api/indicators', { schema: { tags: ['strategic'] } }, async (req) => {
      await viewerOf(req);
      const rows = await prisma.indicator.findMany({ orderBy: { id: 'asc' } });
      const groups = await prisma.indicatorValue.groupBy({ by: ['indicatorId', 'year'] });
      const years = new Map<string, number[]>();
      for (const g of groups) years.set(g.indicatorId, [...(years.get(g.indicatorId) ?? []), g.year]);
      // The effective default: real ids where values exist, else their synthetic demo_ stand-ins.
      const effective = resolveDefaultIndicators(new Set(years.keys()));
      const defaults = new Map(effective.map((d) => [d.indicator, d.weight]));
      return {
        items: rows.map((r) => ({
          id: r.id,
          nameSv: r.nameSv,
          nameEn: r.nameEn,
          unit: r.unit,
          source: r.source,
          direction: r.direction,
          synthetic: svc.isSynthetic(r.id, r.source),
          defaultWeight: defaults.get(r.id) ?? 0,
          years: (years.get(r.id) ?? []).sort((a, b) => a - b),
        })),
        defaultIndex: effective,
        documentedDefaultIndex: defaultIndexIndicators(),
        syntheticNote: DEMO_SOURCE,
      };
    });

    app.put('/api/indicators/:id', { schema: { tags: ['strategic'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), body: IndicatorMetaBody } }, async (req) => {
      const user = requirePolice(req, ...IMPORT_ROLES);
      const data = req.body as Static<typeof IndicatorMetaBody>;
      const r = await prisma.indicator.upsert({ where: { id: req.params.id }, create: { id: req.params.id, ...data }, update: data });
      svc.changed();
      await audit.record({ actor: user, action: 'strategic.indicator.update', target: r.id, outcome: 'success', address: req.ip });
      return r;
    });

    // ------------------------------------------------------------ index, ranking, change

    app.post('/api/strategic/index', { schema: { tags: ['strategic'], body: StrategicIndexRequestSchema } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(req);
        const fromIncidents = (req.body.indicators ?? []).filter((i) => isIncidentDerivedIndicator(i.indicator)).map((i) => i.indicator);
        if (viewer.audience === 'partner' && fromIncidents.length > 0) {
          throw appError('UNPROCESSABLE', [`${fromIncidents.join(', ')}: indicators counted from incidents are not available to partners; use GET /api/areas/:code/exposure.`]);
        }
        const { result, vintage } = await svc.runIndex(req.body);
        const idx = await svc.areas();
        const items = result.items
          .filter((it) => {
            const a = idx.byCode.get(it.code);
            return a !== undefined && svc.visible(viewer, a, idx);
          })
          .map((it) => svc.guardItem(viewer, it, idx.byCode.get(it.code)));
        // National per-indicator statistics (min/max name single areas' values) are for police only.
        const stats = viewer.audience === 'police' ? { stats: result.stats } : {};
        return { items, level: req.body.level, vintage, year: req.body.year, method: result.method, cutoffs: result.cutoffs, required: result.required, ...stats };
      }),
    );

    app.get('/api/strategic/ranking', { schema: { tags: ['strategic'], querystring: RankingQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(req);
        const q = req.query;
        const vintage = await svc.resolveVintage(q.level, q.vintage);
        const index = vintage === null ? null : await svc.defaultIndex(q.level, vintage, q.year, (q.method ?? 'zscore') as StandardisationMethod);
        if (!index) return { items: [], nextCursor: null, level: q.level, vintage, year: q.year ?? null, method: q.method ?? 'zscore', indicators: [], total: 0 };
        const idx = await svc.areas();
        const designated = await svc.designated(q.level, index.vintage);
        const items = index.result.items.filter((it) => {
          const a = idx.byCode.get(it.code);
          return a !== undefined && svc.visible(viewer, a, idx) && (q.parentCode === undefined || a.parentCode === q.parentCode);
        });
        const page = rankingPage(items, { limit: q.limit, cursor: q.cursor ?? null });
        return {
          items: page.items.map((it) => {
            const g = svc.guardItem(viewer, it, idx.byCode.get(it.code));
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

    app.get('/api/strategic/movers', { schema: { tags: ['strategic'], querystring: MoversQuery } }, (req) =>
      mapErrors(async () => {
        const viewer = await viewerOf(req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const vintage = await svc.resolveVintage(q.level, q.vintage);
        if (vintage === null) return { items: [], level: q.level, from: null, to: null };
        const indicators = await svc.defaultIndicators(q.level, vintage);
        const years = await svc.yearsFor(q.level, vintage, indicators);
        const from = q.from ?? years[0];
        const to = q.to ?? years[years.length - 1];
        if (from === undefined || to === undefined) return { items: [], level: q.level, vintage, from: null, to: null };
        const [a, b] = [await svc.defaultIndex(q.level, vintage, from, method), await svc.defaultIndex(q.level, vintage, to, method)];
        const idx = await svc.areas();
        const trends = new Map<string, AreaTrend>();
        for (const [y, r] of [
          [from, a],
          [to, b],
        ] as const) {
          for (const it of r?.result.items ?? []) {
            const area = idx.byCode.get(it.code);
            if (!area || !svc.visible(viewer, area, idx)) continue;
            const g = svc.guardItem(viewer, it, area);
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
        const viewer = await viewerOf(req);
        const q = req.query;
        const method = (q.method ?? 'zscore') as StandardisationMethod;
        const vintage = await svc.resolveVintage(q.level, q.vintage);
        const current = vintage === null ? null : await svc.defaultIndex(q.level, vintage, q.year, method);
        if (!current || vintage === null) return { items: [], level: q.level, year: q.year ?? null, threshold: null, separation: null, designatedCount: 0 };
        const previous = await svc.defaultIndex(q.level, vintage, current.year - 1, method);
        const designated = await svc.designated(q.level, vintage);
        const wl = watchList(current.result.items, designated, { previous: previous?.result.items, quantile: q.quantile, limit: 10_000 });
        const idx = await svc.areas();
        const items = wl.items
          .filter((it) => {
            const a = idx.byCode.get(it.code);
            return a !== undefined && svc.visible(viewer, a, idx) && !(viewer.audience === 'partner' && svc.guardItem(viewer, { ...it, contributions: [] }, a).suppressed);
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

    // ------------------------------------------------------------ classifications

    app.get('/api/classifications/utsatta-omraden', { schema: { tags: ['strategic'], querystring: Type.Object({ version: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req) => {
      const viewer = await viewerOf(req);
      const list = await svc.usoEdition(req.query.version);
      const idx = await svc.areas();
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
