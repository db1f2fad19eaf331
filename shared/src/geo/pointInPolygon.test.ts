import { describe, expect, it } from 'vitest';
import { pointInFlatRing, pointInGeometry, pointInPolygon, pointInRing, polygonsOf, widestChordMidpoint } from './pointInPolygon.ts';

const square = (x0: number, y0: number, s: number) => [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
const donut = [square(0, 0, 10), square(4, 4, 2)];

describe('point in polygon', () => {
  it('rings, closed or open, flat or nested', () => {
    expect(pointInRing(5, 5, square(0, 0, 10))).toBe(true);
    expect(pointInRing(5, 5, square(0, 0, 10).slice(0, 4))).toBe(true);
    expect(pointInRing(11, 5, square(0, 0, 10))).toBe(false);
    expect(pointInFlatRing(5, 5, Float64Array.from(square(0, 0, 10).flat()))).toBe(true);
    expect(pointInFlatRing(-1, 5, square(0, 0, 10).flat())).toBe(false);
  });

  it('holes are outside; a multipolygon contains what any part does', () => {
    expect(pointInPolygon(5, 5, donut)).toBe(false);
    expect(pointInPolygon(2, 2, donut)).toBe(true);
    expect(pointInPolygon(2, 2, [])).toBe(false);
    const multi = { type: 'MultiPolygon', coordinates: [donut, [square(20, 20, 5)]] };
    expect(pointInGeometry(22, 22, multi)).toBe(true);
    expect(pointInGeometry(5, 5, multi)).toBe(false);
    expect(pointInGeometry(1, 1, { type: 'Point', coordinates: [1, 1] })).toBe(false);
    expect(pointInGeometry(1, 1, null)).toBe(false);
    expect(polygonsOf({ type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: donut }] } as never)).toHaveLength(1);
  });

  it('the widest chord of a U shape is in one of its arms', () => {
    const u = [[0, 0], [10, 0], [10, 10], [7, 10], [7, 3], [3, 3], [3, 10], [0, 10], [0, 0]];
    expect(widestChordMidpoint(u, 5)).toEqual([1.5, 5]);
    expect(widestChordMidpoint(u, 20)).toBeNull();
  });
});
