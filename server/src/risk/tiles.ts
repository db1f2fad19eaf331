/**
 * Web-mercator raster tiles (256 px, XYZ scheme) of a risk grid in EPSG:3006, and the tile list a changed
 * region invalidates. Pure apart from proj4.
 *
 * Palette: viridis (perceptually uniform, readable with the common colour-vision deficiencies and in greyscale),
 * from dark blue (low) to yellow (high), with opacity rising with the value; zero and no-data are transparent.
 */
import { swerefToWgs, wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { encodePng as encodePngBytes } from '../geo/png.ts';

export const TILE_SIZE = 256;
export const MAX_ZOOM = 22;

/** Viridis key colours at 0, 0.25, 0.5, 0.75, 1. */
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** 256-entry RGBA lookup table; entry 0 is fully transparent. */
export const PALETTE: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 4);
  for (let i = 1; i < 256; i++) {
    const t = i / 255;
    const s = t * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(s));
    const f = s - k;
    for (let ch = 0; ch < 3; ch++) lut[i * 4 + ch] = Math.round(STOPS[k][ch] + (STOPS[k + 1][ch] - STOPS[k][ch]) * f);
    lut[i * 4 + 3] = Math.round(90 + 130 * t); // 35 % … 86 % opacity
  }
  return lut;
})();

export function tileToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}
export function tileToLat(y: number, z: number): number {
  const n = Math.PI * (1 - (2 * y) / 2 ** z);
  return (Math.atan(Math.sinh(n)) * 180) / Math.PI;
}
export function lonToTileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
export function latToTileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

export function validTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= MAX_ZOOM && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}

/** WGS84 bbox of an EPSG:3006 box (its four corners). */
export function boxToWgs(minX: number, minY: number, maxX: number, maxY: number): [number, number, number, number] {
  const pts = [swerefToWgs(minX, minY), swerefToWgs(minX, maxY), swerefToWgs(maxX, minY), swerefToWgs(maxX, maxY)];
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return [r(Math.min(...pts.map((p) => p[0]))), r(Math.min(...pts.map((p) => p[1]))), r(Math.max(...pts.map((p) => p[0]))), r(Math.max(...pts.map((p) => p[1])))];
}

/**
 * Tiles ("z/x/y") covering a WGS84 bbox from `minZoom` upward, stopping before the zoom at which the list would
 * exceed `maxTiles` (clients refetch everything else by the bbox).
 */
export function tilesForBbox(b: [number, number, number, number], minZoom = 8, maxZoom = 18, maxTiles = 200): string[] {
  const out: string[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    const x0 = lonToTileX(b[0], z);
    const x1 = lonToTileX(b[2], z);
    const y0 = latToTileY(b[3], z);
    const y1 = latToTileY(b[1], z);
    const n = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (out.length + n > maxTiles) break;
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(`${z}/${x}/${y}`);
  }
  return out;
}

/** Where a tile's pixel centres fall on the grid: EPSG:3006 coordinates on a 17 × 17 lattice, interpolated per pixel. */
const LATTICE = 16;

export interface TileSource {
  grid: GridSpec;
  /** Value per grid cell, row-major; NaN = no data. */
  values: Float32Array;
  /** 1 = cell inside the picture's area; cells outside render transparent. */
  mask: Uint8Array | null;
  /** Value rendered at full colour. */
  scaleMax: number;
}

/** PNG bytes as a Buffer (no copy), as the HTTP layer sends them. */
function encodePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const png = encodePngBytes(width, height, rgba);
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

let emptyPng: Buffer | undefined;
/** A fully transparent tile. */
export function emptyTile(): Buffer {
  emptyPng ??= encodePng(new Uint8Array(TILE_SIZE * TILE_SIZE * 4), TILE_SIZE, TILE_SIZE);
  return emptyPng;
}

/** Whether the tile's footprint meets the grid at all. */
export function tileMeetsGrid(grid: GridSpec, z: number, x: number, y: number): boolean {
  const w = tileToLon(x, z);
  const e = tileToLon(x + 1, z);
  const n = tileToLat(y, z);
  const s = tileToLat(y + 1, z);
  const corners = [wgsToSweref(w, n), wgsToSweref(e, n), wgsToSweref(w, s), wgsToSweref(e, s)];
  const minX = Math.min(...corners.map((c) => c[0]));
  const maxX = Math.max(...corners.map((c) => c[0]));
  const minY = Math.min(...corners.map((c) => c[1]));
  const maxY = Math.max(...corners.map((c) => c[1]));
  const gx1 = grid.originX + grid.cols * grid.cellSize;
  const gy0 = grid.originY - grid.rows * grid.cellSize;
  return maxX >= grid.originX && minX <= gx1 && maxY >= gy0 && minY <= grid.originY;
}

/** Renders one tile as PNG. */
export function renderTile(src: TileSource, z: number, x: number, y: number): Buffer {
  const { grid, values, mask, scaleMax } = src;
  if (!tileMeetsGrid(grid, z, x, y)) return emptyTile();
  const L = LATTICE + 1;
  const lx = new Float64Array(L * L);
  const ly = new Float64Array(L * L);
  for (let j = 0; j < L; j++) {
    const lat = tileToLat(y + j / LATTICE, z);
    for (let i = 0; i < L; i++) {
      const [sx, sy] = wgsToSweref(tileToLon(x + i / LATTICE, z), lat);
      lx[j * L + i] = sx;
      ly[j * L + i] = sy;
    }
  }
  const rgba = new Uint8Array(TILE_SIZE * TILE_SIZE * 4);
  const { originX, originY, cellSize, cols, rows } = grid;
  const step = TILE_SIZE / LATTICE;
  const inv = 255 / scaleMax;
  let any = false;
  for (let py = 0; py < TILE_SIZE; py++) {
    const fy = (py + 0.5) / step;
    const j = Math.min(LATTICE - 1, Math.floor(fy));
    const ty = fy - j;
    for (let px = 0; px < TILE_SIZE; px++) {
      const fx = (px + 0.5) / step;
      const i = Math.min(LATTICE - 1, Math.floor(fx));
      const tx = fx - i;
      const a = j * L + i;
      const sx = (lx[a] * (1 - tx) + lx[a + 1] * tx) * (1 - ty) + (lx[a + L] * (1 - tx) + lx[a + L + 1] * tx) * ty;
      const sy = (ly[a] * (1 - tx) + ly[a + 1] * tx) * (1 - ty) + (ly[a + L] * (1 - tx) + ly[a + L + 1] * tx) * ty;
      const c = Math.floor((sx - originX) / cellSize);
      const r = Math.floor((originY - sy) / cellSize);
      if (c < 0 || r < 0 || c >= cols || r >= rows) continue;
      const k = r * cols + c;
      if (mask !== null && mask[k] === 0) continue;
      const v = values[k];
      if (!(v > 0)) continue;
      const idx = Math.max(1, Math.min(255, Math.round(v * inv)));
      const o = (py * TILE_SIZE + px) * 4;
      rgba[o] = PALETTE[idx * 4];
      rgba[o + 1] = PALETTE[idx * 4 + 1];
      rgba[o + 2] = PALETTE[idx * 4 + 2];
      rgba[o + 3] = PALETTE[idx * 4 + 3];
      any = true;
    }
  }
  return any ? encodePng(rgba, TILE_SIZE, TILE_SIZE) : emptyTile();
}

/**
 * Partner tiles show four levels (¼, ½, ¾, 1 of `scaleMax`, rounding up) of the partner surface, which already
 * sits on the coarse partner grid: neither the fine shape nor a kernel's exact falloff shows.
 */
export function quantise(values: Float32Array, scaleMax: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] > 0 ? (Math.ceil(Math.min(1, values[i] / scaleMax) * 4) / 4) * scaleMax : 0;
  return out;
}
