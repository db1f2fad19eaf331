/**
 * The one message protocol between an RTM worker thread and its host. Every message is `{ type, … }`.
 *
 * host → worker: one `RunRequest`.
 * worker → host: any number of `progress`, then exactly one of `result` | `invalid` | `error`.
 */
import type { Progress, RtmResult } from '../core/engine.ts';
import type { Limits } from '../core/study.ts';

export type RunRequest = { type: 'run'; study: unknown; limits?: Partial<Limits> };

export type WorkerMessage =
  | ({ type: 'progress' } & Progress)
  /** `cells`: the per-cell arrays as `encodeCells` writes them (the stored form), transferred rather than copied. */
  | { type: 'result'; result: RtmResult; cells: Uint8Array; timings: Record<string, number> }
  /** The study is not valid: one sentence per problem. */
  | { type: 'invalid'; problems: string[] }
  /** Anything else went wrong; `code` says when the run's wall-time limit (`limits.maxSeconds`) was spent. */
  | { type: 'error'; message: string; code?: 'RTM_TIME_LIMIT' };
