import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readFeatures, readLog } from '../../../../../shared/src/layerDoc.ts';
import { checkGeometry, type ImportPreview, MAX_IMPORT_FEATURES, previewImport } from './layerImport.ts';
import { writeImport } from './writeImport.ts';

const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const ok = (r: ReturnType<typeof previewImport>): ImportPreview => {
  if ('error' in r) throw new Error(`expected a preview, got ${r.error}`);
  return r;
};

describe('layer import preview', () => {
  it('reads a FeatureCollection, keeps names and categories, and names each bad feature by number', () => {
    const bow = { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.61], [13.01, 55.6], [13, 55.61], [13, 55.6]]] };
    const r = ok(
      previewImport(
        'park.geojson',
        fc([
          { type: 'Feature', geometry: { type: 'Point', coordinates: [13.0, 55.6] }, properties: { name: 'Entré', category: 'lighting' } },
          { type: 'Feature', geometry: { type: 'LineString', coordinates: [[13, 55.6], [13.01, 55.61]] }, properties: { title: 'Gångväg', kategori: 'okänd' } },
          { type: 'Feature', geometry: null, properties: {} },
          { type: 'Feature', geometry: { type: 'Point', coordinates: [55.6, 13.0] }, properties: {} },
          { type: 'Feature', geometry: bow, properties: {} },
          { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61]]] }, properties: {} },
        ]),
      ),
    );
    expect(r.total).toBe(6);
    expect(r.features.map((f) => [f.title, f.category])).toEqual([
      ['Entré', 'lighting'],
      ['Gångväg', 'other'],
    ]);
    expect(r.counts).toEqual({ points: 1, lines: 1, polygons: 0 });
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([
      [3, 'noGeometry'],
      [4, 'outsideSweden'],
      [5, 'badPolygon'],
      [6, 'badGeometry'],
    ]);
  });

  it('reads CSV with lon/lat (either delimiter, decimal commas) and says which rows have no position', () => {
    const r = ok(previewImport('punkter.csv', 'namn;lat;lon;kategori\nPort;55,6050;13,0010;damage\nTrasig;x;13.0\nTom;;\nTorg;55.59;13.02;\n'));
    expect(r.features).toHaveLength(2);
    expect(r.features[0]).toMatchObject({ title: 'Port', category: 'damage', geometry: { type: 'Point', coordinates: [13.001, 55.605] } });
    expect(r.problems.map((p) => [p.row, p.kind])).toEqual([
      [2, 'badNumber'],
      [3, 'badNumber'],
    ]);
  });

  it('refuses files it cannot read with a reason, not an empty import', () => {
    expect(previewImport('a.csv', 'name,x,y\nA,1,2\n')).toMatchObject({ error: 'csvColumns' });
    expect(previewImport('a.geojson', '{ nope')).toMatchObject({ error: 'notJson' });
    expect(previewImport('a.geojson', '{"type":"Topology"}')).toMatchObject({ error: 'notGeojson' });
    expect(previewImport('a.geojson', fc([]))).toMatchObject({ error: 'empty' });
    expect(previewImport('a.shp', 'binary')).toMatchObject({ error: 'unknownFormat' });
    expect(previewImport('a.csv', 'lon,lat,name\n13,55.6,"open\n')).toMatchObject({ error: 'csvSyntax' });
  });

  it('refuses more features than one transaction may carry, importing none of them', () => {
    const many = Array.from({ length: MAX_IMPORT_FEATURES + 1 }, () => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [13, 55.6] }, properties: {} }));
    const r = ok(previewImport('many.geojson', fc(many)));
    expect(r.features).toHaveLength(0);
    expect(r.problems.at(-1)).toMatchObject({ kind: 'tooMany' });
  });

  it('accepts a valid polygon (positive control for the polygon checks)', () => {
    expect(checkGeometry({ type: 'Polygon', coordinates: [[[13, 55.6], [13.01, 55.6], [13.01, 55.61], [13, 55.61], [13, 55.6]]] })).toBeNull();
  });
});

describe('writing an import into a layer document', () => {
  it('adds every feature and one log entry in a single update that another replica applies whole', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const r = ok(previewImport('p.csv', 'lon,lat,name\n13.0,55.6,A\n13.1,55.61,B\n'));
    const ids = writeImport(doc, r.features, 'Kim Kommendant', 'p.csv', 'Importerade {file}');
    expect(updates).toHaveLength(1);
    const other = new Y.Doc();
    Y.applyUpdate(other, updates[0]);
    const { collection } = readFeatures(other);
    expect(collection.features.map((f) => f.properties.title).sort()).toEqual(['A', 'B']);
    expect(readLog(other)).toEqual([expect.objectContaining({ author: 'Kim Kommendant', text: 'Importerade p.csv', featureIds: ids })]);
  });
});
