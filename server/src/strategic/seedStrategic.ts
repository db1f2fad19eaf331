/**
 * Demo data of the strategic map, seeded once: the shipped areas (`assets/geo`), indicator metadata, the
 * shipped real values (kommun population 2024, Stockholm basområden 2014–2016), serious violence per
 * 10 000 per kommun (2023–2025, from the police events), the clearly labelled SYNTHETIC demo indicators
 * (`demo_…`, see demoIndicators.ts), the utsatta områden (December 2025) and the police events as
 * incidents (source `polisen`, area precision, public, confirmed). Skips everything when areas exist.
 */
import { newId } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import { adminAreaLookup, type ParsedPolisenEvent, parsePolisenCsv } from '../incidents/polisenFeed.ts';
import { seedPolisenIncidents } from '../incidents/polisenSeed.ts';
import { type AreaRecord, buildShippedAreas } from './areas.ts';
import { designatedUnits, parseUsoGeoJson, parseUsoOverlap, USO_VERSION, type UsoArea, type UsoOverlapRow } from './classifications.ts';
import { crimeExposure, exposureIndicatorRows, parseKommunPopulation, toExposureIncidents, yearPeriods } from './crimeExposure.ts';
import { aggregateUp, DEMO_FINE_YEARS, demoIndicatorCatalogue, syntheticKommunRows } from './demoIndicators.ts';
import { readGeoAsset, USO_SCHEME } from './geoAssets.ts';
import type { IndicatorRow } from './indicatorCsv.ts';
import { INDICATOR_CATALOGUE } from './indicators.ts';
import { interiorPoint, pointInArea } from './pointInArea.ts';
import { areaGeometryColumns } from './projection.ts';
import { latestPopulation, shippedIndicatorRows } from './seedData.ts';
import { type ClassificationRow, StrategicStore } from './store.ts';
import { Vintage } from './vintage.ts';

export { GEO_DIR, readGeoAsset, USO_SCHEME } from './geoAssets.ts';

/** Full years of the police events used for the serious-violence rate. */
export const VIOLENCE_YEARS = [2023, 2024, 2025];

export interface SeedStrategicOptions {
  readText?: (file: string) => string;
  /** Also load the police events as incidents. @defaultValue true */
  incidents?: boolean;
}

export interface SeedStrategicOutcome {
  seeded: boolean;
  areas: number;
  values: number;
  classifications: number;
  incidents: number;
}

/** Idempotent: does nothing when any area exists. */
export async function seedStrategicData(ctx: AppContext, opts: SeedStrategicOptions = {}): Promise<SeedStrategicOutcome> {
  const store = new StrategicStore(ctx);
  const none = { seeded: false, areas: 0, values: 0, classifications: 0, incidents: 0 };
  if ((await store.areaCount()) > 0) return none;
  const readText = opts.readText ?? readGeoAsset;
  const started = Date.now();

  const areas = buildShippedAreas(readText);
  const shippedRows = shippedIndicatorRows(readText);
  if (!(await insertAreas(store, areas, latestPopulation(shippedRows)))) return none;
  for (const m of [...INDICATOR_CATALOGUE, ...demoIndicatorCatalogue()]) {
    await store.upsertIndicator(m.id, { nameSv: m.nameSv, nameEn: m.nameEn, unit: m.unit, source: m.source, direction: m.direction });
  }

  const areaByName = adminAreaLookup(readText('swedish_admin_areas.csv'));
  const { events } = parsePolisenCsv(readText('polisen_events_serious_violence.csv'), { areaByName });
  const kommunPop = parseKommunPopulation(readText('kommun_population_2024.csv'));
  const kommuner = areas.filter((a) => a.level === 'kommun');
  const uso = parseUsoGeoJson(readText('uso_2025_wgs84.geojson'), { kommunByName: areaByName, version: USO_VERSION });
  const overlap = parseUsoOverlap(readText('uso_2025_overlap_deso_regso_kommun.csv'));
  const values: IndicatorRow[] = [...shippedRows, ...violenceRows(events, kommuner, kommunPop), ...syntheticRows(areas, kommuner, kommunPop, overlap, uso)];
  await store.upsertValues(values);

  const existingUso = await store.classificationIds(USO_SCHEME, USO_VERSION);
  const usoRows = classificationRows(uso.filter((u) => !existingUso.has(u.id)), kommuner);
  await store.createClassifications(usoRows);

  // Police events as incidents, written by their owner.
  const incidentCount = opts.incidents === false ? 0 : await seedPolisenIncidents(ctx, events);
  ctx.log.info({ areas: areas.length, values: values.length, classifications: usoRows.length, incidents: incidentCount, ms: Date.now() - started }, 'strategic demo data seeded');
  return { seeded: true, areas: areas.length, values: values.length, classifications: usoRows.length, incidents: incidentCount };
}

/** The shipped areas with their latest population; false when another process seeded them first. */
async function insertAreas(store: StrategicStore, areas: readonly AreaRecord[], population: ReadonlyMap<string, { value: number }>): Promise<boolean> {
  const rows = areas.map((a) => ({
    id: newId('area_'),
    code: a.code,
    name: a.name,
    level: a.level,
    vintage: a.vintage,
    parentCode: a.parentCode,
    ...areaGeometryColumns(a),
    population: population.has(a.code) ? Math.round(population.get(a.code)?.value ?? 0) : null,
  }));
  const columns = ['id', 'code', 'name', 'level', 'vintage', 'parentCode', 'geometry', 'geometryWgs', 'minLon', 'minLat', 'maxLon', 'maxLat', 'population'] as const;
  try {
    await store.insertAreaRows(columns, rows.map((r) => columns.map((c) => r[c])));
    return true;
  } catch (err) {
    // Another process seeded between our count and our insert: its data stands.
    if ((await store.areaCount()) > rows.length - 1) return false;
    throw err;
  }
}

/** `serious_violence_rate`: police events per 10 000 residents per kommun and year. */
function violenceRows(events: readonly ParsedPolisenEvent[], kommuner: readonly AreaRecord[], kommunPop: ReadonlyMap<string, number>): IndicatorRow[] {
  const exposure = crimeExposure(toExposureIncidents(events), kommunPop, {
    periods: yearPeriods(VIOLENCE_YEARS),
    types: [],
    areas: kommuner.map((k) => k.code),
  });
  return exposureIndicatorRows(exposure, 'incidents_per_10k', { all: 'serious_violence_rate' }).map((r) => ({ ...r, value: Math.round(r.value * 1000) / 1000 }));
}

/**
 * The SYNTHETIC demo indicators: per kommun (correlated with the designated kommuner), for the finer units
 * (city districts, DeSO) so the map has something when drilled into, and aggregated up to län and country.
 */
function syntheticRows(areas: readonly AreaRecord[], kommuner: readonly AreaRecord[], kommunPop: ReadonlyMap<string, number>, overlap: readonly UsoOverlapRow[], uso: readonly UsoArea[]): IndicatorRow[] {
  const designated = designatedUnits(overlap, 'kommun', 0);
  const synthetic = syntheticKommunRows(kommuner.map((k) => ({ code: k.code, population: kommunPop.get(k.code) ?? null, designated: designated.get(k.code) ?? null })));
  const usoPoints = uso.map((u) => ({ point: interiorPoint(u.geometry), category: u.category }));
  const fine = areas
    .filter((a) => a.level === 'district' || a.level === 'deso')
    .map((a) => {
      let designatedHere: 'utsatt' | 'sarskilt' | null = null;
      for (const { point: [x, y], category } of usoPoints) {
        if (x < a.bbox[0] || x > a.bbox[2] || y < a.bbox[1] || y > a.bbox[3] || !pointInArea(x, y, a.geometry)) continue;
        if (category === 'sarskilt_utsatt') designatedHere = 'sarskilt';
        else designatedHere ??= 'utsatt';
      }
      return { code: a.code, vintage: a.vintage, population: null, designated: designatedHere };
    });
  const syntheticFine = syntheticKommunRows(fine, { years: DEMO_FINE_YEARS });
  const syntheticUp = aggregateUp(synthetic, kommunPop, { lan: Vintage.lan, country: Vintage.country });
  return [...synthetic, ...syntheticFine, ...syntheticUp];
}

/** The utsatta områden as their own versioned layer, each placed in the kommun its interior point lies in. */
function classificationRows(uso: readonly UsoArea[], kommuner: readonly AreaRecord[]): Array<ClassificationRow & { scheme: string }> {
  const kommunOf = (g: AreaRecord['geometry']): string | null => {
    const [x, y] = interiorPoint(g);
    const k = kommuner.find((a) => x >= a.bbox[0] && x <= a.bbox[2] && y >= a.bbox[1] && y <= a.bbox[3] && pointInArea(x, y, a.geometry));
    return k?.code ?? null;
  };
  return uso.map((u) => ({
    id: u.id,
    scheme: USO_SCHEME,
    version: u.version,
    name: u.name,
    category: u.category,
    lpo: u.localPoliceArea || null,
    // A town name that is not a kommun name (e.g. a district) is placed by where the area lies.
    kommunCode: kommunOf(u.geometry) ?? (u.kommunCode && /^\d{4}$/.test(u.kommunCode) ? u.kommunCode : null),
    geometryWgs: JSON.stringify(u.geometry),
  }));
}

/** Seed step for `seedDemo` (see server/src/server.ts productionFeatures). */
export async function seedStrategic(ctx: AppContext): Promise<void> {
  await seedStrategicData(ctx);
}
