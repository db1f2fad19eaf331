/**
 * How the risk service gets the relative-risk-score grid of the RTM run attached to a picture
 * (`Picture.rtmRunId`), for the combined overlay RRS × (1 + γ·NR).
 *
 * A capability may register `ctx.services.rtmSurfaces = { load(runId) }`; otherwise the stored run is read
 * through rtm's `RtmResults` (`rtm/index.ts`), when the run is completed and its grid is in EPSG:3006. Null while the run is not finished (the service retries on its next picture refresh).
 */
import type { Db } from '../db/database.ts';
import type { AppContext } from '../http/context.ts';
import type { RrsGridInput } from '../nearrepeat/surface.ts';
import { createRtmResults, RtmRunStore } from '../rtm/index.ts';

export interface RtmSurfaceProvider {
  load(runId: string): Promise<RrsGridInput | null>;
}

export const RTM_SURFACES_SERVICE = 'rtmSurfaces';

/** A completed run's RRS grid, read through rtm's results (rtm owns the RtmRun table). */
export async function loadStoredRtmSurface(db: Db, runId: string): Promise<RrsGridInput | null> {
  return createRtmResults(new RtmRunStore(db)).load(runId);
}

export function rtmSurfacesOf(ctx: AppContext): RtmSurfaceProvider {
  const s = ctx.services[RTM_SURFACES_SERVICE] as RtmSurfaceProvider | undefined;
  if (s && typeof s.load === 'function') return s;
  return { load: (runId) => loadStoredRtmSurface(ctx.prisma, runId) };
}
