import type { Logger } from 'pino';
import type { AuditLog } from './audit/audit.ts';
import type { AuthService, AuthUser } from './auth/authService.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import type { DomainBus } from './events/domainEvents.ts';
import type { OrgDirectory } from './orgs/orgDirectory.ts';

/**
 * The core every capability is built on: configuration, storage, the log, the event bus, and the three
 * capabilities every request needs (who is calling, what their organisation is, the audit). Built once in
 * `createContext` (server/src/compose.ts); capability services are not here but passed as typed arguments.
 */
export interface AppContext {
  config: Readonly<Config>;
  database: Database;
  prisma: Db;
  log: Logger;
  bus: DomainBus;
  audit: AuditLog;
  auth: AuthService;
  orgs: OrgDirectory;
  /** Hooks run in reverse at shutdown, after the HTTP server closed (Redis connections, the login limiters). */
  onClose: Array<() => Promise<void>>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}
