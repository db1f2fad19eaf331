/**
 * How the risk service gets the relative-risk-score grid of the RTM run attached to a picture
 * (`Picture.rtmRunId`), for the combined overlay RRS × (1 + γ·NR).
 *
 * A capability may register `ctx.services.rtmSurfaces = { load(runId) }`; otherwise the stored run is read
 * directly: `RtmRun.surface` as encoded by `rtmapi/cellsCodec.ts`, when the run is completed and its grid is in
 * EPSG:3006. Null while the run is not finished (the service retries on its next picture refresh).
 */
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import type { RrsGridInput } from '../nearrepeat/surface.ts';
import { decodeCells } from '../rtmapi/cellsCodec.ts';

export interface RtmSurfaceProvider {
  load(runId: string): Promise<RrsGridInput | null>;
}

export const RTM_SURFACES_SERVICE = 'rtmSurfaces';

/** Reads a completed run's RRS grid from the database. */
export async function loadStoredRtmSurface(db: Db, runId: string): Promise<RrsGridInput | null> {
  const row = await db.rtmRun.findUnique({ where: { id: runId }, select: { surface: true, status: true, result: true } });
  if (!row?.surface || row.status !== 'completed') return null;
  let crs = 'EPSG:3006';
  try {
    crs = (JSON.parse(row.result ?? '{}') as { grid?: { crs?: string } }).grid?.crs ?? crs;
  } catch {
    // A result that does not parse says nothing about the CRS; the surface's own header decides below.
  }
  if (crs !== 'EPSG:3006') return null;
  const cells = decodeCells(row.surface);
  const { originX, originY, cellSize, cols, rows, cellIndex } = cells.grid;
  return { originX, originY, cellSize, cols, rows, rrs: cells.rrs, cellIndex };
}

export function rtmSurfacesOf(ctx: AppContext): RtmSurfaceProvider {
  const s = ctx.services[RTM_SURFACES_SERVICE] as RtmSurfaceProvider | undefined;
  if (s && typeof s.load === 'function') return s;
  return { load: (runId) => loadStoredRtmSurface(ctx.prisma, runId) };
}
