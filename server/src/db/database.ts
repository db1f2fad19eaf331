import type { PrismaClient as SqlitePrismaClient } from '../../generated/sqlite/client.ts';
import type { DatabaseConfig } from '../config.ts';
import type { Database as SqliteConnection } from 'better-sqlite3';
import { migrateDatabase, stripSchemaParam } from './migrate.ts';
import { pgRawSql, registerRawSql, sqliteRawSql } from './rawSql.ts';

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
  // Only the configured database's adapter and generated client are loaded: the other pair (pg and its
  // client, or better-sqlite3's adapter and its client) would hold several MB of heap for nothing.
  let prisma: Db;
  if (cfg.kind === 'sqlite') {
    const [{ PrismaBetterSQLite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('../../generated/sqlite/client.ts')]);
    const factory = new PrismaBetterSQLite3({ url: `file:${cfg.file}`, timeout: 10_000 });
    let connection: SqliteConnection | undefined;
    // The adapter keeps its better-sqlite3 connection in a public `client` field; the hot raw statements run on
    // it (rawSql.ts). Checked, so an adapter that stops exposing it only costs speed.
    const capturing: typeof factory = Object.assign(Object.create(factory) as typeof factory, {
      async connect() {
        const adapter = await factory.connect();
        const client = (adapter as unknown as { client?: SqliteConnection }).client;
        connection = client && typeof client.prepare === 'function' ? client : undefined;
        return adapter;
      },
      connectToShadowDb: () => factory.connectToShadowDb(),
    });
    prisma = new PrismaClient({ adapter: capturing });
    registerRawSql(prisma, sqliteRawSql(prisma, () => connection));
  } else {
    const [{ PrismaPg }, { PrismaClient }, { default: pg }] = await Promise.all([
      import('@prisma/adapter-pg'),
      import('../../generated/postgres/client.ts'),
      import('pg'),
    ]);
    // Our pool, handed to the adapter: the hot raw statements use it directly (rawSql.ts), Prisma the rest; the
    // adapter closes it on disconnect.
    const pool = new pg.Pool({ connectionString: stripSchemaParam(cfg.url), max: 10 });
    prisma = new PrismaClient({
      adapter: new PrismaPg(pool, { schema: cfg.schema, disposeExternalPool: true }),
    }) as unknown as Db;
    registerRawSql(prisma, pgRawSql(pool));
  }
  await prisma.$connect();
  // WAL with synchronous=NORMAL: a commit is durable against a crash of the process (the file is never
  // corrupted), and is synced to disk at the next checkpoint instead of on every commit. better-sqlite3 runs on
  // the event loop, so FULL's fsync per update-log flush stalled every connection for the length of a disk sync;
  // edits already wait up to flushMs in memory before they are written (issue 14).
  if (cfg.kind === 'sqlite') await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
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
