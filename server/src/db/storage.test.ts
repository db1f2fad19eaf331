import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbKind, testConfig, testDatabase } from '../../test/harness.ts';
import { AuditLog } from '../audit/audit.ts';
import { type Database, openDatabase } from './database.ts';
import { listMigrations, migrateDatabase } from './migrate.ts';

// The same storage contract runs against SQLite (embedded default) and PostgreSQL (several servers).
// In CI a missing PostgreSQL fails this suite: there is deliberately no skip.
describe.each<DbKind>(['sqlite', 'postgres'])('storage on %s', (kind) => {
  const tdb = testDatabase(kind);
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(testConfig(tdb.url).database);
  });
  afterAll(async () => {
    await db?.close();
    await tdb.drop();
  });

  it('applies every migration to a fresh database, and re-running applies none', async () => {
    const cfg = testConfig(tdb.url).database;
    expect(await migrateDatabase(cfg)).toEqual([]);
    expect(listMigrations(kind === 'sqlite' ? 'sqlite' : 'postgresql').length).toBeGreaterThanOrEqual(3);
  });

  it('round-trips organisations, users and sessions', async () => {
    await db.prisma.organisation.create({ data: { id: 'o1', name: 'NOA', kind: 'national' } });
    await db.prisma.organisation.create({ data: { id: 'o2', name: 'Region Syd', kind: 'region', parentId: 'o1' } });
    await db.prisma.user.create({ data: { id: 'u1', username: 'x', displayName: 'X', passwordHash: 'h', organisationId: 'o2', roles: 'analyst' } });
    const u = await db.prisma.user.findUnique({ where: { username: 'x' }, include: { organisation: { include: { parent: true } } } });
    expect(u?.organisation.parent?.name).toBe('NOA');
  });

  it('stores binary document updates byte for byte', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 0, 7]);
    const row = await db.prisma.layerUpdate.create({ data: { layerId: 'l1', data: bytes } });
    const back = await db.prisma.layerUpdate.findUnique({ where: { id: row.id } });
    expect(Array.from(back!.data)).toEqual(Array.from(bytes));
  });

  it('keeps the audit trail append-only at the database level', async () => {
    const audit = new AuditLog(db.prisma, pino({ level: 'silent' }));
    await audit.record({ action: 'test.append', outcome: 'success' });
    await expect(db.prisma.auditEvent.updateMany({ data: { outcome: 'failure' } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditEvent.count({ where: { action: 'test.append', outcome: 'success' } })).toBe(1);
  });

  it('refuses the bulk bypasses of the append-only rule: SQLite REPLACE and PostgreSQL TRUNCATE', async () => {
    const audit = new AuditLog(db.prisma, pino({ level: 'silent' }));
    await audit.record({ action: 'test.evidence', outcome: 'success' });
    const row = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'test.evidence' } });
    if (kind === 'sqlite') {
      await expect(
        db.prisma.$executeRawUnsafe(`REPLACE INTO "AuditEvent" ("id", "action", "outcome") VALUES (${row.id}, 'test.forged', 'success')`),
      ).rejects.toThrow(/append-only/);
    } else {
      const cfg = testConfig(tdb.url).database;
      const schema = cfg.kind === 'postgres' ? cfg.schema : '';
      await expect(db.prisma.$executeRawUnsafe(`TRUNCATE "${schema}"."AuditEvent"`)).rejects.toThrow(/append-only/);
    }
    // Positive control: ordinary appends still work after the refused attempt.
    await audit.record({ action: 'test.evidence', outcome: 'failure' });
    const rows = await db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'test.' } }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => r.action)).not.toContain('test.forged');
    expect(rows.filter((r) => r.action === 'test.evidence').map((r) => r.outcome)).toEqual(['success', 'failure']);
  });

  it('enforces unique (source, sourceId) for incidents', async () => {
    const data = { id: 'i1', source: 'test', sourceId: '1', type: 'shooting', occurredAt: new Date(), x: 1, y: 2, lon: 13, lat: 55 };
    await db.prisma.incident.create({ data });
    await expect(db.prisma.incident.create({ data: { ...data, id: 'i2' } })).rejects.toThrow();
  });
});
