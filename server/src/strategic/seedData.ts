/**
 * Real indicator values and populations from the files shipped in `assets/geo`, for the seed. Pure:
 * `readText(file)` returns a file's text.
 *
 * - `population` per kommun, 2024 (SCB BE0101A/FolkmangdNov, 1 November 2024).
 * - `population`, `population_16_19` and `youth_share_16_19` (%) per Stockholm basområde, 2014–2016
 *   (sum of the `pop_<f|m>_<age>_<year>` properties).
 */
import { parseKommunPopulation } from './crimeExposure.ts';
import type { IndicatorRow } from './indicatorCsv.ts';
import { Vintage, DISTRICT_VINTAGES } from './vintage.ts';

const BO_YEARS = [2014, 2015, 2016] as const;

/** Indicator rows seeded from the shipped files. */
export function shippedIndicatorRows(readText: (file: string) => string): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  for (const [code, population] of parseKommunPopulation(readText('kommun_population_2024.csv'))) {
    rows.push({ areaCode: code, year: 2024, indicator: 'population', value: population, vintage: Vintage.kommun });
  }
  const bo = JSON.parse(readText('stockholm_basomraden_2016.geojson')) as { features: { properties: Record<string, unknown> }[] };
  const vintage = DISTRICT_VINTAGES['0180-BO'];
  for (const f of bo.features) {
    const p = f.properties;
    if (p.nyckelkod === undefined || p.nyckelkod === null) continue;
    const code = `0180-BO-${String(p.nyckelkod)}`;
    for (const year of BO_YEARS) {
      let total = 0;
      let youth = 0;
      let any = false;
      for (const [k, v] of Object.entries(p)) {
        const m = /^pop_[fm]_(.+)_(\d{4})$/.exec(k);
        if (!m || Number(m[2]) !== year || typeof v !== 'number' || !Number.isFinite(v)) continue;
        any = true;
        total += v;
        if (m[1] === '16_19') youth += v;
      }
      if (!any) continue;
      rows.push({ areaCode: code, year, indicator: 'population', value: total, vintage });
      rows.push({ areaCode: code, year, indicator: 'population_16_19', value: youth, vintage });
      if (total > 0) rows.push({ areaCode: code, year, indicator: 'youth_share_16_19', value: (100 * youth) / total, vintage });
    }
  }
  return rows;
}

/** Latest population per area code from the seeded rows (for `Area.population` and rate denominators). */
export function latestPopulation(rows: readonly IndicatorRow[]): Map<string, { year: number; value: number }> {
  const m = new Map<string, { year: number; value: number }>();
  for (const r of rows) {
    if (r.indicator !== 'population') continue;
    const cur = m.get(r.areaCode);
    if (!cur || r.year > cur.year) m.set(r.areaCode, { year: r.year, value: r.value });
  }
  return m;
}
