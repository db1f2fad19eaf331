import { describe, expect, it } from 'vitest';
import type { BBox } from '../../../map/geo.ts';
import { displayName, type Place, placeAreaIncident } from './areaPlacement.ts';

const box = (name: string, b: BBox): Place => ({
  name,
  bbox: b,
  geometry: { type: 'Polygon', coordinates: [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]] },
});
const malmo = box('Malmö', [12.85, 55.48, 13.15, 55.66]);
const lund = box('Lund', [13.15, 55.66, 13.35, 55.76]);
const index = {
  kommuner: [malmo, lund],
  districts: [box('GAMLA STADEN', [12.99, 55.6, 13.01, 55.61]), box('BUNKEFLOSTRAND', [12.9, 55.54, 12.93, 55.56]), box('GAMLA LIMHAMN', [12.92, 55.57, 12.94, 55.59]), box('LIMHAMNS HAMNOMRÅDE', [12.9, 55.57, 12.92, 55.58]), box('NORRA FÄLADEN', [13.2, 55.72, 13.22, 55.73])],
};
const centroid: [number, number] = [13.0, 55.605];

describe('placing area-precision incidents', () => {
  it('is the municipality, not the district its centroid happens to fall in', () => {
    const p = placeAreaIncident(centroid, 'Misshandel, Malmö. Polisen larmades under natten.', index);
    expect(p).toMatchObject({ name: 'Malmö', byName: false });
    expect(p?.geometry).toBe(malmo.geometry);
  });

  it('uses a district the text names, in the same municipality, marked as placed by name', () => {
    expect(placeAreaIncident(centroid, 'Skottlossning i Bunkeflostrand, en person skadad', index)).toMatchObject({ name: 'Bunkeflostrand', byName: true });
    expect(placeAreaIncident(centroid, 'Explosion på Limhamn', index)).toMatchObject({ name: 'Gamla Limhamn', byName: true });
  });

  it('matches whole words only, and never a district of another municipality', () => {
    expect(placeAreaIncident(centroid, 'Bunkeflostrandsvägen avstängd', index)).toMatchObject({ name: 'Malmö', byName: false });
    expect(placeAreaIncident(centroid, 'Brand på Norra Fäladen', index)).toMatchObject({ name: 'Malmö', byName: false });
  });

  it('gives nothing outside every municipality (the point is then shown as before)', () => {
    expect(placeAreaIncident([11.0, 58.0], 'Gamla staden', index)).toBeNull();
  });

  it('title-cases upper-case district names and leaves others alone', () => {
    expect(displayName('LIMHAMNS HAMNOMRÅDE')).toBe('Limhamns Hamnområde');
    expect(displayName('Hässelby gård')).toBe('Hässelby gård');
  });
});
