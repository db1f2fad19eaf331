import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PgPrismaClient } from '../../generated/postgres/client.ts';
import { PrismaClient as SqlitePrismaClient } from '../../generated/sqlite/client.ts';
import type { DatabaseConfig } from '../config.ts';
import { migrateDatabase, stripSchemaParam } from './migrate.ts';

/**
 * Both generated clients come from the same models (prisma/schema.prisma), so their query API is the
 * same; the rest of the server is typed against the SQLite client and never knows which one it has.
 */
export type Db = SqlitePrismaClient;

export interface Database {
  readonly prisma: Db;
  readonly kind: DatabaseConfig['kind'];
  ping(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(cfg: DatabaseConfig, opts: { migrate?: boolean } = {}): Promise<Database> {
  if (opts.migrate !== false) await migrateDatabase(cfg);
  const prisma: Db =
    cfg.kind === 'sqlite'
      ? new SqlitePrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${cfg.file}`, timeout: 10_000 }) })
      : (new PgPrismaClient({
          adapter: new PrismaPg({ connectionString: stripSchemaParam(cfg.url), max: 10 }, { schema: cfg.schema }),
        }) as unknown as Db);
  await prisma.$connect();
  return {
    prisma,
    kind: cfg.kind,
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
    },
  };
}
