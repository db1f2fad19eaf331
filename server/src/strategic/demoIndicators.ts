/**
 * SYNTHETIC demo indicators. The shipped data has no living-condition statistics (crowding, employment,
 * education…), so the seed generates a clearly labelled synthetic stand-in per kommun and year, so that the
 * index, ranking, trends and watch list have something to work on. Ids are `demo_<default indicator id>`,
 * names end "(syntetisk demo)" / "(synthetic demo)" and `source` says SYNTETISK / SYNTHETIC. Never present
 * them as statistics.
 *
 * Deterministic (seeded PRNG per kommun). A latent "vulnerability" per kommun is raised where the kommun
 * contains designated areas (utsatta områden, more for särskilt utsatta) and slightly with population size;
 * each indicator is the latent factor plus noise, so the synthetic index separates designated kommuner
 * plausibly but not perfectly. About one in twelve undesignated kommuner gets a worsening drift, so the watch
 * list and movers have "new problem pictures" to find.
 *
 * When real values are imported under the real ids (e.g. `employment_rate`), the default index uses them
 * instead (see {@link resolveDefaultIndicators}).
 */
import { mulberry32 } from '../../../shared/src/random.ts';
import type { IndicatorWeight } from './indicatorIndex.ts';
import type { IndicatorRow } from './indicatorCsv.ts';
import { defaultIndexIndicators, type IndicatorMeta, indicatorMeta } from './indicators.ts';
import { Vintage } from './vintage.ts';

export const DEMO_PREFIX = 'demo_';
export const DEMO_YEARS: readonly number[] = [2019, 2020, 2021, 2022, 2023, 2024];
/** Years generated for units finer than kommun (fewer, to keep the seed small). */
export const DEMO_FINE_YEARS: readonly number[] = [2022, 2023, 2024];
export const DEMO_SOURCE = 'SYNTETISK DEMO – genererade värden, inte verklig statistik / SYNTHETIC DEMO – generated values, not real statistics';

/** Mean, spread and sign of each synthetic indicator (sign −1: higher is better). */
const SHAPES: Readonly<Record<string, { mean: number; sd: number; sign: 1 | -1; min: number; max: number }>> = {
  crowding_share: { mean: 13, sd: 4.5, sign: 1, min: 2, max: 60 },
  employment_rate: { mean: 80, sd: 4, sign: -1, min: 40, max: 95 },
  low_education_share: { mean: 11, sd: 3, sign: 1, min: 3, max: 45 },
  no_upper_secondary_eligibility_share: { mean: 14, sd: 4.5, sign: 1, min: 2, max: 60 },
  low_economic_standard_share: { mean: 13, sd: 4, sign: 1, min: 3, max: 55 },
};

/** Metadata of the synthetic indicators (one per default-index indicator). */
export function demoIndicatorCatalogue(): IndicatorMeta[] {
  return defaultIndexIndicators().map((d) => {
    const m = indicatorMeta(d.indicator) as IndicatorMeta;
    return {
      id: `${DEMO_PREFIX}${m.id}`,
      nameSv: `${m.nameSv} (syntetisk demo)`,
      nameEn: `${m.nameEn} (synthetic demo)`,
      unit: m.unit,
      source: DEMO_SOURCE,
      direction: m.direction,
      defaultWeight: 0,
    };
  });
}

export function isSyntheticIndicator(id: string, source?: string): boolean {
  return id.startsWith(DEMO_PREFIX) || (source !== undefined && /SYNTHETIC|SYNTETISK/i.test(source));
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface DemoKommun {
  code: string;
  population: number | null;
  /** Most severe designation in the kommun, if any. */
  designated: 'utsatt' | 'sarskilt' | null;
  /** Code vintage of the unit. @defaultValue KOMMUN2007 */
  vintage?: string;
}

/**
 * Synthetic values for every kommun × year × default indicator (`demo_…` ids, 1 decimal). Deterministic in
 * `seed` and the kommun codes. The seed also uses it for finer units (districts, DeSO), designated there when
 * an utsatt område's interior point lies in the unit.
 */
export function syntheticKommunRows(kommuner: readonly DemoKommun[], options: { seed?: number; years?: readonly number[] } = {}): IndicatorRow[] {
  const seed = options.seed ?? 7;
  const years = options.years ?? DEMO_YEARS;
  const first = years[0] ?? 0;
  const rows: IndicatorRow[] = [];
  for (const k of [...kommuner].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const rand = mulberry32(hashString(`${seed}:${k.code}`));
    const des = k.designated === 'sarskilt' ? 1.7 : k.designated === 'utsatt' ? 1.1 : 0;
    const size = k.population && k.population > 0 ? Math.max(-0.4, Math.min(0.6, (Math.log10(k.population) - 4.4) * 0.35)) : 0;
    const latent0 = 0.9 * des + size + 0.65 * gaussian(rand) - 0.35;
    // Worsening drift for about 1 in 12 undesignated kommuner; small random drift for the rest.
    const rising = des === 0 && rand() < 1 / 12;
    const drift = rising ? 0.16 + 0.05 * rand() : 0.04 * gaussian(rand);
    const own: Record<string, number> = {};
    for (const id of Object.keys(SHAPES)) own[id] = 0.55 * gaussian(rand);
    for (const year of years) {
      const latent = latent0 + drift * (year - first) + 0.06 * gaussian(rand);
      for (const [id, s] of Object.entries(SHAPES)) {
        const z = 0.8 * latent + own[id] + 0.15 * gaussian(rand);
        const v = Math.min(s.max, Math.max(s.min, s.mean + s.sign * s.sd * z));
        rows.push({ areaCode: k.code, year, indicator: `${DEMO_PREFIX}${id}`, value: Math.round(v * 10) / 10, vintage: k.vintage ?? Vintage.kommun });
      }
    }
  }
  return rows;
}

/**
 * The default index over what exists: each default indicator is used under its real id when values exist
 * for it, else under its synthetic `demo_` id when those exist, else the real id (missing, shown as such).
 */
export function resolveDefaultIndicators(available: ReadonlySet<string>): IndicatorWeight[] {
  return defaultIndexIndicators().map((d) => {
    if (available.has(d.indicator)) return d;
    const demo = `${DEMO_PREFIX}${d.indicator}`;
    return available.has(demo) ? { ...d, indicator: demo } : d;
  });
}

/**
 * Län and country values as population-weighted means of their kommuner's rows (kommuner without a
 * population are left out), so the coarser levels of the map have values too.
 */
export function aggregateUp(rows: readonly IndicatorRow[], population: ReadonlyMap<string, number>, vintages: { lan: string; country: string }): IndicatorRow[] {
  const acc = new Map<string, { sum: number; weight: number; areaCode: string; year: number; indicator: string; vintage: string }>();
  const add = (areaCode: string, vintage: string, r: IndicatorRow, w: number) => {
    const key = `${areaCode}\u0000${r.year}\u0000${r.indicator}`;
    const a = acc.get(key) ?? { sum: 0, weight: 0, areaCode, year: r.year, indicator: r.indicator, vintage };
    a.sum += r.value * w;
    a.weight += w;
    acc.set(key, a);
  };
  for (const r of rows) {
    const w = population.get(r.areaCode);
    if (!w || !/^\d{4}$/.test(r.areaCode)) continue;
    add(r.areaCode.slice(0, 2), vintages.lan, r, w);
    add('SE', vintages.country, r, w);
  }
  return [...acc.values()].map((a) => ({ areaCode: a.areaCode, year: a.year, indicator: a.indicator, value: Math.round((a.sum / a.weight) * 10) / 10, vintage: a.vintage }));
}
