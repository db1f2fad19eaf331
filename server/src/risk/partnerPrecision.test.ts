/**
 * The partner generalisation really hides what it claims (P1/V3): from exactly what a partner receives about a
 * shooting — the zone (outline, times), the `risk.updated` body (box, cell count, zones) and the tile values
 * (partner surface, quantised) — the best reconstructions we can think of do no better than snapping to the
 * 250 m grid (median error ≈ 96 m for uniform positions). The proof behind it: two shootings in the same 250 m
 * cell and the same hour give the partner byte-identical products, so no estimator can tell them apart.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ZoneView } from '../../../shared/src/events.ts';
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import { geometryToSweref } from '../geo/crs.ts';
import type { IncidentRecord } from '../incidents/types.ts';
import { createPrng } from '../../../shared/src/random.ts';
import { parseArea } from './area.ts';
import { PictureRisk, resolveRiskSettings } from './pictureRisk.ts';
import { riskUpdatedBody, zoneViews } from './riskService.ts';
import { quantise } from './tiles.ts';

const AREA = JSON.stringify(geometryToSweref({ type: 'Polygon', coordinates: [[[12.92, 55.545], [13.1, 55.545], [13.1, 55.635], [12.92, 55.635], [12.92, 55.545]]] }));
const NOW = Date.parse('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const SAMPLES = 200;

function shooting(id: string, x: number, y: number, occurredAt: number, status: 'confirmed' | 'retracted' = 'confirmed'): IncidentRecord {
  const [lon, lat] = swerefToWgs(x, y);
  const t = new Date(occurredAt);
  return { id, source: 't', sourceId: id, type: 'shooting', occurredAt: t, reportedAt: t, x, y, lon, lat, locationPrecision: 'exact', status, severity: null, description: null, classification: 'partner', ownerOrgId: null, areaCode: null, createdAt: t, updatedAt: t };
}

/** Everything a partner receives about one shooting added to an empty picture. */
function partnerReceives(st: PictureRisk, rec: IncidentRecord) {
  const delta = st.apply([{ before: null, after: rec }], NOW);
  const body = riskUpdatedBody(st, delta, 'generalised');
  const zones = zoneViews(st, 'generalised');
  const values = quantise(st.partner.surface.values, st.settings.scaleMax);
  const received = { body, zones, values, grid: st.partner.grid };
  st.apply([{ before: rec, after: { ...rec, status: 'retracted' } }], NOW);
  return received;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

/** Area centroid of a WGS84 ring, in EPSG:3006. */
function ringCentroid(ring: number[][]): [number, number] {
  const pts = ring.map(([lon, lat]) => wgsToSweref(lon, lat));
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [x0, y0] = pts[i];
    const [x1, y1] = pts[i + 1];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

describe('partner generalisation withstands reconstruction', () => {
  const make = () => new PictureRisk('pic', parseArea(AREA)!, resolveRiskSettings({}), 'sig', NOW, 4e6);

  it(`over ${SAMPLES} random shootings, no reconstruction from what a partner receives beats 250 m grid snapping (median ≥ 90 m)`, () => {
    const st = make();
    const rng = createPrng(20261126);
    const [cx, cy] = wgsToSweref(13.01, 55.59);
    const errors: Record<string, number[]> = { zoneCentroid: [], boxCentre: [], tilePeak: [], tileWeighted: [], average: [] };
    for (let k = 0; k < SAMPLES; k++) {
      const x = cx - 2_000 + rng.nextFloat() * 4_000;
      const y = cy - 2_000 + rng.nextFloat() * 4_000;
      const got = partnerReceives(st, shooting(`s${k}`, x, y, NOW - 5 * HOUR - rng.nextFloat() * HOUR));
      expect(got.zones).toHaveLength(1);
      expect(got.body).not.toBeNull();
      const err = ([ex, ey]: [number, number]) => Math.hypot(ex - x, ey - y);

      const zone = ringCentroid((got.zones[0].geometry.coordinates as number[][][])[0]);
      const b = got.body!.bbox!;
      const [bx0, by0] = wgsToSweref(b[0], b[1]);
      const [bx1, by1] = wgsToSweref(b[2], b[3]);
      const box: [number, number] = [(bx0 + bx1) / 2, (by0 + by1) / 2];
      // From the tile values: the centre of the strongest cells, and the value-weighted centre of every cell.
      const { originX, originY, cellSize, cols } = got.grid;
      const max = got.values.reduce((m, v) => Math.max(m, v), 0);
      let px = 0;
      let py = 0;
      let pn = 0;
      let wx = 0;
      let wy = 0;
      let wn = 0;
      got.values.forEach((v, i) => {
        if (!(v > 0)) return;
        const r = Math.floor(i / cols);
        const c = i - r * cols;
        const ux = originX + (c + 0.5) * cellSize;
        const uy = originY - (r + 0.5) * cellSize;
        wx += v * ux;
        wy += v * uy;
        wn += v;
        if (v === max) {
          px += ux;
          py += uy;
          pn++;
        }
      });
      const peak: [number, number] = [px / pn, py / pn];
      const weighted: [number, number] = [wx / wn, wy / wn];
      errors.zoneCentroid.push(err(zone));
      errors.boxCentre.push(err(box));
      errors.tilePeak.push(err(peak));
      errors.tileWeighted.push(err(weighted));
      errors.average.push(err([(zone[0] + box[0] + peak[0] + weighted[0]) / 4, (zone[1] + box[1] + peak[1] + weighted[1]) / 4]));
    }
    const medians = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, Math.round(median(v))]));
    // Before partner products were built from the snapped point, the zone outline gave ≈ 30 m.
    for (const [name, m] of Object.entries(medians)) expect(m, `${name}: ${JSON.stringify(medians)}`).toBeGreaterThanOrEqual(90);
  });

  it('two shootings in the same 250 m cell and the same hour give the partner identical products', () => {
    const st = make();
    const rng = createPrng(7);
    const anonymous = (z: ZoneView) => ({ ...z, id: null });
    const digest = (got: ReturnType<typeof partnerReceives>) =>
      createHash('sha256')
        .update(JSON.stringify({ body: { ...got.body, zones: got.body?.zones.map(anonymous) }, zones: got.zones.map(anonymous) }))
        .update(new Uint8Array(got.values.buffer))
        .digest('hex');
    const [cx, cy] = wgsToSweref(13.01, 55.59);
    for (let k = 0; k < 30; k++) {
      const cellX = Math.floor((cx - 2_000 + rng.nextFloat() * 4_000) / 250) * 250;
      const cellY = Math.floor((cy - 2_000 + rng.nextFloat() * 4_000) / 250) * 250;
      const hour = Math.floor((NOW - 6 * HOUR) / HOUR) * HOUR;
      const a = partnerReceives(st, shooting(`a${k}`, cellX + 1 + rng.nextFloat() * 248, cellY + 1 + rng.nextFloat() * 248, hour + rng.nextFloat() * (HOUR - 1)));
      const b = partnerReceives(st, shooting(`b${k}`, cellX + 1 + rng.nextFloat() * 248, cellY + 1 + rng.nextFloat() * 248, hour + rng.nextFloat() * (HOUR - 1)));
      // The zone id is an opaque per-incident hash; everything else must match exactly.
      expect(digest(a)).toBe(digest(b));
    }
  });
});
