import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, resolveNearRepeatConfig } from './kernels.ts';
import type { NearRepeatIncident } from './surface.ts';
import { ZoneRegistry, activeZones, circlePolygon3006, generaliseZone, isZoneActive, nextZoneExpiry, toLonLat, zoneExpiresAt, zoneForIncident } from './zones.ts';

const T0 = Date.UTC(2026, 10, 20, 21, 37, 12);
// Malmö, Möllevångstorget area in SWEREF 99 TM.
const X = 374_700;
const Y = 6_163_400;
const shooting = (over: Partial<NearRepeatIncident> = {}): NearRepeatIncident => ({
  id: 'inc-1',
  type: 'shooting',
  status: 'confirmed',
  x: X,
  y: Y,
  occurredAt: T0,
  ...over,
});

describe('zones', () => {
  it('a confirmed shooting gets a 400 m zone expiring after 14 days', () => {
    const z = zoneForIncident(shooting())!;
    expect(z.id).toBe('nrz:inc-1');
    expect(z.incidentId).toBe('inc-1');
    expect(z.radiusM).toBe(400);
    expect(z.expiresAtMs).toBe(T0 + 14 * MS_PER_DAY);
    expect(z.expiresAt).toBe('2026-12-04T21:37:12.000Z');
    expect(zoneExpiresAt(shooting())).toBe(z.expiresAtMs);
    const ring = z.geometry3006.coordinates[0];
    expect(ring.length).toBe(65);
    expect(ring[0]).toEqual(ring[64]);
    // The polygon circumscribes the circle: every edge midpoint is at ≥ 400 m.
    for (let k = 0; k < 64; k++) {
      const mx = (ring[k][0] + ring[k + 1][0]) / 2 - X;
      const my = (ring[k][1] + ring[k + 1][1]) / 2 - Y;
      expect(Math.hypot(mx, my)).toBeGreaterThanOrEqual(399.99);
    }
    // WGS84: Malmö is near 13.0° E, 55.6° N; counter-clockwise ring.
    const [lon, lat] = z.geometry.coordinates[0][0];
    expect(lon).toBeGreaterThan(12.9);
    expect(lon).toBeLessThan(13.1);
    expect(lat).toBeGreaterThan(55.5);
    expect(lat).toBeLessThan(55.7);
    let area2 = 0;
    const w = z.geometry.coordinates[0];
    for (let k = 0; k < w.length - 1; k++) area2 += w[k][0] * w[k + 1][1] - w[k + 1][0] * w[k][1];
    expect(area2).toBeGreaterThan(0);
  });
  it('reprojects SWEREF 99 TM to WGS84 correctly at the central meridian', () => {
    // 15° E on the equator-referenced UTM 33 false easting 500 000.
    const [lon, lat] = toLonLat(500_000, 6_200_000);
    expect(lon).toBeCloseTo(15, 9);
    expect(lat).toBeGreaterThan(55.9);
    expect(lat).toBeLessThan(56);
  });
  it('unconfirmed, retracted and non-zone types create no zone; explosions do', () => {
    expect(zoneForIncident(shooting({ status: 'unconfirmed' }))).toBeNull();
    expect(zoneForIncident(shooting({ status: 'retracted' }))).toBeNull();
    expect(zoneForIncident(shooting({ type: 'arson' }))).toBeNull();
    expect(zoneForIncident(shooting({ type: 'explosion' }))).not.toBeNull();
    const cfg = resolveNearRepeatConfig({ types: { arson: { createsZone: true, windowDays: 3 } } });
    expect(zoneForIncident(shooting({ type: 'arson' }), cfg)!.expiresAtMs).toBe(T0 + 3 * MS_PER_DAY);
  });
  it('expiry: active until (not including) expiresAt', () => {
    const z = zoneForIncident(shooting())!;
    expect(isZoneActive(z, T0)).toBe(true);
    expect(isZoneActive(z, z.expiresAtMs - 1)).toBe(true);
    expect(isZoneActive(z, z.expiresAtMs)).toBe(false);
    expect(activeZones([shooting(), shooting({ id: 'old', occurredAt: T0 - 20 * MS_PER_DAY })], T0 + 1)).toHaveLength(1);
    expect(nextZoneExpiry([z], T0)).toBe(z.expiresAtMs);
    expect(nextZoneExpiry([z], z.expiresAtMs)).toBeNull();
  });
  it('registry: create, move, retract, expire', () => {
    const reg = new ZoneRegistry();
    const now = T0 + 1000;
    expect(reg.upsert(shooting({ status: 'unconfirmed' }), now).created).toHaveLength(0);
    const c = reg.upsert(shooting(), now);
    expect(c.created.map((z) => z.id)).toEqual(['nrz:inc-1']);
    expect(reg.upsert(shooting(), now).updated).toHaveLength(0);
    expect(reg.upsert(shooting({ x: X + 50 }), now).updated).toHaveLength(1);
    const r = reg.upsert(shooting({ status: 'retracted' }), now);
    expect(r.removed.map((z) => z.id)).toEqual(['nrz:inc-1']);
    expect(reg.size).toBe(0);
    reg.upsert(shooting(), now);
    reg.upsert(shooting({ id: 'inc-2', type: 'explosion', occurredAt: T0 + 2 * MS_PER_DAY }), T0 + 2 * MS_PER_DAY);
    expect(reg.nextExpiry()).toBe(T0 + 14 * MS_PER_DAY);
    expect(reg.expire(T0 + 14 * MS_PER_DAY - 1)).toHaveLength(0);
    expect(reg.expire(T0 + 14 * MS_PER_DAY).map((z) => z.incidentId)).toEqual(['inc-1']);
    expect(reg.list().map((z) => z.incidentId)).toEqual(['inc-2']);
    // An incident that is already past its window creates nothing.
    expect(reg.upsert(shooting({ id: 'old', occurredAt: T0 - 30 * MS_PER_DAY }), now).created).toHaveLength(0);
  });
  it('partner generalisation snaps to 250 m cells and hides incident details', () => {
    const z = zoneForIncident(shooting())!;
    const p = generaliseZone(z, { salt: 's3cret' });
    const json = JSON.stringify(p);
    expect(json).not.toContain('inc-1');
    expect(json).not.toContain('shooting');
    expect(json).not.toContain(String(X));
    expect(p.id).toMatch(/^pz:[0-9a-f]{20}$/);
    expect(generaliseZone(z, { salt: 'other' }).id).not.toBe(p.id);
    expect(p.expiresAt).toBe('2026-12-04T22:00:00.000Z');
    const ring = p.geometry3006.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [x, y] of ring) {
      expect(x % 250).toBe(0);
      expect(y % 250).toBe(0);
    }
    // Covers the circle: its bbox contains the circle's bbox; orthogonal edges only.
    const xs = ring.map((q) => q[0]);
    const ys = ring.map((q) => q[1]);
    expect(Math.min(...xs)).toBeLessThanOrEqual(X - 400);
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(X + 400);
    expect(Math.min(...ys)).toBeLessThanOrEqual(Y - 400);
    expect(Math.max(...ys)).toBeGreaterThanOrEqual(Y + 400);
    for (let k = 0; k < ring.length - 1; k++) {
      expect(ring[k][0] === ring[k + 1][0] || ring[k][1] === ring[k + 1][1]).toBe(true);
    }
    // Area of the outline = number of touched cells × 250²; touched cells of a 400 m circle at this offset.
    let a2 = 0;
    for (let k = 0; k < ring.length - 1; k++) a2 += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
    const cells = a2 / 2 / (250 * 250);
    expect(Number.isInteger(cells)).toBe(true);
    let brute = 0;
    for (let cx = Math.floor((X - 400) / 250); cx <= Math.floor((X + 400) / 250); cx++) {
      for (let cy = Math.floor((Y - 400) / 250); cy <= Math.floor((Y + 400) / 250); cy++) {
        const nx = Math.max(cx * 250, Math.min(X, cx * 250 + 250));
        const ny = Math.max(cy * 250, Math.min(Y, cy * 250 + 250));
        if (Math.hypot(nx - X, ny - Y) < 400) brute++;
      }
    }
    expect(cells).toBe(brute);
    expect(p.geometry.coordinates[0]).toHaveLength(ring.length);
  });
  it('circle polygon has the requested number of vertices', () => {
    expect(circlePolygon3006(0, 0, 100, 16).coordinates[0]).toHaveLength(17);
  });
});
