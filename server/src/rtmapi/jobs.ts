import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import type { CellArrays, Progress, RtmResult } from '../rtm/engine.ts';
import { decodeCells } from './cellsCodec.ts';

export interface RunEvents {
  progress(runId: string, pictureId: string | null, progress: number, message: string): void;
  completed(runId: string, pictureId: string | null, status: 'completed' | 'failed', error?: string): void;
}

interface Job {
  runId: string;
  pictureId: string | null;
  study: unknown;
}

/**
 * Runs RTM studies one at a time per process in a worker thread (the machine has two cores; the event
 * loop stays free for live traffic). Progress and results are stored on the RtmRun row.
 */
export class RtmJobs {
  private readonly queue: Job[] = [];
  private running = false;
  private readonly cellsCache = new Map<string, CellArrays>();
  private current: Worker | undefined;

  constructor(
    private readonly prisma: Db,
    private readonly events: RunEvents,
    private readonly log: Logger,
  ) {}

  /** Runs left "running" by a process that died are failed, not silently pending forever. */
  async recover(): Promise<void> {
    await this.prisma.rtmRun.updateMany({
      where: { status: { in: ['queued', 'running'] } },
      data: { status: 'failed', error: 'The server restarted while the run was in progress; start it again.', finishedAt: new Date() },
    });
  }

  enqueue(job: Job): void {
    this.queue.push(job);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    this.running = true;
    try {
      await this.run(job);
    } catch (err) {
      this.log.error({ err, runId: job.runId }, 'RTM run failed');
    } finally {
      this.running = false;
      void this.pump();
    }
  }

  private async run(job: Job): Promise<void> {
    await this.prisma.rtmRun.update({ where: { id: job.runId }, data: { status: 'running', progress: 0 } });
    let lastWrite = 0;
    const onProgress = (p: Progress) => {
      const message = p.message ?? p.stage;
      this.events.progress(job.runId, job.pictureId, p.fraction, message);
      const now = Date.now();
      if (now - lastWrite > 500) {
        lastWrite = now;
        void this.prisma.rtmRun.update({ where: { id: job.runId }, data: { progress: p.fraction, message } }).catch(() => undefined);
      }
    };
    try {
      const { result, cells } = await this.runInWorker(job.study, onProgress);
      await this.prisma.rtmRun.update({
        where: { id: job.runId },
        data: {
          status: 'completed',
          progress: 1,
          message: 'done',
          result: JSON.stringify(result),
          surface: cells as Uint8Array<ArrayBuffer>,
          inputHash: result.model.inputHash,
          seed: result.model.seed,
          finishedAt: new Date(),
        },
      });
      this.events.completed(job.runId, job.pictureId, 'completed');
    } catch (err) {
      const message = err instanceof InvalidStudy ? err.problems.join(' ') : err instanceof Error ? err.message : String(err);
      await this.prisma.rtmRun.update({ where: { id: job.runId }, data: { status: 'failed', error: message, finishedAt: new Date() } });
      this.events.completed(job.runId, job.pictureId, 'failed', message);
    }
  }

  private runInWorker(study: unknown, onProgress: (p: Progress) => void): Promise<{ result: RtmResult; cells: Uint8Array }> {
    // The worker loads TypeScript the same way bin/lagesbild.js does: through tsx's loader.
    const tsxApi = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./runWorker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
    const w = new Worker(boot, { eval: true });
    this.current = w;
    return new Promise((resolve, reject) => {
      let settled = false;
      w.on('message', (m: { type: string } & Record<string, unknown>) => {
        if (m.type === 'progress') return onProgress(m as unknown as Progress);
        settled = true;
        void w.terminate();
        if (m.type === 'result') resolve({ result: m.result as RtmResult, cells: m.cells as Uint8Array });
        else if (m.type === 'invalid') reject(new InvalidStudy(m.problems as string[]));
        else reject(new Error(String(m.message)));
      });
      w.on('error', (e) => {
        settled = true;
        reject(e);
      });
      w.on('exit', (code) => {
        this.current = undefined;
        if (!settled) reject(new Error(`the RTM worker stopped (code ${code})`));
      });
      w.postMessage({ type: 'run', study });
    });
  }

  /** Decoded per-cell arrays of a completed run (cached: tiles ask for them many times a second). */
  async cells(runId: string): Promise<CellArrays | undefined> {
    const hit = this.cellsCache.get(runId);
    if (hit) return hit;
    const row = await this.prisma.rtmRun.findUnique({ where: { id: runId }, select: { surface: true, status: true } });
    if (!row?.surface || row.status !== 'completed') return undefined;
    const cells = decodeCells(row.surface);
    this.cellsCache.set(runId, cells);
    if (this.cellsCache.size > 4) this.cellsCache.delete(this.cellsCache.keys().next().value!);
    return cells;
  }

  async close(): Promise<void> {
    this.queue.length = 0;
    await this.current?.terminate();
  }
}

export class InvalidStudy extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}
