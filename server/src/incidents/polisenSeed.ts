/**
 * The shipped police events as confirmed incidents for the demo (reported events, placed at the municipality
 * centroid, hence `area` precision). Idempotent: events already stored under source `polisen` are skipped.
 * Written here, by the owner of the Incident table, for the strategic map's seed.
 */
import { newId } from '../auth/tokens.ts';
import { bulkInsert, type SqlTarget } from '../db/bulkInsert.ts';
import { wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import type { ParsedPolisenEvent } from './polisenFeed.ts';

const COLUMNS = ['id', 'source', 'sourceId', 'type', 'occurredAt', 'reportedAt', 'x', 'y', 'lon', 'lat', 'locationPrecision', 'status', 'description', 'classification', 'areaCode', 'createdAt', 'updatedAt'] as const;

/** Stores the events not yet stored; returns how many were written. */
export async function seedPolisenIncidents(db: SqlTarget, events: readonly ParsedPolisenEvent[]): Promise<number> {
  const existing = new Set((await db.prisma.incident.findMany({ where: { source: 'polisen' }, select: { sourceId: true } })).map((r) => r.sourceId));
  const now = new Date();
  const rows = [];
  for (const e of events) {
    const inc = e.incident;
    if (existing.has(inc.sourceId)) continue;
    existing.add(inc.sourceId);
    const [lon, lat] = inc.location.coordinates;
    const [x, y] = wgsToSweref(lon, lat);
    rows.push({
      id: newId('inc_'),
      source: 'polisen',
      sourceId: inc.sourceId,
      type: inc.type,
      occurredAt: new Date(inc.occurredAt),
      reportedAt: now,
      x,
      y,
      lon,
      lat,
      locationPrecision: 'area',
      status: 'confirmed',
      description: inc.description.slice(0, 2000),
      classification: 'public',
      areaCode: e.areaCode,
      createdAt: now,
      updatedAt: now,
    });
  }
  // Thousands of rows: one raw multi-row INSERT per chunk, ten times faster than createMany.
  await bulkInsert(db, 'Incident', COLUMNS, rows.map((r) => COLUMNS.map((c) => r[c])));
  return rows.length;
}
