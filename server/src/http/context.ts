import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit.ts';
import type { AuthService, AuthUser } from '../auth/authService.ts';
import type { Config } from '../config.ts';
import type { Database, Db } from '../db/database.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';

/** Long-lived services shared by every plugin; built once in server/src/server.ts. */
export interface AppContext {
  config: Readonly<Config>;
  database: Database;
  prisma: Db;
  log: Logger;
  audit: AuditLog;
  auth: AuthService;
  orgs: OrgDirectory;
  /** Hooks that feature modules register to run at shutdown (flush documents, stop workers). */
  onClose: Array<() => Promise<void>>;
  /** Feature services, attached by their plugins (collab, live, incidents, rtm…). */
  services: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}
