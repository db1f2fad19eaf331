import { describe, expect, it } from 'vitest';
import { aggregateUp, demoIndicatorCatalogue, resolveDefaultIndicators, syntheticKommunRows } from './demoIndicators.ts';
import { interiorPoint, pointInArea } from './pointInArea.ts';

const kommuner = Array.from({ length: 60 }, (_, i) => ({
  code: String(1000 + i * 7).padStart(4, '0'),
  population: 5000 + i * 3000,
  designated: i % 6 === 0 ? ('sarskilt' as const) : i % 6 === 1 ? ('utsatt' as const) : null,
}));

describe('synthetic demo indicators', () => {
  it('are labelled synthetic and mirror the default index', () => {
    const cat = demoIndicatorCatalogue();
    expect(cat.map((c) => c.id)).toEqual(['demo_crowding_share', 'demo_employment_rate', 'demo_low_education_share', 'demo_no_upper_secondary_eligibility_share', 'demo_low_economic_standard_share']);
    for (const c of cat) {
      expect(c.nameSv).toMatch(/\(syntetisk demo\)$/);
      expect(c.source).toMatch(/SYNTETISK/);
    }
  });

  it('are deterministic and worse where areas are designated', () => {
    const a = syntheticKommunRows(kommuner);
    expect(syntheticKommunRows(kommuner)).toEqual(a);
    expect(a).toHaveLength(60 * 6 * 5);
    const mean = (des: boolean) => {
      const vs = a.filter((r) => r.indicator === 'demo_crowding_share' && r.year === 2024 && (kommuner.find((k) => k.code === r.areaCode)?.designated !== null) === des).map((r) => r.value);
      return vs.reduce((s, v) => s + v, 0) / vs.length;
    };
    expect(mean(true)).toBeGreaterThan(mean(false));
  });

  it('resolve the default index to real ids first, then demo ids', () => {
    const r = resolveDefaultIndicators(new Set(['employment_rate', 'demo_employment_rate', 'demo_crowding_share']));
    expect(r.map((i) => i.indicator)).toEqual(['demo_crowding_share', 'employment_rate', 'low_education_share', 'no_upper_secondary_eligibility_share', 'low_economic_standard_share']);
  });
});

describe('aggregateUp', () => {
  it('takes population-weighted means per län and for the country', () => {
    const rows = [
      { areaCode: '1280', year: 2024, indicator: 'demo_x', value: 10 },
      { areaCode: '1281', year: 2024, indicator: 'demo_x', value: 20 },
      { areaCode: '0180', year: 2024, indicator: 'demo_x', value: 40 },
    ];
    const pop = new Map([['1280', 300], ['1281', 100], ['0180', 400]]);
    const up = aggregateUp(rows, pop, { lan: 'LAN2007', country: 'SE' });
    expect(up).toContainEqual({ areaCode: '12', year: 2024, indicator: 'demo_x', value: 12.5, vintage: 'LAN2007' });
    expect(up).toContainEqual({ areaCode: '01', year: 2024, indicator: 'demo_x', value: 40, vintage: 'LAN2007' });
    expect(up).toContainEqual({ areaCode: 'SE', year: 2024, indicator: 'demo_x', value: 26.3, vintage: 'SE' });
  });
});

describe('pointInArea', () => {
  const ring = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
  const hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
  it('honours holes and multipolygons', () => {
    const g = { type: 'Polygon' as const, coordinates: [ring, hole] };
    expect(pointInArea(1, 1, g)).toBe(true);
    expect(pointInArea(5, 5, g)).toBe(false);
    expect(pointInArea(11, 5, g)).toBe(false);
    expect(pointInArea(21, 1, { type: 'MultiPolygon', coordinates: [[ring], [ring.map(([x, y]) => [x + 20, y])]] })).toBe(true);
  });
  it('finds an interior point of a concave ring', () => {
    const u = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 10], [8, 10], [8, 2], [2, 2], [2, 10], [0, 10], [0, 0]]] };
    const [x, y] = interiorPoint(u);
    expect(pointInArea(x, y, u)).toBe(true);
  });
});
