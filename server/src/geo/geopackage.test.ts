import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import { decodeGpkgGeometry, encodeGpkgGeometry, GeoPackageError, type GpkgFeatureCollection, readGeoPackage, writeGeoPackage } from './geopackage.ts';

const dir = mkdtempSync(join(tmpdir(), 'gpkg-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const poly = [[[13.0, 55.6], [13.01, 55.6], [13.01, 55.61], [13.0, 55.6]]];
const sample: GpkgFeatureCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', id: 'f1', geometry: { type: 'Point', coordinates: [13.0038, 55.605] }, properties: { title: 'Belysning Möllan', count: 3, share: 0.25, open: true, tags: ['a', 'b'] } },
    { type: 'Feature', id: 'f2', geometry: { type: 'Polygon', coordinates: poly }, properties: { title: 'Park', count: null, share: 1.5, open: false, tags: [] } },
    { type: 'Feature', id: 'f3', geometry: { type: 'MultiLineString', coordinates: [[[13, 55.6], [13.1, 55.7]], [[13.2, 55.6], [13.3, 55.65]]] }, properties: { title: 'Stråk' } },
  ],
};

describe('GeoPackage geometry binary', () => {
  it('round-trips every simple feature type through the GP header and WKB', () => {
    const geoms = [
      { type: 'Point', coordinates: [13, 55] },
      { type: 'LineString', coordinates: [[13, 55], [14, 56]] },
      { type: 'Polygon', coordinates: poly },
      { type: 'MultiPoint', coordinates: [[13, 55], [14, 56]] },
      { type: 'MultiLineString', coordinates: [[[13, 55], [14, 56]]] },
      { type: 'MultiPolygon', coordinates: [poly, poly] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 2] }, { type: 'LineString', coordinates: [[1, 2], [3, 4]] }] },
    ];
    for (const g of geoms) expect(decodeGpkgGeometry(encodeGpkgGeometry(g))).toEqual({ geometry: g, srsId: 4326 });
  });
  it('stores the envelope as minx, maxx, miny, maxy', () => {
    const b = encodeGpkgGeometry({ type: 'LineString', coordinates: [[13, 55], [14, 56]] });
    expect([b.readDoubleLE(8), b.readDoubleLE(16), b.readDoubleLE(24), b.readDoubleLE(32)]).toEqual([13, 14, 55, 56]);
    expect(b[3]).toBe(0x03);
  });
  it('refuses bytes that are not GeoPackage binary', () => {
    expect(() => decodeGpkgGeometry(Buffer.from('hello world!'))).toThrow(GeoPackageError);
    const cut = encodeGpkgGeometry({ type: 'LineString', coordinates: [[13, 55], [14, 56]] }).subarray(0, 50);
    expect(() => decodeGpkgGeometry(cut)).toThrow(/cut short/);
  });
});

describe('GeoPackage files', () => {
  it('writes a file GDAL reads with the layers, counts, types and fields written', () => {
    const path = join(dir, 'two.gpkg');
    const names = writeGeoPackage(path, [
      { name: 'Samverkan', title: 'Samverkan', features: sample },
      { name: 'Tomt lager', features: { type: 'FeatureCollection', features: [] } },
    ]);
    expect(names).toEqual(['samverkan', 'tomt_lager']);
    const info = execFileSync('ogrinfo', ['-so', '-al', path], { encoding: 'utf8' });
    expect(info).toMatch(/Layer name: samverkan[\s\S]*Feature Count: 3/);
    expect(info).toMatch(/Layer name: tomt_lager[\s\S]*Feature Count: 0/);
    expect(info).toMatch(/title: String/);
    expect(info).toMatch(/count: Integer/);
    expect(info).toMatch(/share: Real/);
    expect(info).toMatch(/open: Integer\(Boolean\)/);
    // GDAL's own validation of the file structure (no warnings about the required tables).
    const detail = execFileSync('ogrinfo', ['-ro', '-al', '-q', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(detail).toContain('Belysning Möllan');
    const geojson = JSON.parse(execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', path, 'samverkan'], { encoding: 'utf8' }));
    expect(geojson.features.map((f: { geometry: unknown }) => f.geometry)).toEqual(sample.features.map((f) => f.geometry));
  });

  it('reads back what it wrote (round trip), from a path and from bytes', () => {
    const path = join(dir, 'round.gpkg');
    writeGeoPackage(path, [{ name: 'lager', features: sample }]);
    for (const input of [path, readFileSync(path)]) {
      const [layer] = readGeoPackage(input);
      expect(layer.name).toBe('lager');
      expect(layer.srsId).toBe(4326);
      expect(layer.features.features.map((f) => f.geometry)).toEqual(sample.features.map((f) => f.geometry));
      expect(layer.features.features[0].properties).toEqual({ feature_id: 'f1', title: 'Belysning Möllan', count: 3, share: 0.25, open: 1, tags: '["a","b"]' });
    }
  });

  it('reads a GeoPackage GDAL wrote in SWEREF 99 TM, in WGS84', () => {
    const src = join(dir, 'src.geojson');
    const [x, y] = wgsToSweref(13.0038, 55.605);
    writeFileSync(src, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { namn: 'Skola' }, geometry: { type: 'Point', coordinates: [x, y] } }] }));
    const out = join(dir, 'sweref.gpkg');
    execFileSync('ogr2ogr', ['-f', 'GPKG', '-a_srs', 'EPSG:3006', '-nln', 'skolor', out, src]);
    const [layer] = readGeoPackage(out);
    expect(layer.name).toBe('skolor');
    const [lon, lat] = layer.features.features[0].geometry!.coordinates as number[];
    expect(lon).toBeCloseTo(13.0038, 6);
    expect(lat).toBeCloseTo(55.605, 6);
    expect(layer.features.features[0].properties.namn).toBe('Skola');
  });

  it('says why a file is not a GeoPackage', () => {
    expect(() => readGeoPackage(Buffer.from('not a database at all'))).toThrow(GeoPackageError);
    expect(() => readGeoPackage(join(dir, 'missing.gpkg'))).toThrow(/cannot be opened/);
    const plain = join(dir, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (a INTEGER)');
    db.close();
    expect(() => readGeoPackage(plain)).toThrow(/not a GeoPackage/);
  });
});
