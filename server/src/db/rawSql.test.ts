import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { tableName } from './bulkInsert.ts';
import { prismaRawSql, rawSql, sqliteRawSql } from './rawSql.ts';

describe('raw statements on SQLite run on the adapter connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind: 'sqlite', seedSteps: [] });
    await t.ctx.prisma.$executeRawUnsafe('CREATE TABLE "RawProbe" ("k" TEXT NOT NULL, "n" INTEGER, "b" BLOB)');
  }, 60_000);
  afterAll(() => t?.close());

  it('the opened database runs them on its connection, a client it did not open through Prisma raw', () => {
    expect(rawSql(t.ctx.prisma).via).toBe('sqlite-connection');
    expect(prismaRawSql(t.ctx.prisma).via).toBe('prisma');
  });

  it('binds strings, numbers, booleans and byte arrays and reads them back as Prisma wrote them', async () => {
    const sql = rawSql(t.ctx.prisma);
    const bytes = new Uint8Array([0, 1, 2, 255]).subarray(1);
    expect(await sql.execute('INSERT INTO "RawProbe" ("k", "n", "b") VALUES (?, ?, ?), (?, ?, ?)', ['a', 7, bytes, 'b', true, null])).toBe(2);
    const rows = await sql.query<{ k: string; n: bigint | number | null; b: Uint8Array | null }>('SELECT "k", "n", "b" FROM "RawProbe" ORDER BY "k"', []);
    expect(rows.map((r) => [r.k, r.n === null ? null : Number(r.n), r.b ? [...r.b] : null])).toEqual([
      ['a', 7, [1, 2, 255]],
      ['b', 1, null],
    ]);
    // The ORM's raw API reads the same rows: both paths write one database.
    const viaPrisma = await t.ctx.prisma.$queryRawUnsafe<Array<{ c: bigint | number }>>('SELECT COUNT(*) AS "c" FROM "RawProbe"');
    expect(Number(viaPrisma[0].c)).toBe(2);
  });

  it('refuses a parameter it cannot bind with a sentence, not a driver crash', async () => {
    await expect(rawSql(t.ctx.prisma).query('SELECT ?', [new Date()])).rejects.toThrow(/unsupported type \[object Date\]/);
    await expect(rawSql(t.ctx.prisma).query('SELECT * FROM "NoSuchTable"', [])).rejects.toThrow(/no such table/);
  });

  it('without a captured connection (an adapter that stops exposing it) it still answers, through Prisma', async () => {
    const uncaptured = sqliteRawSql(t.ctx.prisma, () => undefined);
    expect(await uncaptured.query<{ v: bigint | number }>('SELECT COUNT(*) AS "v" FROM "RawProbe"', [])).toEqual([{ v: expect.anything() }]);
    expect(await uncaptured.execute('INSERT INTO "RawProbe" ("k") VALUES (?)', ['uncaptured'])).toBe(1);
    expect(await rawSql(t.ctx.prisma).query<{ k: string }>('SELECT "k" FROM "RawProbe" WHERE "k" = ?', ['uncaptured'])).toEqual([{ k: 'uncaptured' }]);
  });

  it('keeps working past the statement cache (oldest statements evicted)', async () => {
    const sql = rawSql(t.ctx.prisma);
    for (let i = 0; i < 300; i++) expect(await sql.query<{ v: bigint }>(`SELECT ${i} AS "v"`, [])).toEqual([{ v: BigInt(i) }]);
    expect(await sql.query<{ v: bigint }>('SELECT 0 AS "v"', [])).toEqual([{ v: 0n }]);
  });

  it('waits for an open interactive transaction instead of joining it, so a rollback cannot take its rows', async () => {
    const sql = rawSql(t.ctx.prisma);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const tx = t.ctx.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe('INSERT INTO "RawProbe" ("k") VALUES (\'rolled-back\')');
        inside();
        await held;
        throw new Error('roll back');
      })
      .catch((e: Error) => e.message);
    await entered;
    let written = false;
    const write = sql.execute('INSERT INTO "RawProbe" ("k") VALUES (?)', ['kept']).then(() => (written = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBe(false);
    release();
    expect(await tx).toBe('roll back');
    await write;
    const keys = (await sql.query<{ k: string }>('SELECT "k" FROM "RawProbe" WHERE "k" IN (\'kept\', \'rolled-back\')', [])).map((r) => r.k);
    expect(keys).toEqual(['kept']);
  });
});

describe('raw statements on PostgreSQL run on the pool Prisma was given', () => {
  let t: TestApp;
  let table: string;
  beforeAll(async () => {
    t = await createTestApp({ kind: 'postgres', seedSteps: [] });
    table = tableName(t.ctx, 'RawProbe');
    await t.ctx.prisma.$executeRawUnsafe(`CREATE TABLE ${table} ("k" TEXT NOT NULL, "n" BIGINT, "b" BYTEA)`);
  }, 60_000);
  afterAll(() => t?.close());

  it('uses the pool, binds byte arrays and reads rows Prisma wrote', async () => {
    const sql = rawSql(t.ctx.prisma);
    expect(sql.via).toBe('pg-pool');
    const bytes = new Uint8Array([9, 8, 7, 6]).subarray(1);
    expect(await sql.execute(`INSERT INTO ${table} ("k", "n", "b") VALUES ($1, $2, $3)`, ['a', 5, bytes])).toBe(1);
    await t.ctx.prisma.$executeRawUnsafe(`INSERT INTO ${table} ("k", "n") VALUES ('b', 9007199254740993)`);
    const rows = await sql.query<{ k: string; n: string | number | null; b: Uint8Array | null }>(`SELECT "k", "n", "b" FROM ${table} ORDER BY "k"`, []);
    expect(rows.map((r) => [r.k, String(r.n), r.b ? [...r.b] : null])).toEqual([
      ['a', '5', [8, 7, 6]],
      ['b', '9007199254740993', null],
    ]);
  });
});
