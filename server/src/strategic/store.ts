/**
 * The strategic map's tables (Area, AreaClassification, Indicator, IndicatorValue): the only place that
 * queries them, apart from the one-off demo seed (seedStrategic.ts). Returns plain records; no caching and no
 * access rules here (see service.ts).
 */
import { newId } from '../auth/tokens.ts';
import type { AreaRecord, BBox } from './areas.ts';
import type { Direction } from './indicatorIndex.ts';
import type { AreaGeometry } from './projection.ts';
import { areaGeometryColumns } from './projection.ts';
import { bulkInsert, type SqlTarget } from '../db/bulkInsert.ts';
import { upsertIndicatorValues, type ValueRow } from './valueStore.ts';
import type { AreaLevel } from './vintage.ts';

/** Largest IN list per query (Prisma binds at most 999 parameters on SQLite). */
export const IN_CHUNK = 900;

/** Where the store's tables live; raw bulk statements need the database kind and schema too. */
export type StoreTarget = SqlTarget;

export interface AreaMeta {
  code: string;
  name: string;
  level: AreaLevel;
  vintage: string;
  parentCode: string | null;
  population: number | null;
  bbox: BBox;
}

export interface IndicatorMetaData {
  nameSv: string;
  nameEn: string;
  unit: string;
  source: string;
  direction: Direction;
}

export interface IndicatorRecord extends Omit<IndicatorMetaData, 'direction'> {
  id: string;
  direction: string;
}

export interface ClassificationRow {
  id: string;
  version: string;
  name: string;
  category: string;
  lpo: string | null;
  kommunCode: string | null;
  geometryWgs: string;
}

export type Crs = 'wgs' | 'sweref';

export class StrategicStore {
  constructor(private readonly target: StoreTarget) {}

  private get db() {
    return this.target.prisma;
  }

  // ---------------------------------------------------------------- areas

  async areaMetas(): Promise<AreaMeta[]> {
    const rows = await this.db.area.findMany({
      select: { code: true, name: true, level: true, vintage: true, parentCode: true, population: true, minLon: true, minLat: true, maxLon: true, maxLat: true },
      orderBy: [{ code: 'asc' }, { vintage: 'asc' }],
    });
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level as AreaLevel,
      vintage: r.vintage,
      parentCode: r.parentCode,
      population: r.population,
      bbox: [r.minLon, r.minLat, r.maxLon, r.maxLat],
    }));
  }

  async geometries(level: AreaLevel, vintage: string | null, crs: Crs): Promise<Map<string, AreaGeometry>> {
    const rows = await this.db.area.findMany({
      where: { level, ...(vintage === null ? {} : { vintage }) },
      select: { code: true, geometry: crs === 'sweref', geometryWgs: crs === 'wgs' },
    });
    return new Map(rows.map((r) => [r.code, JSON.parse((crs === 'wgs' ? r.geometryWgs : r.geometry) as string) as AreaGeometry]));
  }

  async geometryOf(code: string, vintage: string, crs: Crs): Promise<AreaGeometry | null> {
    const r = await this.db.area.findUnique({ where: { code_vintage: { code, vintage } }, select: { geometry: true, geometryWgs: true } });
    if (!r) return null;
    return JSON.parse(crs === 'wgs' ? r.geometryWgs : r.geometry) as AreaGeometry;
  }

  async areaCount(): Promise<number> {
    return this.db.area.count();
  }

  /** Plain multi-row INSERT of complete area rows (the seed: Prisma's createMany is slow on large geometries). */
  async insertAreaRows(columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
    await bulkInsert(this.target, 'Area', columns, rows);
  }

  /** Creates new areas and replaces the name, level, parent and geometry of existing ones (same code and vintage). */
  async saveAreas(vintage: string, areas: readonly AreaRecord[]): Promise<{ imported: number; updated: number }> {
    const existing = new Set<string>();
    for (let i = 0; i < areas.length; i += IN_CHUNK) {
      const found = await this.db.area.findMany({ where: { vintage, code: { in: areas.slice(i, i + IN_CHUNK).map((a) => a.code) } }, select: { code: true } });
      for (const r of found) existing.add(r.code);
    }
    const row = (a: AreaRecord) => ({ name: a.name, level: a.level, parentCode: a.parentCode, ...areaGeometryColumns(a) });
    const fresh = areas.filter((a) => !existing.has(a.code));
    for (let i = 0; i < fresh.length; i += 100) {
      await this.db.area.createMany({ data: fresh.slice(i, i + 100).map((a) => ({ id: newId('area_'), code: a.code, vintage: a.vintage, ...row(a) })) });
    }
    for (const a of areas.filter((x) => existing.has(x.code))) await this.db.area.update({ where: { code_vintage: { code: a.code, vintage: a.vintage } }, data: row(a) });
    return { imported: fresh.length, updated: areas.length - fresh.length };
  }

  /** Sets Area.population from a population value unless a later year's population is stored. */
  async setPopulationUnlessNewer(code: string, year: number, value: number): Promise<void> {
    const newer = await this.db.indicatorValue.findFirst({ where: { areaCode: code, indicatorId: 'population', year: { gt: year } }, select: { id: true } });
    if (!newer) await this.db.area.updateMany({ where: { code }, data: { population: Math.round(value) } });
  }

  // ---------------------------------------------------------------- indicators

  async indicators(): Promise<IndicatorRecord[]> {
    return this.db.indicator.findMany({ orderBy: { id: 'asc' } });
  }

  async indicatorIds(): Promise<Set<string>> {
    return new Set((await this.db.indicator.findMany({ select: { id: true } })).map((r) => r.id));
  }

  async createIndicator(id: string, data: IndicatorMetaData): Promise<void> {
    await this.db.indicator.create({ data: { id, ...data } });
  }

  async upsertIndicator(id: string, data: IndicatorMetaData): Promise<IndicatorRecord> {
    return this.db.indicator.upsert({ where: { id }, create: { id, ...data }, update: data });
  }

  // ---------------------------------------------------------------- values

  /** Every (indicator, year) with a value, over all areas. */
  async indicatorYears(): Promise<{ indicatorId: string; year: number }[]> {
    const groups = await this.db.indicatorValue.groupBy({ by: ['indicatorId', 'year'] });
    return groups.map((g) => ({ indicatorId: g.indicatorId, year: g.year }));
  }

  /** Every (indicator, year) with a value in one of these areas. */
  async indicatorYearsIn(codes: readonly string[]): Promise<{ indicatorId: string; year: number }[]> {
    const out: { indicatorId: string; year: number }[] = [];
    for (let i = 0; i < codes.length; i += IN_CHUNK) {
      out.push(...(await this.db.indicatorValue.groupBy({ by: ['indicatorId', 'year'], where: { areaCode: { in: codes.slice(i, i + IN_CHUNK) } } })));
    }
    return out;
  }

  /** One area's values, by indicator then year. */
  async valuesOfArea(code: string): Promise<ValueRow[]> {
    const rows = await this.db.indicatorValue.findMany({ where: { areaCode: code }, orderBy: [{ indicatorId: 'asc' }, { year: 'asc' }], select: { areaCode: true, year: true, indicatorId: true, value: true } });
    return rows.map((r) => ({ areaCode: r.areaCode, year: r.year, indicator: r.indicatorId, value: r.value }));
  }

  /** Values of these indicators (in one year, or all), for every area. */
  async values(indicators: readonly string[], year?: number): Promise<ValueRow[]> {
    const rows = await this.db.indicatorValue.findMany({
      where: { indicatorId: { in: [...indicators] }, ...(year === undefined ? {} : { year }) },
      select: { areaCode: true, year: true, indicatorId: true, value: true },
    });
    return rows.map((r) => ({ areaCode: r.areaCode, year: r.year, indicator: r.indicatorId, value: r.value }));
  }

  upsertValues(rows: readonly ValueRow[]): Promise<{ imported: number; updated: number }> {
    return upsertIndicatorValues(this.target, rows);
  }

  // ---------------------------------------------------------------- classifications

  async classificationIds(scheme: string, version: string): Promise<Set<string>> {
    return new Set((await this.db.areaClassification.findMany({ where: { scheme, version }, select: { id: true } })).map((r) => r.id));
  }

  async createClassifications(rows: ReadonlyArray<ClassificationRow & { scheme: string }>): Promise<void> {
    // Geometries are large: a few per statement.
    for (let i = 0; i < rows.length; i += 50) await this.db.areaClassification.createMany({ data: rows.slice(i, i + 50) });
  }

  async classifications(scheme: string): Promise<ClassificationRow[]> {
    return this.db.areaClassification.findMany({
      where: { scheme },
      orderBy: [{ version: 'asc' }, { id: 'asc' }],
      select: { id: true, version: true, name: true, category: true, lpo: true, kommunCode: true, geometryWgs: true },
    });
  }
}
