/**
 * Ranks risk-accuracy models in a worker thread: each model is a sort of every cell (≈ 0.1 s per model at
 * 250 000 cells, bench/evaluation.bench.ts), which on the event loop would hold up every co-editor's edits and
 * every live event of the process for that long. At most MAX_RANKING_WORKERS run at once; further requests wait
 * their turn, so a burst of requests cannot start a thread each.
 */
import { startWorker } from '../../workerThread.ts';
import type { ModelAccuracy } from '../core/riskAccuracy.ts';
import type { RankReply, RankRequest } from './protocol.ts';

export const MAX_RANKING_WORKERS = 2;

let running = 0;
const waiting: Array<() => void> = [];

/** Ranking workers running now (for tests and metrics). */
export function rankingWorkersBusy(): number {
  return running;
}

async function turn(): Promise<() => void> {
  if (running >= MAX_RANKING_WORKERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  // A finished request hands its place straight to the next in line (running stays counted), else frees it.
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

/** The models' accuracy, computed in a worker; the arrays are copied to it (the RTM surface is a shared cache entry). */
export async function rankModelsInWorker(req: Omit<RankRequest, 'type'>): Promise<ModelAccuracy[]> {
  const done = await turn();
  try {
    const w = startWorker(import.meta.url, './entry.ts', 'ranking-worker');
    return await new Promise<ModelAccuracy[]>((resolve, reject) => {
      w.once('message', (m: RankReply) => {
        void w.terminate();
        if (m.type === 'result') resolve(m.models);
        else reject(new Error(`Ranking failed: ${m.message}`));
      });
      w.once('error', (e) => reject(new Error(`The ranking worker stopped: ${e.message}`)));
      w.once('exit', (code) => reject(new Error(`The ranking worker stopped (exit code ${code}).`)));
      w.postMessage({ type: 'rank', ...req } satisfies RankRequest);
    });
  } finally {
    done();
  }
}
