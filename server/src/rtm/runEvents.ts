/**
 * What rtm announces about its runs. The shapes are those of the domain events `rtm.progress` and `rtm.completed`
 * (server/src/events/domainEvents.ts), so the wiring forwards them as they are.
 */
import type { RunErrorCode } from './core/runErrors.ts';
import type { RunEndStatus } from './runStore.ts';

export interface RtmRunProgress {
  runId: string;
  pictureId: string | null;
  progress: number;
  /** The stage code (`prepare`, `grid`, … `done`), or `cancelled`. */
  message: string;
}

/** Every ending of a run: completed, failed with a code, or cancelled. */
export interface RtmRunEnded {
  runId: string;
  pictureId: string | null;
  status: RunEndStatus;
  error?: string;
  errorCode?: RunErrorCode;
}

export interface RunEvents {
  progress(e: RtmRunProgress): void;
  completed(e: RtmRunEnded): void;
}
