/**
 * What the map shows of areas, for one viewer: the choropleth, an area's card and its trend. Access scope and
 * partner suppression are applied here, on every item, before anything leaves the capability.
 */
import { appError } from '../errors.ts';
import type { AreaAccess, Viewer } from './access.ts';
import { bboxIntersects, parseBboxParam } from './areas.ts';
import type { Classifications } from './classificationService.ts';
import type { StandardisationMethod } from './indicatorIndex.ts';
import type { StrategicService } from './service.ts';
import { indicatorSeries } from './trends.ts';
import { AREA_LEVELS, type AreaLevel } from './vintage.ts';

export interface ChoroplethQuery {
  level: AreaLevel;
  year?: number;
  vintage?: string;
  method?: StandardisationMethod;
  parentCode?: string;
  /** `minLon,minLat,maxLon,maxLat` (WGS84): only areas whose bbox intersects it (the map's visible area when zoomed in). */
  bbox?: string;
}

export interface AreaListQuery {
  level?: AreaLevel;
  /** `minLon,minLat,maxLon,maxLat` (WGS84); areas whose bbox intersects it. */
  bbox?: string;
  limit: number;
  cursor?: string;
  vintage?: string;
  parentCode?: string;
  /** Name or code contains (case-insensitive). */
  q?: string;
}

export class AreaViews {
  constructor(
    private readonly service: StrategicService,
    private readonly access: AreaAccess,
    private readonly classifications: Classifications,
  ) {}

  /** The levels with visible areas, with their counts and vintages. */
  async levels(viewer: Viewer) {
    const idx = await this.service.areas();
    const items = AREA_LEVELS.map((level) => {
      const at = idx.all.filter((a) => a.level === level && this.access.visible(viewer, a, idx));
      return { level, count: at.length, vintages: [...new Set(at.map((a) => a.vintage))].sort() };
    }).filter((l) => l.count > 0);
    return { items };
  }

  /** Visible areas in code order, filtered and paged (the cursor is the last code and vintage). */
  async list(viewer: Viewer, q: AreaListQuery) {
    let bbox: [number, number, number, number] | undefined;
    if (q.bbox !== undefined) {
      const p = parseBboxParam(q.bbox);
      if ('error' in p) throw appError('VALIDATION_FAILED', [p.error]);
      bbox = p.bbox;
    }
    const idx = await this.service.areas();
    const needle = q.q?.toLocaleLowerCase('sv-SE');
    const matches = idx.all.filter(
      (a) =>
        (q.level === undefined || a.level === q.level) &&
        (q.vintage === undefined || a.vintage === q.vintage) &&
        (q.parentCode === undefined || a.parentCode === q.parentCode) &&
        (bbox === undefined || bboxIntersects(a.bbox, bbox)) &&
        (needle === undefined || a.name.toLocaleLowerCase('sv-SE').includes(needle) || a.code.toLowerCase().includes(needle)) &&
        (q.cursor === undefined || `${a.code}\u0000${a.vintage}` > Buffer.from(q.cursor, 'base64url').toString('utf8')) &&
        this.access.visible(viewer, a, idx),
    );
    const page = matches.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({ code: a.code, name: a.name, level: a.level, vintage: a.vintage, parentCode: a.parentCode })),
      nextCursor: matches.length > q.limit && last ? Buffer.from(`${last.code}\u0000${last.vintage}`).toString('base64url') : null,
    };
  }

  /** Every visible area of a level (per vintage, each its own comparison set) with its index level and designation. */
  async choropleth(viewer: Viewer, q: ChoroplethQuery) {
    const method = (q.method ?? 'zscore') as StandardisationMethod;
    const within = q.bbox === undefined ? undefined : parseBboxParam(q.bbox);
    if (within && 'error' in within) throw appError('VALIDATION_FAILED', [within.error]);
    const idx = await this.service.areas();
    const vintages = q.vintage !== undefined ? [q.vintage] : await this.service.vintagesOf(q.level);
    const features: unknown[] = [];
    const years: Record<string, number | null> = {};
    let indicators: unknown = [];
    for (const vintage of vintages) {
      // Each vintage (e.g. each city's district scheme) is its own comparison set.
      const index = await this.service.defaultIndex(q.level, vintage, q.year, method);
      years[vintage] = index?.year ?? null;
      if (index) indicators = index.indicators;
      const designated = await this.classifications.designated(q.level, vintage);
      const geoms = await this.service.geometries(q.level, vintage);
      for (const a of await this.service.areasAt(q.level, vintage)) {
        if (q.parentCode !== undefined && a.parentCode !== q.parentCode) continue;
        // Scores stay those of the whole comparison set: the bbox only chooses which areas are sent.
        if (within && !bboxIntersects(a.bbox, within.bbox)) continue;
        if (!this.access.visible(viewer, a, idx)) continue;
        const raw = index?.byCode.get(a.code);
        const item = raw ? this.access.guardItem(viewer, raw, a) : undefined;
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
  }

  /** One area: geometry, indicator values, its default index and the classifications touching it. */
  async card(viewer: Viewer, code: string, q: { vintage?: string; crs?: 'EPSG:4326' | 'EPSG:3006' }) {
    const a = await this.access.visibleArea(viewer, code, q.vintage);
    const wgs = await this.service.geometryOf(a.code, a.vintage, 'wgs');
    const geometry = q.crs === 'EPSG:3006' ? await this.service.geometryOf(a.code, a.vintage, 'sweref') : wgs;
    const values = await this.service.valuesOfArea(a.code);
    const indicators = values.map((v) => ({ indicator: v.indicator, year: v.year, ...this.access.guardValue(viewer, v.value, a, v.indicator), ...(this.service.isSynthetic(v.indicator) ? { synthetic: true } : {}) }));
    const index = await this.service.defaultIndex(a.level, a.vintage, undefined, 'zscore');
    const raw = index?.byCode.get(a.code);
    const item = raw ? this.access.guardItem(viewer, raw, a) : undefined;
    const body: Record<string, unknown> = {
      code: a.code,
      name: a.name,
      level: a.level,
      vintage: a.vintage,
      parentCode: a.parentCode,
      population: viewer.audience === 'police' ? a.population : this.access.guardValue(viewer, a.population ?? 0, a).value,
      bbox: a.bbox,
      ...(q.crs === 'EPSG:3006' ? { crs: 'EPSG:3006' } : {}),
      geometry,
      indicators,
      classifications: await this.classifications.classificationsFor(a, wgs),
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
  }

  /** One area's index per year and each indicator's series. */
  async trend(viewer: Viewer, code: string, q: { vintage?: string; method?: StandardisationMethod }) {
    const a = await this.access.visibleArea(viewer, code, q.vintage);
    const method = (q.method ?? 'zscore') as StandardisationMethod;
    const indicators = await this.service.defaultIndicators(a.level, a.vintage);
    const years = await this.service.yearsFor(a.level, a.vintage, indicators);
    const index = [];
    for (const y of years) {
      const r = await this.service.defaultIndex(a.level, a.vintage, y, method);
      const raw = r?.byCode.get(a.code);
      if (!raw) continue;
      const it = this.access.guardItem(viewer, raw, a);
      index.push({ year: y, score: it.score, level: it.level, rank: it.score === null ? null : raw.rank, of: r?.scored ?? 0 });
    }
    const series = indicatorSeries(await this.service.valuesOfArea(a.code), a.code).map((s) => ({
      indicator: s.indicator,
      ...(this.service.isSynthetic(s.indicator) ? { synthetic: true } : {}),
      points: s.points.map((p) => ({ year: p.year, ...this.access.guardValue(viewer, p.value, a, s.indicator) })),
    }));
    return { code: a.code, name: a.name, level: a.level, vintage: a.vintage, method, indexIndicators: indicators, index, indicators: series };
  }
}
