import { describe, expect, it } from 'vitest';
import { wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import type { IncidentRecord } from './types.ts';
import { incidentOut, incidentView, partnerLocation, partnerMaySee, partnerOccurredAt, partnerTimeFilter, snapToGrid } from './visibility.ts';

function rec(over: Partial<IncidentRecord> = {}): IncidentRecord {
  const [x, y] = wgsToSweref(13.0011, 55.6011);
  const t = new Date('2026-11-20T20:00:00Z');
  return {
    id: 'inc_1',
    source: 'rakel',
    sourceId: 'K-123',
    type: 'shooting',
    occurredAt: t,
    reportedAt: t,
    x,
    y,
    lon: 13.0011,
    lat: 55.6011,
    locationPrecision: 'exact',
    status: 'confirmed',
    severity: 4,
    description: 'Källa: informatör',
    classification: 'partner',
    ownerOrgId: 'org-po-malmo',
    areaCode: '1280',
    createdAt: t,
    updatedAt: t,
    ...over,
  };
}

describe('incident visibility (V1–V4)', () => {
  it('[V1] police see everything', () => {
    const v = incidentView(rec({ classification: 'police_internal' }), 'police')!;
    expect(v).toMatchObject({ description: 'Källa: informatör', source: 'rakel', sourceId: 'K-123', severity: 4, generalised: false });
    expect(v.location!.coordinates).toEqual([13.0011, 55.6011]);
  });

  it('[V2] partners never see police-internal or retracted incidents', () => {
    expect(incidentView(rec({ classification: 'police_internal' }), 'partner')).toBeNull();
    expect(incidentView(rec({ status: 'retracted' }), 'partner')).toBeNull();
    expect(partnerMaySee(rec({ classification: 'public' }))).toBe(true);
    expect(partnerMaySee(rec({ classification: 'partner', status: 'unconfirmed' }))).toBe(true);
  });

  it('[V3] partners get no description, source or severity, and a location snapped to the 250 m grid', () => {
    const v = incidentView(rec(), 'partner')!;
    expect(v.generalised).toBe(true);
    for (const k of ['description', 'source', 'sourceId', 'severity'] as const) expect(v[k]).toBeUndefined();
    const [sx, sy] = snapToGrid(rec().x, rec().y);
    expect((sx - 125) % 250).toBe(0);
    expect((sy - 125) % 250).toBe(0);
    const p = partnerLocation(rec());
    expect(p.x).toBe(sx);
    expect(Math.abs(p.x - rec().x)).toBeLessThanOrEqual(125);
    expect(Math.abs(p.y - rec().y)).toBeLessThanOrEqual(125);
    expect(v.location!.coordinates).toEqual([p.lon, p.lat]);
    // The snap size travels with the view, so the UI says "ungefärligt läge, ±250 m" from data; police views carry none.
    expect(v.precisionM).toBe(250);
    expect(incidentView(rec(), 'police')!.precisionM).toBeUndefined();
    // Nearby points in the same cell are indistinguishable.
    const [x2, y2] = [Math.floor(rec().x / 250) * 250 + 10, Math.floor(rec().y / 250) * 250 + 10];
    expect(partnerLocation(rec({ x: x2, y: y2 })).x).toBe(p.x);
    // Street precision is snapped too.
    expect(partnerLocation(rec({ locationPrecision: 'street' })).x).toBe(sx);
    const out = incidentOut(rec(), 'partner')!;
    expect(out.locationSweref).toBeUndefined();
    expect(out.ownerOrgId).toBeUndefined();
  });

  it("[V3] locationPrecision 'area' does not bypass the generalisation: partners never get the exact point", () => {
    // Whoever reports sets the precision; an exact point marked 'area' must still be snapped.
    const v = incidentView(rec({ locationPrecision: 'area' }), 'partner')!;
    const p = partnerLocation(rec());
    expect(v.location!.coordinates).toEqual([p.lon, p.lat]);
    expect(v.location!.coordinates).not.toEqual([13.0011, 55.6011]);
    expect(incidentOut(rec({ locationPrecision: 'area' }), 'partner')!.location).toEqual(v.location);
    // Police still get the stored point.
    expect(incidentView(rec({ locationPrecision: 'area' }), 'police')!.location!.coordinates).toEqual([13.0011, 55.6011]);
  });

  it('[V3] partners get the time to the hour (the start of the hour it happened in); police get it exactly', () => {
    const t = new Date('2026-11-20T20:47:31.250Z');
    expect(incidentView(rec({ occurredAt: t }), 'partner')!.occurredAt).toBe('2026-11-20T20:00:00.000Z');
    expect(incidentOut(rec({ occurredAt: t }), 'partner')!.occurredAt).toBe('2026-11-20T20:00:00.000Z');
    expect(incidentView(rec({ occurredAt: t }), 'police')!.occurredAt).toBe(t.toISOString());
    expect(partnerOccurredAt(t)).toBe(Date.parse('2026-11-20T20:00:00Z'));
    expect(partnerOccurredAt(new Date('2026-11-20T20:00:00Z'))).toBe(Date.parse('2026-11-20T20:00:00Z'));
  });

  it('[V3] a partner time filter selects by the hour shown, so it cannot find the minute', () => {
    const t = Date.parse('2026-11-20T20:47:31Z');
    const hit = (f: { gte?: Date; lt?: Date }) => (f.gte === undefined || t >= f.gte.getTime()) && (f.lt === undefined || t < f.lt.getTime());
    // Any window that contains 20:00 finds it, any that does not, does not — whatever minute it names.
    expect(hit(partnerTimeFilter(new Date('2026-11-20T20:00:00Z'), new Date('2026-11-20T20:00:00Z')))).toBe(true);
    expect(hit(partnerTimeFilter(new Date('2026-11-20T19:10:00Z'), new Date('2026-11-20T20:01:00Z')))).toBe(true);
    expect(hit(partnerTimeFilter(new Date('2026-11-20T20:47:00Z'), new Date('2026-11-20T20:48:00Z')))).toBe(false);
    expect(hit(partnerTimeFilter(new Date('2026-11-20T20:00:01Z'), undefined))).toBe(false);
    expect(hit(partnerTimeFilter(undefined, new Date('2026-11-20T19:59:59Z')))).toBe(false);
    expect(hit(partnerTimeFilter(undefined, new Date('2026-11-20T20:00:00Z')))).toBe(true);
  });

  it('[V4] others see nothing', () => {
    expect(incidentView(rec({ classification: 'public' }), 'none')).toBeNull();
    expect(incidentOut(rec(), 'none')).toBeNull();
  });
});
