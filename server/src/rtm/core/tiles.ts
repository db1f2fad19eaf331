/**
 * Web-mercator PNG tiles (256 × 256, XYZ scheme) of a run's risk surface. Pure: takes a RiskSurface (full-grid
 * typed arrays, transferable from the worker) and returns PNG bytes.
 */
import proj4 from 'proj4';
import type { CellArrays } from './engine.ts';
import type { GridSpec } from '../../../../shared/src/geo/grid.ts';
import { WGS84 } from '../../../../shared/src/geo/sweref.ts';
import { proj4Def } from './geometry.ts';
import { encodePng } from '../../geo/png.ts';
import { TILE_SIZE, tileFor, tilePixelCells, validTile } from '../../geo/xyzTiles.ts';

/** Full-grid surface: row-major from the north-west; cells outside the study area have class 255 and rrs NaN. */
export interface RiskSurface extends GridSpec {
  crs: string;
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

/** Deepest zoom a tile may be asked for. */
const MAX_ZOOM = 24;

/**
 * Renders tile (z, x, y); a tile that does not exist is a RangeError. Which cell lies under each pixel comes from
 * the shared tile lattice (geo/xyzTiles.ts); this only colours the cells.
 */
export function renderTile(s: RiskSurface, z: number, x: number, y: number, style: TileStyle = 'classes'): Uint8Array {
  if (!validTile(z, x, y, MAX_ZOOM)) throw new RangeError(`tile ${z}/${x}/${y} does not exist`);
  const rgba = new Uint8Array(TILE_SIZE * TILE_SIZE * 4);
  const conv = proj4(WGS84, proj4Def(s.crs));
  const cells = tilePixelCells(s, z, x, y, (lon, lat) => conv.forward([lon, lat]));
  if (cells === null) return encodePng(TILE_SIZE, TILE_SIZE, rgba);
  const logMax = Math.log(Math.max(s.maxRrs, 1 + 1e-9));
  for (let p = 0; p < cells.length; p++) {
    const k = cells[p];
    if (k < 0) continue;
    const cls = s.classes[k];
    if (cls === 255) continue;
    const o = p * 4;
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
  return encodePng(TILE_SIZE, TILE_SIZE, rgba);
}

/** Tile covering a lon/lat position at zoom z (handy for tests and map clients). */
export { tileFor };
