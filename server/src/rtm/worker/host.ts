/**
 * Runs one study in a worker thread of its own (off the event loop) and turns the worker's messages into a
 * promise. A study that is not valid rejects with the engine's own `StudyValidationError` (its problems); every
 * other ending without a result is a `RunFailure` with a code.
 */
import type { Progress, RtmResult } from '../core/engine.ts';
import { RunFailure } from '../core/runErrors.ts';
import { type Limits, StudyValidationError } from '../core/study.ts';
import type { RunRequest, WorkerMessage } from './protocol.ts';
import { startWorker } from '../../workerThread.ts';

export interface WorkerOutput {
  result: RtmResult;
  /** The per-cell arrays, encoded by `encodeCells` (decode with `decodeCells`). */
  cells: Uint8Array;
  timings: Record<string, number>;
}

export interface WorkerRun {
  /** Rejects with a `StudyValidationError` for bad input, otherwise with a `RunFailure`. */
  promise: Promise<WorkerOutput>;
  /** Stops the worker; the promise rejects with `RTM_WORKER_STOPPED`. */
  terminate: () => Promise<void>;
  /** `terminate` without waiting. */
  cancel: () => void;
}

/** The engine's worker: `entry.ts` from sources, the bundle's `rtm-worker.js` compiled (scripts/build.mjs). */
export function runStudyInWorker(study: unknown, opts: { onProgress?: (p: Progress) => void; limits?: Partial<Limits> } = {}): WorkerRun {
  const w = startWorker(import.meta.url, './entry.ts', 'rtm-worker');
  const promise = new Promise<WorkerOutput>((resolve, reject) => {
    let settled = false;
    const end = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') return opts.onProgress?.(m);
      void w.terminate();
      end(() => {
        if (m.type === 'result') resolve({ result: m.result, cells: m.cells, timings: m.timings });
        else if (m.type === 'invalid') reject(new StudyValidationError(m.problems));
        else reject(new RunFailure(m.code === 'RTM_TIME_LIMIT' ? 'RTM_TIME_LIMIT' : 'RTM_FAILED', m.message));
      });
    });
    w.on('error', (e) => end(() => reject(new RunFailure('RTM_WORKER_STOPPED', `The RTM worker stopped: ${e.message}`))));
    w.on('exit', (code) => end(() => reject(new RunFailure('RTM_WORKER_STOPPED', `The RTM worker stopped (exit code ${code}).`))));
  });
  // The worker registers its listener after loading; messages queue until then.
  w.postMessage({ type: 'run', study, limits: opts.limits } satisfies RunRequest);
  const terminate = async () => {
    await w.terminate();
  };
  return { promise, terminate, cancel: () => void terminate() };
}
