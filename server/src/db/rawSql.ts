import type { Database as SqliteConnection, Statement } from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Db } from './database.ts';

/**
 * Raw statements for the hot paths (document load, update log, session and layer lookups). Through Prisma's
 * raw API each statement costs about a millisecond of CPU before the database sees it (request pipeline,
 * query compiler, argument mapping, a fresh prepare); on SQLite the same statement run on Prisma's own
 * connection with a cached prepared statement costs a few microseconds (issue 14). On PostgreSQL they go to the
 * `pg` pool Prisma's adapter was given; a client opened any other way goes through Prisma's raw API.
 *
 * Results are plain rows; integers may arrive as number or bigint and blobs as Uint8Array (a Buffer on
 * SQLite), so callers convert with Number() as they did for Prisma's raw results.
 */
export interface RawSql {
  /** Where statements run: Prisma's raw API, or straight on the SQLite connection Prisma's adapter holds. */
  readonly via: 'prisma' | 'sqlite-connection' | 'pg-pool';
  query<T>(sql: string, params: readonly unknown[]): Promise<T[]>;
  /** Rows changed. */
  execute(sql: string, params: readonly unknown[]): Promise<number>;
}

const runners = new WeakMap<Db, RawSql>();

/** The runner for a client: the fast one registered when the database was opened, else Prisma's raw API. */
export function rawSql(prisma: Db): RawSql {
  let runner = runners.get(prisma);
  if (!runner) {
    runner = prismaRawSql(prisma);
    runners.set(prisma, runner);
  }
  return runner;
}

export function registerRawSql(prisma: Db, runner: RawSql): void {
  runners.set(prisma, runner);
}

export function prismaRawSql(prisma: Db): RawSql {
  return {
    via: 'prisma',
    query: <T>(sql: string, params: readonly unknown[]) => prisma.$queryRawUnsafe<T[]>(sql, ...params),
    execute: (sql: string, params: readonly unknown[]) => prisma.$executeRawUnsafe(sql, ...params),
  };
}

/** Distinct statement texts kept prepared (the update log's multi-row INSERT has one per batch size). */
const STATEMENT_CACHE = 256;

/**
 * Runs statements on the better-sqlite3 connection Prisma's adapter holds (`connection()`; a second connection
 * would wait on the first's write lock while blocking the event loop that must release it). While an interactive
 * transaction is open on that connection a direct statement would join it, and vanish if it rolled back; then
 * the statement goes through `prisma.$transaction`, which waits for the adapter's transaction lock.
 */
export function sqliteRawSql(prisma: Db, connection: () => SqliteConnection | undefined): RawSql {
  const cache = new Map<string, Statement>();
  let cachedFor: SqliteConnection | undefined;

  const prepare = (db: SqliteConnection, sql: string): Statement => {
    if (cachedFor !== db) {
      cache.clear();
      cachedFor = db;
    }
    let stmt = cache.get(sql);
    if (stmt) {
      // Most recently used last, so the first key is the one to evict.
      cache.delete(sql);
    } else {
      stmt = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, stmt);
    return stmt;
  };

  const viaPrisma = prismaRawSql(prisma);
  /** The connection to run on now; 'prisma' when none was captured (or it is closed), 'wait' inside a transaction. */
  const direct = (): SqliteConnection | 'prisma' | 'wait' => {
    const db = connection();
    if (!db?.open) return 'prisma';
    return db.inTransaction ? 'wait' : db;
  };

  return {
    via: 'sqlite-connection',
    async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
      const db = direct();
      if (db === 'prisma') return viaPrisma.query<T>(sql, params);
      if (db === 'wait') return prisma.$transaction((tx) => tx.$queryRawUnsafe<T[]>(sql, ...params));
      const stmt = prepare(db, sql);
      const args = params.map(sqliteArg);
      if (!stmt.reader) {
        stmt.run(...args);
        return [];
      }
      return stmt.all(...args) as T[];
    },
    async execute(sql: string, params: readonly unknown[]): Promise<number> {
      const db = direct();
      if (db === 'prisma') return viaPrisma.execute(sql, params);
      if (db === 'wait') return prisma.$transaction((tx) => tx.$executeRawUnsafe(sql, ...params));
      const stmt = prepare(db, sql);
      const args = params.map(sqliteArg);
      if (stmt.reader) return (stmt.all(...args) as unknown[]).length;
      return stmt.run(...args).changes;
    },
  };
}

/** better-sqlite3 binds numbers, bigints, strings, Buffers and null; anything else is a caller's mistake. */
function sqliteArg(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return bufferView(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  throw new TypeError(`raw SQL parameter of unsupported type ${Object.prototype.toString.call(v)}`);
}

/**
 * Statements on the `pg` pool that Prisma's adapter uses too (separate connections, as Prisma's own queries
 * outside a transaction are). pg parses results its default way: bigint as string, bytea as Buffer.
 */
export function pgRawSql(pool: Pool): RawSql {
  const run = (sql: string, params: readonly unknown[]) => pool.query({ text: sql, values: params.map(pgArg) });
  return {
    via: 'pg-pool',
    async query<T>(sql: string, params: readonly unknown[]): Promise<T[]> {
      return (await run(sql, params)).rows as T[];
    },
    async execute(sql: string, params: readonly unknown[]): Promise<number> {
      return (await run(sql, params)).rowCount ?? 0;
    },
  };
}

function pgArg(v: unknown): unknown {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return bufferView(v);
  return v === undefined ? null : v;
}

/** Both drivers bind a byte array only as a Buffer; Yjs gives plain Uint8Arrays (a view, no copy). */
function bufferView(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
