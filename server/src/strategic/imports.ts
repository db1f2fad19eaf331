/**
 * Area boundaries and indicator values into the store: parse, join every value to a stored area of the same
 * code vintage, write (all or, with `atomic`, nothing when a row is refused), then drop the caches.
 * Who may import and the audit row are the route's business.
 */
import { appError } from '../errors.ts';
import { parseAreaGeoJson } from './areas.ts';
import { StrategicError, StrategicErrorCode } from './errors.ts';
import type { IndicatorParseResult, RowError } from './indicatorCsv.ts';
import { parseIndicatorCsv } from './indicatorCsv.ts';
import { indicatorMeta } from './indicators.ts';
import { parseJsonStat, parsePxWebCsv } from './jsonstat.ts';
import type { StrategicService } from './service.ts';
import type { StrategicStore } from './store.ts';
import { type AreaLevel, parseAreaCode, Vintage, vintageOf } from './vintage.ts';

export interface ImportOutcome {
  imported: number;
  updated: number;
  rejected: RowError[];
}

export type IndicatorFormat = 'csv' | 'jsonstat' | 'pxweb-csv';

const DEFAULT_LEVEL_VINTAGE: Partial<Record<AreaLevel, string>> = { country: Vintage.country, lan: Vintage.lan, kommun: Vintage.kommun };

/** The vintage an area import is stored under: the given one, or the only one a national level has. */
export function importVintage(level: AreaLevel, vintage: string | undefined): string {
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
function refuseIfNeeded(out: ImportOutcome, atomic: boolean): void {
  const vintage = out.rejected.flatMap((r) => r.errors).find(isVintageMessage);
  if (out.imported + out.updated === 0 && vintage) throw appError('CONFLICT', [vintage], out);
  if (atomic && out.rejected.length > 0) throw appError('UNPROCESSABLE', [`${out.rejected.length} row(s) rejected; nothing was imported (atomic=true).`], out);
}

function parseIndicators(format: IndicatorFormat, body: unknown, opts: { vintage?: string; indicator?: string }): IndicatorParseResult {
  if (format === 'jsonstat') return parseJsonStat(body, opts);
  if (typeof body !== 'string') throw appError('UNSUPPORTED_MEDIA_TYPE', ['Send CSV as text/csv (or text/plain).']);
  if (format === 'pxweb-csv') return parsePxWebCsv(body, opts);
  try {
    return parseIndicatorCsv(body, { vintage: opts.vintage });
  } catch (err) {
    // Not our areaCode,year,indicator,value layout: try SCB's PxWeb CSV export.
    if (!(err instanceof StrategicError && err.code === StrategicErrorCode.InvalidImport)) throw err;
    return parsePxWebCsv(body, opts);
  }
}

export class StrategicImports {
  constructor(
    private readonly store: StrategicStore,
    private readonly service: StrategicService,
  ) {}

  async importAreas(input: { body: unknown; level: AreaLevel; vintage: string; crs?: string; atomic: boolean }): Promise<ImportOutcome> {
    if (input.body === undefined || input.body === null || input.body === '') throw appError('BAD_REQUEST', ['The body is empty; send a GeoJSON FeatureCollection.']);
    const { areas, rejected } = parseAreaGeoJson(input.body, { level: input.level, vintage: input.vintage, crs: input.crs });
    const out: ImportOutcome = { imported: 0, updated: 0, rejected };
    if (!(input.atomic && rejected.length > 0)) Object.assign(out, await this.store.saveAreas(input.vintage, areas));
    refuseIfNeeded(out, input.atomic);
    this.service.changed();
    return out;
  }

  /** `importedBy` names the importer in the source of indicators first seen here. */
  async importIndicators(input: { body: unknown; format: IndicatorFormat; vintage?: string; indicator?: string; atomic: boolean; importedBy: string }): Promise<ImportOutcome> {
    const body = input.body;
    if (body === undefined || body === null || body === '') throw appError('BAD_REQUEST', ['The body is empty.']);
    const parsed = parseIndicators(input.format, body, { vintage: input.vintage, indicator: input.indicator });
    const { good, rejected } = await this.joinToAreas(parsed);
    const merged = mergeRejected(rejected);
    const out: ImportOutcome = { imported: 0, updated: 0, rejected: merged };
    if (!(input.atomic && merged.length > 0) && good.length > 0) {
      await this.createUnknownIndicators(good, `Import (${input.format}) av ${input.importedBy}`);
      Object.assign(out, await this.store.upsertValues(good));
      await this.keepLatestPopulation(good);
    }
    refuseIfNeeded(out, input.atomic);
    this.service.changed();
    return out;
  }

  /** Every value must join to a stored area of the same vintage; values are never joined across vintages. */
  private async joinToAreas(parsed: IndicatorParseResult): Promise<{ good: IndicatorParseResult['rows']; rejected: RowError[] }> {
    const idx = await this.service.areas();
    const byBase = new Map<string, string[]>();
    for (const a of idx.all) {
      const base = parseAreaCode(a.code)?.baseCode ?? a.code;
      byBase.set(base, [...(byBase.get(base) ?? []), `${a.code}|${a.vintage}`]);
    }
    const keys = new Set(idx.all.map((a) => `${a.code}|${a.vintage}`));
    const rejected: RowError[] = [...parsed.rejected];
    const good: IndicatorParseResult['rows'] = [];
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
    return { good, rejected };
  }

  private async createUnknownIndicators(rows: IndicatorParseResult['rows'], source: string): Promise<void> {
    const known = await this.store.indicatorIds();
    for (const id of new Set(rows.map((r) => r.indicator))) {
      if (known.has(id)) continue;
      const meta = indicatorMeta(id);
      await this.store.createIndicator(
        id,
        meta
          ? { nameSv: meta.nameSv, nameEn: meta.nameEn, unit: meta.unit, source: meta.source, direction: meta.direction }
          : { nameSv: id, nameEn: id, unit: '', source, direction: 'higher_is_worse' },
      );
    }
  }

  /** Area.population is the suppression and rate denominator: keep it at the latest imported population. */
  private async keepLatestPopulation(rows: IndicatorParseResult['rows']): Promise<void> {
    const latest = new Map<string, { year: number; value: number }>();
    for (const v of rows) if (v.indicator === 'population' && (latest.get(v.areaCode)?.year ?? -1) <= v.year) latest.set(v.areaCode, { year: v.year, value: v.value });
    for (const [code, p] of latest) await this.store.setPopulationUnlessNewer(code, p.year, p.value);
  }
}
