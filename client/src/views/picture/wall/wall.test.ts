import { describe, expect, it } from 'vitest';
import type { IncidentView, ZoneView } from '../../../../../shared/src/events.ts';
import { incidentsToAlert } from './alerts.ts';
import { countersFrom, stockholmDay } from './counters.ts';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const H = 3_600_000;
const inc = (id: string, type: IncidentView['type'], hoursAgo: number, status: IncidentView['status'] = 'confirmed', at: [number, number] = [13.0, 55.6]): IncidentView => ({
  id,
  type,
  occurredAt: new Date(NOW - hoursAgo * H).toISOString(),
  status,
  classification: 'police_internal',
  locationPrecision: 'exact',
  location: { type: 'Point', coordinates: at },
});
const zone = (id: string, expiresInH: number) => ({ id, incidentId: null, incidentType: null, createdAt: '', expiresAt: new Date(NOW + expiresInH * H).toISOString() }) as unknown as ZoneView;

describe('wall counters', () => {
  it('count confirmed shootings and explosions of the last 7 days, active zones, by type and by Stockholm day', () => {
    const c = countersFrom(
      [inc('a', 'shooting', 1), inc('b', 'shooting', 30), inc('c', 'shooting', 7 * 24 + 1), inc('d', 'explosion', 2), inc('e', 'shooting', 3, 'unconfirmed'), inc('f', 'arson', 50, 'retracted')],
      [zone('z1', 5), zone('z2', -1)],
      NOW,
    );
    expect(c).toMatchObject({ shootings7d: 2, explosions7d: 1, confirmed7d: 3, activeZones: 1 });
    expect(c.byType).toEqual([
      { type: 'shooting', count: 2 },
      { type: 'explosion', count: 1 },
    ]);
    expect(c.byDay).toHaveLength(7);
    expect(c.byDay.at(-1)).toEqual({ day: '2026-12-05', count: 2 });
    expect(c.byDay.at(-2)).toEqual({ day: '2026-12-04', count: 1 });
    expect(c.byDay.reduce((s, d) => s + d.count, 0)).toBe(3);
  });

  it('use the Stockholm calendar day (23:30 UTC is the next day in winter)', () => {
    expect(stockholmDay(Date.parse('2026-12-04T23:30:00Z'))).toBe('2026-12-05');
  });
});

describe('alerts for the duty officer', () => {
  const area = { type: 'Polygon', coordinates: [[[12.9, 55.5], [13.2, 55.5], [13.2, 55.7], [12.9, 55.7], [12.9, 55.5]]] } as const;
  it('alert once for a confirmed shooting or explosion inside the area, and for nothing else', () => {
    const seen = new Set<string>();
    const first = incidentsToAlert(
      [inc('in', 'shooting', 0), inc('out', 'explosion', 0, 'confirmed', [18, 59.3]), inc('unconf', 'shooting', 0, 'unconfirmed'), inc('arson', 'arson', 0), inc('boom', 'explosion', 0)],
      area,
      seen,
    );
    expect(first.map((i) => i.id)).toEqual(['in', 'boom']);
    // The same incidents again (a later live event): no second alert; a newly confirmed one alerts.
    const again = incidentsToAlert([inc('in', 'shooting', 0), inc('unconf', 'shooting', 0, 'confirmed')], area, seen);
    expect(again.map((i) => i.id)).toEqual(['unconf']);
  });
});
