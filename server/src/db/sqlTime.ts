import type { Database } from './database.ts';

/**
 * SQL for a timestamp column as epoch milliseconds, for raw queries: no driver's date parsing (SQLite stores
 * Prisma's DateTime as ISO text, PostgreSQL as timestamp(3) in UTC) and no server time zone involved.
 */
export function epochMsSql(kind: Database['kind'], column: string): string {
  return kind === 'postgres' ? `CAST(FLOOR(EXTRACT(EPOCH FROM ${column}) * 1000) AS BIGINT)` : `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;
}
