/**
 * How the risk service gets the relative-risk-score grid of the RTM run attached to a picture
 * (`Picture.rtmRunId`), for the combined overlay RRS × (1 + γ·NR): rtm's `RtmResults` satisfies it (wired in
 * compose.ts). Null while the run is not finished; `rtm.completed` tells the service to ask again.
 */
import type { RrsGridInput } from '../nearrepeat/surface.ts';

export interface RtmSurfaceProvider {
  load(runId: string): Promise<RrsGridInput | null>;
}
