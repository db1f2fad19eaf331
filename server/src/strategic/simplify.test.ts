import { describe, expect, it } from 'vitest';
import { douglasPeucker, roundRing, simplifyFeatureCollection, simplifyRing } from './simplify.ts';

describe('simplify', () => {
  it('Douglas–Peucker drops points within tolerance and keeps the far one', () => {
    const line = [[0, 0], [1, 0.01], [2, -0.01], [3, 5], [4, 6], [5, 7]];
    expect(douglasPeucker(line, 0.1)).toEqual([[0, 0], [2, -0.01], [3, 5], [5, 7]]);
    expect(douglasPeucker(line, 0)).toEqual(line);
  });

  it('rounds to decimals and removes repeated positions', () => {
    expect(roundRing([[12.123456, 55.1], [12.123459, 55.1], [12.2, 55.2]], 5)).toEqual([[12.12346, 55.1], [12.2, 55.2]]);
  });

  it('keeps rings closed with at least four positions', () => {
    const tiny = [[0, 0], [0.000001, 0], [0.000001, 0.000001], [0, 0]];
    expect(simplifyRing(tiny, 1, 6).length).toBeGreaterThanOrEqual(4);
    const square = [[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]];
    const s = simplifyRing(square, 0.01, 5);
    expect(s).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it('simplifies a FeatureCollection, keeping properties', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 1 }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]] } }] };
    const out = simplifyFeatureCollection(fc, 0.01, 5);
    expect(out.features[0].properties).toEqual({ a: 1 });
    expect((out.features[0].geometry as { coordinates: number[][][] }).coordinates[0]).toHaveLength(5);
  });
});
