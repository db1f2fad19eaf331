/**
 * The live risk state of one picture: a near-repeat surface over the picture's area (EPSG:3006 grid), the
 * near-repeat zones, and the combined overlay when an RTM result is attached. Pure apart from its own state;
 * time is passed in.
 *
 * What counts (R1): confirmed incidents of an enabled type whose location lies inside the picture's area and
 * whose location precision is not `area` (a municipality or county centroid says nothing about where a near
 * repeat would happen).
 */
import { type NearRepeatConfig, type NearRepeatConfigInput, MS_PER_DAY, resolveNearRepeatConfig } from '../nearrepeat/kernels.ts';
import {
  combineOverlay,
  combineOverlayCells,
  type GridSpec,
  mergeChanges,
  NearRepeatSurface,
  type NearRepeatIncident,
  type RrsGridInput,
  rrsOnGrid,
  type SurfaceChange,
} from '../nearrepeat/surface.ts';
import { type NearRepeatZone, ZoneRegistry } from '../nearrepeat/zones.ts';
import type { IncidentRecord } from '../incidents/types.ts';
import { type Area, areaContains, areaMask, gridForArea } from './area.ts';

/** Per-picture settings stored in `Picture.riskConfig` (JSON): the near-repeat overrides plus grid settings. */
export interface RiskSettingsInput extends NearRepeatConfigInput {
  /** Cell size of the near-repeat grid, metres. @defaultValue 50 */
  cellSizeM?: number;
  /** Cell size of the partner generalisation (zones and tiles), metres. @defaultValue 250 */
  partnerCellSizeM?: number;
  /** Value shown at full colour in tiles. @defaultValue 2 (two overlapping fresh shootings at the centre) */
  scaleMax?: number;
}

export interface RiskSettings {
  nearRepeat: Readonly<NearRepeatConfig>;
  cellSizeM: number;
  partnerCellSizeM: number;
  scaleMax: number;
}

export const DEFAULT_RISK_SETTINGS = { cellSizeM: 50, partnerCellSizeM: 250, scaleMax: 2 } as const;

/** Resolves stored/posted settings; throws NearRepeatConfigError with every problem. */
export function resolveRiskSettings(input: RiskSettingsInput = {}): RiskSettings {
  const { cellSizeM, partnerCellSizeM, scaleMax, ...nr } = input;
  const problems: string[] = [];
  const nearRepeat = (() => {
    try {
      return resolveNearRepeatConfig(nr);
    } catch (e) {
      problems.push(...((e as { problems?: string[] }).problems ?? [(e as Error).message]));
      return null;
    }
  })();
  const c = cellSizeM ?? DEFAULT_RISK_SETTINGS.cellSizeM;
  const p = partnerCellSizeM ?? DEFAULT_RISK_SETTINGS.partnerCellSizeM;
  const s = scaleMax ?? DEFAULT_RISK_SETTINGS.scaleMax;
  if (typeof c !== 'number' || !(c >= 5 && c <= 1000)) problems.push(`cellSizeM must be a number from 5 to 1000, not ${String(c)}.`);
  if (typeof p !== 'number' || !(p >= 100 && p <= 10_000)) problems.push(`partnerCellSizeM must be a number from 100 to 10000, not ${String(p)}.`);
  if (typeof s !== 'number' || !(s > 0 && s < 1e6)) problems.push(`scaleMax must be a number above 0, not ${String(s)}.`);
  if (problems.length > 0 || !nearRepeat) {
    const err = new Error(problems.join(' ')) as Error & { problems: string[] };
    err.name = 'NearRepeatConfigError';
    err.problems = problems;
    throw err;
  }
  return { nearRepeat, cellSizeM: c, partnerCellSizeM: p, scaleMax: s };
}

export function parseStoredSettings(json: string | null): { input: RiskSettingsInput; settings: RiskSettings } {
  if (json) {
    try {
      const input = JSON.parse(json) as RiskSettingsInput;
      return { input, settings: resolveRiskSettings(input) };
    } catch {
      // A broken stored config must not take the picture's risk down: defaults, and the PUT endpoint fixes it.
    }
  }
  return { input: {}, settings: resolveRiskSettings({}) };
}

export interface ZoneChanges {
  created: NearRepeatZone[];
  /** Removed (retracted, moved out, unconfirmed) or expired: clients drop them. */
  removed: NearRepeatZone[];
}

export interface RiskDelta {
  change: SurfaceChange;
  zones: ZoneChanges;
  /** Incidents of this batch that are (or were) inside the picture's area. */
  relevantIds: Set<string>;
}

const NO_CHANGE: SurfaceChange = { cells: new Uint32Array(0), bbox: null, full: false };

/** Above this many relevant changes in one batch, the surface is recomputed in full (cheaper than merging many footprints). */
export const BULK_CHANGES = 64;

/** Decaying temporal kernels change every active cell as time passes: advance on this tick. */
export const DECAY_TICK_MS = 15 * 60_000;

export class PictureRisk {
  readonly grid: GridSpec;
  readonly mask: Uint8Array;
  readonly surface: NearRepeatSurface;
  readonly zones: ZoneRegistry;
  /** RRS sampled onto the grid and RRS × (1 + γ·NR), when an RTM result is attached. */
  rrs: Float32Array | null = null;
  combined: Float32Array | null = null;
  /** Bumped on every change; tiles carry it as their ETag. */
  version = 1;
  updatedAt: Date;
  /** The incidents this picture holds (counted or not), for expiry scheduling and rebuilds. */
  private readonly held = new Map<string, NearRepeatIncident>();

  constructor(
    readonly pictureId: string,
    readonly area: Area,
    readonly settings: RiskSettings,
    /** Area + settings + RTM run: when it changes the state is rebuilt. */
    readonly signature: string,
    now: number,
    maxCells: number,
  ) {
    this.grid = gridForArea(area, settings.cellSizeM, maxCells);
    this.mask = areaMask(area, this.grid);
    this.surface = new NearRepeatSurface(this.grid, now, settings.nearRepeat);
    this.zones = new ZoneRegistry(settings.nearRepeat);
    this.updatedAt = new Date(now);
  }

  /** Longest window of any enabled type, ms (how far back incidents matter). */
  get maxWindowMs(): number {
    let w = 0;
    for (const c of Object.values(this.settings.nearRepeat.types)) if (c.enabled && c.windowDays * MS_PER_DAY > w) w = c.windowDays * MS_PER_DAY;
    return w;
  }

  /** Largest radius of any enabled type, metres. */
  get maxRadiusM(): number {
    let r = 0;
    for (const c of Object.values(this.settings.nearRepeat.types)) if (c.enabled && c.radiusM > r) r = c.radiusM;
    return r;
  }

  contains(x: number, y: number): boolean {
    return areaContains(this.area, x, y);
  }

  /** R1: the incident as the surface should see it (status forced off when it must not count). */
  toNr(rec: IncidentRecord): NearRepeatIncident {
    const counts = rec.status === 'confirmed' && rec.locationPrecision !== 'area' && this.contains(rec.x, rec.y);
    return { id: rec.id, type: rec.type, status: counts ? 'confirmed' : 'retracted', x: rec.x, y: rec.y, occurredAt: rec.occurredAt.getTime() };
  }

  /** Loads the initial incidents (from storage) and computes everything once. */
  load(records: Iterable<IncidentRecord>, now: number): void {
    const list: NearRepeatIncident[] = [];
    for (const r of records) {
      const inc = this.toNr(r);
      if (inc.status !== 'confirmed') continue;
      this.held.set(inc.id, inc);
      list.push(inc);
    }
    this.surface.advanceTo(now);
    this.surface.setConfig(this.settings.nearRepeat, list);
    for (const inc of list) this.zones.upsert(inc, now);
    this.updatedAt = new Date(now);
    this.recombineAll();
  }

  /** Attaches (or detaches, with null) an RTM relative-risk grid. */
  attachRtm(src: RrsGridInput | null): void {
    if (src === null) {
      this.rrs = null;
      this.combined = null;
      return;
    }
    this.rrs = rrsOnGrid(src, this.grid);
    this.recombineAll();
  }

  private recombineAll(): void {
    if (this.rrs) this.combined = combineOverlay(this.rrs, this.surface.values, this.settings.nearRepeat.gamma, this.combined ?? undefined);
  }

  /**
   * Applies changed incidents at `now`; only affected cells are recomputed. A large batch (an import) is
   * applied in one full recomputation instead of one footprint at a time.
   */
  apply(changes: ReadonlyArray<{ before: IncidentRecord | null; after: IncidentRecord }>, now: number): RiskDelta {
    const relevantIds = new Set<string>();
    let change = this.advanceSurface(now);
    const zones: ZoneChanges = { created: [], removed: [] };
    this.collectExpired(now, zones);
    const relevant: NearRepeatIncident[] = [];
    for (const { before, after } of changes) {
      const wasIn = before !== null && this.contains(before.x, before.y);
      const isIn = this.contains(after.x, after.y);
      if (!wasIn && !isIn && !this.held.has(after.id)) continue;
      relevantIds.add(after.id);
      relevant.push(this.toNr(after));
    }
    const bulk = relevant.length > BULK_CHANGES;
    for (const inc of relevant) {
      if (inc.status === 'confirmed') this.held.set(inc.id, inc);
      else this.held.delete(inc.id);
      if (!bulk) change = mergeChanges(change, this.surface.upsert(inc));
      const z = this.zones.upsert(inc, now);
      zones.created.push(...z.created, ...z.updated);
      zones.removed.push(...z.removed, ...z.expired);
    }
    if (bulk) change = this.surface.setConfig(this.settings.nearRepeat, this.held.values());
    this.finish(change, zones, now);
    return { change, zones, relevantIds };
  }

  /** Moves time forward: expiring effects and zones, decaying kernels, incidents whose time has come. */
  advance(now: number): RiskDelta {
    const zones: ZoneChanges = { created: [], removed: [] };
    const prev = this.surface.now;
    const change = this.advanceSurface(now);
    this.collectExpired(now, zones);
    // Incidents reported slightly ahead of their time start their zone when the time comes.
    for (const inc of this.held.values()) {
      if (inc.occurredAt > prev && inc.occurredAt <= now) zones.created.push(...this.zones.upsert(inc, now).created);
    }
    this.prune(now);
    this.finish(change, zones, now);
    return { change, zones, relevantIds: new Set() };
  }

  private advanceSurface(now: number): SurfaceChange {
    return now > this.surface.now ? this.surface.advanceTo(now) : NO_CHANGE;
  }

  private collectExpired(now: number, zones: ZoneChanges): void {
    zones.removed.push(...this.zones.expire(now));
  }

  private finish(change: SurfaceChange, zones: ZoneChanges, now: number): void {
    if (change.full && this.rrs) this.recombineAll();
    else if (change.cells.length > 0 && this.rrs && this.combined) {
      combineOverlayCells(this.rrs, this.surface.values, this.settings.nearRepeat.gamma, change.cells, this.combined);
    }
    if (change.cells.length > 0 || zones.created.length > 0 || zones.removed.length > 0) {
      this.version++;
      this.updatedAt = new Date(now);
    }
  }

  /** Drops incidents whose effect has ended (they change nothing any more). */
  private prune(now: number): void {
    for (const inc of [...this.held.values()]) {
      const c = this.settings.nearRepeat.types[inc.type];
      if (inc.occurredAt + c.windowDays * MS_PER_DAY <= now) {
        this.held.delete(inc.id);
        this.surface.remove(inc.id);
      }
    }
  }

  /** The next time something changes by itself (an effect starts or ends, a zone expires, a decay tick). */
  nextWake(now: number): number | null {
    let best: number | null = null;
    const consider = (t: number) => {
      if (t > now && (best === null || t < best)) best = t;
    };
    let decaying = false;
    for (const inc of this.held.values()) {
      const c = this.settings.nearRepeat.types[inc.type];
      consider(inc.occurredAt);
      const end = inc.occurredAt + c.windowDays * MS_PER_DAY;
      consider(end);
      if (c.temporalKernel !== 'step' && c.knox === null && inc.occurredAt <= now && end > now) decaying = true;
    }
    const z = this.zones.nextExpiry();
    if (z !== null) consider(z);
    if (decaying) consider(now + DECAY_TICK_MS);
    return best;
  }

  /** The values tiles show by default: the combined overlay when RTM is attached, else near-repeat. */
  values(surface: 'near_repeat' | 'combined'): Float32Array | null {
    return surface === 'combined' ? this.combined : this.surface.values;
  }
}
