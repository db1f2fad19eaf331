import { describe, expect, it } from 'vitest';
import type { BBox } from '../../../map/geo.ts';
import { searchPlaces } from './placeSearch.ts';

const p = (name: string, bbox: BBox) => ({ name, bbox });
const index = {
  kommuner: [p('Malmö', [12.85, 55.48, 13.15, 55.66]), p('Lomma', [13.0, 55.66, 13.1, 55.7]), p('Stockholm', [17.7, 59.2, 18.2, 59.45])],
  districts: [p('GAMLA LIMHAMN', [12.92, 55.57, 12.94, 55.59]), p('LIMHAMNS HAMNOMRÅDE', [12.9, 55.57, 12.92, 55.58]), p('Hässelby gård', [17.8, 59.35, 17.85, 59.38]), p('MÖLLEVÅNGEN', [13.0, 55.59, 13.01, 55.6])],
};

describe('place search', () => {
  it('ranks prefix matches before word-start and inner matches, and says which municipality a district is in', () => {
    const hits = searchPlaces(index, 'limhamn');
    expect(hits.map((h) => h.name)).toEqual(['Limhamns Hamnområde', 'Gamla Limhamn']);
    expect(hits[0]).toMatchObject({ kind: 'district', within: 'Malmö' });
  });

  it('finds municipalities and districts case-insensitively with Swedish letters', () => {
    expect(searchPlaces(index, 'MÖ').map((h) => h.name)).toEqual(['Möllevången', 'Malmö']);
    expect(searchPlaces(index, 'hässelby')[0]).toMatchObject({ name: 'Hässelby gård', within: 'Stockholm' });
  });

  it('waits for two letters and caps the list', () => {
    expect(searchPlaces(index, 'm')).toEqual([]);
    expect(searchPlaces(index, 'a', 8)).toEqual([]);
    expect(searchPlaces(index, 'ma', 1)).toHaveLength(1);
  });
});
