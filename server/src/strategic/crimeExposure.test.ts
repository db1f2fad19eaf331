import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminAreaLookup, parsePolisenCsv } from '../incidents/polisenFeed.ts';
import { crimeExposure, exposureIndicatorRows, guardExposure, parseKommunPopulation, secondarySuppression, toExposureIncidents, yearPeriods } from './crimeExposure.ts';

const GEO = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/geo');

describe('crimeExposure', () => {
  const incidents = [
    { type: 'shooting', occurredAt: '2024-03-01T12:00:00+01:00', areaCode: '1280' },
    { type: 'shooting', occurredAt: '2024-12-31T23:30:00+01:00', areaCode: '1280' },
    { type: 'explosion', occurredAt: '2025-01-01T00:30:00+01:00', areaCode: '1280' }, // 2025 in Swedish time
    { type: 'explosion', occurredAt: '2024-06-01T12:00:00+02:00', areaCode: '0180' },
    { type: 'shooting', occurredAt: '2024-06-01T12:00:00+02:00', areaCode: null },
  ];
  const pop = new Map([
    ['1280', 20_000],
    ['0180', 0],
    ['12', 40_000],
  ]);

  it('counts by type and period and rates per 10 000 residents', () => {
    const rows = crimeExposure(incidents, pop, { periods: yearPeriods([2024, 2025]), types: ['shooting', 'explosion'] });
    const get = (a: string, p: string, t: string) => rows.find((r) => r.areaCode === a && r.period === p && r.type === t)!;
    expect(get('1280', '2024', 'shooting')).toEqual({ areaCode: '1280', period: '2024', type: 'shooting', count: 2, population: 20000, rate: 1 });
    expect(get('1280', '2024', 'all').count).toBe(2);
    expect(get('1280', '2025', 'explosion').rate).toBe(0.5);
    expect(get('0180', '2024', 'explosion')).toMatchObject({ count: 1, rate: null });
    expect(get('12', '2024', 'all')).toMatchObject({ count: 0, rate: 0 }); // no ancestors given
    const withAncestors = crimeExposure(incidents, pop, { periods: yearPeriods([2024]), ancestors: (c) => (c.length === 4 ? [c.slice(0, 2)] : []) });
    expect(withAncestors.find((r) => r.areaCode === '12' && r.type === 'all')).toMatchObject({ count: 2, rate: 0.5 });
  });

  it('suppresses small numbers for partners but not for the police', () => {
    const rows = crimeExposure(incidents, pop, { periods: yearPeriods([2024]), types: ['shooting'] });
    const police = guardExposure(rows, 'police');
    expect(police.find((r) => r.areaCode === '1280' && r.type === 'shooting')).toMatchObject({ count: 2, rate: 1, suppressed: false });
    const partner = guardExposure(rows, 'partner');
    expect(partner.find((r) => r.areaCode === '1280' && r.type === 'shooting')).toMatchObject({ count: null, rate: null, suppressed: true, reason: 'few_events' });
  });

  it('secondary suppression: the total minus the released types never gives back a withheld count', () => {
    const many = (type: string, n: number, month = '03') => Array.from({ length: n }, () => ({ type, occurredAt: `2024-${month}-10T12:00:00+01:00`, areaCode: '1280' }));
    // all = 12: shooting 9, explosion 3 → explosion withheld; 12 − 9 would give it back, so shooting goes too.
    const two = guardExposure(crimeExposure([...many('shooting', 9), ...many('explosion', 3)], pop, { periods: yearPeriods([2024]) }), 'partner');
    const of = (rows: typeof two, type: string) => rows.find((r) => r.areaCode === '1280' && r.type === type)!;
    expect(of(two, 'explosion').count).toBeNull();
    expect(of(two, 'shooting')).toMatchObject({ count: null, rate: null, suppressed: true });
    expect(of(two, 'all').count).toBe(12);
    // Three types: the smallest released one (arson 7) is withheld with explosion 3; shooting 9 stays.
    const three = guardExposure(crimeExposure([...many('shooting', 9), ...many('arson', 7), ...many('explosion', 3)], pop, { periods: yearPeriods([2024]) }), 'partner');
    expect([of(three, 'shooting').count, of(three, 'arson').count, of(three, 'explosion').count, of(three, 'all').count]).toEqual([9, null, null, 19]);
    // Control: when only a large type exists, nothing more is withheld; police see everything.
    const one = guardExposure(crimeExposure(many('shooting', 9), pop, { periods: yearPeriods([2024]) }), 'partner');
    expect([of(one, 'shooting').count, of(one, 'all').count]).toEqual([9, 9]);
    const police = guardExposure(crimeExposure([...many('shooting', 9), ...many('explosion', 3)], pop, { periods: yearPeriods([2024]) }), 'police');
    expect([of(police, 'shooting').count, of(police, 'explosion').count]).toEqual([9, 3]);
    // Two withheld cells summing below 5 (1 + 2) need a third; with none left the total goes.
    expect(secondarySuppression([{ count: 1, hidden: true }, { count: 2, hidden: true }, { count: 8, hidden: false }], false, 5)).toEqual({ parts: [2], total: false });
    expect(secondarySuppression([{ count: 1, hidden: true }, { count: 2, hidden: true }], false, 5)).toEqual({ parts: [], total: true });
    expect(secondarySuppression([{ count: 0, hidden: true }, { count: 8, hidden: false }], false, 5)).toEqual({ parts: [], total: false });
  });

  it('turns rates into indicator rows and reads the shipped population file', () => {
    const rows = crimeExposure(incidents, pop, { periods: yearPeriods([2024]), types: ['shooting'] });
    expect(exposureIndicatorRows(rows)).toContainEqual({ areaCode: '1280', year: 2024, indicator: 'incidents_per_10k.shooting', value: 1 });
    expect(exposureIndicatorRows(rows, undefined, { all: 'serious_violence_rate' })).toContainEqual({ areaCode: '1280', year: 2024, indicator: 'serious_violence_rate', value: 1 });
    const kommunPop = parseKommunPopulation(readFileSync(join(GEO, 'kommun_population_2024.csv'), 'utf8'));
    expect(kommunPop.size).toBe(290);
    expect([...kommunPop.values()].reduce((a, b) => a + b, 0)).toBe(10_587_140);
  });
});

describe('crime exposure from the shipped police events', () => {
  const areaByName = adminAreaLookup(readFileSync(join(GEO, 'swedish_admin_areas.csv'), 'utf8'));
  const { events } = parsePolisenCsv(readFileSync(join(GEO, 'polisen_events_serious_violence.csv'), 'utf8'), { areaByName });

  it('feeds crime exposure per kommun: shootings per 10 000 residents in 2024', () => {
    const pop = parseKommunPopulation(readFileSync(join(GEO, 'kommun_population_2024.csv'), 'utf8'));
    const rows = crimeExposure(toExposureIncidents(events), pop, { periods: yearPeriods([2024]), types: ['shooting'] });
    const malmo = rows.find((r) => r.areaCode === '1280' && r.type === 'shooting')!;
    expect(malmo.count).toBeGreaterThan(0);
    expect(malmo.rate).toBeCloseTo((malmo.count * 10_000) / (pop.get('1280') as number), 12);
    expect(rows.filter((r) => r.type === 'all').length).toBeGreaterThanOrEqual(290);
  });
});
