/**
 * The strategic map's read side over areas and values: the area list, vintages, geometries, which indicators
 * have values when, and the default index cached per (level, vintage, year, method). Calls the pure core for
 * every computation. Writers call {@link StrategicService.changed}, which drops every cache of the group.
 */
import { appError } from '../errors.ts';
import { CacheGroup } from './cache.ts';
import { isSyntheticIndicator, resolveDefaultIndicators } from './demoIndicators.ts';
import { type DesignatedArea, designatedAreas, indicatorsAt, type PlaceIndicators } from './designated.ts';
import { type IndexItem, type IndexResult, type IndicatorWeight, rankItems, type StandardisationMethod } from './indicatorIndex.ts';
import { type LoadedArea, runIndexRequest, type StrategicIndexRequest } from './indexRequest.ts';
import type { AreaGeometry } from './projection.ts';
import type { AreaMeta, Crs, StrategicStore } from './store.ts';
import { type AreaLevel, parseAreaCode } from './vintage.ts';

export interface AreaIndex {
  all: AreaMeta[];
  byCode: Map<string, AreaMeta>;
}

export interface DefaultIndex {
  level: AreaLevel;
  vintage: string;
  year: number;
  method: StandardisationMethod;
  indicators: IndicatorWeight[];
  result: IndexResult;
  byCode: Map<string, IndexItem & { rank: number | null }>;
  /** Areas with a score. */
  scored: number;
}

export class StrategicService {
  /** Shared with the other read services (classifications), so that `changed()` drops theirs too. */
  readonly caches = new CacheGroup();
  private readonly areaCache = this.caches.cache<AreaIndex>();
  private readonly indexCache = this.caches.cache<DefaultIndex | null>();
  private readonly availCache = this.caches.cache<Map<string, Set<number>>>();
  private readonly geomCache = this.caches.cache<Map<string, AreaGeometry>>();
  private readonly designatedCache = this.caches.cache<DesignatedArea[]>();

  constructor(private readonly store: StrategicStore) {}

  /** Called after a local invalidation, e.g. to tell other server processes (see feature.ts). */
  onInvalidate: (() => void) | null = null;

  /** Drops every cache here and (through `onInvalidate`) in other processes. Call after every write. */
  changed(): void {
    this.invalidate();
    this.onInvalidate?.();
  }

  /** Drops every cache of this process. */
  invalidate(): void {
    this.caches.clear();
  }

  // ---------------------------------------------------------------- areas

  areas(): Promise<AreaIndex> {
    return this.areaCache.get('', async () => {
      const all = await this.store.areaMetas();
      return { all, byCode: new Map(all.map((a) => [a.code, a])) };
    });
  }

  async area(code: string, vintage?: string): Promise<AreaMeta | undefined> {
    const idx = await this.areas();
    const a = idx.byCode.get(code) ?? idx.byCode.get(parseAreaCode(code)?.code ?? code);
    if (a && vintage !== undefined && a.vintage !== vintage) return idx.all.find((x) => x.code === a.code && x.vintage === vintage);
    return a;
  }




  /** Vintages present at a level, newest label last. */
  async vintagesOf(level: AreaLevel): Promise<string[]> {
    const idx = await this.areas();
    return [...new Set(idx.all.filter((a) => a.level === level).map((a) => a.vintage))].sort();
  }

  /** The single vintage to use at a level: the requested one, the only one, or 409 asking to choose. */
  async resolveVintage(level: AreaLevel, requested?: string): Promise<string | null> {
    const vs = await this.vintagesOf(level);
    if (requested !== undefined) {
      if (!vs.includes(requested)) throw appError('NOT_FOUND', [`Level ${level} with vintage ${requested}`]);
      return requested;
    }
    if (vs.length <= 1) return vs[0] ?? null;
    throw appError('CONFLICT', [
      `Nivån ${level} har flera kodversioner (${vs.join(', ')}); ange vintage. Värden slås aldrig ihop över kodversioner. / Level ${level} has several code vintages (${vs.join(', ')}); give vintage=. Values are never joined across vintages.`,
    ]);
  }

  async areasAt(level: AreaLevel, vintage: string | null): Promise<AreaMeta[]> {
    const idx = await this.areas();
    return idx.all.filter((a) => a.level === level && (vintage === null || a.vintage === vintage));
  }

  async geometries(level: AreaLevel, vintage: string | null, crs: Crs = 'wgs'): Promise<Map<string, AreaGeometry>> {
    return this.geomCache.get(`${level}|${vintage}|${crs}`, () => this.store.geometries(level, vintage, crs));
  }

  geometryOf(code: string, vintage: string, crs: Crs = 'wgs'): Promise<AreaGeometry | null> {
    return this.store.geometryOf(code, vintage, crs);
  }

  // ---------------------------------------------------------------- values and the index

  /** indicator → years with values at a level/vintage. */
  async availability(level: AreaLevel, vintage: string | null): Promise<Map<string, Set<number>>> {
    return this.availCache.get(`${level}|${vintage}`, async () => {
      const codes = (await this.areasAt(level, vintage)).map((a) => a.code);
      const out = new Map<string, Set<number>>();
      for (const g of await this.store.indicatorYearsIn(codes)) {
        let s = out.get(g.indicatorId);
        if (!s) {
          s = new Set();
          out.set(g.indicatorId, s);
        }
        s.add(g.year);
      }
      return out;
    });
  }

  /** The documented default index over what exists at the level (real ids first, else the synthetic demo ids). */
  async defaultIndicators(level: AreaLevel, vintage: string | null): Promise<IndicatorWeight[]> {
    const avail = await this.availability(level, vintage);
    return resolveDefaultIndicators(new Set(avail.keys()));
  }

  /** Years in which any of `indicators` has values at the level, ascending. */
  async yearsFor(level: AreaLevel, vintage: string | null, indicators: readonly IndicatorWeight[]): Promise<number[]> {
    const avail = await this.availability(level, vintage);
    const years = new Set<number>();
    for (const i of indicators) for (const y of avail.get(i.indicator) ?? []) years.add(y);
    return [...years].sort((a, b) => a - b);
  }

  async loadValues(codes: readonly string[], indicators: readonly string[], year?: number): Promise<{ areaCode: string; year: number; indicator: string; value: number }[]> {
    const set = new Set(codes);
    return (await this.store.values(indicators, year)).filter((r) => set.has(r.areaCode));
  }

  /** One area's stored values, by indicator then year. */
  valuesOfArea(code: string): Promise<{ areaCode: string; year: number; indicator: string; value: number }[]> {
    return this.store.valuesOfArea(code);
  }

  /** Runs an index request (custom or default) at a level's single vintage. */
  async runIndex(request: StrategicIndexRequest): Promise<{ result: IndexResult; vintage: string | null; areas: AreaMeta[] }> {
    const idx = await this.areas();
    const atLevel = idx.all.filter((a) => a.level === request.level && (request.vintage === undefined || a.vintage === request.vintage));
    const indicators = request.indicators ?? (await this.defaultIndicators(request.level, request.vintage ?? (await this.resolveVintage(request.level))));
    const values = await this.loadValues(
      atLevel.map((a) => a.code),
      indicators.map((i) => i.indicator),
      request.year,
    );
    const loaded: LoadedArea[] = atLevel;
    const result = runIndexRequest({ ...request, indicators }, loaded, values);
    return { result, vintage: atLevel[0]?.vintage ?? null, areas: atLevel };
  }

  /** The default index of a level, cached per (level, vintage, year, method). Null when the level has no values. */
  async defaultIndex(level: AreaLevel, vintage: string, year: number | undefined, method: StandardisationMethod = 'zscore'): Promise<DefaultIndex | null> {
    const indicators = await this.defaultIndicators(level, vintage);
    const years = await this.yearsFor(level, vintage, indicators);
    const y = year ?? years[years.length - 1];
    if (y === undefined) return null;
    return this.indexCache.get(`${level}|${vintage}|${y}|${method}`, async () => {
      const { result } = await this.runIndex({ level, vintage, year: y, method, indicators });
      const ranked = rankItems(result.items);
      return {
        level,
        vintage,
        year: y,
        method,
        indicators,
        result,
        byCode: new Map(ranked.map((it) => [it.code, it])),
        scored: ranked.filter((it) => it.score !== null).length,
      };
    });
  }








  isSynthetic(id: string, source?: string): boolean {
    return isSyntheticIndicator(id, source);
  }

  // ---------------------------------------------------------------- for other capabilities (strategic/index.ts)

  /** The newest edition of the utsatta områden (the area follow-up's areas). */
  designatedAreas(): Promise<DesignatedArea[]> {
    return this.designatedCache.get('', () => designatedAreas(this.store));
  }

  /** The finest strategic areas holding a point (WGS84), each with its newest indicator values. */
  indicatorsAt(point: [number, number]): Promise<PlaceIndicators[]> {
    return indicatorsAt(this, this.store, point);
  }
}
