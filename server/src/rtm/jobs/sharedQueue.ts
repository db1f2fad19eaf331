import { createRequire } from 'node:module';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** What travels through Redis: ids only; the study itself is on the run's row. */
export interface QueuedRun {
  runId: string;
  pictureId: string | null;
}

/** Thrown by the processor when this process hands its run over (graceful shutdown): BullMQ gives it to another. */
export class HandedOver extends Error {
  override name = 'HandedOver';
}

/**
 * The RTM job queue shared by every server process on one Redis (BullMQ). Each process takes one run at a time.
 * A process that dies stops renewing its lock; after `stalledSeconds` another process's worker finds the run stalled
 * and takes it over. A process that stops gracefully hands its run back (a retry), so another one starts it again.
 */
export class SharedQueue {
  private readonly queue: Queue<QueuedRun>;
  private readonly worker: Worker<QueuedRun>;
  private readonly connections: Redis[] = [];

  constructor(opts: { url: string; prefix: string; stalledSeconds: number; log: Logger }, process: (run: QueuedRun) => Promise<void>) {
    // BullMQ and ioredis (≈ 6.6 MB of heap) are loaded only with REDIS_URL; both are CommonJS, so the constructor
    // can require them.
    const requireCjs = createRequire(import.meta.url);
    const { Queue, Worker } = requireCjs('bullmq') as typeof import('bullmq');
    const { Redis } = requireCjs('ioredis') as typeof import('ioredis');
    // BullMQ's blocking reads want a connection that retries for ever rather than failing commands.
    const connect = () => {
      const c = new Redis(opts.url, { maxRetriesPerRequest: null });
      c.on('error', (err) => opts.log.warn({ err }, 'RTM queue: Redis error'));
      this.connections.push(c);
      return c;
    };
    this.queue = new Queue<QueuedRun>('rtm', { connection: connect(), prefix: opts.prefix });
    this.worker = new Worker<QueuedRun>('rtm', (job) => process(job.data), {
      connection: connect(),
      prefix: opts.prefix,
      concurrency: 1,
      lockDuration: opts.stalledSeconds * 1000,
      stalledInterval: Math.max(500, (opts.stalledSeconds * 1000) / 2),
      maxStalledCount: 3,
    });
    this.worker.on('error', (err) => opts.log.warn({ err }, 'RTM queue worker error'));
    this.worker.on('stalled', (jobId) => opts.log.warn({ runId: jobId }, 'RTM run stalled (its process stopped); another process takes it over'));
  }

  async add(run: QueuedRun): Promise<void> {
    // The run id is the job id: adding a run twice queues it once. Handovers are retries, without delay.
    await this.queue.add('run', run, { jobId: run.runId, attempts: 5, removeOnComplete: true, removeOnFail: 100 });
  }

  /** Removes a run that waits for a process; false when no process could still start it from the queue. */
  async remove(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') return false;
    await job.remove().catch(() => undefined);
    return true;
  }

  /** Runs waiting and running across every process. */
  async depth(): Promise<{ queued: number; running: number }> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    return { queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0), running: c.active ?? 0 };
  }

  /**
   * Stops taking runs from the queue (resolves when the run in hand has ended). Called before a run is handed back:
   * BullMQ's worker takes the next job as it records a failure unless it is closing, so this process would take the
   * run it hands back again, hand it back again, and use up its attempts before another process got it.
   */
  stopTaking(): Promise<void> {
    return this.worker.close();
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }
}
