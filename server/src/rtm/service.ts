/**
 * The rtm capability's services, built once by the composition root: the run table, the job runner and the
 * results other capabilities read. Run endings and progress leave rtm only through `onCompleted` / `onProgress`
 * listeners, so rtm knows nothing of live sockets or the event bus.
 */
import type { Logger } from 'pino';
import { RtmJobs, type RtmJobsOptions } from './jobs/jobs.ts';
import { createRtmResults, type RtmResults } from './results.ts';
import type { RtmRunEnded, RtmRunProgress } from './runEvents.ts';
import { RtmRunStore } from './runStore.ts';
import type { Db } from '../db/database.ts';

export interface RtmService {
  runs: RtmRunStore;
  jobs: RtmJobs;
  results: RtmResults;
  /** Every ending of a run (completed, failed with a code, cancelled). Returns the unsubscribe function. */
  onCompleted(listener: (e: RtmRunEnded) => void): () => void;
  onProgress(listener: (e: RtmRunProgress) => void): () => void;
  close(): Promise<void>;
}

function listeners<E>() {
  const set = new Set<(e: E) => void>();
  return {
    add(fn: (e: E) => void) {
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(e: E) {
      for (const fn of set) fn(e);
    },
  };
}

export type { RtmRunEnded, RtmRunProgress } from './runEvents.ts';

export function createRtmService(deps: { db: Db; log: Logger; jobs?: Partial<RtmJobsOptions> }): RtmService {
  const runs = new RtmRunStore(deps.db);
  const completed = listeners<RtmRunEnded>();
  const progress = listeners<RtmRunProgress>();
  const jobs = new RtmJobs(runs, { progress: progress.emit, completed: completed.emit }, deps.log, deps.jobs);
  return {
    runs,
    jobs,
    results: createRtmResults(runs),
    onCompleted: completed.add,
    onProgress: progress.add,
    close: () => jobs.close(),
  };
}
