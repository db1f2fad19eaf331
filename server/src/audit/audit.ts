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
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    try {
      await this.db.auditEvent.create({
        data: {
          actorId: r.actor?.id ?? null,
          actorUsername: r.actor?.username ?? null,
          organisationId: r.actor?.organisationId ?? null,
          action: r.action,
          target: r.target ?? null,
          outcome: r.outcome,
          address: r.address ?? null,
          detail: r.detail ? JSON.stringify(r.detail) : null,
        },
      });
    } catch (err) {
      this.log.error({ err, audit: r }, 'audit write failed');
    }
  }
}
