import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ancestorsOf, bboxIntersects, buildShippedAreas, districtKey, parseAreaGeoJson, parseBboxParam, swedishNameCase } from './areas.ts';
import { reproject, toSweref99tm } from './projection.ts';

const GEO = join(dirname(fileURLToPath(import.meta.url)), '../../../assets/geo');
const read = (f: string) => readFileSync(join(GEO, f), 'utf8');

describe('shipped areas (assets/geo)', () => {
  const areas = buildShippedAreas(read);
  const byCode = new Map(areas.map((a) => [a.code, a]));
  const count = (level: string) => areas.filter((a) => a.level === level).length;

  it('has every unit once: 1 country, 21 län, 290 kommuner, 175 DeSO, 1,684 districts', () => {
    expect(byCode.size).toBe(areas.length);
    expect([count('country'), count('lan'), count('kommun'), count('deso'), count('district')]).toEqual([1, 21, 290, 175, 117 + 419 + 1012 + 136]);
  });

  it('links kommun → län (first two digits) → SE, DeSO → kommun, districts → their kommun', () => {
    for (const a of areas) {
      if (a.level === 'country') expect(a.parentCode).toBeNull();
      else expect(byCode.has(a.parentCode as string), `${a.code} → ${a.parentCode}`).toBe(true);
      if (a.level === 'kommun') expect(a.parentCode).toBe(a.code.slice(0, 2));
      if (a.level === 'deso') expect(a.parentCode).toBe(a.code.slice(0, 4));
    }
    expect(byCode.get('1280')).toMatchObject({ name: 'Malmö', parentCode: '12', vintage: 'KOMMUN2007' });
    expect(byCode.get('0180-SD-RINKEBY')).toMatchObject({ name: 'Rinkeby', parentCode: '0180', level: 'district' });
    expect(byCode.get('0180-SD-HASSELBY_GARD')?.name).toBe('Hässelby gård');
    expect(byCode.get('2081C1130')).toMatchObject({ level: 'deso', vintage: 'DeSO2018', parentCode: '2081', name: '2081C1130 Borlänge' });
    expect(areas.filter((a) => a.code.startsWith('1480-BO-')).every((a) => a.parentCode === '1480')).toBe(true);
    expect(areas.filter((a) => a.code.startsWith('1280-DO-')).every((a) => a.parentCode === '1280')).toBe(true);
    expect(ancestorsOf('2081C1130', byCode)).toEqual(['2081', '20', 'SE']);
  });

  it('geometries are WGS84 with bboxes inside Sweden, and kommun boxes lie within their län box', () => {
    const se = byCode.get('SE')!;
    expect(se.bbox[0]).toBeGreaterThan(10);
    expect(se.bbox[2]).toBeLessThan(25);
    expect(se.bbox[1]).toBeGreaterThan(55);
    expect(se.bbox[3]).toBeLessThan(69.1);
    for (const a of areas.filter((x) => x.level === 'kommun')) {
      const lan = byCode.get(a.parentCode as string)!;
      expect(bboxIntersects(a.bbox, lan.bbox)).toBe(true);
      expect(a.bbox[0]).toBeGreaterThanOrEqual(lan.bbox[0] - 1e-9);
      expect(a.bbox[3]).toBeLessThanOrEqual(lan.bbox[3] + 1e-9);
    }
  });
});

describe('parseAreaGeoJson', () => {
  const square = (x: number, y: number, d: number) => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });

  it('reprojects SWEREF99 TM input named in the crs member and reports bad features per row', () => {
    const doc = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } },
      features: [
        { type: 'Feature', properties: { deso: '1280C1010' }, geometry: square(500000, 6160000, 1000) },
        { type: 'Feature', properties: { deso: '1280C1010' }, geometry: square(500000, 6160000, 1000) },
        { type: 'Feature', properties: { deso: '12800' }, geometry: { type: 'Point', coordinates: [0, 0] } },
        { type: 'Feature', properties: {}, geometry: square(500000, 6160000, 1000) },
      ],
    };
    const r = parseAreaGeoJson(doc, { level: 'deso', vintage: 'DeSO2025' });
    expect(r.areas).toHaveLength(1);
    const a = r.areas[0];
    expect(a.code).toBe('1280C1010_DeSO2025');
    expect(a.parentCode).toBe('1280');
    expect(a.bbox[0]).toBeCloseTo(15, 6); // easting 500 000 is the zone-33 central meridian
    expect(a.bbox[1]).toBeGreaterThan(55.5);
    expect(r.rejected.map((x) => x.row)).toEqual([2, 3, 4]);
    expect(r.rejected[0].errors[0]).toMatch(/duplicate code 1280C1010_DeSO2025/);
    expect(r.rejected[1].errors).toEqual(["unknown area code format '12800'", 'geometry type Point is not an area (Polygon or MultiPolygon)']);
  });

  it('refuses codes of another vintage or level', () => {
    const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { deso: '1280C1010_DeSO2025' }, geometry: square(13, 55.6, 0.01) }] };
    expect(parseAreaGeoJson(doc, { level: 'deso', vintage: 'DeSO2018' }).rejected[0].errors[0]).toMatch(/vintage DeSO2025, not DeSO2018/);
    expect(parseAreaGeoJson(doc, { level: 'kommun', vintage: 'KOMMUN2007', code: 'deso' }).rejected[0].errors[0]).toMatch(/deso code, not kommun/);
  });

  it('refuses self-intersecting, unclosed and non-Swedish boundaries per feature, naming the problem', () => {
    const bowTie = { type: 'Polygon', coordinates: [[[13.0, 55.6], [13.1, 55.65], [13.1, 55.6], [13.0, 55.68], [13.0, 55.6]]] };
    const unclosed = { type: 'Polygon', coordinates: [[[13.0, 55.6], [13.1, 55.6], [13.1, 55.7], [13.0, 55.7]]] };
    const features = [square(13, 55.6, 0.01), bowTie, unclosed, square(2, 48, 0.5)].map((geometry, i) => ({ type: 'Feature', properties: { deso: `1280C10${10 + i}` }, geometry }));
    const r = parseAreaGeoJson({ type: 'FeatureCollection', features }, { level: 'deso', vintage: 'DeSO2018' });
    expect(r.areas.map((a) => a.code)).toEqual(['1280C1010']);
    expect(r.rejected.map((x) => [x.row, x.errors[0]])).toEqual([
      [2, expect.stringMatching(/intersects itself/)],
      [3, expect.stringMatching(/not closed/)],
      [4, expect.stringMatching(/outside Sweden/)],
    ]);
  });

  it('asks for a CRS when projected coordinates come without one', () => {
    const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { kommun_kod: '1280' }, geometry: square(374000, 6164000, 100) }] };
    expect(parseAreaGeoJson(doc, { level: 'kommun', vintage: 'KOMMUN2007' }).rejected[0].errors[0]).toMatch(/give the CRS/);
  });

  it('round-trips WGS84 ↔ SWEREF99 TM and local zones', () => {
    const g = { type: 'Polygon' as const, coordinates: [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]] };
    const tm = toSweref99tm(g);
    const back = reproject(tm, 'EPSG:3006', 'EPSG:4326');
    expect(back.coordinates[0][0][0]).toBeCloseTo(13.0, 7);
    const local = reproject(g, 'EPSG:4326', 'EPSG:3008'); // SWEREF99 13 30
    expect(local.coordinates[0][0][0]).toBeGreaterThan(100000);
    expect(() => reproject(g, 'EPSG:4326', 'EPSG:999999')).toThrowError(/Unknown coordinate reference system/);
  });

  it('parses bbox query values', () => {
    expect(parseBboxParam('12.9,55.5,13.1,55.7')).toEqual({ bbox: [12.9, 55.5, 13.1, 55.7] });
    expect(parseBboxParam('1,2,3')).toHaveProperty('error');
    expect(parseBboxParam('13,55,12,56')).toEqual({ error: 'bbox minimum must not exceed maximum' });
  });

  it('district keys and Swedish name case', () => {
    expect(districtKey('HÄSSELBY GÅRD')).toBe('HASSELBY_GARD');
    expect(swedishNameCase('ULVSUNDA INDUSTRIOMR')).toBe('Ulvsunda industriomr');
    expect(swedishNameCase('SÖDRA SOFIELUND/SEVED')).toBe('Södra sofielund/Seved');
  });
});
