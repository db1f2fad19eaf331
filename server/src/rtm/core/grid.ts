/**
 * The analysis grid: square cells over the boundary's bounding box, snapped to multiples of the cell size;
 * a cell is in the study area when its centroid lies inside the boundary (§1.2 [DESIGN]).
 * Row 0 is the northernmost row (GeoTIFF order).
 */
import type { GridSpec } from '../../../../shared/src/geo/grid.ts';
import { type Polygon, polygonsBBox, rasterizePolygons } from './geometry.ts';

export interface Grid extends GridSpec {
  /** Number of study-area cells. */
  n: number;
  /** cols·rows → study index or −1. */
  cellIndex: Int32Array;
  /** study index → flat grid index (row·cols + col), row-major ascending. */
  flat: Int32Array;
}

export class GridTooLargeError extends Error {}

export function buildGrid(polys: Polygon[], cellSize: number, maxCells: number): Grid {
  const bb = polygonsBBox(polys);
  const originX = Math.floor(bb.minX / cellSize) * cellSize;
  const originY = Math.ceil(bb.maxY / cellSize) * cellSize;
  const cols = Math.max(1, Math.ceil((bb.maxX - originX) / cellSize));
  const rows = Math.max(1, Math.ceil((originY - bb.minY) / cellSize));
  const total = cols * rows;
  if (!Number.isFinite(total) || total > maxCells * 4 + 1_000_000) {
    throw new GridTooLargeError(
      `the grid would have ${cols} × ${rows} cells; raise cellSize or the cell limit (${maxCells} study cells)`,
    );
  }
  const cellIndex = new Int32Array(total).fill(-1);
  let n = 0;
  rasterizePolygons(polys, originX, originY, cellSize, cols, rows, (r, c0, c1) => {
    const base = r * cols;
    for (let c = c0; c <= c1; c++) {
      // even-odd across multipolygon parts is handled inside rasterizePolygons; mark once
      if (cellIndex[base + c] === -1) {
        cellIndex[base + c] = 0;
        n++;
      }
    }
  });
  if (n > maxCells) {
    throw new GridTooLargeError(`the study area has ${n} cells, more than the limit of ${maxCells}; use a larger cellSize`);
  }
  const flat = new Int32Array(n);
  let k = 0;
  for (let g = 0; g < total; g++) {
    if (cellIndex[g] === 0) {
      cellIndex[g] = k;
      flat[k++] = g;
    }
  }
  return { originX, originY, cellSize, cols, rows, n, cellIndex, flat };
}

/** Centroid x of study cell i. */
export function cellX(g: Grid, i: number): number {
  return g.originX + ((g.flat[i] % g.cols) + 0.5) * g.cellSize;
}
export function cellY(g: Grid, i: number): number {
  return g.originY - (Math.floor(g.flat[i] / g.cols) + 0.5) * g.cellSize;
}

/** Study index of the cell containing (x, y), or −1. */
export function locate(g: Grid, x: number, y: number): number {
  const c = Math.floor((x - g.originX) / g.cellSize);
  const r = Math.floor((g.originY - y) / g.cellSize);
  if (c < 0 || r < 0 || c >= g.cols || r >= g.rows) return -1;
  return g.cellIndex[r * g.cols + c];
}

/** Counts points per study cell; returns counts and the number of points outside the study area. */
export function countPoints(g: Grid, xy: Float64Array): { counts: Int32Array; outside: number } {
  const counts = new Int32Array(g.n);
  let outside = 0;
  for (let k = 0; k < xy.length; k += 2) {
    const i = locate(g, xy[k], xy[k + 1]);
    if (i < 0) outside++;
    else counts[i]++;
  }
  return { counts, outside };
}
