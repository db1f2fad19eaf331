import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { EPSG_3006 } from '../../../shared/src/geo/sweref.ts';
import { runRtmCommand } from './cli.ts';
import { decodeCells } from './core/cellsCodec.ts';
import { runStudy, StudyValidationError } from './core/engine.ts';
import { cellsCsv, geoTiff, riskCellsGeoJson } from './core/export.ts';
import { crc32, encodePng } from '../geo/png.ts';
import { clusteredPoints, createRng, pointsFc, randomPoints, squareBoundary } from './core/synthetic.ts';
import { renderTile, tileFor, toSurface } from './core/tiles.ts';
import { runStudyInWorker } from './worker/host.ts';

const X0 = 370_000;
const Y0 = 6_160_000;
const rng = createRng(8);
const bars = clusteredPoints(rng, 6, 15, 150, X0, Y0, 4000, 4000);
const outcomeXY: number[] = [];
for (let k = 0; k < bars.length; k += 6) outcomeXY.push(bars[k] + 20, bars[k + 1] - 15);
const extra = randomPoints(rng, 30, X0, Y0, 4000, 4000);
const study = {
  name: 'Testområde',
  blockLength: 100,
  boundary: squareBoundary(X0, Y0, 4000, 4000),
  outcome: pointsFc([...outcomeXY, ...extra]),
  factors: [
    { name: 'bars', features: pointsFc(bars), spatialInfluence: 2 },
    { name: 'noise', features: pointsFc(randomPoints(rng, 20, X0, Y0, 4000, 4000)), spatialInfluence: 2 },
  ],
  elasticNet: { nfolds: 5 },
};
const run = runStudy(study);

function readPng(png: Uint8Array) {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const w = dv.getUint32(16);
  const h = dv.getUint32(20);
  let o = 8;
  const idat: Uint8Array[] = [];
  while (o < png.length) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    expect(dv.getUint32(o + 8 + len)).toBe(crc32(png, o + 4, o + 8 + len));
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return { w, h, raw };
}

describe('PNG encoder and tiles', () => {
  it('encodes RGBA with valid CRCs and zlib data', () => {
    const px = new Uint8Array(2 * 2 * 4).map((_, i) => i * 7);
    const { w, h, raw } = readPng(encodePng(2, 2, px));
    expect([w, h]).toEqual([2, 2]);
    expect(Array.from(raw.subarray(1, 9))).toEqual(Array.from(px.subarray(0, 8)));
  });
  it('renders the highest class where the surface is highest, and an empty tile far away', () => {
    const s = toSurface(run.cells, run.result.grid.crs);
    const g = run.cells.grid;
    let k = -1;
    for (let i = 0; i < g.n; i++) if (run.cells.classes[i] === 3) k = i;
    expect(k).toBeGreaterThanOrEqual(0);
    const f = g.flat[k];
    const cx = g.originX + ((f % g.cols) + 0.5) * g.cellSize;
    const cy = g.originY - (Math.floor(f / g.cols) + 0.5) * g.cellSize;
    const [lon, lat] = proj4(EPSG_3006, '+proj=longlat +datum=WGS84 +no_defs', [cx, cy]);
    const z = 16;
    const t = tileFor(lon, lat, z);
    const { raw } = readPng(renderTile(s, z, t.x, t.y, 'classes'));
    const n = 2 ** z;
    const px = Math.floor((((lon + 180) / 360) * n - t.x) * 256);
    const r = (lat * Math.PI) / 180;
    const py = Math.floor((((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n - t.y) * 256);
    const o = py * (256 * 4 + 1) + 1 + px * 4;
    expect(Array.from(raw.subarray(o, o + 4))).toEqual([165, 0, 38, 220]);
    const far = readPng(renderTile(s, 10, 0, 0));
    expect(far.raw.every((b) => b === 0)).toBe(true);
    expect(() => renderTile(s, 3, 9, 0)).toThrow(RangeError);
  });
});

describe('exports', () => {
  it('CSV has the contract columns and one row per cell', () => {
    const csv = cellsCsv(run.cells).trim().split('\n');
    expect(csv[0]).toBe(['col,row,x,y,count,rrs,class', ...run.result.factors.map((f) => f.variable)].join(','));
    expect(csv.length - 1).toBe(run.result.model.cells);
  });
  it('GeoTIFF header, GeoKeys and data', () => {
    const tif = geoTiff(run.cells, 'rrs', 'EPSG:3006');
    const dv = new DataView(tif.buffer, tif.byteOffset, tif.byteLength);
    expect(String.fromCharCode(tif[0], tif[1])).toBe('II');
    expect(dv.getUint16(2, true)).toBe(42);
    const ifd = dv.getUint32(4, true);
    const count = dv.getUint16(ifd, true);
    const tags = new Map<number, { type: number; count: number; at: number }>();
    for (let k = 0; k < count; k++) {
      const p = ifd + 2 + 12 * k;
      tags.set(dv.getUint16(p, true), { type: dv.getUint16(p + 2, true), count: dv.getUint32(p + 4, true), at: p + 8 });
    }
    const g = run.cells.grid;
    expect(dv.getUint32(tags.get(256)?.at ?? 0, true)).toBe(g.cols);
    expect(dv.getUint32(tags.get(257)?.at ?? 0, true)).toBe(g.rows);
    const keys = tags.get(34735);
    if (!keys) throw new Error('no GeoKeyDirectory');
    const ko = dv.getUint32(keys.at, true);
    const geo = Array.from({ length: keys.count }, (_, i) => dv.getUint16(ko + 2 * i, true));
    expect(geo.slice(-4)).toEqual([3072, 0, 1, 3006]);
    const tie = dv.getUint32(tags.get(33922)?.at ?? 0, true);
    expect(dv.getFloat64(tie + 24, true)).toBe(g.originX);
    expect(dv.getFloat64(tie + 32, true)).toBe(g.originY);
    const strips = dv.getUint32(tags.get(273)?.at ?? 0, true);
    const first = dv.getUint32(strips, true);
    const i0 = 0;
    const f0 = g.flat[i0];
    expect(dv.getFloat32(first + f0 * 4, true)).toBeCloseTo(run.cells.rrs[i0], 5);
  });
  it('GeoJSON of highest-risk cells in WGS84', () => {
    const fc = riskCellsGeoJson(run.cells, 'EPSG:3006') as { features: Array<{ geometry: { coordinates: number[][][] }; properties: { class: string } }> };
    expect(fc.features.length).toBe(run.result.classes[0].cells);
    for (const f of fc.features) {
      expect(f.properties.class).toBe('highest');
      const [lon, lat] = f.geometry.coordinates[0][0];
      expect(lon).toBeGreaterThan(10);
      expect(lon).toBeLessThan(20);
      expect(lat).toBeGreaterThan(55);
      expect(lat).toBeLessThan(57);
    }
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtm-cli-'));
  it('writes the result and cells and exits 0', async () => {
    const sp = join(dir, 'study.json');
    writeFileSync(sp, JSON.stringify(study));
    const out = join(dir, 'result.json');
    const cells = join(dir, 'cells.csv');
    const code = await runRtmCommand(['--study', sp, '--out', out, '--cells', cells]);
    expect(code).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.model.inputHash).toBe(run.result.model.inputHash);
    expect(readFileSync(cells, 'utf8').split('\n')[0]).toMatch(/^col,row,x,y,count,rrs,class/);
  });
  it('exits 2 with one sentence per problem on bad input', async () => {
    const sp = join(dir, 'bad.json');
    writeFileSync(sp, JSON.stringify({ ...study, crs: 'EPSG:1', blockLength: 0 }));
    const chunks: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => {
      chunks.push(String(s));
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await runRtmCommand(['--study', sp, '--out', join(dir, 'x.json')])).toBe(2);
      expect(await runRtmCommand(['--out', join(dir, 'x.json')])).toBe(2);
      expect(await runRtmCommand(['--study', join(dir, 'missing.json'), '--out', join(dir, 'x.json')])).toBe(2);
    } finally {
      process.stderr.write = orig;
    }
    const text = chunks.join('');
    expect(text).toContain('crs "EPSG:1" is not a known CRS');
    expect(text).toContain('blockLength must be a positive number of metres, got 0.');
    expect(text).toContain('--study is required');
    expect(text).toContain('does not exist');
  });
});

describe('worker thread', () => {
  it('posts progress and the result with a transferable surface', async () => {
    const stages: string[] = [];
    const { promise } = runStudyInWorker(study, { onProgress: (p) => stages.push(p.stage) });
    const { result, cells } = await promise;
    const surface = toSurface(decodeCells(cells), result.grid.crs);
    expect(result.model.inputHash).toBe(run.result.model.inputHash);
    expect(surface.rrs).toBeInstanceOf(Float32Array);
    expect(surface.cols * surface.rows).toBe(surface.classes.length);
    expect(stages).toContain('elastic_net');
    expect(stages[stages.length - 1]).toBe('done');
  });
  it('rejects bad input with the problems', async () => {
    await expect(runStudyInWorker({ ...study, factors: [] }).promise).rejects.toBeInstanceOf(StudyValidationError);
  });
});
