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
import { latToTileY, lonToTileX, TILE_SIZE, tilePixelCells, validTile as validXyzTile } from '../geo/xyzTiles.ts';

export { latToTileY, lonToTileX, TILE_SIZE };
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

export function validTile(z: number, x: number, y: number): boolean {
  return validXyzTile(z, x, y, MAX_ZOOM);
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

/** Renders one tile as PNG. */
export function renderTile(src: TileSource, z: number, x: number, y: number): Buffer {
  const { grid, values, mask, scaleMax } = src;
  const cells = tilePixelCells(grid, z, x, y, wgsToSweref);
  if (cells === null) return emptyTile();
  const rgba = new Uint8Array(TILE_SIZE * TILE_SIZE * 4);
  const inv = 255 / scaleMax;
  let any = false;
  for (let p = 0; p < cells.length; p++) {
    const k = cells[p];
    if (k < 0 || (mask !== null && mask[k] === 0)) continue;
    const v = values[k];
    if (!(v > 0)) continue;
    const idx = Math.max(1, Math.min(255, Math.round(v * inv)));
    const o = p * 4;
    rgba[o] = PALETTE[idx * 4];
    rgba[o + 1] = PALETTE[idx * 4 + 1];
    rgba[o + 2] = PALETTE[idx * 4 + 2];
    rgba[o + 3] = PALETTE[idx * 4 + 3];
    any = true;
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
