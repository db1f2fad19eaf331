/**
 * Bulk writes of indicator values. One multi-row `INSERT … ON CONFLICT DO UPDATE` per chunk (SQLite ≥ 3.24
 * and PostgreSQL share the syntax), which is an order of magnitude faster than Prisma's createMany/upsert
 * for tens of thousands of rows.
 */
import { type SqlTarget, tableName } from '../db/bulkInsert.ts';

export interface ValueRow {
  areaCode: string;
  year: number;
  indicator: string;
  value: number;
}

const CHUNK = 500;

/** Inserts or replaces values keyed by (areaCode, year, indicator). Returns how many keys were new / replaced. */
export async function upsertIndicatorValues(ctx: SqlTarget, rows: readonly ValueRow[]): Promise<{ imported: number; updated: number }> {
  if (rows.length === 0) return { imported: 0, updated: 0 };
  // Last row wins within one call.
  const byKey = new Map<string, ValueRow>();
  for (const r of rows) byKey.set(`${r.areaCode}\u0000${r.year}\u0000${r.indicator}`, r);
  const unique = [...byKey.values()];
  const existing = await existingKeys(ctx, unique);
  const pg = ctx.database.kind === 'postgres';
  const table = tableName(ctx, 'IndicatorValue');
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map((r) => {
      const base = params.length;
      params.push(r.areaCode, r.year, r.indicator, r.value);
      return pg ? `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4})` : '(?, ?, ?, ?)';
    });
    const sql =
      `INSERT INTO ${table} ("areaCode", "year", "indicatorId", "value") VALUES ${tuples.join(', ')} ` +
      `ON CONFLICT ("areaCode", "year", "indicatorId") DO UPDATE SET "value" = excluded."value"`;
    await ctx.prisma.$executeRawUnsafe(sql, ...params);
  }
  const updated = unique.filter((r) => existing.has(`${r.areaCode}\u0000${r.year}\u0000${r.indicator}`)).length;
  return { imported: unique.length - updated, updated };
}

async function existingKeys(ctx: SqlTarget, rows: readonly ValueRow[]): Promise<Set<string>> {
  const out = new Set<string>();
  const codes = [...new Set(rows.map((r) => r.areaCode))];
  const indicators = [...new Set(rows.map((r) => r.indicator))];
  // Prisma binds at most 999 parameters on SQLite.
  const step = Math.max(1, 900 - indicators.length);
  for (let i = 0; i < codes.length; i += step) {
    const found = await ctx.prisma.indicatorValue.findMany({
      where: { areaCode: { in: codes.slice(i, i + step) }, indicatorId: { in: indicators } },
      select: { areaCode: true, year: true, indicatorId: true },
    });
    for (const f of found) out.add(`${f.areaCode}\u0000${f.year}\u0000${f.indicatorId}`);
  }
  return out;
}
