import type { Logger } from 'pino';
import { problemsOf } from '../../../../shared/src/problems.ts';
import type { Progress } from '../core/engine.ts';
import { formatRunError, RunFailure } from '../core/runErrors.ts';
import { DEFAULT_LIMITS } from '../core/study.ts';
import type { RunEvents } from '../runEvents.ts';
import type { RunEndStatus, RtmRunStore } from '../runStore.ts';
import { runStudyInWorker, type WorkerOutput, type WorkerRun } from '../worker/host.ts';
import { throttledProgress } from './progressStore.ts';
import { HandedOver, type QueuedRun, SharedQueue } from './sharedQueue.ts';

export type { RunEndStatus } from '../runStore.ts';

export interface Job {
  runId: string;
  pictureId: string | null;
  study: unknown;
}

export interface RtmJobsOptions {
  /** The engine's wall-time limit per run (seconds). */
  maxSeconds: number;
  /**
   * Extra time before the host terminates a worker that has not ended by itself: the engine checks its own
   * limit in every loop, so this only catches a worker stuck outside the engine.
   */
  hardKillGraceSeconds: number;
  /** Shortest interval between stored progress updates; the latest value is always stored in the end. */
  progressWriteMs: number;
  /** With Redis: the queue every process shares (BullMQ), its keys under `prefix`. Without: a queue in this process. */
  redis?: { url: string; prefix: string };
  /** Shared queue: how long a process may stop renewing its run's lock before another process takes the run over. */
  stalledSeconds: number;
}

const DEFAULT_OPTIONS: RtmJobsOptions = { maxSeconds: DEFAULT_LIMITS.maxSeconds, hardKillGraceSeconds: 60, progressWriteMs: 500, stalledSeconds: 30 };

/** The run that is executing in this process. */
interface Current {
  job: Job;
  worker?: WorkerRun;
  /** Set before the worker is terminated, so the ending is recorded as this and not as a crash. */
  stop?: RunFailure;
  /** Taken from the shared queue: the run may already be `running` (its first process died). */
  shared?: boolean;
  /** Stopped to be handed to another process (graceful shutdown with the shared queue): nothing is recorded. */
  handover?: boolean;
  done: Promise<void>;
}

/**
 * Runs RTM studies one at a time per process in a worker thread (the machine has two cores; the event
 * loop stays free for live traffic). Progress and results are stored on the RtmRun row. Runs can be cancelled
 * while queued or running; every ending (completed, failed with a code, cancelled) is stored and announced.
 * With Redis the queue is shared (sharedQueue.ts): any process runs any study, and a run whose process dies is
 * taken over by another.
 */
export class RtmJobs {
  private readonly queue: Job[] = [];
  private current: Current | undefined;
  private closing = false;
  private readonly opts: RtmJobsOptions;

  constructor(
    private readonly runs: RtmRunStore,
    private readonly events: RunEvents,
    private readonly log: Logger,
    options: Partial<RtmJobsOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OPTIONS, ...options };
    const { redis } = this.opts;
    this.shared = redis ? new SharedQueue({ ...redis, stalledSeconds: this.opts.stalledSeconds, log }, (run) => this.runShared(run)) : null;
  }

  private readonly shared: SharedQueue | null;

  /** A run handed to this process by the shared queue; resolves when it ended here (throws to hand it back). */
  private async runShared(run: QueuedRun): Promise<void> {
    if (this.closing) {
      this.log.warn({ runId: run.runId }, 'RTM run given to a stopping process: handed back');
      throw new HandedOver('the process is stopping');
    }
    const row = await this.runs.get(run.runId);
    if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
    let finish!: () => void;
    const cur: Current = { job: { ...run, study: JSON.parse(row.study) }, shared: true, done: new Promise<void>((r) => (finish = r)) };
    this.current = cur;
    this.log.info({ runId: run.runId, takeover: row.status === 'running' }, 'RTM run taken from the shared queue');
    try {
      await this.run(cur);
    } finally {
      this.current = undefined;
      finish();
    }
    if (cur.handover) throw new HandedOver('the process stopped during the run');
  }

  /** Runs left queued or running by a process that died are failed with a reason, not pending for ever. */
  async recover(): Promise<void> {
    await this.runs.failUnfinished(formatRunError('RTM_SERVER_RESTARTED', 'The server restarted while the run was queued or in progress; start it again.'));
  }

  /** Runs waiting and running: in this process, or with Redis in the shared queue (every process). */
  async depth(): Promise<{ queued: number; running: number }> {
    if (this.shared) return this.shared.depth();
    return { queued: this.queue.length, running: this.current ? 1 : 0 };
  }

  /** Whether this process is executing the run now. */
  isRunningHere(runId: string): boolean {
    return this.current?.job.runId === runId;
  }

  enqueue(job: Job): void {
    if (this.shared) {
      this.shared.add({ runId: job.runId, pictureId: job.pictureId }).catch(async (err) => {
        this.log.error({ err, runId: job.runId }, 'RTM run could not be queued');
        const failure = new RunFailure('RTM_CANCELLED', 'The run could not be queued (Redis); start it again.');
        if (await this.runs.cancelUnfinished(job.runId, formatRunError(failure.code, failure.message)).catch(() => false)) this.announceEnd(job.runId, job.pictureId, 'cancelled', failure);
      });
      return;
    }
    this.queue.push(job);
    void this.pump();
  }

  /**
   * Cancels a queued or running run. Returns false when the run is not queued or running (any more). A run
   * that another server process is executing is marked cancelled in the database; that process notices at its
   * next progress write and stops its worker.
   */
  async cancel(runId: string, detail: string): Promise<boolean> {
    const stop = new RunFailure('RTM_CANCELLED', detail);
    const cur = this.current;
    if (cur?.job.runId === runId) {
      cur.stop ??= stop;
      await cur.worker?.terminate();
      await cur.done;
      return true;
    }
    const queued = this.queue.findIndex((j) => j.runId === runId);
    const job = queued >= 0 ? this.queue.splice(queued, 1)[0] : undefined;
    // Waiting in the shared queue: no process takes it any more. Running elsewhere: the row below stops it.
    await this.shared?.remove(runId).catch((err) => this.log.warn({ err, runId }, 'RTM run not removed from the queue'));
    if (!(await this.runs.cancelUnfinished(runId, formatRunError(stop.code, stop.message)))) return false;
    const pictureId = job?.pictureId ?? (await this.runs.pictureOf(runId));
    this.announceEnd(runId, pictureId, 'cancelled', stop);
    return true;
  }

  private announceEnd(runId: string, pictureId: string | null, status: RunEndStatus, failure?: RunFailure): void {
    if (status === 'cancelled') this.events.progress({ runId, pictureId, progress: 0, message: 'cancelled' });
    this.events.completed({ runId, pictureId, status, ...(failure?.message ? { error: failure.message } : {}), ...(failure ? { errorCode: failure.code } : {}) });
  }

  private async pump(): Promise<void> {
    if (this.current || this.closing) return;
    const job = this.queue.shift();
    if (!job) return;
    let finish!: () => void;
    this.current = { job, done: new Promise<void>((r) => (finish = r)) };
    try {
      await this.run(this.current);
    } catch (err) {
      this.log.error({ err, runId: job.runId }, 'RTM run failed');
    } finally {
      this.current = undefined;
      finish();
      void this.pump();
    }
  }

  private async run(cur: Current): Promise<void> {
    const { job } = cur;
    // Another process (or a cancel that raced with the queue) may have ended it already. From the shared queue a
    // `running` row is a takeover: the queue's lock says no other process holds it any more.
    if (!(await this.runs.start(job.runId)) && !(cur.shared && (await this.runs.get(job.runId))?.status === 'running')) return;
    const progress = this.progressWriter(cur);
    try {
      const { result, cells } = await this.runInWorker(cur, progress.report);
      await progress.flush();
      await this.runs.complete(job.runId, result, cells);
      this.events.completed({ runId: job.runId, pictureId: job.pictureId, status: 'completed' });
    } catch (err) {
      await progress.flush();
      if (cur.handover) return;
      const failure = cur.stop ?? this.failureOf(err);
      const status: RunEndStatus = failure.code === 'RTM_CANCELLED' ? 'cancelled' : 'failed';
      if (status === 'failed') this.log.warn({ runId: job.runId, code: failure.code, detail: failure.message }, 'RTM run failed');
      const ended = await this.runs.endRunning(job.runId, status, formatRunError(failure.code, failure.message));
      if (ended) this.announceEnd(job.runId, job.pictureId, status, failure);
    }
  }

  private failureOf(err: unknown): RunFailure {
    if (err instanceof RunFailure) return err;
    const problems = problemsOf(err);
    if (problems) return new RunFailure('RTM_INVALID_STUDY', problems.join(' '));
    if (this.closing) return new RunFailure('RTM_SERVER_RESTARTED', 'The server stopped while the run was in progress; start it again.');
    return new RunFailure('RTM_FAILED', err instanceof Error ? err.message : String(err));
  }

  /**
   * Live events for every progress report; the stored row at most every `progressWriteMs`, but always with the
   * latest stage (a trailing write), so a long stage is never shown as the stage before it. A write that finds
   * the run no longer running (cancelled by another process) stops the worker.
   */
  private progressWriter(cur: Current) {
    const { job } = cur;
    const store = throttledProgress(async (p) => {
      try {
        const running = await this.runs.progress(job.runId, p.fraction, p.stage);
        if (!running && !cur.stop) {
          cur.stop = new RunFailure('RTM_CANCELLED', 'Cancelled on another server.');
          await cur.worker?.terminate();
        }
      } catch (err) {
        this.log.warn({ err, runId: job.runId }, 'RTM progress not stored');
      }
    }, this.opts.progressWriteMs);
    return {
      report: (p: Progress) => {
        this.events.progress({ runId: job.runId, pictureId: job.pictureId, progress: p.fraction, message: p.stage });
        store.report(p);
      },
      flush: () => store.flush(),
    };
  }

  private async runInWorker(cur: Current, onProgress: (p: Progress) => void): Promise<WorkerOutput> {
    if (cur.stop) throw cur.stop;
    // The process began to stop while the run was being started (there was no worker yet to terminate): it is
    // handed over, not run here, where close() would wait for it to the end.
    if (cur.handover) throw new HandedOver('the process stopped before the run began');
    const { maxSeconds, hardKillGraceSeconds } = this.opts;
    const run = runStudyInWorker(cur.job.study, { onProgress, limits: { maxSeconds } });
    cur.worker = run;
    const hardKill = setTimeout(
      () => {
        cur.stop ??= new RunFailure('RTM_TIME_LIMIT', `The RTM run exceeded its time limit of ${maxSeconds} s and was stopped.`);
        run.cancel();
      },
      (maxSeconds + hardKillGraceSeconds) * 1000,
    );
    try {
      return await run.promise;
    } finally {
      clearTimeout(hardKill);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    // First: no more runs from the shared queue, so that a run handed back below goes to another process.
    const stoppedTaking = this.shared?.stopTaking().catch((err) => this.log.warn({ err }, 'RTM queue worker did not close cleanly'));
    const cur = this.current;
    if (cur) {
      // Shared queue: another process starts the run again. Alone: the run ends as interrupted.
      if (cur.shared && !cur.stop) cur.handover = true;
      else cur.stop ??= new RunFailure('RTM_SERVER_RESTARTED', 'The server stopped while the run was in progress; start it again.');
      await cur.worker?.terminate();
      // The ending is stored if the database is still there; otherwise recover() does it at the next start.
      await Promise.race([cur.done, new Promise((r) => setTimeout(r, 2000))]);
    }
    await stoppedTaking;
    await this.shared?.close();
  }
}
