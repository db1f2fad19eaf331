/**
 * The `RtmRun` table. rtm owns it: this is the only module that queries it, so a run's life (queued → running →
 * completed | failed | cancelled) is written in one place and read by others only through `RtmResults`.
 */
import type { Db } from '../db/database.ts';
import type { RtmResult } from './core/engine.ts';

export type { RtmRunStatus as RunStatus } from '../../../shared/src/rtmRun.ts';
export type RunEndStatus = 'completed' | 'failed' | 'cancelled';

export interface StoredRun {
  id: string;
  status: string;
  progress: number;
  message: string | null;
  study: string;
  result: string | null;
  error: string | null;
  pictureId: string | null;
  createdById: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const UNFINISHED = { in: ['queued', 'running'] };

export class RtmRunStore {
  constructor(private readonly db: Db) {}

  async create(run: { id: string; study: unknown; createdById: string; pictureId: string | null }): Promise<void> {
    await this.db.rtmRun.create({ data: { id: run.id, status: 'queued', study: JSON.stringify(run.study), createdById: run.createdById, pictureId: run.pictureId } });
  }

  async get(id: string): Promise<StoredRun | null> {
    return this.db.rtmRun.findUnique({
      where: { id },
      select: { id: true, status: true, progress: true, message: true, study: true, result: true, error: true, pictureId: true, createdById: true, createdAt: true, finishedAt: true },
    });
  }

  /** Newest first; without the result and surface (a list shows names and states). */
  async list(q: { pictureId?: string; limit: number }) {
    return this.db.rtmRun.findMany({
      where: q.pictureId ? { pictureId: q.pictureId } : {},
      orderBy: { createdAt: 'desc' },
      take: q.limit,
      select: { id: true, status: true, progress: true, message: true, pictureId: true, createdById: true, createdAt: true, finishedAt: true, study: true, error: true },
    });
  }

  async pictureOf(id: string): Promise<string | null> {
    return (await this.db.rtmRun.findUnique({ where: { id }, select: { pictureId: true } }))?.pictureId ?? null;
  }

  /** The stored surface of a completed run, with the result's JSON (for its grid CRS). */
  async completedSurface(id: string): Promise<{ surface: Uint8Array; result: string | null } | null> {
    const row = await this.db.rtmRun.findUnique({ where: { id }, select: { surface: true, status: true, result: true } });
    if (!row?.surface || row.status !== 'completed') return null;
    return { surface: row.surface, result: row.result };
  }

  /** queued → running. False when the run is not queued any more (cancelled, or taken by another process). */
  async start(id: string): Promise<boolean> {
    const { count } = await this.db.rtmRun.updateMany({ where: { id, status: 'queued' }, data: { status: 'running', progress: 0, message: 'prepare' } });
    return count > 0;
  }

  /** False when the run is no longer running (another process cancelled it). */
  async progress(id: string, fraction: number, stage: string): Promise<boolean> {
    const { count } = await this.db.rtmRun.updateMany({ where: { id, status: 'running' }, data: { progress: fraction, message: stage } });
    return count > 0;
  }

  async complete(id: string, result: RtmResult, cells: Uint8Array): Promise<void> {
    await this.db.rtmRun.update({
      where: { id },
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
  }

  /** running → failed | cancelled. False when the run had already ended. */
  async endRunning(id: string, status: Exclude<RunEndStatus, 'completed'>, error: string): Promise<boolean> {
    const { count } = await this.db.rtmRun.updateMany({ where: { id, status: 'running' }, data: { status, error, finishedAt: new Date() } });
    return count > 0;
  }

  /** queued | running → cancelled. False when the run had already ended. */
  async cancelUnfinished(id: string, error: string): Promise<boolean> {
    const { count } = await this.db.rtmRun.updateMany({ where: { id, status: UNFINISHED }, data: { status: 'cancelled', error, finishedAt: new Date() } });
    return count > 0;
  }

  /** Every queued or running run → failed (runs a dead process left behind). */
  async failUnfinished(error: string): Promise<void> {
    await this.db.rtmRun.updateMany({ where: { status: UNFINISHED }, data: { status: 'failed', error, finishedAt: new Date() } });
  }
}
