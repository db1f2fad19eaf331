import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { EPSG_3006, SWEREF_DEFS, SWEREF_LOCAL_ZONES, swerefToWgs, wgsToSweref } from './sweref.ts';

describe('SWEREF 99', () => {
  it('projects Malmö to the published SWEREF 99 TM coordinates and back', () => {
    // The values the four copies this module replaced all gave.
    const [x, y] = wgsToSweref(12.999901492205835, 55.60560066359151);
    expect(x).toBeCloseTo(374_000.123, 3);
    expect(y).toBeCloseTo(6_164_000.456, 3);
    const [lon, lat] = swerefToWgs(x, y);
    expect(lon).toBeCloseTo(12.999901492205835, 9);
    expect(lat).toBeCloseTo(55.60560066359151, 9);
  });

  it('registers EPSG:3006 and the twelve local zones with proj4 under their EPSG names', () => {
    expect(SWEREF_LOCAL_ZONES).toHaveLength(12);
    expect(Object.keys(SWEREF_DEFS)).toEqual(['EPSG:3006', ...SWEREF_LOCAL_ZONES.map(([c]) => `EPSG:${c}`)]);
    for (const name of Object.keys(SWEREF_DEFS)) expect(proj4.defs(name)).toBeTruthy();
    // A local zone's false easting puts its own central meridian at x = 150 000.
    const [x] = proj4('EPSG:4326', 'EPSG:3007').forward([12, 58]);
    expect(x).toBeCloseTo(150_000, 6);
    expect(proj4(EPSG_3006, 'EPSG:4326').forward([500_000, 6_500_000])[0]).toBeCloseTo(15, 9);
  });
});
