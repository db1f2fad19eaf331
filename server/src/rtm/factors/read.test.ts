import { describe, expect, it } from 'vitest';
import { wgsToSweref } from '../../../../shared/src/geo/sweref.ts';
import { FACTOR_LIMITS, FactorFileError, readFactorCsv, readFactorFeatures, readFactorGeoJson } from './read.ts';
import { parseWkt, WktError } from './wkt.ts';

const MALMO: [number, number] = [13.0038, 55.605];

describe('WKT geometries', () => {
  it('reads the six factor geometry types, with Z dropped and the SRID prefix ignored', () => {
    expect(parseWkt('POINT (13 55.6)')).toEqual({ type: 'Point', coordinates: [13, 55.6] });
    expect(parseWkt('SRID=4326;POINT Z (13 55.6 12)')).toEqual({ type: 'Point', coordinates: [13, 55.6] });
    expect(parseWkt('linestring(13 55, 13.1 55.1)')).toEqual({ type: 'LineString', coordinates: [[13, 55], [13.1, 55.1]] });
    expect(parseWkt('POLYGON ((13 55, 13.1 55, 13.1 55.1, 13 55))').coordinates).toHaveLength(1);
    expect(parseWkt('MULTIPOINT (13 55, 13.1 55.1)')).toEqual({ type: 'MultiPoint', coordinates: [[13, 55], [13.1, 55.1]] });
    expect(parseWkt('MULTIPOINT ((13 55), (13.1 55.1))')).toEqual({ type: 'MultiPoint', coordinates: [[13, 55], [13.1, 55.1]] });
    expect(parseWkt('MULTILINESTRING ((13 55, 13.1 55.1), (13.2 55, 13.3 55))').coordinates).toHaveLength(2);
    expect(parseWkt('MULTIPOLYGON (((13 55, 13.1 55, 13.1 55.1, 13 55)), ((14 56, 14.1 56, 14.1 56.1, 14 56)))').coordinates).toHaveLength(2);
    expect(parseWkt('POINT (1.5e1 -5.5E-1)')).toEqual({ type: 'Point', coordinates: [15, -0.55] });
  });

  it('says in Swedish what is wrong with broken WKT', () => {
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow(/WKT-typen CIRCLE stöds inte/);
    expect(() => parseWkt('POINT EMPTY')).toThrow(/tom/);
    expect(() => parseWkt('POINT (1)')).toThrow(WktError);
    expect(() => parseWkt('LINESTRING (1 2, 3 4')).toThrow(/förväntades/);
    expect(() => parseWkt('POINT (1 2) extra')).toThrow(/oväntad text/);
    expect(() => parseWkt('POINT (1 2, 3 4)')).toThrow(/exakt en koordinat/);
  });
});

describe('GeoJSON factor files', () => {
  const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
  const feature = (geometry: unknown, properties: unknown = {}) => ({ type: 'Feature', geometry, properties });

  it('imports points, lines and polygons with their names, and counts them by type', () => {
    const r = readFactorGeoJson(
      JSON.stringify(
        fc([
          feature({ type: 'Point', coordinates: MALMO }, { namn: 'Skola 1' }),
          feature({ type: 'LineString', coordinates: [MALMO, [13.01, 55.61]] }, { name: 'Gata' }),
          feature({ type: 'Polygon', coordinates: [[MALMO, [13.01, 55.605], [13.01, 55.61], MALMO]] }),
        ]),
      ),
    );
    expect(r.rejected).toEqual([]);
    expect(r.features.map((f) => [f.geometry.type, f.title])).toEqual([
      ['Point', 'Skola 1'],
      ['LineString', 'Gata'],
      ['Polygon', ''],
    ]);
    expect(r.geometryTypes).toEqual({ Point: 1, LineString: 1, Polygon: 1 });
  });

  it('reprojects SWEREF 99 TM named by the crs member or asked for, to WGS84', () => {
    const [x, y] = wgsToSweref(...MALMO);
    const named = readFactorGeoJson({ ...fc([feature({ type: 'Point', coordinates: [x, y] })]), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3006' } } });
    const asked = readFactorGeoJson(fc([feature({ type: 'Point', coordinates: [x, y] })]), 'EPSG:3006');
    for (const r of [named, asked]) {
      const [lon, lat] = r.features[0].geometry.coordinates as number[];
      expect(lon).toBeCloseTo(MALMO[0], 6);
      expect(lat).toBeCloseTo(MALMO[1], 6);
    }
    expect(() => readFactorGeoJson({ ...fc([]), crs: { properties: { name: 'EPSG:3857' } } })).toThrow(/EPSG:3857 stöds inte/);
  });

  it('rejects bad features one by one with Swedish sentences and keeps the good ones', () => {
    const r = readFactorGeoJson(
      fc([
        feature({ type: 'Point', coordinates: MALMO }),
        feature({ type: 'Point', coordinates: [MALMO[1], MALMO[0]] }),
        feature(null),
        feature({ type: 'GeometryCollection', geometries: [] }),
        feature({ type: 'Polygon', coordinates: [[MALMO, [13.01, 55.605], [13.01, 55.61], [13, 55.7]]] }),
        feature({ type: 'LineString', coordinates: [MALMO] }),
        { type: 'Nope' },
        feature({ type: 'Point', coordinates: ['13', '55'] }),
      ]),
    );
    expect(r.features).toHaveLength(1);
    expect(r.rejectedCount).toBe(7);
    const byRow = Object.fromEntries(r.rejected.map((x) => [x.row, x.errors[0]]));
    expect(byRow[2]).toMatch(/utanför Sverige.*longitud kommer före latitud/);
    expect(byRow[3]).toBe('Objekt 3: Geometri saknas.');
    expect(byRow[4]).toMatch(/GeometryCollection.*stöds inte/);
    expect(byRow[5]).toMatch(/sluten/);
    expect(byRow[6]).toMatch(/minst två punkter/);
    expect(byRow[7]).toMatch(/inte ett GeoJSON-Feature/);
    expect(byRow[8]).toMatch(/inte tal/);
  });

  it('refuses a file that is not GeoJSON, or is empty, as a whole', () => {
    expect(() => readFactorGeoJson('{ not json')).toThrow(FactorFileError);
    expect(() => readFactorGeoJson(fc([]))).toThrow(/inga objekt/);
    expect(() => readFactorGeoJson({ type: 'Topology' })).toThrow(/inte en FeatureCollection/);
  });

  it('holds the feature limit: one over it refuses the file with the limit named', () => {
    const many = fc(Array.from({ length: FACTOR_LIMITS.maxFeatures + 1 }, () => feature({ type: 'Point', coordinates: MALMO })));
    expect(() => readFactorGeoJson(many)).toThrow(new RegExp(`fler än ${FACTOR_LIMITS.maxFeatures} objekt`));
    // Positive control: exactly the limit is imported.
    const ok = fc(Array.from({ length: FACTOR_LIMITS.maxFeatures }, () => feature({ type: 'Point', coordinates: MALMO })));
    expect(readFactorGeoJson(ok).features).toHaveLength(FACTOR_LIMITS.maxFeatures);
  });
});

describe('CSV factor files', () => {
  it('reads lon,lat points with a name column', () => {
    const r = readFactorCsv('namn,lon,lat\nKrog A,13.0038,55.605\nKrog B,13.01,55.61\n');
    expect(r.features.map((f) => f.title)).toEqual(['Krog A', 'Krog B']);
    expect(r.features[0].geometry).toEqual({ type: 'Point', coordinates: MALMO });
  });

  it('reads x,y as SWEREF 99 TM, and a Swedish spreadsheet with semicolons and decimal commas', () => {
    const [x, y] = wgsToSweref(...MALMO);
    const r = readFactorCsv(`x;y\n${String(x).replace('.', ',')};${String(y).replace('.', ',')}\n`);
    const [lon, lat] = r.features[0].geometry.coordinates as number[];
    expect(lon).toBeCloseTo(MALMO[0], 6);
    expect(lat).toBeCloseTo(MALMO[1], 6);
  });

  it('reads a WKT column of lines and polygons, in the CRS asked for', () => {
    const [x0, y0] = wgsToSweref(...MALMO);
    const csv = `name,wkt\nVäg,"LINESTRING (${x0} ${y0}, ${x0 + 500} ${y0 + 500})"\nPark,"POLYGON ((${x0} ${y0}, ${x0 + 100} ${y0}, ${x0 + 100} ${y0 + 100}, ${x0} ${y0}))"\n`;
    const r = readFactorCsv(csv, 'EPSG:3006');
    expect(r.geometryTypes).toEqual({ LineString: 1, Polygon: 1 });
    expect((r.features[0].geometry.coordinates as number[][])[0][0]).toBeCloseTo(MALMO[0], 6);
  });

  it('names the row and the problem of each rejected row', () => {
    const r = readFactorCsv('lon,lat\n13.0038,55.605\nabc,55.6\n55.605,13.0038\n\n13.01,55.61\n');
    expect(r.features).toHaveLength(2);
    expect(r.rejected).toEqual([
      { row: 2, errors: ['Rad 2: lon och lat måste vara tal.'] },
      { row: 3, errors: [expect.stringMatching(/^Rad 3: Koordinaterna ligger utanför Sverige/)] },
    ]);
    const w = readFactorCsv('name,wkt\nA,"POINT (13 55.6)"\nB,\nC,TRIANGLE (1 2)\n');
    expect(w.rejected.map((x) => x.errors[0])).toEqual(['Rad 2: WKT-kolumnen är tom.', 'Rad 3: WKT-typen TRIANGLE stöds inte; använd POINT, LINESTRING, POLYGON eller deras MULTI-former.']);
  });

  it('refuses a file without position columns, listing the columns it has', () => {
    expect(() => readFactorCsv('namn,adress\nA,Storgatan 1\n')).toThrow(/saknar kolumner.*namn, adress/);
    expect(() => readFactorCsv('')).toThrow(/tom/);
    expect(() => readFactorCsv('lon,lat\n')).toThrow(/inga datarader/);
    expect(() => readFactorCsv('lon,lat\n"13,55.6\n')).toThrow(/avslutas aldrig/);
  });
});

describe('features from a GeoPackage reader', () => {
  it('are checked like GeoJSON features', () => {
    const r = readFactorFeatures([{ geometry: { type: 'Point', coordinates: MALMO }, properties: { name: 'A' } }, { geometry: null }], 'EPSG:4326');
    expect(r.features).toHaveLength(1);
    expect(r.rejected[0]).toEqual({ row: 2, errors: ['Objekt 2: Geometri saknas.'] });
  });
});
