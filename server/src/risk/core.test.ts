import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import { geometryToSweref } from '../geo/crs.ts';
import type { IncidentRecord } from '../incidents/types.ts';
import { areaContains, areaMask, gridForArea, parseArea } from './area.ts';
import { riskAudience } from './audience.ts';
import { PictureRisk, resolveRiskSettings } from './pictureRisk.ts';
import { encodePng } from '../geo/png.ts';
import { PALETTE, quantise, renderTile, tilesForBbox } from './tiles.ts';

const SQUARE = JSON.stringify(geometryToSweref({ type: 'Polygon', coordinates: [[[12.92, 55.545], [13.1, 55.545], [13.1, 55.635], [12.92, 55.635], [12.92, 55.545]]] }));
const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

function rec(id: string, lon: number, lat: number, over: Partial<IncidentRecord> = {}): IncidentRecord {
  const [x, y] = wgsToSweref(lon, lat);
  const t = new Date(NOW - DAY);
  return { id, source: 't', sourceId: id, type: 'shooting', occurredAt: t, reportedAt: t, x, y, lon, lat, locationPrecision: 'exact', status: 'confirmed', severity: null, description: null, classification: 'police_internal', ownerOrgId: null, areaCode: null, createdAt: t, updatedAt: t, ...over };
}

describe('area', () => {
  it('contains, masks by scanline (holes excluded) and grids at the cell size', () => {
    const a = parseArea(JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1000, 0], [1000, 1000], [0, 1000], [0, 0]], [[400, 400], [600, 400], [600, 600], [400, 600], [400, 400]]] }))!;
    expect(areaContains(a, 100, 100)).toBe(true);
    expect(areaContains(a, 500, 500)).toBe(false);
    const g = gridForArea(a, 100, 1e6);
    expect(g).toEqual({ originX: 0, originY: 1000, cellSize: 100, cols: 10, rows: 10 });
    const m = areaMask(a, g);
    expect(m.reduce((s, v) => s + v, 0)).toBe(96);
    expect(m[5 * 10 + 5]).toBe(0);
    expect(gridForArea(a, 1, 1000).cellSize).toBeGreaterThanOrEqual(32);
    expect(parseArea('{"type":"Point","coordinates":[1,2]}')).toBeNull();
    expect(parseArea(null)).toBeNull();
  });
});

describe('PictureRisk', () => {
  const make = () => new PictureRisk('p', parseArea(SQUARE)!, resolveRiskSettings({}), 'sig', NOW, 4e6);
  it('[R1] counts confirmed incidents inside the area with a real location only', () => {
    const st = make();
    const d = st.apply(
      [
        { before: null, after: rec('a', 13.0, 55.59) },
        { before: null, after: rec('outside', 14.0, 55.59) },
        { before: null, after: rec('area', 13.01, 55.6, { locationPrecision: 'area' }) },
        { before: null, after: rec('unconf', 13.02, 55.6, { status: 'unconfirmed' }) },
      ],
      NOW,
    );
    expect(st.zones.list().map((z) => z.id)).toEqual(['nrz:a']);
    expect(d.zones.created.map((z) => z.id)).toEqual(['nrz:a']);
    expect([...d.relevantIds].sort()).toEqual(['a', 'area', 'unconf']);
    const [x, y] = wgsToSweref(13.0, 55.59);
    expect(st.surface.valueAt(x, y)).toBeGreaterThan(0.85);
    expect(d.change.cells.length).toBeGreaterThan(150);
    // Moving it out of the area removes it.
    const moved = st.apply([{ before: rec('a', 13.0, 55.59), after: rec('a', 14.0, 55.59) }], NOW);
    expect(moved.zones.removed.map((z) => z.id)).toEqual(['nrz:a']);
    expect(st.surface.valueAt(x, y)).toBe(0);
  });
  it('expires with time and says when to wake next', () => {
    const st = make();
    st.load([rec('a', 13.0, 55.59)], NOW);
    const wake = st.nextWake(NOW)!;
    expect(wake).toBe(NOW - DAY + 14 * DAY);
    const d = st.advance(wake);
    expect(d.zones.removed.map((z) => z.id)).toEqual(['nrz:a']);
    expect(d.change.cells.length).toBeGreaterThan(0);
    expect(st.nextWake(wake)).toBeNull();
  });
  it('refuses bad settings with sentences', () => {
    expect(() => resolveRiskSettings({ cellSizeM: 1, types: { shooting: { radiusM: -5 } } })).toThrow(/cellSizeM must be a number from 5 to 1000.*|radiusM/);
  });
});

describe('P1: police and partner products', () => {
  const make = (input = {}) => new PictureRisk('p', parseArea(SQUARE)!, resolveRiskSettings(input), 'sig', NOW, 4e6);

  it('partner products hold only confirmed partner/public incidents, snapped to the 250 m cell centre and the hour', () => {
    const st = make();
    const d = st.apply(
      [
        { before: null, after: rec('internal', 13.0, 55.59) },
        { before: null, after: rec('shared', 13.03, 55.6, { classification: 'partner', occurredAt: new Date(NOW - DAY + 47 * 60_000) }) },
        { before: null, after: rec('unconf', 13.05, 55.6, { classification: 'public', status: 'unconfirmed' }) },
      ],
      NOW,
    );
    expect(st.police.zones.list().map((z) => z.id).sort()).toEqual(['nrz:internal', 'nrz:shared']);
    expect(st.partner.zones.list().map((z) => z.id)).toEqual(['nrz:shared']);
    expect(d.partner.zones.created.map((z) => z.id)).toEqual(['nrz:shared']);
    const z = st.partner.zones.list()[0];
    expect(((z.x - 125) % 250 + 250) % 250).toBe(0);
    expect(((z.y - 125) % 250 + 250) % 250).toBe(0);
    expect(Date.parse(z.occurredAt) % 3_600_000).toBe(0);
    expect(st.partner.grid.cellSize).toBe(250);
  });

  it('a police-internal change does not touch the partner products, not even to advance their time', () => {
    // A decaying kernel changes the partner surface as time passes: if a police change advanced it, the partner
    // would see a change at the moment of a police-internal incident.
    const st = make({ types: { shooting: { temporalKernel: 'exponential', halfLifeDays: 3 } } });
    st.load([rec('shared', 13.03, 55.6, { classification: 'partner' })], NOW);
    const version = st.partner.version;
    const values = Float32Array.from(st.partner.surface.values);
    const d = st.apply([{ before: null, after: rec('internal', 13.0, 55.59, { occurredAt: new Date(NOW + 5 * 60_000) }) }], NOW + 10 * 60_000);
    expect(d.zones.created.map((z) => z.id)).toEqual(['nrz:internal']);
    expect(d.partner.change.cells.length).toBe(0);
    expect(d.partner.zones.created).toEqual([]);
    expect(st.partner.version).toBe(version);
    expect(Buffer.from(st.partner.surface.values.buffer).equals(Buffer.from(values.buffer))).toBe(true);
    // The police products' own wake times do not move the partner products either; their own tick does.
    const early = st.advance(NOW + 11 * 60_000);
    expect(early.partner.change.cells.length).toBe(0);
    expect(st.partner.version).toBe(version);
    const own = st.partner.nextWake()!;
    expect(own).toBe(NOW + 15 * 60_000);
    const tick = st.advance(own);
    expect(tick.partner.change.cells.length).toBeGreaterThan(0);
    expect(st.partner.version).toBe(version + 1);
  });
});

describe('P3: picture membership as each audience can tell it', () => {
  it('partners learn an incident is in the picture from its generalised point, never from which side of the edge the exact one lies', () => {
    // East edge at x = 375 150: the 250 m cell [375 000, 375 250) straddles it, its centre 375 125 is inside.
    const area = parseArea(JSON.stringify({ type: 'Polygon', coordinates: [[[370_000, 6_160_000], [375_150, 6_160_000], [375_150, 6_165_000], [370_000, 6_165_000], [370_000, 6_160_000]]] }))!;
    const st = new PictureRisk('p', area, resolveRiskSettings({}), 'sig', NOW, 4e6);
    const at = (id: string, x: number) => {
      const [lon, lat] = [13, 55.6];
      return { ...rec(id, lon, lat, { classification: 'partner' }), x, y: 6_162_600 };
    };
    const d = st.apply([{ before: null, after: at('inside', 375_100) }, { before: null, after: at('outside', 375_200) }], NOW);
    // Police: by the stored point. Partners: both snap to 375 125, inside: the same answer for both.
    expect([...d.relevantIds]).toEqual(['inside']);
    expect([...d.partnerRelevantIds].sort()).toEqual(['inside', 'outside']);
    expect(st.partner.zones.size).toBe(2);
  });
});

describe('audience (A1–A3)', () => {
  it('police with a police-internal incidents layer: full; risk layer readers: generalised; others: none', () => {
    expect(riskAudience({ isPolice: true }, [{ kind: 'incidents', classification: 'police_internal' }])).toBe('full');
    expect(riskAudience({ isPolice: false }, [{ kind: 'incidents', classification: 'police_internal' }, { kind: 'risk', classification: 'partner' }])).toBe('generalised');
    expect(riskAudience({ isPolice: true }, [{ kind: 'risk', classification: 'partner' }])).toBe('generalised');
    expect(riskAudience({ isPolice: false }, [{ kind: 'public', classification: 'public' }])).toBe('none');
    expect(riskAudience({ isPolice: true }, [{ kind: 'risk', classification: 'police_internal' }])).toBe('full');
    expect(riskAudience({ isPolice: false }, [{ kind: 'risk', classification: 'police_internal' }])).toBe('none');
  });
});

describe('png and tiles', () => {
  it('encodes a valid RGBA PNG', () => {
    const rgba = new Uint8Array(2 * 2 * 4).map((_, i) => i * 10);
    const png = Buffer.from(encodePng(2, 2, rgba));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(2);
    const idatLen = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLen));
    expect([...raw.subarray(0, 9)]).toEqual([0, 0, 10, 20, 30, 40, 50, 60, 70]);
  });
  it('has a transparent zero and an opaque-ish, monotone-luminance palette', () => {
    expect(PALETTE[3]).toBe(0);
    const lum = (i: number) => 0.2126 * PALETTE[i * 4] + 0.7152 * PALETTE[i * 4 + 1] + 0.0722 * PALETTE[i * 4 + 2];
    for (let i = 2; i < 256; i++) expect(lum(i)).toBeGreaterThanOrEqual(lum(i - 1) - 0.5);
  });
  it('renders values under their tile and nothing elsewhere; lists tiles for a bbox', () => {
    const grid = { originX: 370_000, originY: 6_170_000, cellSize: 50, cols: 200, rows: 200 };
    const values = new Float32Array(grid.cols * grid.rows).fill(1);
    const tiles = tilesForBbox([12.99, 55.58, 13.01, 55.6], 10, 14);
    expect(tiles[0]).toMatch(/^10\/\d+\/\d+$/);
    const [z, x, y] = tiles[tiles.length - 1].split('/').map(Number);
    const png = renderTile({ grid, values, mask: null, scaleMax: 2 }, z, x, y);
    expect(png.length).toBeGreaterThan(100);
    const empty = renderTile({ grid, values, mask: null, scaleMax: 2 }, 10, 0, 0);
    expect(empty.length).toBeLessThan(png.length);
  });
  it('quantises partner values to quarters of the scale, rounding up', () => {
    const q = quantise(Float32Array.from([0, 0.3, 1.0, 1.9, 5]), 2);
    expect([...q]).toEqual([0, 0.5, 1, 2, 2]);
  });
});

describe('PictureRisk bulk changes', () => {
  it('a large batch gives the same surface as one change at a time', () => {
    const settings = resolveRiskSettings({});
    const area = parseArea(SQUARE)!;
    const a = new PictureRisk('p', area, settings, 's', NOW, 4e6);
    const b = new PictureRisk('p', area, settings, 's', NOW, 4e6);
    const recs = Array.from({ length: 100 }, (_, i) => rec(`i${String(i).padStart(3, '0')}`, 12.93 + (i % 10) * 0.015, 55.55 + Math.floor(i / 10) * 0.008));
    const bulk = a.apply(recs.map((r) => ({ before: null, after: r })), NOW);
    expect(bulk.change.full).toBe(true);
    for (const r of recs) b.apply([{ before: null, after: r }], NOW);
    expect(Buffer.from(a.surface.values.buffer).equals(Buffer.from(b.surface.values.buffer))).toBe(true);
    expect(a.zones.list().map((z) => z.id)).toEqual(b.zones.list().map((z) => z.id));
  });
});
