/**
 * Exports of a run's per-cell arrays: CSV, single-band Float32 GeoTIFF (own minimal writer) and GeoJSON of the
 * highest-risk cells as WGS84 polygons. Pure functions returning strings/bytes; no I/O.
 */
import type { CellArrays } from './engine.ts';
import { makeTransformer } from './geometry.ts';
import { CLASS_NAMES } from './surface.ts';

/** `col,row,x,y,count,rrs,class` + one 0/1 column per selected variable, one row per study cell. */
export function cellsCsv(cells: CellArrays): string {
  const { grid: g, counts, rrs, classes, selected } = cells;
  const head = ['col', 'row', 'x', 'y', 'count', 'rrs', 'class', ...selected.map((s) => s.variable)];
  const lines: string[] = [head.join(',')];
  for (let i = 0; i < g.n; i++) {
    const f = g.flat[i];
    const r = Math.floor(f / g.cols);
    const c = f - r * g.cols;
    const x = g.originX + (c + 0.5) * g.cellSize;
    const y = g.originY - (r + 0.5) * g.cellSize;
    let line = `${c},${r},${x},${y},${counts[i]},${Number(rrs[i].toPrecision(10))},${CLASS_NAMES[classes[i]]}`;
    for (const s of selected) line += `,${s.values[i]}`;
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

export type SurfaceBand = 'rrs' | 'class' | 'expected' | 'count';

/** Full-grid Float32 raster of one band; cells outside the study area get `nodata`. */
export function rasterBand(cells: CellArrays, band: SurfaceBand, nodata = -9999): Float32Array {
  const { grid: g } = cells;
  const out = new Float32Array(g.cols * g.rows).fill(nodata);
  const src = band === 'rrs' ? cells.rrs : band === 'class' ? cells.classes : band === 'expected' ? cells.expected : cells.counts;
  for (let i = 0; i < g.n; i++) out[g.flat[i]] = src[i];
  return out;
}

/** EPSG code of a CRS string like "EPSG:3006". */
function epsgCode(crs: string): number {
  const m = /^EPSG:(\d+)$/i.exec(crs);
  return m ? Number(m[1]) : 3006;
}

/**
 * Minimal GeoTIFF: little-endian, one strip per row, uncompressed Float32, with ModelPixelScale/ModelTiepoint and
 * GeoKeys (projected, PixelIsArea, ProjectedCSType = EPSG code) and GDAL_NODATA.
 */
export function geoTiff(cells: CellArrays, band: SurfaceBand = 'rrs', crs = 'EPSG:3006', nodata = -9999): Uint8Array {
  const g = cells.grid;
  const data = rasterBand(cells, band, nodata);
  const W = g.cols;
  const H = g.rows;
  const nodataStr = `${nodata}\0`;
  const geoKeys = [1, 1, 0, 3, 1024, 0, 1, 1, 1025, 0, 1, 1, 3072, 0, 1, epsgCode(crs)];
  type Tag = { tag: number; type: number; values: number[] | string };
  // type: 2 ASCII, 3 SHORT, 4 LONG, 12 DOUBLE
  const tags: Tag[] = [
    { tag: 256, type: 4, values: [W] },
    { tag: 257, type: 4, values: [H] },
    { tag: 258, type: 3, values: [32] },
    { tag: 259, type: 3, values: [1] },
    { tag: 262, type: 3, values: [1] },
    { tag: 273, type: 4, values: new Array(H).fill(0) },
    { tag: 277, type: 3, values: [1] },
    { tag: 278, type: 4, values: [1] },
    { tag: 279, type: 4, values: new Array(H).fill(W * 4) },
    { tag: 284, type: 3, values: [1] },
    { tag: 339, type: 3, values: [3] },
    { tag: 33550, type: 12, values: [g.cellSize, g.cellSize, 0] },
    { tag: 33922, type: 12, values: [0, 0, 0, g.originX, g.originY, 0] },
    { tag: 34735, type: 3, values: geoKeys },
    { tag: 42113, type: 2, values: nodataStr },
  ];
  const size = (t: Tag) => (t.type === 2 ? (t.values as string).length : (t.values as number[]).length * (t.type === 3 ? 2 : t.type === 4 ? 4 : 8));
  const ifdSize = 2 + tags.length * 12 + 4;
  let extra = 8 + ifdSize;
  const extraOffsets = new Map<number, number>();
  for (const t of tags) {
    const s = size(t);
    if (s > 4) {
      extraOffsets.set(t.tag, extra);
      extra += s + (s & 1);
    }
  }
  const dataOffset = extra;
  (tags[5].values as number[]).forEach((_, r, arr) => {
    arr[r] = dataOffset + r * W * 4;
  });
  const buf = new ArrayBuffer(dataOffset + W * H * 4);
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  u8[0] = 0x49;
  u8[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, 8, true);
  let p = 8;
  dv.setUint16(p, tags.length, true);
  p += 2;
  const writeVals = (t: Tag, at: number) => {
    if (t.type === 2) {
      const s = t.values as string;
      for (let k = 0; k < s.length; k++) u8[at + k] = s.charCodeAt(k);
      return;
    }
    (t.values as number[]).forEach((v, k) => {
      if (t.type === 3) dv.setUint16(at + 2 * k, v, true);
      else if (t.type === 4) dv.setUint32(at + 4 * k, v, true);
      else dv.setFloat64(at + 8 * k, v, true);
    });
  };
  for (const t of tags) {
    dv.setUint16(p, t.tag, true);
    dv.setUint16(p + 2, t.type, true);
    dv.setUint32(p + 4, t.type === 2 ? (t.values as string).length : (t.values as number[]).length, true);
    const off = extraOffsets.get(t.tag);
    if (off !== undefined) {
      dv.setUint32(p + 8, off, true);
      writeVals(t, off);
    } else writeVals(t, p + 8);
    p += 12;
  }
  dv.setUint32(p, 0, true);
  new Float32Array(buf, dataOffset, W * H).set(data);
  return u8;
}

/**
 * GeoJSON FeatureCollection of the cells at or above `minClass` (default: highest) as WGS84 polygons, with
 * col, row, rrs, class, count and cluster properties.
 */
export function riskCellsGeoJson(cells: CellArrays, crs = 'EPSG:3006', minClass = 3): Record<string, unknown> {
  const g = cells.grid;
  const tf = makeTransformer(crs, 'EPSG:4326');
  const features: unknown[] = [];
  const xy = new Float64Array(10);
  for (let i = 0; i < g.n; i++) {
    if (cells.classes[i] < minClass) continue;
    const f = g.flat[i];
    const r = Math.floor(f / g.cols);
    const c = f - r * g.cols;
    const x0 = g.originX + c * g.cellSize;
    const y1 = g.originY - r * g.cellSize;
    const x1 = x0 + g.cellSize;
    const y0 = y1 - g.cellSize;
    xy.set([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]);
    tf?.(xy);
    const ring: number[][] = [];
    for (let k = 0; k < 10; k += 2) ring.push([Number(xy[k].toFixed(7)), Number(xy[k + 1].toFixed(7))]);
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [ring] },
      properties: {
        col: c,
        row: r,
        rrs: Number(cells.rrs[i].toPrecision(8)),
        class: CLASS_NAMES[cells.classes[i]],
        count: cells.counts[i],
        cluster: cells.clusterOf[i] || null,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
