/**
 * The shipped police events as confirmed incidents for the demo (reported events, placed at the municipality
 * centroid, hence `area` precision). Idempotent: events already stored under source `polisen` are skipped.
 * Written here, by the owner of the Incident table, for the strategic map's seed.
 */
import { newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import { wgsToSweref } from '../../../shared/src/geo/sweref.ts';
import type { ParsedPolisenEvent } from './polisenFeed.ts';

/** Rows per INSERT: far below SQLite's and PostgreSQL's bound-parameter limits at 15 columns. */
const CHUNK = 500;

/** Stores the events not yet stored; returns how many were written. */
export async function seedPolisenIncidents(db: Db, events: readonly ParsedPolisenEvent[]): Promise<number> {
  const existing = new Set((await db.incident.findMany({ where: { source: 'polisen' }, select: { sourceId: true } })).map((r) => r.sourceId));
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
  for (let i = 0; i < rows.length; i += CHUNK) await db.incident.createMany({ data: rows.slice(i, i + CHUNK) });
  return rows.length;
}
