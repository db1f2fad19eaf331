import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { loadConfig } from '../../server/src/config.ts';
import { DocStore } from '../../server/src/collab/docStore.ts';
import { openDatabase } from '../../server/src/db/database.ts';

/**
 * The update log's batched write in isolation (issue 14): CPU per flush of 50 documents × 1 update, as the
 * 200 ms flush tick writes them under the collab benchmark's 5 edits/s load, for the raw multi-row INSERT the
 * DocStore uses against Prisma's createMany. SQLite file in a temp folder; CPU time of this process.
 *
 *   npx tsx bench/collab/appendRows.bench.ts [--flushes=400] [--docs=50]
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const FLUSHES = Number(arg('flushes') ?? 400);
const DOCS = Number(arg('docs') ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'lagesbild-append-'));
const config = loadConfig({ DATABASE_URL: `file:${join(dir, 'a.db')}`, LOG_LEVEL: 'silent' });
const database = await openDatabase(config.database);
const store = new DocStore(database, config);
const doc = new Y.Doc();
const updates: Uint8Array[] = [];
doc.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < DOCS; i++) doc.getMap('bench').set('e', { s: i, t: Date.now() });
const rows = updates.slice(0, DOCS).map((data, i) => ({ layerId: `layer-${i}`, data }));

async function measure(name: string, write: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 50; i++) await write();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < FLUSHES; i++) await write();
  const cpu = process.cpuUsage(c0);
  return `${name}: ${((cpu.user + cpu.system) / 1000 / FLUSHES).toFixed(3)} ms CPU, ${((performance.now() - t0) / FLUSHES).toFixed(3)} ms wall per flush of ${DOCS} rows`;
}

try {
  const prisma = database.prisma;
  const lines = [
    await measure('createMany (before)', () => prisma.layerUpdate.createMany({ data: rows.map((r) => ({ layerId: r.layerId, data: r.data as Uint8Array<ArrayBuffer> })) })),
    await measure('raw INSERT (DocStore.appendRows)', () => store.appendRows(rows)),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
