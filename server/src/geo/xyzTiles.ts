/**
 * Web-mercator XYZ tiles (256 px, the slippy-map scheme) over a grid in a projected CRS: tile ↔ lon/lat
 * arithmetic, and which grid cell lies under each pixel — the part every raster tile renderer shares, so
 * renderers differ only in how they colour a cell.
 */
import type { GridSpec } from '../../../shared/src/geo/grid.ts';

export const TILE_SIZE = 256;

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

/** Tile covering a lon/lat position at zoom z. */
export function tileFor(lon: number, lat: number, z: number): { x: number; y: number } {
  return { x: lonToTileX(lon, z), y: latToTileY(lat, z) };
}

/** Whether z/x/y names a tile: integers, 0 ≤ z ≤ maxZoom, x and y within the zoom's 2^z. */
export function validTile(z: number, x: number, y: number, maxZoom: number): boolean {
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= maxZoom && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}

/** Lattice intervals per tile side: pixel centres are projected exactly on a 17 × 17 lattice. */
const LATTICE = 16;

/**
 * For each pixel of tile z/x/y (row-major, TILE_SIZE²), the row-major index of the grid cell under its centre,
 * or -1 off the grid; null when the tile does not meet the grid at all. `project` takes WGS84 lon/lat to the
 * grid's CRS. Pixel centres are interpolated bilinearly between lattice points (sub-pixel error at any zoom
 * where cells are visible), which keeps proj4 out of the per-pixel loop.
 */
export function tilePixelCells(grid: GridSpec, z: number, x: number, y: number, project: (lon: number, lat: number) => readonly number[]): Int32Array | null {
  const L = LATTICE + 1;
  const lx = new Float64Array(L * L);
  const ly = new Float64Array(L * L);
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < L; j++) {
    const lat = tileToLat(y + j / LATTICE, z);
    for (let i = 0; i < L; i++) {
      const p = project(tileToLon(x + i / LATTICE, z), lat);
      lx[j * L + i] = p[0];
      ly[j * L + i] = p[1];
      if (p[0] < minX) minX = p[0];
      if (p[0] > maxX) maxX = p[0];
      if (p[1] < minY) minY = p[1];
      if (p[1] > maxY) maxY = p[1];
    }
  }
  const { originX, originY, cellSize, cols, rows } = grid;
  if (maxX < originX || minX > originX + cols * cellSize || maxY < originY - rows * cellSize || minY > originY) return null;
  const cells = new Int32Array(TILE_SIZE * TILE_SIZE).fill(-1);
  const step = TILE_SIZE / LATTICE;
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
      if (c >= 0 && r >= 0 && c < cols && r < rows) cells[py * TILE_SIZE + px] = r * cols + c;
    }
  }
  return cells;
}
