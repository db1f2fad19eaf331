/**
 * worker_threads entry for RTM runs, plus a small host helper. Protocol (all messages `{ type, … }`):
 *
 * host → worker: `{ type: 'run', study, limits? }`
 * worker → host: `{ type: 'progress', stage, fraction, message? }` (any number)
 *                `{ type: 'result', result, surface, timings }` — surface typed arrays are transferred
 *                `{ type: 'invalid', problems: string[] }` — bad study input (HTTP 400/422)
 *                `{ type: 'error', message, code? }` — unexpected failure; `code: 'RTM_TIME_LIMIT'` when the
 *                run's wall-time limit (`limits.maxSeconds`) was spent
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { type Progress, RtmTimeLimitError, type RtmResult, runStudy, StudyValidationError } from './engine.ts';
import type { Limits } from './study.ts';
import { type RiskSurface, toSurface } from './tiles.ts';

export type WorkerRequest = { type: 'run'; study: unknown; limits?: Partial<Limits> };
export type WorkerMessage =
  | ({ type: 'progress' } & Progress)
  | { type: 'result'; result: RtmResult; surface: RiskSurface; timings: Record<string, number> }
  | { type: 'invalid'; problems: string[] }
  | { type: 'error'; message: string; code?: 'RTM_TIME_LIMIT' };

function handle(req: WorkerRequest, post: (m: WorkerMessage, transfer?: ArrayBuffer[]) => void): void {
  try {
    const { result, cells, timings } = runStudy(req.study, {
      limits: req.limits,
      onProgress: (p) => post({ type: 'progress', ...p }),
    });
    const surface = toSurface(cells, result.grid.crs);
    post({ type: 'result', result, surface, timings }, [surface.rrs.buffer as ArrayBuffer, surface.classes.buffer as ArrayBuffer]);
  } catch (e) {
    if (e instanceof StudyValidationError) post({ type: 'invalid', problems: e.problems });
    else if (e instanceof RtmTimeLimitError) post({ type: 'error', message: e.message, code: e.code });
    else post({ type: 'error', message: (e as Error).message ?? String(e) });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => {
    if (req?.type === 'run') handle(req, (m, t) => port.postMessage(m, t ?? []));
  });
}

export class RtmInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join(' '));
    this.name = 'RtmInputError';
    this.problems = problems;
  }
}

export interface WorkerRun {
  promise: Promise<{ result: RtmResult; surface: RiskSurface; timings: Record<string, number> }>;
  /** Terminates the worker; the promise rejects. */
  cancel: () => void;
}

/**
 * Runs a study in a new worker thread (off the event loop). The worker loads this TypeScript module through
 * tsx's ESM loader, so it works in the same way as the rest of the server under `bin/lagesbild.js`.
 * Rejects with RtmInputError for bad input.
 */
export function runStudyInWorker(study: unknown, opts: { onProgress?: (p: Progress) => void; limits?: Partial<Limits> } = {}): WorkerRun {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const self = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`;
  const w = new Worker(boot, { eval: true });
  let settled = false;
  const promise = new Promise<{ result: RtmResult; surface: RiskSurface; timings: Record<string, number> }>((resolve, reject) => {
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m);
      else {
        settled = true;
        void w.terminate();
        if (m.type === 'result') resolve({ result: m.result, surface: m.surface, timings: m.timings });
        else if (m.type === 'invalid') reject(new RtmInputError(m.problems));
        else reject(new Error(m.message));
      }
    });
    w.on('error', (e) => {
      settled = true;
      reject(e);
    });
    w.on('exit', (code) => {
      if (!settled) reject(new Error(`RTM worker exited with code ${code}`));
    });
  });
  // The worker module registers its listener after loading; messages queue until then.
  w.postMessage({ type: 'run', study, limits: opts.limits } satisfies WorkerRequest);
  return { promise, cancel: () => void w.terminate() };
}
