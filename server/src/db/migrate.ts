import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseConfig } from '../config.ts';
import { repoRoot } from '../paths.ts';

/**
 * Applies prisma/migrations/<provider>/<name>/migration.sql in name order, each once, recording them in
 * `_lagesbild_migrations`. We apply the SQL ourselves because Prisma's JS schema engine cannot run
 * `migrate deploy` against PostgreSQL (prisma/orm#27403); using one mechanism for both keeps them alike.
 */
export interface Migration {
  name: string;
  sql: string;
}

export function listMigrations(provider: 'sqlite' | 'postgresql'): Migration[] {
  const dir = join(repoRoot, 'prisma', 'migrations', provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, 'migration.sql'), 'utf8') }));
}

export async function migrateDatabase(cfg: DatabaseConfig): Promise<string[]> {
  return cfg.kind === 'sqlite' ? migrateSqlite(cfg.file) : migratePostgres(cfg.url, cfg.schema);
}

function migrateSqlite(file: string): string[] {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // WAL lets readers proceed while the server writes document updates; it is a property of the file.
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS "_lagesbild_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
    const done = new Set(db.prepare('SELECT "name" FROM "_lagesbild_migrations"').all().map((r) => (r as { name: string }).name));
    const applied: string[] = [];
    for (const m of listMigrations('sqlite')) {
      if (done.has(m.name)) continue;
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO "_lagesbild_migrations" ("name", "appliedAt") VALUES (?, ?)').run(m.name, new Date().toISOString());
      })();
      applied.push(m.name);
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, schema: string): Promise<string[]> {
  // pg loads only for a PostgreSQL database (≈ 2.6 MB of heap a SQLite server would hold for nothing).
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: stripSchemaParam(url) });
  await client.connect();
  try {
    // One migrator at a time per schema, even with several server processes starting together.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`lagesbild-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query('CREATE TABLE IF NOT EXISTS "_lagesbild_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)');
    const { rows } = await client.query<{ name: string }>('SELECT "name" FROM "_lagesbild_migrations"');
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const m of listMigrations('postgresql')) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_lagesbild_migrations" ("name", "appliedAt") VALUES ($1, now())', [m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.name);
    }
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`lagesbild-migrate:${schema}`]);
    return applied;
  } finally {
    await client.end();
  }
}

/** `pg` does not understand Prisma's `?schema=` parameter. */
export function stripSchemaParam(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('schema');
  return u.toString();
}
