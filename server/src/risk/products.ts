/**
 * One audience's near-repeat products of a picture: a surface on its own grid, the zones, the incidents held,
 * and a version that changes exactly when these products change. A picture keeps one for police and one for
 * partners (see pictureRisk.ts), so what a viewer receives is computed only from incidents that viewer may read.
 *
 * Time moves by itself only at this audience's own wake times ({@link NearRepeatProducts.due}): if a partner
 * product advanced whenever police data changed, the moment a partner sees a change would tell when a
 * police-internal incident happened.
 */
import { createHash } from 'node:crypto';
import { MS_PER_DAY, type NearRepeatConfig } from '../nearrepeat/kernels.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { mergeChanges, NearRepeatSurface, type NearRepeatIncident, type SurfaceChange } from '../nearrepeat/surface.ts';
import { type NearRepeatZone, ZoneRegistry } from '../nearrepeat/zones.ts';

export interface ZoneChanges {
  created: NearRepeatZone[];
  /** Removed (retracted, moved out, unconfirmed) or expired: clients drop them. */
  removed: NearRepeatZone[];
}

/** What changed in one audience's products. */
export interface ProductDelta {
  change: SurfaceChange;
  zones: ZoneChanges;
}

export const NO_CHANGE: SurfaceChange = { cells: new Uint32Array(0), bbox: null, full: false };

export function emptyDelta(): ProductDelta {
  return { change: NO_CHANGE, zones: { created: [], removed: [] } };
}

export function deltaIsEmpty(d: ProductDelta): boolean {
  return d.change.cells.length === 0 && !d.change.full && d.zones.created.length === 0 && d.zones.removed.length === 0;
}

/** Decaying temporal kernels change every active cell as time passes: advance on this tick. */
export const DECAY_TICK_MS = 15 * 60_000;

export class NearRepeatProducts {
  readonly surface: NearRepeatSurface;
  readonly zones: ZoneRegistry;
  /** Bumped on every change; tiles carry it in their ETag. */
  version = 1;
  updatedAt: Date;
  private readonly held = new Map<string, NearRepeatIncident>();

  constructor(
    readonly grid: GridSpec,
    /** 1 = cell inside the picture's area. */
    readonly mask: Uint8Array,
    private readonly config: Readonly<NearRepeatConfig>,
    now: number,
  ) {
    this.surface = new NearRepeatSurface(grid, now, config);
    this.zones = new ZoneRegistry(config);
    this.updatedAt = new Date(now);
  }

  holds(id: string): boolean {
    return this.held.has(id);
  }

  /** Loads the confirmed incidents at `now` and computes everything once. */
  load(list: readonly NearRepeatIncident[], now: number): void {
    const counted = list.filter((inc) => inc.status === 'confirmed');
    for (const inc of counted) this.held.set(inc.id, inc);
    this.surface.advanceTo(now);
    this.surface.setConfig(this.config, counted);
    for (const inc of counted) this.zones.upsert(inc, now);
    this.updatedAt = new Date(now);
  }

  /**
   * Applies changed incidents (already in this audience's form) at `now`; only affected cells are recomputed,
   * or everything once when `bulk`.
   */
  apply(list: readonly NearRepeatIncident[], now: number, bulk: boolean): ProductDelta {
    const zones: ZoneChanges = { created: [], removed: [] };
    let change = this.advanceSurface(now);
    zones.removed.push(...this.zones.expire(now));
    for (const inc of list) {
      if (inc.status === 'confirmed') this.held.set(inc.id, inc);
      else this.held.delete(inc.id);
      if (!bulk) change = mergeChanges(change, this.surface.upsert(inc));
      const z = this.zones.upsert(inc, now);
      zones.created.push(...z.created, ...z.updated);
      zones.removed.push(...z.removed, ...z.expired);
    }
    if (bulk) change = this.surface.setConfig(this.config, this.held.values());
    this.touch(change, zones, now);
    return { change, zones };
  }

  /** Whether something changes by itself at or before `now` (this audience's own schedule). */
  due(now: number): boolean {
    const w = this.nextWake();
    return w !== null && w <= now;
  }

  /** Moves time forward: expiring effects and zones, decaying kernels, incidents whose time has come. */
  advance(now: number): ProductDelta {
    const zones: ZoneChanges = { created: [], removed: [] };
    const prev = this.surface.now;
    const change = this.advanceSurface(now);
    zones.removed.push(...this.zones.expire(now));
    // Incidents reported slightly ahead of their time start their zone when the time comes.
    for (const inc of this.held.values()) {
      if (inc.occurredAt > prev && inc.occurredAt <= now) zones.created.push(...this.zones.upsert(inc, now).created);
    }
    this.prune(now);
    this.touch(change, zones, now);
    return { change, zones };
  }

  private advanceSurface(now: number): SurfaceChange {
    return now > this.surface.now ? this.surface.advanceTo(now) : NO_CHANGE;
  }

  private touch(change: SurfaceChange, zones: ZoneChanges, now: number): void {
    if (change.cells.length > 0 || zones.created.length > 0 || zones.removed.length > 0) {
      this.version++;
      this.updatedAt = new Date(now);
    }
  }

  /** Drops incidents whose effect has ended (they change nothing any more). */
  private prune(now: number): void {
    for (const inc of [...this.held.values()]) {
      const c = this.config.types[inc.type];
      if (inc.occurredAt + c.windowDays * MS_PER_DAY <= now) {
        this.held.delete(inc.id);
        this.surface.remove(inc.id);
      }
    }
  }

  /**
   * The next time these products change by itself (an effect starts or ends, a zone expires, a decay tick),
   * counted from the time they were last advanced to, so other audiences' activity cannot shift it.
   */
  nextWake(): number | null {
    const at = this.surface.now;
    let best: number | null = null;
    const consider = (t: number) => {
      if (t > at && (best === null || t < best)) best = t;
    };
    let decaying = false;
    for (const inc of this.held.values()) {
      const c = this.config.types[inc.type];
      consider(inc.occurredAt);
      const end = inc.occurredAt + c.windowDays * MS_PER_DAY;
      consider(end);
      if (c.temporalKernel !== 'step' && c.knox === null && inc.occurredAt <= at && end > at) decaying = true;
    }
    const z = this.zones.nextExpiry();
    if (z !== null) consider(z);
    if (decaying) consider(at + DECAY_TICK_MS);
    return best;
  }

  /** A digest of what a viewer of these products receives (grid, values, zones), to tell whether a rebuild changed it. */
  fingerprint(): string {
    const h = createHash('sha256');
    h.update(JSON.stringify(this.grid));
    const v = this.surface.values;
    h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    for (const z of this.zones.list()) h.update(`${z.id}|${z.expiresAtMs}|${z.x}|${z.y}|${z.radiusM}\u0000`);
    return h.digest('hex');
  }
}
