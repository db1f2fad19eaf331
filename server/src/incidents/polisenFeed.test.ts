import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminAreaLookup, mapPolisenType, occurredAtFromName, parsePolisenCsv, parsePolisenFeed, POLISEN_TYPE_MAPPING } from './polisenFeed.ts';

const GEO = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/geo');
const areaByName = adminAreaLookup(readFileSync(join(GEO, 'swedish_admin_areas.csv'), 'utf8'));

describe('police type mapping', () => {
  it('maps the police types to ours, tolerant of comma and case variants', () => {
    expect(mapPolisenType('Skottlossning')).toBe('shooting');
    expect(mapPolisenType('Skottlossning, misstänkt')).toBe('shooting');
    expect(mapPolisenType('Sprängning')).toBe('explosion');
    expect(mapPolisenType('Detonation')).toBe('explosion');
    expect(mapPolisenType('Explosion')).toBe('explosion');
    expect(mapPolisenType('Mord/dråp')).toBe('homicide');
    expect(mapPolisenType('mord/dråp försök')).toBe('other');
    expect(mapPolisenType('Mordbrand')).toBe('arson');
    expect(mapPolisenType('Brand')).toBe('other');
    expect(mapPolisenType('Våld/hot mot tjänsteman')).toBe('threat_emergency_personnel');
    expect(mapPolisenType('Övergrepp i rättssak')).toBe('threat_witness');
    expect(mapPolisenType('Trafikolycka')).toBe('other');
    const ours = new Set(['shooting', 'explosion', 'threat_emergency_personnel', 'attack_municipal', 'threat_witness', 'homicide', 'arson', 'other']);
    expect(POLISEN_TYPE_MAPPING.every((m) => ours.has(m.type))).toBe(true);
  });
});

describe('parsePolisenFeed', () => {
  const raw = {
    id: 372244,
    datetime: '2022-09-28 21:50:19 +02:00',
    name: '28 september 21:05, Mord/dråp, försök, Södertälje',
    summary: 'Skottlossning i Ronna. En man skadas.',
    url: '/aktuellt/handelser/2022/september/28/28-september-2105-morddrap-forsok-sodertalje/',
    type: 'Mord/dråp, försök',
    location: { name: 'Södertälje', gps: '59.195363,17.625689' },
  };

  it('turns an API event into a public, area-precision incident', () => {
    const { events, rejected } = parsePolisenFeed([raw], { areaByName });
    expect(rejected).toEqual([]);
    expect(events[0]).toEqual({
      incident: {
        source: 'polisen',
        sourceId: '372244',
        type: 'shooting',
        occurredAt: '2022-09-28T21:05:00+02:00',
        location: { type: 'Point', coordinates: [17.625689, 59.195363] },
        locationPrecision: 'area',
        description: 'Skottlossning i Ronna. En man skadas.',
        classification: 'public',
      },
      policeType: 'Mord/dråp, försök',
      typeFromText: true,
      areaCode: '0181',
      locationName: 'Södertälje',
      url: 'https://polisen.se/aktuellt/handelser/2022/september/28/28-september-2105-morddrap-forsok-sodertalje/',
      publishedAt: '2022-09-28T21:50:19+02:00',
    });
    expect(parsePolisenFeed([raw], { inferFromText: false }).events[0].incident.type).toBe('other');
  });

  it('reads NDJSON, uses the county code for county-level events and reports bad lines per row', () => {
    const county = { ...raw, id: 1, name: '3 januari 10:00, Brand, Skåne län', type: 'Brand', summary: 'Villabrand.', location: { name: 'Skåne län', gps: '55.99,13.59' } };
    const text = [JSON.stringify(county), '{oops', JSON.stringify({ ...raw, id: 2, location: { name: 'X', gps: '1,2' } })].join('\n');
    const { events, rejected } = parsePolisenFeed(text, { areaByName });
    expect(events.map((e) => [e.incident.type, e.areaCode])).toEqual([['other', '12']]);
    expect(rejected.map((r) => r.row)).toEqual([2, 3]);
    expect(rejected[1].errors[0]).toMatch(/not in Sweden/);
  });

  it('dates the incident from the title, across New Year and daylight saving', () => {
    expect(occurredAtFromName('31 december 23:50, Skottlossning, Malmö', '2024-01-01T00:10:00+01:00')).toBe('2023-12-31T23:50:00+01:00');
    expect(occurredAtFromName('30 mars 01:30, Skottlossning, Malmö', '2025-03-30T09:00:00+02:00')).toBe('2025-03-30T01:30:00+01:00');
    expect(occurredAtFromName('30 mars 03:30, Skottlossning, Malmö', '2025-03-30T09:00:00+02:00')).toBe('2025-03-30T03:30:00+02:00');
    expect(occurredAtFromName('Sammanfattning natt', '2025-03-30T09:00:00+02:00')).toBe('2025-03-30T09:00:00+02:00');
  });
});

describe('parsePolisenCsv on the shipped serious-violence file', () => {
  const { events, rejected } = parsePolisenCsv(readFileSync(join(GEO, 'polisen_events_serious_violence.csv'), 'utf8'), { areaByName });

  it('parses all 4,325 events with an area code for nearly all', () => {
    expect(events.length + rejected.length).toBe(4325);
    expect(rejected).toEqual([]);
    const withArea = events.filter((e) => e.areaCode !== null).length;
    expect(withArea / events.length).toBeGreaterThan(0.97);
    expect(events.every((e) => e.incident.locationPrecision === 'area' && e.incident.classification === 'public')).toBe(true);
    expect(new Set(events.map((e) => e.incident.sourceId)).size).toBe(events.length);
  });

  it('finds the documented shootings and explosions', () => {
    const byPoliceType = (t: string) => events.filter((e) => e.policeType === t).length;
    expect(byPoliceType('Skottlossning')).toBe(176);
    expect(byPoliceType('Explosion') + byPoliceType('Detonation')).toBe(241 + 116);
    const malmoShootings = events.filter((e) => e.areaCode === '1280' && e.policeType === 'Skottlossning').length;
    expect(malmoShootings).toBeGreaterThan(10);
  });
});
