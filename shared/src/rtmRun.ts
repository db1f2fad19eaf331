/**
 * The vocabulary of an RTM run that server and client share: the stages its progress names and the codes of the
 * ways it can end without a result. The client keys its Swedish and English sentences by these, so a new stage or
 * code without a sentence fails the type check instead of showing a raw code.
 */

/** Stages of a run, in order; progress events and the stored run name the one under way. */
export const RTM_STAGES = ['prepare', 'grid', 'variables', 'elastic_net', 'stepwise', 'surface', 'evaluation', 'done'] as const;
export type RtmStage = (typeof RTM_STAGES)[number];

export type RtmRunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** Why a run did not complete. */
export const RUN_ERROR_CODES = [
  /** The study is not valid (detail: the problems). */
  'RTM_INVALID_STUDY',
  /** The run exceeded its wall-time limit. */
  'RTM_TIME_LIMIT',
  /** The worker thread died (out of memory, crash). */
  'RTM_WORKER_STOPPED',
  /** The server stopped or restarted while the run was queued or running. */
  'RTM_SERVER_RESTARTED',
  /** Someone cancelled the run. */
  'RTM_CANCELLED',
  /** Any other failure inside the engine. */
  'RTM_FAILED',
] as const;
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];
