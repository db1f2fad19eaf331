import { describe, expect, it } from 'vitest';
import type { IncidentView, LiveEvent, ZoneView } from '../../../shared/src/events.ts';
import { activeZones, expireHighlights, HIGHLIGHT_MS, initialLiveState, mappableIncidents, mergeIncidents, reduceLive } from './liveState.ts';

const base = { v: 1 as const, pictureId: 'p1', at: '2026-11-26T10:00:00Z' };
const incident = (id: string, occurredAt: string, patch: Partial<IncidentView> = {}): IncidentView => ({
  id,
  type: 'shooting',
  occurredAt,
  status: 'confirmed',
  classification: 'police_internal',
  locationPrecision: 'exact',
  location: { type: 'Point', coordinates: [13, 55.6] },
  ...patch,
});
const zone = (id: string, expiresAt: string): ZoneView => ({
  id,
  incidentId: 'i1',
  incidentType: 'shooting',
  createdAt: '2026-11-26T10:00:00Z',
  expiresAt,
  geometry: { type: 'Polygon', coordinates: [] },
  generalised: false,
});
const now = Date.parse('2026-11-26T10:00:00Z');

describe('reduceLive', () => {
  it('adds a new incident first and highlights it', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'incident.created', incident: incident('a', '2026-11-26T09:00:00Z') }, now);
    s = reduceLive(s, { ...base, type: 'incident.created', incident: incident('b', '2026-11-26T09:30:00Z') }, now);
    expect(s.incidents.map((i) => i.id)).toEqual(['b', 'a']);
    expect(s.highlight.b).toBe(now + HIGHLIGHT_MS);
    expect(s.lastEventAt).toBe(base.at);
  });

  it('updates in place and never duplicates', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'incident.created', incident: incident('a', '2026-11-26T09:00:00Z', { status: 'unconfirmed' }) }, now);
    s = reduceLive(s, { ...base, type: 'incident.updated', incident: incident('a', '2026-11-26T09:00:00Z', { status: 'confirmed' }) }, now);
    expect(s.incidents).toHaveLength(1);
    expect(s.incidents[0].status).toBe('confirmed');
  });

  it('keeps a retracted incident in the feed but off the map', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'incident.created', incident: incident('a', '2026-11-26T09:00:00Z') }, now);
    s = reduceLive(s, { ...base, type: 'incident.retracted', incident: incident('a', '2026-11-26T09:00:00Z') }, now);
    expect(s.incidents[0].status).toBe('retracted');
    expect(s.highlight.a).toBeUndefined();
    expect(mappableIncidents(s.incidents)).toHaveLength(0);
  });

  it('replaces zones on risk.updated and bumps the tile version', () => {
    const e: LiveEvent = { ...base, type: 'risk.updated', surface: 'near_repeat', bbox: null, tiles: ['12/1/2'], changedCells: 3, zones: [zone('z1', '2026-12-01T00:00:00Z'), zone('old', '2026-11-25T00:00:00Z')] };
    const s = reduceLive(initialLiveState, e, now);
    expect(s.zones.map((z) => z.id)).toEqual(['z1']);
    expect(s.riskVersion).toBe(1);
    expect(s.riskUpdatedAt).toBe(base.at);
  });

  it('adds and expires zones by event', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'zone.created', zone: zone('z1', '2026-12-01T00:00:00Z') }, now);
    s = reduceLive(s, { ...base, type: 'zone.created', zone: zone('z1', '2026-12-02T00:00:00Z') }, now);
    expect(s.zones).toHaveLength(1);
    s = reduceLive(s, { ...base, type: 'zone.expired', zoneId: 'z1' }, now);
    expect(s.zones).toHaveLength(0);
  });

  it('tracks layers and RTM progress', () => {
    const layer = { id: 'l1', name: 'A', kind: 'annotations', classification: 'partner' as const, access: 'read' as const };
    let s = reduceLive(initialLiveState, { ...base, type: 'layer.created', layer }, now);
    s = reduceLive(s, { ...base, type: 'layer.changed', layer: { ...layer, access: 'write' } }, now);
    expect(s.layers).toEqual([{ ...layer, access: 'write' }]);
    s = reduceLive(s, { ...base, type: 'layer.removed', layerId: 'l1' }, now);
    expect(s.layers).toEqual([]);
    s = reduceLive(s, { ...base, type: 'rtm.progress', runId: 'r', progress: 0.5, message: 'fitting' }, now);
    expect(s.rtm.r).toMatchObject({ progress: 0.5, status: 'running' });
    s = reduceLive(s, { ...base, type: 'rtm.completed', runId: 'r', status: 'completed' }, now);
    expect(s.rtm.r).toMatchObject({ progress: 1, status: 'completed', message: 'fitting' });
  });
});

describe('housekeeping', () => {
  it('merges a REST page without overriding live updates', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'incident.updated', incident: incident('a', '2026-11-26T09:00:00Z', { status: 'confirmed' }) }, now);
    s = mergeIncidents(s, [incident('a', '2026-11-26T09:00:00Z', { status: 'unconfirmed' }), incident('b', '2026-11-26T08:00:00Z')]);
    expect(s.incidents.map((i) => [i.id, i.status])).toEqual([
      ['a', 'confirmed'],
      ['b', 'confirmed'],
    ]);
  });

  it('ends highlights and drops expired zones, and is stable when nothing changes', () => {
    let s = reduceLive(initialLiveState, { ...base, type: 'incident.created', incident: incident('a', '2026-11-26T09:00:00Z') }, now);
    s = { ...s, zones: [zone('z', '2026-11-26T10:00:05Z')] };
    expect(expireHighlights(s, now + 1000)).toBe(s);
    const later = expireHighlights(s, now + HIGHLIGHT_MS + 1);
    expect(later.highlight).toEqual({});
    expect(later.zones).toEqual([]);
    expect(activeZones([zone('z', '2026-11-26T10:00:05Z')], now)).toHaveLength(1);
  });
});
