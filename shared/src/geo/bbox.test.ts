import { describe, expect, it } from 'vitest';
import { bboxOf, bboxOfPositions } from './bbox.ts';

describe('bbox', () => {
  it('of positions and of any GeoJSON object', () => {
    expect(bboxOfPositions([[1, 5], [3, -2], [0, 4]])).toEqual([0, -2, 3, 5]);
    const poly = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 3], [0, 0]]] };
    expect(bboxOf(poly)).toEqual([0, 0, 2, 3]);
    expect(bboxOf({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: poly }, { type: 'Feature', geometry: { type: 'Point', coordinates: [-1, 9] } }] })).toEqual([-1, 0, 2, 9]);
    expect(bboxOf({ type: 'GeometryCollection', geometries: [] })).toBeNull();
    expect(bboxOf(null)).toBeNull();
  });
});
