import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latestPopulation, shippedIndicatorRows } from './seedData.ts';

const GEO = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/geo');

describe('shipped indicator values', () => {
  const rows = shippedIndicatorRows((f) => readFileSync(join(GEO, f), 'utf8'));

  it('has 2024 population for all 290 kommuner and 2014–2016 values for Stockholm basområden', () => {
    const kommun = rows.filter((r) => r.vintage === 'KOMMUN2007');
    expect(kommun).toHaveLength(290);
    expect(kommun.reduce((s, r) => s + r.value, 0)).toBe(10_587_140);
    const bo2014 = rows.filter((r) => r.areaCode.startsWith('0180-BO-') && r.year === 2014 && r.indicator === 'population');
    expect(bo2014.length).toBe(419);
    // README: 2014 total ≈ 908,000
    expect(Math.abs(bo2014.reduce((s, r) => s + r.value, 0) - 908_000)).toBeLessThan(10_000);
    for (const r of rows.filter((x) => x.indicator === 'youth_share_16_19')) {
      expect(r.value).toBeGreaterThanOrEqual(0);
      expect(r.value).toBeLessThanOrEqual(100);
    }
  });

  it('picks the latest population per area', () => {
    const pop = latestPopulation(rows);
    expect(pop.get('1280')).toEqual({ year: 2024, value: expect.any(Number) });
    expect(pop.get('0180-BO-1110250')?.year).toBe(2016);
  });
});
