/**
 * What other capabilities read of the strategic map about a designated area (area follow-up): the newest
 * edition of the utsatta områden, and the strategic areas a place lies in with their latest indicator values.
 */
import { USO_SCHEME } from './geoAssets.ts';
import { interiorPoint, pointInArea } from './pointInArea.ts';
import type { AreaGeometry } from './projection.ts';
import type { AreaMeta, StrategicStore } from './store.ts';
import type { AreaLevel } from './vintage.ts';

export interface DesignatedArea {
  id: string;
  version: string;
  name: string;
  category: 'utsatt' | 'sarskilt_utsatt';
  /** The police's local police area name as published (e.g. "Rosengård"). */
  lpo: string | null;
  kommunCode: string | null;
  /** WGS84. */
  geometry: AreaGeometry;
  /** A point inside the area (WGS84). */
  point: [number, number];
}

export interface PlaceIndicators {
  code: string;
  name: string;
  level: AreaLevel;
  vintage: string;
  /** Each indicator's newest year. */
  indicators: Array<{ indicator: string; nameSv: string; nameEn: string; unit: string; year: number; value: number; synthetic: boolean }>;
}

/** The newest edition of the utsatta områden. */
export async function designatedAreas(store: Pick<StrategicStore, 'classifications'>): Promise<DesignatedArea[]> {
  const rows = await store.classifications(USO_SCHEME);
  const newest = [...new Set(rows.map((r) => r.version))].sort().pop();
  return rows
    .filter((r) => r.version === newest)
    .map((r) => {
      const geometry = JSON.parse(r.geometryWgs) as AreaGeometry;
      return { id: r.id, version: r.version, name: r.name, category: r.category === 'sarskilt_utsatt' ? 'sarskilt_utsatt' : 'utsatt', lpo: r.lpo, kommunCode: r.kommunCode, geometry, point: interiorPoint(geometry) };
    });
}

const PLACE_LEVELS: readonly AreaLevel[] = ['deso', 'district', 'regso', 'kommun'];

/** The finest strategic areas (DeSO, city district, RegSO, kommun) holding the point, each with its newest values. */
export async function indicatorsAt(
  source: {
    areas(): Promise<{ all: AreaMeta[] }>;
    geometries(level: AreaLevel, vintage: string | null): Promise<Map<string, AreaGeometry>>;
    valuesOfArea(code: string): Promise<Array<{ year: number; indicator: string; value: number }>>;
    isSynthetic(id: string, source?: string): boolean;
  },
  store: Pick<StrategicStore, 'indicators'>,
  [x, y]: [number, number],
): Promise<PlaceIndicators[]> {
  const { all } = await source.areas();
  const meta = new Map((await store.indicators()).map((i) => [i.id, i]));
  const out: PlaceIndicators[] = [];
  for (const level of PLACE_LEVELS) {
    const candidates = all.filter((a) => a.level === level && x >= a.bbox[0] && x <= a.bbox[2] && y >= a.bbox[1] && y <= a.bbox[3]);
    if (candidates.length === 0) continue;
    const geoms = await source.geometries(level, null);
    for (const a of candidates) {
      const g = geoms.get(a.code);
      if (!g || !pointInArea(x, y, g)) continue;
      const newest = new Map<string, { year: number; value: number }>();
      for (const v of await source.valuesOfArea(a.code)) {
        const cur = newest.get(v.indicator);
        if (!cur || v.year > cur.year) newest.set(v.indicator, { year: v.year, value: v.value });
      }
      const indicators = [...newest].map(([indicator, v]) => {
        const m = meta.get(indicator);
        return { indicator, nameSv: m?.nameSv ?? indicator, nameEn: m?.nameEn ?? indicator, unit: m?.unit ?? '', year: v.year, value: v.value, synthetic: source.isSynthetic(indicator, m?.source) };
      });
      out.push({ code: a.code, name: a.name, level, vintage: a.vintage, indicators: indicators.sort((p, q) => p.indicator.localeCompare(q.indicator)) });
      break;
    }
  }
  return out;
}
