import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, addFeature, appendLog, featuresMap, geometryProblem, readFeatures, readLog, updateFeature } from './layerDoc.ts';

describe('layer document shape', () => {
  it('round-trips features, comments and the event log through a Yjs update', () => {
    const a = new Y.Doc();
    addFeature(a, 'f1', { type: 'Polygon', coordinates: [[[13, 55], [13.1, 55], [13.1, 55.1], [13, 55]]] }, { createdBy: 'u', title: 'Område' }, new Date('2026-01-01T00:00:00Z'));
    updateFeature(a, 'f1', { title: 'Nytt namn', validUntil: '2026-02-01T00:00:00Z' }, new Date('2026-01-02T00:00:00Z'));
    addComment(a, 'f1', { author: 'u', time: '2026-01-02T00:00:00Z', text: 'Kommentar' });
    appendLog(a, { id: 'l1', time: '2026-01-02T00:00:00Z', author: 'u', text: 'Händelse', featureIds: ['f1'] });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const { collection, invalid } = readFeatures(b);
    expect(invalid).toEqual([]);
    expect(collection.features[0]).toMatchObject({
      id: 'f1',
      properties: { title: 'Nytt namn', validUntil: '2026-02-01T00:00:00Z', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-02T00:00:00.000Z', comments: [{ text: 'Kommentar' }] },
    });
    expect(readLog(b)).toEqual([{ id: 'l1', time: '2026-01-02T00:00:00Z', author: 'u', text: 'Händelse', featureIds: ['f1'] }]);
  });

  it('reports geometry problems as sentences', () => {
    expect(geometryProblem({ type: 'Point', coordinates: [13, 55] })).toBeNull();
    expect(geometryProblem({ type: 'Point', coordinates: [200, 55] })).toMatch(/WGS84/);
    expect(geometryProblem({ type: 'Circle', coordinates: [13, 55] })).toMatch(/not supported/);
    expect(geometryProblem({ type: 'Polygon', coordinates: [[[13, 55], [13.1, 55], [13.1, 55.1], [13.2, 55]]] })).toMatch(/closed/);
    expect(geometryProblem({ type: 'LineString', coordinates: [[13, 55]] })).toMatch(/two positions/);
    expect(geometryProblem(null)).toMatch(/missing/);
  });

  it('drops untrusted features instead of passing them on', () => {
    const d = new Y.Doc();
    featuresMap(d).set('not-a-map', 'text' as never);
    const bad = new Y.Map<unknown>();
    bad.set('geometry', { type: 'Point', coordinates: [13, 55] });
    bad.set('validUntil', 'soon');
    featuresMap(d).set('bad-date', bad);
    const { collection, invalid } = readFeatures(d);
    expect(collection.features).toEqual([]);
    expect(invalid.map((i) => i.id).sort()).toEqual(['bad-date', 'not-a-map']);
  });
});
