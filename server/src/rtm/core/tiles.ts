/**
 * Web-mercator PNG tiles (256 × 256, XYZ scheme) of a run's risk surface. Pure: takes a RiskSurface (full-grid
 * typed arrays, transferable from the worker) and returns PNG bytes.
 */
import proj4 from 'proj4';
import type { CellArrays } from './engine.ts';
import { WGS84 } from '../../../../shared/src/geo/sweref.ts';
import { proj4Def } from './geometry.ts';
import { encodePng } from '../../geo/png.ts';

/** Full-grid surface: row-major from the north-west; cells outside the study area have class 255 and rrs NaN. */
export interface RiskSurface {
  crs: string;
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
  rrs: Float32Array;
  classes: Uint8Array;
  maxRrs: number;
}

export function toSurface(cells: CellArrays, crs: string): RiskSurface {
  const g = cells.grid;
  const rrs = new Float32Array(g.cols * g.rows).fill(Number.NaN);
  const classes = new Uint8Array(g.cols * g.rows).fill(255);
  let maxRrs = 1;
  for (let i = 0; i < g.n; i++) {
    rrs[g.flat[i]] = cells.rrs[i];
    classes[g.flat[i]] = cells.classes[i];
    if (cells.rrs[i] > maxRrs) maxRrs = cells.rrs[i];
  }
  return { crs, originX: g.originX, originY: g.originY, cellSize: g.cellSize, cols: g.cols, rows: g.rows, rrs, classes, maxRrs };
}

/** RGBA per class code (0 below average … 3 highest). Below average is left transparent. */
export const CLASS_COLORS: ReadonlyArray<readonly [number, number, number, number]> = [
  [0, 0, 0, 0],
  [254, 224, 139, 150],
  [244, 109, 67, 190],
  [165, 0, 38, 220],
];

export type TileStyle = 'classes' | 'rrs';

const R = 6378137;
const mercToLonLat = (mx: number, my: number): [number, number] => [
  (mx / R) * (180 / Math.PI),
  (2 * Math.atan(Math.exp(my / R)) - Math.PI / 2) * (180 / Math.PI),
];

/**
 * Renders tile (z, x, y). Pixel centres are mapped to the surface CRS by exact projection on a 17 × 17 lattice
 * and bilinear interpolation in between (sub-pixel error at any zoom where cells are visible).
 */
export function renderTile(s: RiskSurface, z: number, x: number, y: number, style: TileStyle = 'classes'): Uint8Array {
  const size = 256;
  const rgba = new Uint8Array(size * size * 4);
  const n = 2 ** z;
  if (!Number.isInteger(z) || z < 0 || z > 24 || x < 0 || y < 0 || x >= n || y >= n) throw new RangeError(`tile ${z}/${x}/${y} does not exist`);
  const span = (2 * Math.PI * R) / n;
  const mx0 = -Math.PI * R + x * span;
  const my0 = Math.PI * R - y * span;
  const conv = proj4(WGS84, proj4Def(s.crs));
  const L = 16;
  const gx = new Float64Array((L + 1) * (L + 1));
  const gy = new Float64Array((L + 1) * (L + 1));
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let j = 0; j <= L; j++)
    for (let i = 0; i <= L; i++) {
      const [lon, lat] = mercToLonLat(mx0 + (i / L) * span, my0 - (j / L) * span);
      const p = conv.forward([lon, lat]);
      gx[j * (L + 1) + i] = p[0];
      gy[j * (L + 1) + i] = p[1];
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
  const gMaxX = s.originX + s.cols * s.cellSize;
  const gMinY = s.originY - s.rows * s.cellSize;
  if (maxX < s.originX || minX > gMaxX || maxY < gMinY || minY > s.originY) return encodePng(size, size, rgba);
  const logMax = Math.log(Math.max(s.maxRrs, 1 + 1e-9));
  for (let py = 0; py < size; py++) {
    const v = ((py + 0.5) / size) * L;
    const j0 = Math.min(L - 1, Math.floor(v));
    const fv = v - j0;
    for (let px = 0; px < size; px++) {
      const u = ((px + 0.5) / size) * L;
      const i0 = Math.min(L - 1, Math.floor(u));
      const fu = u - i0;
      const a = j0 * (L + 1) + i0;
      const b = a + 1;
      const c = a + L + 1;
      const d = c + 1;
      const X = (gx[a] * (1 - fu) + gx[b] * fu) * (1 - fv) + (gx[c] * (1 - fu) + gx[d] * fu) * fv;
      const Y = (gy[a] * (1 - fu) + gy[b] * fu) * (1 - fv) + (gy[c] * (1 - fu) + gy[d] * fu) * fv;
      const col = Math.floor((X - s.originX) / s.cellSize);
      const row = Math.floor((s.originY - Y) / s.cellSize);
      if (col < 0 || row < 0 || col >= s.cols || row >= s.rows) continue;
      const k = row * s.cols + col;
      const cls = s.classes[k];
      if (cls === 255) continue;
      const o = (py * size + px) * 4;
      if (style === 'classes') {
        const colr = CLASS_COLORS[cls];
        rgba[o] = colr[0];
        rgba[o + 1] = colr[1];
        rgba[o + 2] = colr[2];
        rgba[o + 3] = colr[3];
      } else {
        // yellow → red ramp on log RRS
        const t = logMax > 0 ? Math.min(1, Math.log(Math.max(1, s.rrs[k])) / logMax) : 0;
        rgba[o] = 255;
        rgba[o + 1] = Math.round(237 * (1 - t));
        rgba[o + 2] = Math.round(160 * (1 - t));
        rgba[o + 3] = t === 0 ? 40 : Math.round(90 + 140 * t);
      }
    }
  }
  return encodePng(size, size, rgba);
}

/** Tile covering a lon/lat position at zoom z (handy for tests and map clients). */
export function tileFor(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { x, y };
}
