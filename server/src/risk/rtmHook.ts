/**
 * HOOK for the RTM capability: how the risk service gets the relative-risk-score grid of the RTM run attached to
 * a picture (`Picture.rtmRunId`), for the combined overlay RRS × (1 + γ·NR).
 *
 * The RTM feature registers `ctx.services.rtmSurfaces = { load(runId) }` returning the run's grid (EPSG:3006,
 * north-west origin, row-major; `rrs` per grid cell, or per study cell with `cellIndex`), or null while the run
 * is not finished. Until it does, pictures show the near-repeat surface alone.
 */
import type { AppContext } from '../http/context.ts';
import type { RrsGridInput } from '../nearrepeat/surface.ts';

export interface RtmSurfaceProvider {
  load(runId: string): Promise<RrsGridInput | null>;
}

export const RTM_SURFACES_SERVICE = 'rtmSurfaces';

export function rtmSurfacesOf(ctx: AppContext): RtmSurfaceProvider | null {
  const s = ctx.services[RTM_SURFACES_SERVICE] as RtmSurfaceProvider | undefined;
  return s && typeof s.load === 'function' ? s : null;
}
