/**
 * Areas compared, for one viewer: a custom index, the national ranking, the biggest movers and the watch list.
 * Only areas the viewer sees are listed, and partners get small-population suppression on every item.
 */
import { appError } from '../errors.ts';
import type { AreaAccess, Viewer } from './access.ts';
import type { Classifications } from './classificationService.ts';
import { rankingPage, type StandardisationMethod } from './indicatorIndex.ts';
import type { StrategicIndexRequest } from './indexRequest.ts';
import type { StrategicService } from './service.ts';
import { isIncidentDerivedIndicator } from './suppression.ts';
import { type AreaTrend, biggestMovers, watchList } from './trends.ts';
import type { AreaLevel } from './vintage.ts';

export interface RankingQuery {
  level: AreaLevel;
  year?: number;
  vintage?: string;
  method?: StandardisationMethod;
  limit: number;
  cursor?: string;
  parentCode?: string;
}

export interface MoversQuery {
  level: AreaLevel;
  from?: number;
  to?: number;
  vintage?: string;
  method?: StandardisationMethod;
  limit: number;
  direction: 'both' | 'worse' | 'better';
}

export interface WatchQuery {
  level: AreaLevel;
  year?: number;
  vintage?: string;
  method?: StandardisationMethod;
  quantile?: number;
  limit: number;
}

export class RankingViews {
  constructor(
    private readonly service: StrategicService,
    private readonly access: AreaAccess,
    private readonly classifications: Classifications,
  ) {}

  /** A custom index request; partners may not name indicators counted from incidents (422). */
  async index(viewer: Viewer, request: StrategicIndexRequest) {
    const fromIncidents = (request.indicators ?? []).filter((i) => isIncidentDerivedIndicator(i.indicator)).map((i) => i.indicator);
    if (viewer.audience === 'partner' && fromIncidents.length > 0) {
      throw appError('UNPROCESSABLE', [`${fromIncidents.join(', ')}: indicators counted from incidents are not available to partners; use GET /api/areas/:code/exposure.`]);
    }
    const { result, vintage } = await this.service.runIndex(request);
    const idx = await this.service.areas();
    const items = result.items
      .filter((it) => {
        const a = idx.byCode.get(it.code);
        return a !== undefined && this.access.visible(viewer, a, idx);
      })
      .map((it) => this.access.guardItem(viewer, it, idx.byCode.get(it.code)));
    // National per-indicator statistics (min/max name single areas' values) are for police only.
    const stats = viewer.audience === 'police' ? { stats: result.stats } : {};
    return { items, level: request.level, vintage, year: request.year, method: result.method, cutoffs: result.cutoffs, required: result.required, ...stats };
  }

  /** The default index's ranking, paged; ranks stay national. */
  async ranking(viewer: Viewer, q: RankingQuery) {
    const vintage = await this.service.resolveVintage(q.level, q.vintage);
    const index = vintage === null ? null : await this.service.defaultIndex(q.level, vintage, q.year, (q.method ?? 'zscore') as StandardisationMethod);
    if (!index) return { items: [], nextCursor: null, level: q.level, vintage, year: q.year ?? null, method: q.method ?? 'zscore', indicators: [], total: 0 };
    const idx = await this.service.areas();
    const designated = await this.classifications.designated(q.level, index.vintage);
    const items = index.result.items.filter((it) => {
      const a = idx.byCode.get(it.code);
      return a !== undefined && this.access.visible(viewer, a, idx) && (q.parentCode === undefined || a.parentCode === q.parentCode);
    });
    const page = rankingPage(items, { limit: q.limit, cursor: q.cursor ?? null });
    return {
      items: page.items.map((it) => {
        const g = this.access.guardItem(viewer, it, idx.byCode.get(it.code));
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
  }

  /** The biggest changes of relative position between two years. */
  async movers(viewer: Viewer, q: MoversQuery) {
    const method = (q.method ?? 'zscore') as StandardisationMethod;
    const vintage = await this.service.resolveVintage(q.level, q.vintage);
    if (vintage === null) return { items: [], level: q.level, from: null, to: null };
    const indicators = await this.service.defaultIndicators(q.level, vintage);
    const years = await this.service.yearsFor(q.level, vintage, indicators);
    const from = q.from ?? years[0];
    const to = q.to ?? years[years.length - 1];
    if (from === undefined || to === undefined) return { items: [], level: q.level, vintage, from: null, to: null };
    const [a, b] = [await this.service.defaultIndex(q.level, vintage, from, method), await this.service.defaultIndex(q.level, vintage, to, method)];
    const idx = await this.service.areas();
    const trends = new Map<string, AreaTrend>();
    for (const [y, r] of [
      [from, a],
      [to, b],
    ] as const) {
      for (const it of r?.result.items ?? []) {
        const area = idx.byCode.get(it.code);
        if (!area || !this.access.visible(viewer, area, idx)) continue;
        const g = this.access.guardItem(viewer, it, area);
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
  }

  /** Undesignated areas scoring like designated ones, and how well the index separates them (AUC). */
  async watchList(viewer: Viewer, q: WatchQuery) {
    const method = (q.method ?? 'zscore') as StandardisationMethod;
    const vintage = await this.service.resolveVintage(q.level, q.vintage);
    const current = vintage === null ? null : await this.service.defaultIndex(q.level, vintage, q.year, method);
    if (!current || vintage === null) return { items: [], level: q.level, year: q.year ?? null, threshold: null, separation: null, designatedCount: 0 };
    const previous = await this.service.defaultIndex(q.level, vintage, current.year - 1, method);
    const designated = await this.classifications.designated(q.level, vintage);
    const wl = watchList(current.result.items, designated, { previous: previous?.result.items, quantile: q.quantile, limit: 10_000 });
    const idx = await this.service.areas();
    const items = wl.items
      .filter((it) => {
        const a = idx.byCode.get(it.code);
        return a !== undefined && this.access.visible(viewer, a, idx) && !(viewer.audience === 'partner' && this.access.guardItem(viewer, { ...it, contributions: [] }, a).suppressed);
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
  }
}
