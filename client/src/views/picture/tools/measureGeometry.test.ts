import { describe, expect, it } from 'vitest';
import { areaM2, distanceM, formatArea, formatLength, pathLengthM } from './measureGeometry.ts';

describe('measure tool arithmetic', () => {
  it('measures distances on the sphere (one degree of latitude ≈ 111.2 km)', () => {
    expect(distanceM([13, 55], [13, 56]) / 1000).toBeCloseTo(111.2, 1);
    expect(pathLengthM([[13, 55.6], [13.01, 55.6], [13.01, 55.61]])).toBeCloseTo(distanceM([13, 55.6], [13.01, 55.6]) + distanceM([13.01, 55.6], [13.01, 55.61]), 6);
  });

  it('measures an area of about 1 km² for a 1 km square near Malmö', () => {
    const dLat = 1000 / 111_195;
    const dLon = dLat / Math.cos((55.6 * Math.PI) / 180);
    const a = areaM2([[13, 55.6], [13 + dLon, 55.6], [13 + dLon, 55.6 + dLat], [13, 55.6 + dLat]]);
    expect(a / 1e6).toBeGreaterThan(0.99);
    expect(a / 1e6).toBeLessThan(1.01);
    expect(areaM2([[13, 55.6], [13.1, 55.6]])).toBe(0);
  });

  it('formats in the units a patrol and a planner read', () => {
    expect(formatLength(850.4, 'sv')).toBe('850 m');
    expect(formatLength(2345, 'sv')).toBe('2,35 km');
    expect(formatArea(4500, 'sv')).toBe('4\u00a0500 m²');
    expect(formatArea(12_000, 'sv')).toBe('1,20 ha');
    expect(formatArea(3_400_000, 'en')).toBe('3.40 km²');
  });
});
