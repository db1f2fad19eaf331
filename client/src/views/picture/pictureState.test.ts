import { describe, expect, it } from 'vitest';
import type { IncidentView } from '../../../../shared/src/events.ts';
import type { LayerSessionState } from '../../collab/LayerSession.ts';
import { anyUnsynced, canAppendLog, canEditLayer, lastSynced, overallStatus, pickActiveLayer } from './pictureState.ts';
import { areaOnlyOutcomes, buildStudy } from './rtmStudy.ts';
import { mergeLogs } from './EventLog.tsx';

const L = (id: string, access: 'read' | 'write' | 'admin', kind = 'annotations') => ({ id, name: id, kind, classification: 'partner' as const, access });

describe('picture rules', () => {
  it('offers editing only on writable annotation layers', () => {
    expect(canEditLayer(L('a', 'read'))).toBe(false);
    expect(canEditLayer(L('a', 'write'))).toBe(true);
    expect(canEditLayer(L('a', 'admin'))).toBe(true);
    expect(canEditLayer(L('a', 'admin', 'incidents'))).toBe(false);
    expect(canEditLayer(undefined)).toBe(false);
    expect(canAppendLog(L('a', 'read'))).toBe(false);
    expect(canAppendLog(L('a', 'write', 'incidents'))).toBe(true);
  });

  it('picks a writable active layer', () => {
    const layers = [L('r', 'read'), L('w1', 'write'), L('w2', 'write')];
    expect(pickActiveLayer(layers, null)).toBe('w1');
    expect(pickActiveLayer(layers, 'w2')).toBe('w2');
    expect(pickActiveLayer(layers, 'r')).toBe('w1');
    expect(pickActiveLayer([L('r', 'read')], null)).toBeNull();
  });

  it('summarises connection state', () => {
    expect(overallStatus('connected', ['connected', 'connected'])).toBe('online');
    expect(overallStatus('connected', ['connected', 'refused'])).toBe('online');
    expect(overallStatus('disconnected', ['disconnected'])).toBe('offline');
    expect(overallStatus('connecting', ['connecting'])).toBe('offline');
    expect(overallStatus('connecting', ['connecting'], false)).toBe('connecting');
    expect(overallStatus('connected', ['connecting'], false)).toBe('connecting');
    expect(overallStatus('connected', ['disconnected'])).toBe('partial');
  });

  it('reports the latest sync time and pending edits', () => {
    const s = (lastSyncedAt: string | null, unsyncedEdits = false) => ({ lastSyncedAt, unsyncedEdits }) as LayerSessionState;
    expect(lastSynced([s('2026-11-26T10:00:00.000Z'), s(null)], '2026-11-26T09:00:00.000Z')).toBe('2026-11-26T10:00:00.000Z');
    expect(lastSynced([], null)).toBeNull();
    expect(anyUnsynced([s(null), s(null, true)])).toBe(true);
  });

  it('merges event logs of several layers, newest first', () => {
    const rows = mergeLogs([
      { layer: L('a', 'read'), log: [{ id: '1', time: '2026-11-26T10:00:00Z', author: 'x', text: 'first', featureIds: [] }] },
      { layer: L('b', 'read'), log: [{ id: '2', time: '2026-11-26T11:00:00Z', author: 'y', text: 'second', featureIds: ['f'] }] },
    ]);
    expect(rows.map((r) => [r.text, r.layerId])).toEqual([
      ['second', 'b'],
      ['first', 'a'],
    ]);
  });
});

describe('RTM study from a picture', () => {
  const area = { type: 'Polygon', coordinates: [[[13, 55.5], [13.1, 55.5], [13.1, 55.6], [13, 55.6], [13, 55.5]]] };
  const inc = (id: string, coords: [number, number], status: IncidentView['status'] = 'confirmed', type: IncidentView['type'] = 'shooting'): IncidentView => ({
    id,
    type,
    occurredAt: '2026-01-01T00:00:00Z',
    status,
    classification: 'police_internal',
    locationPrecision: 'exact',
    location: { type: 'Point', coordinates: coords },
  });
  const fc = (n: number) => ({
    type: 'FeatureCollection' as const,
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature' as const,
      id: `f${i}`,
      geometry: { type: 'Point' as const, coordinates: [13.05, 55.55] as [number, number] },
      properties: { title: 't', description: '', category: 'other', symbol: 'default', validUntil: null, createdBy: '', createdAt: '', updatedAt: '', comments: [] },
    })),
  });

  it('uses confirmed incidents of the chosen types inside the area, and layers with features', () => {
    const { study, problems } = buildStudy({
      name: 'n',
      pictureId: 'p',
      boundary: area,
      blockLength: 100,
      incidents: [inc('in', [13.05, 55.55]), inc('out', [14, 55.55]), inc('unconf', [13.05, 55.55], 'unconfirmed'), inc('arson', [13.05, 55.55], 'confirmed', 'arson')],
      types: ['shooting'],
      factors: [
        { name: 'Bars', layerId: 'l1', features: fc(2) },
        { name: 'Empty', layerId: 'l2', features: fc(0) },
      ],
    });
    expect(problems).toEqual([]);
    expect(study.outcome.features.map((f) => f.properties.id)).toEqual(['in']);
    expect(study.factors).toEqual([{ name: 'Bars', layerId: 'l1', operationalization: 'both', spatialInfluence: 3, increment: 'half' }]);
    expect(study).toMatchObject({ crs: 'EPSG:4326', cellSize: 50, seed: 1, family: 'auto' });
  });

  it('says what is missing', () => {
    const { problems } = buildStudy({ name: 'n', pictureId: 'p', boundary: area, blockLength: 100, incidents: [], types: ['shooting'], factors: [] });
    expect(problems).toEqual(['noOutcome', 'noFactors']);
  });

  it('sends each outcome with its precision and source, counts area-only events, and refuses a study of only those', () => {
    const feed = (id: string, precision: IncidentView['locationPrecision'], source?: string): IncidentView => ({ ...inc(id, [13.05, 55.55]), locationPrecision: precision, ...(source ? { source } : {}) });
    const incidents = [inc('exact', [13.05, 55.55]), feed('area', 'area'), feed('polisen', 'exact', 'polisen')];
    const input = { name: 'n', pictureId: 'p', boundary: area, blockLength: 100, types: ['shooting' as const], factors: [{ name: 'Bars', layerId: 'l1', features: fc(2) }] };
    const { study, problems } = buildStudy({ ...input, incidents });
    expect(problems).toEqual([]);
    expect(study.outcome.features.map((f) => [f.properties.id, f.properties.locationPrecision, f.properties.source])).toEqual([
      ['exact', 'exact', undefined],
      ['area', 'area', undefined],
      ['polisen', 'exact', 'polisen'],
    ]);
    expect(areaOnlyOutcomes(incidents, ['shooting'], area)).toBe(2);
    expect(buildStudy({ ...input, incidents: incidents.slice(1) }).problems).toEqual(['onlyArea']);
  });
});
