import * as Y from 'yjs';
import type { Config } from '../config.ts';
import { tableName } from '../db/bulkInsert.ts';
import type { Database } from '../db/database.ts';
import { rawSql } from '../db/rawSql.ts';
import { epochMsSql } from '../db/sqlTime.ts';

/**
 * Durable storage of layer documents: an append-only update log, compacted into snapshots, plus
 * periodic version snapshots for history. Compaction reads only what is in the database (never a
 * process's memory), under a per-layer lock, so any process may compact any layer at any time.
 */
export interface StoredState {
  update: Uint8Array;
  /** Highest log id included. */
  lastUpdateId: number;
  bytes: number;
  /** When the newest version snapshot (history) was taken, ms since epoch; null: none yet. */
  lastVersionAt: number | null;
}

const APPEND_CHUNK = 200;

/** A document with nothing in it, encoded once: a new Y.Doc draws a random id from the system's CSPRNG. */
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

export class DocStore {
  private readonly updateTable: string;
  private readonly snapshotTable: string;
  private readonly loadSql: string;

  constructor(
    private readonly database: Database,
    config: Readonly<Pick<Config, 'database'>>,
  ) {
    const target = { prisma: database.prisma, database, config };
    this.updateTable = tableName(target, 'LayerUpdate');
    const snapshots = tableName(target, 'LayerSnapshot');
    this.snapshotTable = snapshots;
    const layer = database.kind === 'postgres' ? '$1' : '?';
    // Newest compact snapshot (part 0), every later update (part 1) and the time of the newest version snapshot
    // (part 2, epoch ms in "id") in one statement: one consistent read, one round trip per document opened.
    this.loadSql =
      `SELECT 0 AS "part", s."uptoUpdateId" AS "id", s."state" AS "data" FROM (SELECT "uptoUpdateId", "state" FROM ${snapshots} ` +
      `WHERE "layerId" = ${layer} AND "kind" = 'compact' ORDER BY "uptoUpdateId" DESC LIMIT 1) s ` +
      `UNION ALL SELECT 1, u."id", u."data" FROM ${this.updateTable} u WHERE u."layerId" = ${layer} AND u."id" > ` +
      `COALESCE((SELECT MAX("uptoUpdateId") FROM ${snapshots} WHERE "layerId" = ${layer} AND "kind" = 'compact'), 0) ` +
      `UNION ALL SELECT 2, ${epochMsSql(database.kind, 'v."createdAt"')}, NULL FROM (SELECT "createdAt" FROM ${snapshots} ` +
      `WHERE "layerId" = ${layer} AND "kind" = 'version' ORDER BY "id" DESC LIMIT 1) v ORDER BY 1, 2`;
  }

  private get prisma() {
    return this.database.prisma;
  }

  /**
   * Full document state: the newest compact snapshot merged with every later logged update. Raw SQL: every
   * document a client opens is loaded this way, and two ORM queries cost more CPU than the reading (issue 14).
   */
  async load(layerId: string): Promise<StoredState> {
    const args = this.database.kind === 'postgres' ? [layerId] : [layerId, layerId, layerId, layerId];
    const rows = await rawSql(this.prisma).query<{ part: number | bigint; id: number | bigint | string; data: Uint8Array | null }>(this.loadSql, args);
    const parts: Uint8Array[] = [];
    let lastUpdateId = 0;
    let lastVersionAt: number | null = null;
    for (const r of rows) {
      if (Number(r.part) === 2) {
        lastVersionAt = Number(r.id);
        continue;
      }
      parts.push(r.data!);
      lastUpdateId = Number(r.id);
    }
    const update = parts.length === 0 ? EMPTY_UPDATE.slice() : parts.length === 1 ? parts[0] : Y.mergeUpdates(parts);
    return { update, lastUpdateId, bytes: update.byteLength, lastVersionAt };
  }

  /** Appends updates to the log in one statement. */
  async append(layerId: string, updates: Uint8Array[]): Promise<void> {
    await this.appendRows(updates.map((data) => ({ layerId, data })));
  }

  /**
   * Appends updates of any number of layers in one statement (in order). Raw SQL: this runs every flush tick
   * under live editing, and Prisma's createMany plans each call anew; the database fills in createdAt.
   */
  async appendRows(rows: Array<{ layerId: string; data: Uint8Array }>): Promise<void> {
    const pg = this.database.kind === 'postgres';
    // Chunked: SQLite caps bound parameters per statement.
    for (let i = 0; i < rows.length; i += APPEND_CHUNK) {
      const chunk = rows.slice(i, i + APPEND_CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map((r) => {
        params.push(r.layerId, r.data);
        return pg ? `($${params.length - 1}, $${params.length})` : '(?, ?)';
      });
      await rawSql(this.prisma).execute(`INSERT INTO ${this.updateTable} ("layerId", "data") VALUES ${tuples.join(', ')}`, params);
    }
  }

  async pendingCount(layerId: string): Promise<number> {
    const snap = await this.prisma.layerSnapshot.findFirst({ where: { layerId, kind: 'compact' }, orderBy: { uptoUpdateId: 'desc' } });
    return this.prisma.layerUpdate.count({ where: { layerId, id: { gt: snap?.uptoUpdateId ?? 0 } } });
  }

  /** Folds the log into a new compact snapshot and drops what it replaced. */
  async compact(layerId: string): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        if (this.database.kind === 'postgres') await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `compact:${layerId}`);
        const snap = await tx.layerSnapshot.findFirst({ where: { layerId, kind: 'compact' }, orderBy: { uptoUpdateId: 'desc' } });
        const from = snap?.uptoUpdateId ?? 0;
        const updates = await tx.layerUpdate.findMany({ where: { layerId, id: { gt: from } }, orderBy: { id: 'asc' }, select: { id: true, data: true } });
        if (updates.length === 0) return;
        const doc = new Y.Doc();
        if (snap) Y.applyUpdate(doc, snap.state);
        for (const u of updates) Y.applyUpdate(doc, u.data);
        const upto = updates[updates.length - 1].id;
        await tx.layerSnapshot.create({ data: { layerId, kind: 'compact', state: asBytes(Y.encodeStateAsUpdate(doc)), uptoUpdateId: upto } });
        await tx.layerSnapshot.deleteMany({ where: { layerId, kind: 'compact', uptoUpdateId: { lt: upto } } });
        await tx.layerUpdate.deleteMany({ where: { layerId, id: { lte: upto } } });
        doc.destroy();
      },
      { timeout: 30_000 },
    );
  }

  /**
   * Stores a version snapshot (history). Raw SQL: the first edit of every opened document takes one. The time is
   * written in the form Prisma itself writes (ISO text with offset on SQLite, timestamp(3) in UTC on PostgreSQL), so
   * the ORM reads these rows back like its own.
   */
  async saveVersion(layerId: string, state: Uint8Array, uptoUpdateId: number, at = new Date()): Promise<number> {
    const pg = this.database.kind === 'postgres';
    const iso = at.toISOString();
    const rows = await rawSql(this.prisma).query<{ id: number | bigint }>(
      pg
        ? `INSERT INTO ${this.snapshotTable} ("layerId", "kind", "state", "uptoUpdateId", "createdAt") VALUES ($1, 'version', $2, $3, CAST($4 AS TIMESTAMP(3))) RETURNING "id"`
        : `INSERT INTO ${this.snapshotTable} ("layerId", "kind", "state", "uptoUpdateId", "createdAt") VALUES (?, 'version', ?, ?, ?) RETURNING "id"`,
      [layerId, state, uptoUpdateId, pg ? iso : iso.replace('Z', '+00:00')],
    );
    return Number(rows[0].id);
  }

  async listVersions(layerId: string): Promise<Array<{ id: number; at: Date }>> {
    const rows = await this.prisma.layerSnapshot.findMany({ where: { layerId, kind: 'version' }, orderBy: { id: 'desc' }, select: { id: true, createdAt: true } });
    return rows.map((r) => ({ id: r.id, at: r.createdAt }));
  }

  async loadVersion(layerId: string, versionId: number): Promise<Uint8Array | undefined> {
    const row = await this.prisma.layerSnapshot.findFirst({ where: { id: versionId, layerId, kind: 'version' } });
    return row?.state;
  }
}

/** Prisma's Bytes type wants an ArrayBuffer-backed array; Yjs' are, though typed more loosely. */
function asBytes(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return u as Uint8Array<ArrayBuffer>;
}
