/**
 * The strategic map's read side: areas and values from the store, the default index cached in memory per
 * (level, vintage, year, method), access scope (police see all; partners their own kommun, suppressed) and
 * designations. Calls the pure core for every computation. Writers call {@link StrategicService.changed}.
 *
 * Caches are per process: with several server processes, another process's import is seen after
 * `CACHE_TTL_MS` at the latest.
 */
import type { AuthUser } from '../auth/authService.ts';
import { appError } from '../errors.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import { ancestorsOf } from './areas.ts';
import { designatedUnits, parseUsoOverlap, USO_ATTRIBUTION, USO_VERSION, type UsoOverlapRow } from './classifications.ts';
import { isSyntheticIndicator, resolveDefaultIndicators } from './demoIndicators.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import { type IndexItem, type IndexResult, type IndicatorWeight, rankItems, type StandardisationMethod } from './indicatorIndex.ts';
import { type LoadedArea, runIndexRequest, type StrategicIndexRequest } from './indexRequest.ts';
import { interiorPoint, pointInArea } from './pointInArea.ts';
import type { AreaGeometry } from './projection.ts';
import { readGeoAsset, USO_SCHEME } from './seedStrategic.ts';
import { type AreaMeta, type Crs, IN_CHUNK, type StrategicStore } from './store.ts';
import { guardIndexItem, guardPopulationValue, isIncidentDerivedIndicator, SUPPRESSION_TEXT, type SuppressionReason } from './suppression.ts';
import { type AreaLevel, parseAreaCode } from './vintage.ts';

export const CACHE_TTL_MS = 60_000;
export { type AreaMeta, IN_CHUNK };

export interface AreaIndex {
  all: AreaMeta[];
  byCode: Map<string, AreaMeta>;
  at: number;
}

export interface Viewer {
  audience: 'police' | 'partner';
  /** The partner's municipality (SCB code), null when its organisation has none (then it sees no area). */
  kommun: string | null;
  user: AuthUser;
}

export type Designation = 'utsatt' | 'sarskilt_utsatt';

export interface UsoRecord {
  id: string;
  version: string;
  name: string;
  category: Designation;
  lpo: string | null;
  kommunCode: string | null;
  geometry: AreaGeometry;
  point: [number, number];
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

export const CATEGORY_LABEL: Readonly<Record<Designation, { sv: string; en: string }>> = {
  utsatt: { sv: 'Utsatt område', en: 'Vulnerable area' },
  sarskilt_utsatt: { sv: 'Särskilt utsatt område', en: 'Particularly vulnerable area' },
};

/** StrategicError → the API's coded errors (vintage mismatch → 409 CONFLICT with the core's message). */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof StrategicError)) return err;
  if (err.code === StrategicErrorCode.VintageMismatch) return appError('CONFLICT', [err.message], { reason: err.code });
  if (err.code === StrategicErrorCode.InvalidIndexRequest) return appError('VALIDATION_FAILED', [err.message]);
  return appError('BAD_REQUEST', [err.message]);
}

export async function mapErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}

export class StrategicService {
  private areaCache: Promise<AreaIndex> | null = null;
  private indexCache = new Map<string, { at: number; value: Promise<DefaultIndex | null> }>();
  private availCache = new Map<string, { at: number; value: Promise<Map<string, Set<number>>> }>();
  private designatedCache = new Map<string, { at: number; value: Promise<Map<string, Designation>> }>();
  private geomCache = new Map<string, { at: number; value: Promise<Map<string, AreaGeometry>> }>();
  private usoCache: { at: number; value: Promise<UsoRecord[]> } | null = null;
  private overlapRows: UsoOverlapRow[] | null = null;

  constructor(
    private readonly store: StrategicStore,
    private readonly orgs: Pick<OrgDirectory, 'get'>,
    private readonly readText: (file: string) => string = readGeoAsset,
  ) {}

  /** Called after a local invalidation, e.g. to tell other server processes (see feature.ts). */
  onInvalidate: (() => void) | null = null;

  /** Drops every cache here and (through `onInvalidate`) in other processes. Call after every write. */
  changed(): void {
    this.invalidate();
    this.onInvalidate?.();
  }

  /** Drops every cache of this process. */
  invalidate(): void {
    this.areaCache = null;
    this.indexCache.clear();
    this.availCache.clear();
    this.designatedCache.clear();
    this.geomCache.clear();
    this.usoCache = null;
  }

  private cached<V>(map: Map<string, { at: number; value: Promise<V> }>, key: string, load: () => Promise<V>): Promise<V> {
    const hit = map.get(key);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value;
    const value = load();
    map.set(key, { at: Date.now(), value });
    value.catch(() => map.delete(key));
    return value;
  }

  // ---------------------------------------------------------------- areas and access

  async areas(): Promise<AreaIndex> {
    const cur = this.areaCache;
    if (cur) {
      const idx = await cur;
      if (Date.now() - idx.at < CACHE_TTL_MS) return idx;
    }
    const load = (async () => {
      const all = await this.store.areaMetas();
      return { all, byCode: new Map(all.map((a) => [a.code, a])), at: Date.now() };
    })();
    this.areaCache = load;
    load.catch(() => {
      this.areaCache = null;
    });
    return load;
  }

  async area(code: string, vintage?: string): Promise<AreaMeta | undefined> {
    const idx = await this.areas();
    const a = idx.byCode.get(code) ?? idx.byCode.get(parseAreaCode(code)?.code ?? code);
    if (a && vintage !== undefined && a.vintage !== vintage) return idx.all.find((x) => x.code === a.code && x.vintage === vintage);
    return a;
  }

  async viewer(user: AuthUser): Promise<Viewer> {
    if (user.isPolice) return { audience: 'police', kommun: null, user };
    const org = await this.orgs.get(user.organisationId);
    const kommun = org?.areaCode && /^\d{4}$/.test(org.areaCode) ? org.areaCode : null;
    return { audience: 'partner', kommun, user };
  }

  /** Police: every area. Partners: their kommun and every area whose code or parent chain starts in it. */
  visible(viewer: Viewer, area: AreaMeta, idx: AreaIndex): boolean {
    if (viewer.audience === 'police') return true;
    const k = viewer.kommun;
    if (!k) return false;
    if (area.code === k) return true;
    if (area.level === 'country' || area.level === 'lan' || area.level === 'kommun') return false;
    if (parseAreaCode(area.code)?.kommunCode === k) return true;
    return ancestorsOf(area.code, idx.byCode).includes(k);
  }

  /** The area, or 404 when it does not exist or the caller may not see it. */
  async visibleArea(viewer: Viewer, code: string, vintage?: string): Promise<AreaMeta> {
    const a = await this.area(code, vintage);
    if (!a || !this.visible(viewer, a, await this.areas())) throw appError('NOT_FOUND', [`Area ${code}`]);
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
    return this.cached(this.geomCache, `${level}|${vintage}|${crs}`, () => this.store.geometries(level, vintage, crs));
  }

  geometryOf(code: string, vintage: string, crs: Crs = 'wgs'): Promise<AreaGeometry | null> {
    return this.store.geometryOf(code, vintage, crs);
  }

  // ---------------------------------------------------------------- values and the index

  /** indicator → years with values at a level/vintage. */
  async availability(level: AreaLevel, vintage: string | null): Promise<Map<string, Set<number>>> {
    return this.cached(this.availCache, `${level}|${vintage}`, async () => {
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
    return this.cached(this.indexCache, `${level}|${vintage}|${y}|${method}`, async () => {
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

  /** An index item for the viewer: partners get small-population suppression. */
  guardItem<T extends IndexItem>(viewer: Viewer, item: T, area: AreaMeta | undefined): T & { suppressed?: boolean } {
    if (viewer.audience === 'police') return item;
    return guardIndexItem(item, area?.population ?? null, 'partner');
  }

  /**
   * A raw indicator value for the viewer (partners: areas under 50 residents or of unknown size → null, and
   * indicators counted from incidents → null, see isIncidentDerivedIndicator).
   */
  guardValue(viewer: Viewer, value: number, area: AreaMeta, indicatorId?: string): { value: number | null; suppressed?: boolean; reason?: string } {
    if (viewer.audience === 'police') return { value };
    if (indicatorId !== undefined && isIncidentDerivedIndicator(indicatorId)) return { value: null, suppressed: true, reason: SUPPRESSION_TEXT.incident_derived.sv };
    const g = guardPopulationValue(value, area.population, 'partner');
    return g.suppressed ? { value: null, suppressed: true, reason: SUPPRESSION_TEXT[g.reason as SuppressionReason].sv } : { value };
  }

  // ---------------------------------------------------------------- classifications

  async uso(): Promise<UsoRecord[]> {
    if (this.usoCache && Date.now() - this.usoCache.at < CACHE_TTL_MS) return this.usoCache.value;
    const value = (async () => {
      const rows = await this.store.classifications(USO_SCHEME);
      return rows.map((r) => {
        const geometry = JSON.parse(r.geometryWgs) as AreaGeometry;
        return {
          id: r.id,
          version: r.version,
          name: r.name,
          category: (r.category === 'sarskilt_utsatt' ? 'sarskilt_utsatt' : 'utsatt') as Designation,
          lpo: r.lpo,
          kommunCode: r.kommunCode,
          geometry,
          point: interiorPoint(geometry),
        };
      });
    })();
    this.usoCache = { at: Date.now(), value };
    return value;
  }

  /** The latest edition only (e.g. 2025-12), unless `version` is given. */
  async usoEdition(version?: string): Promise<UsoRecord[]> {
    const all = await this.uso();
    const v = version ?? [...new Set(all.map((u) => u.version))].sort().pop() ?? USO_VERSION;
    return all.filter((u) => u.version === v);
  }

  overlap(): UsoOverlapRow[] {
    this.overlapRows ??= parseUsoOverlap(this.readText('uso_2025_overlap_deso_regso_kommun.csv'));
    return this.overlapRows;
  }

  /** Areas of a level counted as designated (contain, or lie mostly in, an utsatt område). */
  async designated(level: AreaLevel, vintage: string | null): Promise<Map<string, Designation>> {
    return this.cached(this.designatedCache, `${level}|${vintage}`, async () => {
      const out = new Map<string, Designation>();
      const put = (code: string, d: Designation) => {
        if (out.get(code) !== 'sarskilt_utsatt') out.set(code, d);
      };
      const uso = await this.usoEdition();
      if (level === 'kommun') for (const u of uso) if (u.kommunCode) put(u.kommunCode, u.category);
      if (level === 'lan') for (const u of uso) if (u.kommunCode) put(u.kommunCode.slice(0, 2), u.category);
      if (level === 'deso' || level === 'regso') {
        const codes = new Set((await this.areasAt(level, vintage)).map((a) => a.code));
        for (const [code, cls] of designatedUnits(this.overlap(), level, 50)) if (codes.has(code)) put(code, cls === 'sarskilt' ? 'sarskilt_utsatt' : 'utsatt');
      }
      if (level === 'district') {
        const areas = await this.areasAt(level, vintage);
        const geoms = await this.geometries(level, vintage);
        for (const u of uso) {
          const [x, y] = u.point;
          for (const a of areas) {
            if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3]) continue;
            const g = geoms.get(a.code);
            if (g && pointInArea(x, y, g)) put(a.code, u.category);
          }
        }
      }
      return out;
    });
  }

  /** Official classifications touching an area, shown beside (never merged into) its indicators. */
  async classificationsFor(area: AreaMeta, geometryWgs: AreaGeometry | null): Promise<Record<string, unknown>[]> {
    const uso = await this.usoEdition();
    const hits = uso.filter((u) => {
      if (area.level === 'country') return true;
      if (area.level === 'lan') return u.kommunCode?.slice(0, 2) === area.code;
      if (area.level === 'kommun') return u.kommunCode === area.code;
      const [x, y] = u.point;
      return geometryWgs !== null && x >= area.bbox[0] && x <= area.bbox[2] && y >= area.bbox[1] && y <= area.bbox[3] && pointInArea(x, y, geometryWgs);
    });
    const out: Record<string, unknown>[] = hits.map((u) => ({
      scheme: USO_SCHEME,
      version: u.version,
      id: u.id,
      name: u.name,
      category: u.category,
      categoryLabel: CATEGORY_LABEL[u.category].sv,
      lpo: u.lpo,
      kommunCode: u.kommunCode,
      relation: area.level === 'country' || area.level === 'lan' || area.level === 'kommun' ? 'within' : 'centre_within',
      attribution: USO_ATTRIBUTION,
    }));
    for (const r of this.overlap()) {
      if (r.code !== area.code) continue;
      out.push({
        scheme: `${USO_SCHEME}-overlap`,
        version: USO_VERSION,
        category: r.class === 'sarskilt' ? 'sarskilt_utsatt' : 'utsatt',
        sharePct: r.sharePct,
        utsattPct: r.utsattPct,
        sarskiltPct: r.sarskiltPct,
        attribution: 'Källa: Polismyndigheten, SCB',
      });
    }
    return out;
  }

  isSynthetic(id: string, source?: string): boolean {
    return isSyntheticIndicator(id, source);
  }
}
