/**
 * A wall-time budget for one run. Every loop of the engine that could run long calls `check()`, so a run that
 * meets an input nobody foresaw ends with a clear message instead of holding the run queue (issue 17).
 */

/** The run took longer than its time limit. `stage` names the loop that noticed. */
export class RtmTimeLimitError extends Error {
  readonly code = 'RTM_TIME_LIMIT';
  constructor(
    readonly seconds: number,
    readonly stage: string,
  ) {
    super(`The RTM run exceeded its time limit of ${seconds} s (during ${stage}); simplify the study (fewer factors, larger cells) and run it again.`);
    this.name = 'RtmTimeLimitError';
  }
}

export interface Deadline {
  /** Throws RtmTimeLimitError once the budget is spent. */
  check(stage: string): void;
}

/** A deadline that never fires (pure callers and tests that do not care). */
export const NO_DEADLINE: Deadline = { check: () => undefined };

export function deadlineAfter(seconds: number, now: () => number = () => performance.now()): Deadline {
  if (!Number.isFinite(seconds)) return NO_DEADLINE;
  const end = now() + seconds * 1000;
  return {
    check(stage) {
      if (now() > end) throw new RtmTimeLimitError(seconds, stage);
    },
  };
}
