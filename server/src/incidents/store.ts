/**
 * Incident persistence: idempotent upsert by (source, sourceId) in one transaction, retraction, and the
 * filtered, paged listing. Returns before/after records so the risk service and live events know what changed.
 */
import { newId } from '../auth/tokens.ts';
import type { Db } from '../db/database.ts';
import { appError } from '../errors.ts';
import type { DomainBus } from '../events/domainEvents.ts';
import type { Clock } from '../time/clock.ts';
import { type IncidentRecord, type IncidentStatus, type IncidentType, recordFromRow } from './types.ts';
import { PartnerRelease } from './partnerRelease.ts';
import type { IncidentInput } from './validate.ts';
import { type IncidentAudience, partnerLocation, partnerMaySee, partnerTimeFilter } from './visibility.ts';

export interface IncidentChange {
  before: IncidentRecord | null;
  after: IncidentRecord;
}

export interface UpsertResult {
  changes: IncidentChange[];
  /** All written records in input order (unchanged ones included). */
  records: IncidentRecord[];
  created: number;
  updated: number;
}

export interface ListQuery {
  bbox?: [number, number, number, number];
  from?: Date;
  to?: Date;
  types?: IncidentType[];
  statuses?: IncidentStatus[];
  limit: number;
  /** Police: time and id of the last item; partners: its id only (see encodePartnerCursor). */
  cursor?: { t: number; id: string } | { id: string };
}

/** See {@link IncidentStore.confirmedForArea}. */
export interface AreaIncidentQuery {
  from?: Date;
  to?: Date;
  code?: { any: true } | { startsWith: string } | { equals: string };
  within?: [number, number, number, number];
  audience: 'police' | 'partner';
  /** Most positioned incidents returned. */
  take?: number;
}

export interface AreaIncident {
  id: string;
  type: string;
  occurredAt: Date;
  x: number;
  y: number;
  lon: number;
  lat: number;
}

const CHUNK = 400;
/** YYYY-MM of an instant in Swedish time (the month the public means). */
const STOCKHOLM_MONTH = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });
/** How far a generalised (snapped) partner location can lie from the stored one, in degrees (≥ 177 m · √2). */
const PARTNER_BBOX_MARGIN_DEG = 0.004;

export function encodeCursor(rec: Pick<IncidentRecord, 'occurredAt' | 'id'>): string {
  return Buffer.from(`${rec.occurredAt.getTime()}|${rec.id}`, 'utf8').toString('base64url');
}

/**
 * A partner's cursor names only the last incident: a time in it would give away the exact time partners
 * are not shown (V3), and accepting a time from a partner would let one bisect it out.
 */
export function encodePartnerCursor(rec: Pick<IncidentRecord, 'id'>): string {
  return Buffer.from(`after|${rec.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(s: string): { t: number; id: string } | { id: string } | null {
  const raw = Buffer.from(s, 'base64url').toString('utf8');
  const after = /^after\|(.{1,100})$/.exec(raw);
  if (after) return { id: after[1] };
  const m = /^(-?\d{1,16})\|(.{1,100})$/.exec(raw);
  return m ? { t: Number(m[1]), id: m[2] } : null;
}

function sameValues(a: IncidentRecord, b: IncidentRecord): boolean {
  return (
    a.type === b.type &&
    a.occurredAt.getTime() === b.occurredAt.getTime() &&
    Math.abs(a.x - b.x) < 1e-6 &&
    Math.abs(a.y - b.y) < 1e-6 &&
    a.locationPrecision === b.locationPrecision &&
    a.status === b.status &&
    a.severity === b.severity &&
    a.description === b.description &&
    a.classification === b.classification &&
    a.areaCode === b.areaCode
  );
}

/**
 * The owner of the Incident table. Every write is announced as `incident.changed` and resolves once this
 * process's reactions (the risk state) have taken it in, so the next read sees it.
 */
export class IncidentStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly bus: DomainBus | null = null,
  ) {}

  private async announce(changes: readonly IncidentChange[]): Promise<void> {
    if (changes.length === 0 || !this.bus) return;
    await this.bus.emitSettled('incident.changed', { ids: changes.map((c) => c.after.id), changes });
  }

  /**
   * Confirmed public incidents in a municipality counted per calendar month (Europe/Stockholm) and type, for the
   * public view. It takes no viewer and the classification is in the query; raw counts — the public capability
   * suppresses small ones. `from`/`to` should be month starts so every month is whole. `lastUpdated`: the latest
   * change among the counted incidents only.
   */
  async publicMonthlyCounts(q: { municipality: string; from: Date; to: Date }): Promise<{ cells: Array<{ month: string; type: string; count: number }>; lastUpdated: Date | null }> {
    const rows = await this.db.incident.findMany({
      where: { classification: 'public', status: 'confirmed', areaCode: { startsWith: q.municipality }, occurredAt: { gte: q.from, lt: q.to } },
      select: { type: true, occurredAt: true, updatedAt: true },
    });
    const counts = new Map<string, number>();
    let lastUpdated: Date | null = null;
    for (const r of rows) {
      const key = `${STOCKHOLM_MONTH.format(r.occurredAt)}|${r.type}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!lastUpdated || r.updatedAt > lastUpdated) lastUpdated = r.updatedAt;
    }
    const cells = [...counts.entries()].map(([k, count]) => {
      const [month, type] = k.split('|');
      return { month, type, count };
    });
    cells.sort((a, b) => (a.month === b.month ? a.type.localeCompare(b.type) : a.month < b.month ? -1 : 1));
    return { cells, lastUpdated };
  }

  /** The stored records of these ids (those that exist). */
  async getMany(ids: readonly string[]): Promise<IncidentRecord[]> {
    const rows = await this.db.incident.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(recordFromRow);
  }

  /** How precisely each of these incidents is located (RTM leaves area-precision outcomes out). */
  precisionOf(ids: readonly string[]): Promise<Array<{ id: string; locationPrecision: string; source: string }>> {
    return this.db.incident.findMany({ where: { id: { in: [...ids] } }, select: { id: true, locationPrecision: true, source: true } });
  }

  /** A release check over the stored groups (P2), caching group sizes for one batch. */
  partnerRelease(): PartnerRelease {
    return new PartnerRelease(this.db);
  }

  async get(id: string): Promise<IncidentRecord | null> {
    const r = await this.db.incident.findUnique({ where: { id } });
    return r ? recordFromRow(r) : null;
  }

  /**
   * Creates or updates every input in one transaction (nothing is half-written). On update, fields the input
   * leaves out keep their stored values; the owner and reportedAt never change.
   */
  async upsertMany(inputs: readonly IncidentInput[], ownerOrgId: string | null): Promise<UpsertResult> {
    let res: UpsertResult;
    try {
      res = await this.upsertOnce(inputs, ownerOrgId);
    } catch (err) {
      // Two writers created the same (source, sourceId) at once: the second sees the first's row now.
      if ((err as { code?: string }).code !== 'P2002') throw err;
      res = await this.upsertOnce(inputs, ownerOrgId);
    }
    await this.announce(res.changes);
    return res;
  }

  private async upsertOnce(inputs: readonly IncidentInput[], ownerOrgId: string | null): Promise<UpsertResult> {
    return this.db.$transaction(
      async (tx) => {
        const now = new Date(this.clock.now());
        const existing = new Map<string, IncidentRecord>();
        const bySource = new Map<string, string[]>();
        for (const i of inputs) {
          const l = bySource.get(i.source) ?? [];
          l.push(i.sourceId);
          bySource.set(i.source, l);
        }
        for (const [source, ids] of bySource) {
          for (let k = 0; k < ids.length; k += CHUNK) {
            const rows = await tx.incident.findMany({ where: { source, sourceId: { in: ids.slice(k, k + CHUNK) } } });
            for (const r of rows) existing.set(`${r.source}\u0000${r.sourceId}`, recordFromRow(r));
          }
        }
        const changes: IncidentChange[] = [];
        const records: IncidentRecord[] = [];
        const toCreate: IncidentRecord[] = [];
        let updated = 0;
        for (const i of inputs) {
          const before = existing.get(`${i.source}\u0000${i.sourceId}`) ?? null;
          if (before === null) {
            const rec: IncidentRecord = {
              id: newId('inc_'),
              source: i.source,
              sourceId: i.sourceId,
              type: i.type,
              occurredAt: i.occurredAt,
              reportedAt: now,
              x: i.x,
              y: i.y,
              lon: i.lon,
              lat: i.lat,
              locationPrecision: i.locationPrecision ?? 'exact',
              status: i.status ?? 'unconfirmed',
              severity: i.severity ?? null,
              description: i.description ?? null,
              classification: i.classification ?? 'police_internal',
              ownerOrgId,
              areaCode: i.areaCode ?? null,
              createdAt: now,
              updatedAt: now,
            };
            toCreate.push(rec);
            records.push(rec);
            changes.push({ before: null, after: rec });
            continue;
          }
          updated++;
          const after: IncidentRecord = {
            ...before,
            type: i.type,
            occurredAt: i.occurredAt,
            x: i.x,
            y: i.y,
            lon: i.lon,
            lat: i.lat,
            locationPrecision: i.locationPrecision ?? before.locationPrecision,
            status: i.status ?? before.status,
            severity: i.severity === undefined ? before.severity : i.severity,
            description: i.description === undefined ? before.description : i.description,
            classification: i.classification ?? before.classification,
            areaCode: i.areaCode === undefined ? before.areaCode : i.areaCode,
          };
          if (sameValues(before, after)) {
            records.push(before);
            continue;
          }
          after.updatedAt = now;
          const { id, source, sourceId, ownerOrgId: _o, reportedAt: _r, createdAt: _c, ...data } = after;
          await tx.incident.update({ where: { id }, data });
          records.push(after);
          changes.push({ before, after });
        }
        for (let k = 0; k < toCreate.length; k += CHUNK) {
          await tx.incident.createMany({ data: toCreate.slice(k, k + CHUNK) });
        }
        return { changes, records, created: toCreate.length, updated };
      },
      { timeout: 120_000, maxWait: 15_000 },
    );
  }

  /** Sets the status to retracted; returns the change, or null when it already was. */
  retract(id: string): Promise<{ change: IncidentChange | null; record: IncidentRecord }> {
    return this.setStatus(id, 'retracted');
  }

  /** Sets the status to confirmed (also of a retracted incident: a mistaken retraction is undone); null change when it already was. */
  confirm(id: string): Promise<{ change: IncidentChange | null; record: IncidentRecord }> {
    return this.setStatus(id, 'confirmed');
  }

  private async setStatus(id: string, status: 'confirmed' | 'retracted'): Promise<{ change: IncidentChange | null; record: IncidentRecord }> {
    const before = await this.get(id);
    if (!before) throw appError('NOT_FOUND', [`Incident ${id}`]);
    if (before.status === status) return { change: null, record: before };
    const now = new Date(this.clock.now());
    const row = await this.db.incident.update({ where: { id }, data: { status, updatedAt: now } });
    const after = recordFromRow(row);
    await this.announce([{ before, after }]);
    return { change: { before, after }, record: after };
  }

  /** Confirmed incidents that occurred in [from, to] within an EPSG:3006 box (for building risk surfaces). */
  async confirmedIn(box: { minX: number; minY: number; maxX: number; maxY: number }, from: Date, to: Date): Promise<IncidentRecord[]> {
    const rows = await this.db.incident.findMany({
      where: { status: 'confirmed', occurredAt: { gte: from, lte: to }, x: { gte: box.minX, lte: box.maxX }, y: { gte: box.minY, lte: box.maxY } },
      orderBy: { id: 'asc' },
    });
    return rows.map(recordFromRow);
  }

  /** Incidents for an analysis (Knox): at most `max` + 1 rows, so the caller can tell when there are too many. */
  async select(q: Omit<ListQuery, 'limit' | 'cursor'>, max: number): Promise<IncidentRecord[]> {
    const where: Record<string, unknown> = {};
    if (q.from || q.to) where.occurredAt = { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
    if (q.types?.length) where.type = { in: q.types };
    if (q.statuses?.length) where.status = { in: q.statuses };
    if (q.bbox) {
      where.lon = { gte: q.bbox[0], lte: q.bbox[2] };
      where.lat = { gte: q.bbox[1], lte: q.bbox[3] };
    }
    const rows = await this.db.incident.findMany({ where, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }], take: max + 1 });
    return rows.map(recordFromRow);
  }

  /** The incident if a partner may have it: readable (V2) and in a released group (partnerRelease.ts). */
  async getForPartner(id: string): Promise<IncidentRecord | null> {
    const rec = await this.get(id);
    if (!rec || !partnerMaySee(rec)) return null;
    return (await this.partnerRelease().released([rec])).has(rec.id) ? rec : null;
  }

  /**
   * One page of incidents for an audience, newest first (occurredAt desc, id desc). Partners only get what
   * {@link partnerMaySee} allows, only from groups released to them ({@link PartnerRelease}), and their bbox
   * filter applies to the generalised location they see, so a box cannot be used to find an exact position.
   */
  async list(q: ListQuery, audience: Exclude<IncidentAudience, 'none'>): Promise<{ items: IncidentRecord[]; nextCursor: string | null }> {
    const where: Record<string, unknown> = {};
    // Partners filter by the hour they are shown (V3), so narrowing the window cannot find the minute.
    if (q.from || q.to) where.occurredAt = audience === 'partner' ? partnerTimeFilter(q.from, q.to) : { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) };
    if (q.types?.length) where.type = { in: q.types };
    const statuses = audience === 'partner' ? (q.statuses ?? ['unconfirmed', 'confirmed']).filter((s) => s !== 'retracted') : q.statuses;
    if (statuses) where.status = { in: statuses };
    if (audience === 'partner') where.classification = { in: ['partner', 'public'] };
    if (q.bbox) {
      const m = audience === 'partner' ? PARTNER_BBOX_MARGIN_DEG : 0;
      where.lon = { gte: q.bbox[0] - m, lte: q.bbox[2] + m };
      where.lat = { gte: q.bbox[1] - m, lte: q.bbox[3] + m };
    }
    const out: IncidentRecord[] = [];
    const release = audience === 'partner' ? new PartnerRelease(this.db) : null;
    let cursor: { t: number; id: string } | undefined;
    if (q.cursor && 't' in q.cursor) {
      if (audience === 'partner') throw appError('VALIDATION_FAILED', ['cursor is not one this API gave out; use nextCursor from the previous page.']);
      cursor = q.cursor;
    } else if (q.cursor) {
      // A partner may only page after an incident it was given.
      const last = audience === 'partner' ? await this.getForPartner(q.cursor.id) : await this.get(q.cursor.id);
      if (!last) throw appError('VALIDATION_FAILED', ['cursor is not one this API gave out; use nextCursor from the previous page.']);
      cursor = { t: last.occurredAt.getTime(), id: last.id };
    }
    const batch = Math.min(1000, q.limit + 1);
    for (let guard = 0; guard < 1000; guard++) {
      const cw = cursor ? [{ OR: [{ occurredAt: { lt: new Date(cursor.t) } }, { occurredAt: new Date(cursor.t), id: { lt: cursor.id } }] }] : [];
      const rows = await this.db.incident.findMany({
        where: { ...where, AND: cw },
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        take: batch,
      });
      const recs = rows.map(recordFromRow);
      const released = release ? await release.released(recs) : null;
      for (const rec of recs) {
        cursor = { t: rec.occurredAt.getTime(), id: rec.id };
        if (released && !released.has(rec.id)) continue;
        if (audience === 'partner' && q.bbox) {
          const p = partnerLocation(rec);
          if (p.lon < q.bbox[0] || p.lon > q.bbox[2] || p.lat < q.bbox[1] || p.lat > q.bbox[3]) continue;
        }
        if (out.length === q.limit) {
          // One more exists: the page ends with the previous item.
          const last = out[out.length - 1];
          return { items: out, nextCursor: audience === 'partner' ? encodePartnerCursor(last) : encodeCursor(last) };
        }
        out.push(rec);
      }
      if (rows.length < batch) break;
    }
    return { items: out, nextCursor: null };
  }

  /**
   * Confirmed incidents for an area's statistics (the strategic map): those whose areaCode matches `code`,
   * and (with `within`, a WGS84 bbox) those with an exact or street position inside it, for the caller to test
   * against the area's outline. Partners get only what is released to them (partnerRelease.ts).
   */
  async confirmedForArea(q: AreaIncidentQuery): Promise<{ byCode: AreaIncident[]; positioned: AreaIncident[] }> {
    const select = { id: true, type: true, occurredAt: true, x: true, y: true, lon: true, lat: true };
    const base = { status: 'confirmed', ...(q.from || q.to ? { occurredAt: { gte: q.from, lt: q.to } } : {}), ...(q.audience === 'partner' ? { classification: { not: 'police_internal' } } : {}) };
    const code = q.code === undefined ? null : 'any' in q.code ? { not: null } : q.code;
    const byCode = code ? await this.db.incident.findMany({ where: { ...base, areaCode: code }, select }) : [];
    const positioned = q.within
      ? await this.db.incident.findMany({
          where: { ...base, locationPrecision: { in: ['exact', 'street'] }, lon: { gte: q.within[0], lte: q.within[2] }, lat: { gte: q.within[1], lte: q.within[3] } },
          select,
          ...(q.take === undefined ? {} : { take: q.take }),
        })
      : [];
    if (q.audience === 'police') return { byCode, positioned };
    const released = await new PartnerRelease(this.db).released([...byCode, ...positioned]);
    return { byCode: byCode.filter((r) => released.has(r.id)), positioned: positioned.filter((r) => released.has(r.id)) };
  }
}
