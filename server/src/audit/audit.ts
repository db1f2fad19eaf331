import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';

export interface AuditActor {
  id: string;
  username: string;
  organisationId: string;
}

export interface AuditRecord {
  actor?: AuditActor | null;
  action: string;
  target?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  address?: string | null;
  detail?: Record<string, unknown>;
}

/** Append-only audit trail. Writing never throws into the caller's path: a failed write is logged loudly. */
export class AuditLog {
  /** Reads waiting for the next batched write (see recordRead). */
  private pending: AuditRecord[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    /** Longest a batched record waits before it is written. */
    private readonly batchDelayMs = 500,
  ) {}

  /**
   * Records a read (or a refused read) without waiting: reads are frequent, so they are written in
   * batches of one INSERT every `batchDelayMs` instead of one round trip each. flush() at shutdown.
   */
  recordRead(r: AuditRecord): void {
    this.pending.push(r);
    if (this.pending.length >= 1_000) {
      void this.flush();
      return;
    }
    this.flushTimer ??= setTimeout(() => void this.flush(), this.batchDelayMs);
    this.flushTimer.unref();
  }

  /** Writes every batched record now. */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.db.auditEvent.createMany({ data: batch.map(toRow) });
      } catch (err) {
        this.log.error({ err, count: batch.length }, 'batched audit write failed');
      }
    });
    return this.flushing;
  }

  async record(r: AuditRecord): Promise<void> {
    try {
      await this.db.auditEvent.create({ data: toRow(r) });
    } catch (err) {
      this.log.error({ err, audit: r }, 'audit write failed');
    }
  }

  /** The successful `action`s on `target`, oldest first (time and JSON detail), e.g. a layer's access history. */
  successes(action: string, target: string): Promise<Array<{ at: Date; detail: string | null }>> {
    return this.db.auditEvent.findMany({ where: { action, outcome: 'success', target }, orderBy: { id: 'asc' }, select: { at: true, detail: true } });
  }
}

function toRow(r: AuditRecord) {
  return {
    actorId: r.actor?.id ?? null,
    actorUsername: r.actor?.username ?? null,
    organisationId: r.actor?.organisationId ?? null,
    action: r.action,
    target: r.target ?? null,
    outcome: r.outcome,
    address: r.address ?? null,
    detail: r.detail ? JSON.stringify(r.detail) : null,
  };
}
