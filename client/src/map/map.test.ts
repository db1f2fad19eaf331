import { describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../../shared/src/layerDoc.ts';
import { parsePresence, mergePeers, colorFor, PRESENCE_COLORS, presenceFor } from '../collab/awareness.ts';
import { areaGeometry, bboxOf, labelPoint, pointInGeometry, ringArea } from './geo.ts';
import { annotationLabels, annotationsFc, incidentsFc, peersOverlay, zoneLabels, zonesFc } from './overlayData.ts';

const square = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] };
// A "U": the centroid (1, ~1.2) falls in the notch, outside the shape.
const u = {
  type: 'Polygon',
  coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
};

describe('geometry helpers', () => {
  it('computes areas, boxes and label points', () => {
    expect(Math.abs(ringArea(square.coordinates[0] as [number, number][]))).toBe(4);
    expect(bboxOf(square)).toEqual([0, 0, 2, 2]);
    expect(bboxOf({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [5, 6] } }] })).toEqual([5, 6, 5, 6]);
    expect(bboxOf({ type: 'Point' })).toBeNull();
    expect(labelPoint(square)).toEqual([1, 1]);
    expect(labelPoint({ type: 'Point', coordinates: [3, 4] })).toEqual([3, 4]);
  });

  it('keeps a label inside a concave polygon', () => {
    const p = labelPoint(u)!;
    expect(pointInGeometry(p, u)).toBe(true);
  });

  it('tests points against polygons with holes', () => {
    const holed = { type: 'Polygon', coordinates: [square.coordinates[0], [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]] };
    expect(pointInGeometry([0.2, 0.2], holed)).toBe(true);
    expect(pointInGeometry([1, 1], holed)).toBe(false);
    expect(pointInGeometry([3, 3], holed)).toBe(false);
  });

  it('accepts a picture area as geometry, Feature or FeatureCollection', () => {
    expect(areaGeometry(square)).toBe(square);
    expect(areaGeometry({ type: 'Feature', geometry: square })).toBe(square);
    expect(areaGeometry({ type: 'FeatureCollection', features: [{ geometry: square }] })).toBe(square);
    expect(areaGeometry(null)).toBeNull();
  });
});

const feature = (id: string, title: string): LayerFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [13, 55.6] },
  properties: { title, description: '', category: 'other', symbol: 'default', validUntil: null, createdBy: 'a', createdAt: '', updatedAt: '', comments: [] },
});

describe('overlay data', () => {
  const layers = [{ layerId: 'L', classification: 'partner' as const, features: [feature('f1', 'Lampa'), feature('f2', '')] }];

  it('tags annotations with layer, colour and selection', () => {
    const fc = annotationsFc(layers, { layerId: 'L', featureId: 'f1' });
    expect(fc.features.map((f) => [f.properties.featureId, f.properties.selected])).toEqual([
      ['f1', true],
      ['f2', false],
    ]);
    expect(fc.features[0].properties.color).toBe('#117733');
    expect(annotationLabels(layers).map((l) => l.text)).toEqual(['Lampa']);
  });

  it('maps incidents without retracted or unlocated ones, highlighting new ones', () => {
    const base = { type: 'shooting' as const, occurredAt: '', classification: 'police_internal' as const, locationPrecision: 'exact' as const, location: { type: 'Point' as const, coordinates: [13, 55] as [number, number] } };
    const fc = incidentsFc(
      [
        { ...base, id: 'a', status: 'confirmed' },
        { ...base, id: 'b', status: 'retracted' },
        { ...base, id: 'c', status: 'unconfirmed', location: null },
      ],
      { a: 2000 },
      1000,
    );
    expect(fc.features.map((f) => [f.properties.id, f.properties.highlight])).toEqual([['a', true]]);
  });

  it('labels zones with their time left', () => {
    const z = { id: 'z', incidentId: null, incidentType: 'shooting' as const, createdAt: '', expiresAt: '', geometry: square as never, generalised: true };
    expect(zonesFc([z]).features[0].properties.generalised).toBe(true);
    expect(zoneLabels([z], () => '3 d kvar')[0]).toMatchObject({ pos: [1, 1], text: '3 d kvar' });
  });

  it("draws other users' selections and cursors", () => {
    const peer = { clientId: 7, user: { name: 'Anna', org: 'Malmö stad', color: '#D55E00' }, selection: 'f1', cursor: [13, 55.6] as [number, number] };
    const o = peersOverlay([peer], layers);
    expect(o.selections.features).toHaveLength(1);
    expect(o.cursors[0]).toMatchObject({ text: '▲ Anna', color: '#D55E00' });
  });
});

describe('presence', () => {
  it('accepts well-formed states and rejects junk', () => {
    expect(parsePresence(1, null)).toBeNull();
    expect(parsePresence(1, { user: { name: 5 } })).toBeNull();
    const p = parsePresence(2, { user: { name: 'Bo', org: 'X', color: 'red;}' }, selection: 'f', cursor: [500, 1] });
    expect(p).toMatchObject({ user: { color: '#000000' }, selection: 'f', cursor: null });
  });

  it('merges one user seen on several documents', () => {
    const a = { clientId: 1, user: { name: 'Bo', org: 'X', color: '#000' }, selection: null, cursor: [1, 1] as [number, number] };
    const b = { ...a, clientId: 2, selection: 'f', cursor: null };
    expect(mergePeers([[a], [b]])).toEqual([{ ...a, selection: 'f' }]);
  });

  it('tells a layer only about its own selection, and the cursor only where I work', () => {
    const me = { name: 'Bo', org: 'Polisen', color: '#000' };
    const sel = { layerId: 'police', featureId: 'secret' };
    expect(presenceFor('partner', me, sel, 'police', [13, 55])).toEqual({ user: me, selection: null, cursor: null });
    expect(presenceFor('police', me, sel, 'partner', [13, 55])).toEqual({ user: me, selection: 'secret', cursor: [13, 55] });
    expect(presenceFor('partner', me, null, 'partner', [13, 55])).toEqual({ user: me, selection: null, cursor: [13, 55] });
  });

  it('gives users stable palette colours', () => {
    expect(colorFor('u1')).toBe(colorFor('u1'));
    expect(PRESENCE_COLORS).toContain(colorFor('whoever'));
  });
});

describe('city districts on demand', async () => {
  const { citiesInView } = await import('./baseStyle.ts');
  it('loads a city only when zoomed in over it', () => {
    expect(citiesInView(7, [12.9, 55.5, 13.1, 55.6])).toEqual([]);
    expect(citiesInView(11, [12.9, 55.5, 13.1, 55.6])).toEqual(['malmo']);
    expect(citiesInView(11, [10, 60, 11, 61])).toEqual([]);
  });
});
