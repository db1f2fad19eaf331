/**
 * Completed runs' surfaces, for rtm's own tiles and exports and for other capabilities (risk combines the RRS
 * grid with near-repeat risk). The only way out of rtm to a stored run's cells.
 */
import { decodeCells } from './core/cellsCodec.ts';
import type { CellArrays } from './core/engine.ts';
import type { RtmRunStore } from './runStore.ts';

/** A run's relative risk score per study cell, on its grid (EPSG:3006 metres, row-major from the north-west). */
export interface RtmRrsGrid {
  originX: number;
  originY: number;
  cellSize: number;
  cols: number;
  rows: number;
  /** Per study cell. */
  rrs: Float64Array;
  /** Study cell → index into the full cols × rows grid. */
  cellIndex: Int32Array;
}

export interface RtmResults {
  /** The decoded per-cell arrays and grid CRS of a completed run; null while it is not completed. */
  cells(runId: string): Promise<{ cells: CellArrays; crs: string } | null>;
  /** The RRS grid of a completed run in EPSG:3006; null while the run is not completed or in another CRS. */
  load(runId: string): Promise<RtmRrsGrid | null>;
}

function crsOf(result: string | null): string {
  try {
    return (JSON.parse(result ?? '{}') as { grid?: { crs?: string } }).grid?.crs ?? 'EPSG:3006';
  } catch {
    // A result that does not parse says nothing about the CRS; the stored default is SWEREF 99 TM.
    return 'EPSG:3006';
  }
}

/** Decoded runs are cached (tiles ask for them many times a second); a completed run never changes. */
export function createRtmResults(store: RtmRunStore, cacheSize = 4): RtmResults {
  const cache = new Map<string, { cells: CellArrays; crs: string }>();
  const cells = async (runId: string) => {
    const hit = cache.get(runId);
    if (hit) return hit;
    const row = await store.completedSurface(runId);
    if (!row) return null;
    const entry = { cells: decodeCells(row.surface), crs: crsOf(row.result) };
    cache.set(runId, entry);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return entry;
  };
  return {
    cells,
    async load(runId) {
      const run = await cells(runId);
      if (run?.crs !== 'EPSG:3006') return null;
      const { originX, originY, cellSize, cols, rows, cellIndex } = run.cells.grid;
      return { originX, originY, cellSize, cols, rows, rrs: run.cells.rrs, cellIndex };
    },
  };
}
