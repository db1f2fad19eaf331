/**
 * A picture's area (GeoJSON Polygon/MultiPolygon in EPSG:3006) as rings, with point-in-area and a raster mask
 * for a grid. Pure.
 */
import { pointInFlatRing } from '../../../shared/src/geo/pointInPolygon.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';

export interface Area {
  /** Polygons, each a list of rings (first outer, rest holes), each ring a flat [x0, y0, x1, y1, …]. */
  polygons: Float64Array[][];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Parses a stored area; null when missing or not a polygonal geometry. */
export function parseArea(stored: string | null): Area | null {
  if (!stored) return null;
  let g: { type?: unknown; coordinates?: unknown };
  try {
    g = JSON.parse(stored);
  } catch {
    return null;
  }
  const polys: number[][][][] = g.type === 'Polygon' ? [g.coordinates as number[][][]] : g.type === 'MultiPolygon' ? (g.coordinates as number[][][][]) : [];
  const polygons: Float64Array[][] = [];
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of polys) {
    if (!Array.isArray(p)) continue;
    const rings: Float64Array[] = [];
    for (const ring of p) {
      if (!Array.isArray(ring) || ring.length < 4) continue;
      const flat = new Float64Array(ring.length * 2);
      ring.forEach((pt, i) => {
        flat[2 * i] = pt[0];
        flat[2 * i + 1] = pt[1];
        if (pt[0] < minX) minX = pt[0];
        if (pt[0] > maxX) maxX = pt[0];
        if (pt[1] < minY) minY = pt[1];
        if (pt[1] > maxY) maxY = pt[1];
      });
      rings.push(flat);
    }
    if (rings.length > 0) polygons.push(rings);
  }
  if (polygons.length === 0 || !Number.isFinite(minX) || !(maxX > minX) || !(maxY > minY)) return null;
  return { polygons, minX, minY, maxX, maxY };
}

/** Even-odd point-in-area test (holes excluded). */
export function areaContains(a: Area, x: number, y: number): boolean {
  if (x < a.minX || x > a.maxX || y < a.minY || y > a.maxY) return false;
  for (const rings of a.polygons) {
    if (!pointInFlatRing(x, y, rings[0])) continue;
    let inHole = false;
    for (let k = 1; k < rings.length && !inHole; k++) inHole = pointInFlatRing(x, y, rings[k]);
    if (!inHole) return true;
  }
  return false;
}

/** 1 for cells whose centre lies in the area, scanline by scanline (crossings per row, no per-cell polygon test). */
export function areaMask(a: Area, grid: GridSpec): Uint8Array {
  const { originX, originY, cellSize, cols, rows } = grid;
  const mask = new Uint8Array(cols * rows);
  const xs: number[] = [];
  for (let r = 0; r < rows; r++) {
    const y = originY - (r + 0.5) * cellSize;
    xs.length = 0;
    for (const rings of a.polygons) {
      for (const ring of rings) {
        const n = ring.length / 2;
        for (let i = 0, j = n - 1; i < n; j = i++) {
          const yi = ring[2 * i + 1];
          const yj = ring[2 * j + 1];
          if (yi > y !== yj > y) xs.push(ring[2 * i] + ((y - yi) * (ring[2 * j] - ring[2 * i])) / (yj - yi));
        }
      }
    }
    xs.sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Cells whose centre x lies in [xs[k], xs[k+1]).
      const c0 = Math.max(0, Math.ceil((xs[k] - originX) / cellSize - 0.5));
      const c1 = Math.min(cols - 1, Math.ceil((xs[k + 1] - originX) / cellSize - 0.5) - 1);
      if (c1 >= c0) mask.fill(1, r * cols + c0, r * cols + c1 + 1);
    }
  }
  return mask;
}

/** A grid of `cellSizeM` cells over the area's bounding box, aligned to multiples of the cell size; coarser when it would exceed `maxCells`. */
export function gridForArea(a: Area, cellSizeM: number, maxCells: number): GridSpec {
  let cell = cellSizeM;
  const w = a.maxX - a.minX;
  const h = a.maxY - a.minY;
  if ((w / cell + 1) * (h / cell + 1) > maxCells) cell = Math.ceil(Math.sqrt((w * h) / maxCells) / 10) * 10 + 10;
  const originX = Math.floor(a.minX / cell) * cell;
  const originY = Math.ceil(a.maxY / cell) * cell;
  const cols = Math.max(1, Math.ceil((a.maxX - originX) / cell));
  const rows = Math.max(1, Math.ceil((originY - a.minY) / cell));
  return { originX, originY, cellSize: cell, cols, rows };
}
