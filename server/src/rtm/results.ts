/**
 * Completed runs' surfaces, for rtm's own tiles and exports and for other capabilities (risk combines the RRS
 * grid with near-repeat risk). The only way out of rtm to a stored run's cells.
 */
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { decodeCells } from './core/cellsCodec.ts';
import type { CellArrays } from './core/engine.ts';
import { type RiskSurface, toSurface } from './core/tiles.ts';
import type { RtmRunStore } from './runStore.ts';

/** A run's relative risk score per study cell, on its grid (EPSG:3006 metres, row-major from the north-west). */
export interface RtmRrsGrid extends GridSpec {
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
  /** The full-grid surface the map tiles are drawn from; null while the run is not completed. */
  surface(runId: string): Promise<RiskSurface | null>;
}

function crsOf(result: string | null): string {
  try {
    return (JSON.parse(result ?? '{}') as { grid?: { crs?: string } }).grid?.crs ?? 'EPSG:3006';
  } catch {
    // A result that does not parse says nothing about the CRS; the stored default is SWEREF 99 TM.
    return 'EPSG:3006';
  }
}

/** The last `size` values by key, oldest dropped first. */
function recent<V>(size: number) {
  const map = new Map<string, V>();
  return {
    get: (key: string) => map.get(key),
    set(key: string, value: V): V {
      map.set(key, value);
      if (map.size > size) map.delete(map.keys().next().value!);
      return value;
    },
  };
}

/** Decoded runs and tile surfaces are cached (tiles ask many times a second); a completed run never changes. */
export function createRtmResults(store: RtmRunStore, cacheSize = 4): RtmResults {
  const decoded = recent<{ cells: CellArrays; crs: string }>(cacheSize);
  const surfaces = recent<RiskSurface>(cacheSize);
  const cells = async (runId: string) => {
    const hit = decoded.get(runId);
    if (hit) return hit;
    const row = await store.completedSurface(runId);
    if (!row) return null;
    return decoded.set(runId, { cells: decodeCells(row.surface), crs: crsOf(row.result) });
  };
  return {
    cells,
    async surface(runId) {
      const hit = surfaces.get(runId);
      if (hit) return hit;
      const run = await cells(runId);
      return run ? surfaces.set(runId, toSurface(run.cells, run.crs)) : null;
    },
    async load(runId) {
      const run = await cells(runId);
      if (run?.crs !== 'EPSG:3006') return null;
      const { originX, originY, cellSize, cols, rows, cellIndex } = run.cells.grid;
      return { originX, originY, cellSize, cols, rows, rrs: run.cells.rrs, cellIndex };
    },
  };
}
