/**
 * The live risk state of one picture: a near-repeat surface over the picture's area (EPSG:3006 grid), the
 * near-repeat zones, and the combined overlay when an RTM result is attached. Pure apart from its own state;
 * time is passed in.
 *
 * What counts (R1): confirmed incidents of an enabled type whose location lies inside the picture's area and
 * whose location precision is not `area` (a municipality or county centroid says nothing about where a near
 * repeat would happen).
 *
 * Who gets what (P1): police products are computed from every counted incident; partner products only from
 * counted `partner`/`public` incidents, generalised before use (see {@link PictureRisk.toPartnerNr}). A viewer is
 * served from exactly one of the two, so classification governs every derived product.
 */
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import { problemsOf } from '../../../shared/src/problems.ts';
import { type NearRepeatConfig, type NearRepeatConfigInput, MS_PER_DAY, NearRepeatConfigError, resolveNearRepeatConfig } from '../nearrepeat/kernels.ts';
import {
  combineOverlay,
  combineOverlayCells,
  type NearRepeatIncident,
  type NearRepeatSurface,
  type RrsGridInput,
  rrsOnGrid,
  type SurfaceChange,
} from '../nearrepeat/surface.ts';
import type { ZoneRegistry } from '../nearrepeat/zones.ts';
import { type IncidentRecord, partnerLocation, partnerMaySee, partnerOccurredAt } from '../incidents/index.ts';
import { type Area, areaContains, areaMask, gridForArea } from './area.ts';
import { DECAY_TICK_MS, emptyDelta, NearRepeatProducts, type ProductDelta, type ZoneChanges } from './products.ts';

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
      problems.push(...(problemsOf(e) ?? [(e as Error).message]));
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
    throw new NearRepeatConfigError(problems);
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

export type { ZoneChanges } from './products.ts';

export interface RiskDelta {
  /** What changed in the police products (every confirmed incident, exact). */
  change: SurfaceChange;
  zones: ZoneChanges;
  /** What changed in the partner products (partner-readable incidents only, generalised); usually nothing. */
  partner: ProductDelta;
  /** Incidents of this batch that are (or were) inside the picture's area. */
  relevantIds: Set<string>;
  /**
   * The same as partners can tell it: incidents whose generalised point is (or was) inside the area. Partner
   * incident events follow this set, so whether an event arrives cannot say on which side of the area's edge the
   * exact point lies.
   */
  partnerRelevantIds: Set<string>;
}

/** Above this many relevant changes in one batch, the surface is recomputed in full (cheaper than merging many footprints). */
export const BULK_CHANGES = 64;

export { DECAY_TICK_MS };

export class PictureRisk {
  readonly grid: GridSpec;
  readonly mask: Uint8Array;
  /** Everything police see: built from every confirmed incident, exact, on the fine grid. */
  readonly police: NearRepeatProducts;
  /**
   * Everything partners see: built only from confirmed `partner`/`public` incidents, each snapped to the centre of
   * its 250 m cell and to the start of its hour before it touches anything, on the partner grid. No RTM.
   */
  readonly partner: NearRepeatProducts;
  /** RRS sampled onto the grid and RRS × (1 + γ·NR), when an RTM result is attached (police only). */
  rrs: Float32Array | null = null;
  combined: Float32Array | null = null;

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
    this.police = new NearRepeatProducts(this.grid, this.mask, settings.nearRepeat, now);
    const pg = gridForArea(area, settings.partnerCellSizeM, maxCells);
    this.partner = new NearRepeatProducts(pg, areaMask(area, pg), settings.nearRepeat, now);
  }

  /** The police surface (tests and the combined overlay). */
  get surface(): NearRepeatSurface {
    return this.police.surface;
  }
  /** The police zones. */
  get zones(): ZoneRegistry {
    return this.police.zones;
  }
  /** The police products' version (tiles' ETag for police). */
  get version(): number {
    return this.police.version;
  }
  get updatedAt(): Date {
    return this.police.updatedAt;
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

  /** R1: the incident as the police surface should see it (status forced off when it must not count). */
  toNr(rec: IncidentRecord): NearRepeatIncident {
    const counts = rec.status === 'confirmed' && rec.locationPrecision !== 'area' && this.contains(rec.x, rec.y);
    return { id: rec.id, type: rec.type, status: counts ? 'confirmed' : 'retracted', x: rec.x, y: rec.y, occurredAt: rec.occurredAt.getTime() };
  }

  /**
   * R1 + P1: the incident as the partner products see it. Only what a partner may read counts, and it enters
   * already generalised (the snapped position and the hour partners are shown), so nothing derived from it can
   * be more precise than the incident view itself; whether it lies in the area is decided on the snapped point too.
   */
  toPartnerNr(rec: IncidentRecord): NearRepeatIncident {
    const loc = partnerLocation(rec);
    const counts = rec.status === 'confirmed' && partnerMaySee(rec) && rec.locationPrecision !== 'area' && this.contains(loc.x, loc.y);
    return { id: rec.id, type: rec.type, status: counts ? 'confirmed' : 'retracted', x: loc.x, y: loc.y, occurredAt: partnerOccurredAt(rec.occurredAt) };
  }

  /** Loads the initial incidents (from storage) and computes everything once. */
  load(records: Iterable<IncidentRecord>, now: number): void {
    const list = [...records];
    this.police.load(list.map((r) => this.toNr(r)), now);
    this.partner.load(list.map((r) => this.toPartnerNr(r)), now);
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
    if (this.rrs) this.combined = combineOverlay(this.rrs, this.police.surface.values, this.settings.nearRepeat.gamma, this.combined ?? undefined);
  }

  /**
   * Applies changed incidents at `now`; only affected cells are recomputed. A large batch (an import) is
   * applied in one full recomputation instead of one footprint at a time. The partner products are touched only
   * by incidents they hold or that now count for partners: a police-internal change leaves them (and their
   * version) exactly as they were.
   */
  apply(changes: ReadonlyArray<{ before: IncidentRecord | null; after: IncidentRecord }>, now: number): RiskDelta {
    const relevantIds = new Set<string>();
    const partnerRelevantIds = new Set<string>();
    const police: NearRepeatIncident[] = [];
    const partner: NearRepeatIncident[] = [];
    for (const { before, after } of changes) {
      const wasIn = before !== null && this.contains(before.x, before.y);
      const isIn = this.contains(after.x, after.y);
      if (wasIn || isIn || this.police.holds(after.id)) {
        relevantIds.add(after.id);
        police.push(this.toNr(after));
      }
      const p = this.toPartnerNr(after);
      if (p.status === 'confirmed' || this.partner.holds(after.id)) partner.push(p);
      const was = before === null ? null : partnerLocation(before);
      if (this.contains(p.x, p.y) || (was !== null && this.contains(was.x, was.y))) partnerRelevantIds.add(after.id);
    }
    const p = this.police.apply(police, now, police.length > BULK_CHANGES);
    this.finishPolice(p.change);
    const q = partner.length > 0 ? this.partner.apply(partner, now, partner.length > BULK_CHANGES) : emptyDelta();
    return { change: p.change, zones: p.zones, partner: q, relevantIds, partnerRelevantIds };
  }

  /** Moves each audience's products forward when its own next change is due. */
  advance(now: number): RiskDelta {
    const p = this.police.due(now) ? this.police.advance(now) : emptyDelta();
    this.finishPolice(p.change);
    const q = this.partner.due(now) ? this.partner.advance(now) : emptyDelta();
    return { change: p.change, zones: p.zones, partner: q, relevantIds: new Set(), partnerRelevantIds: new Set() };
  }

  private finishPolice(change: SurfaceChange): void {
    if (change.full && this.rrs) this.recombineAll();
    else if (change.cells.length > 0 && this.rrs && this.combined) {
      combineOverlayCells(this.rrs, this.police.surface.values, this.settings.nearRepeat.gamma, change.cells, this.combined);
    }
  }

  /** The next time anything changes by itself. */
  nextWake(now: number): number | null {
    let best: number | null = null;
    for (const w of [this.police.nextWake(), this.partner.nextWake()]) {
      if (w === null) continue;
      const t = Math.max(w, now);
      if (best === null || t < best) best = t;
    }
    return best;
  }

  /** The police values tiles show: the combined overlay when RTM is attached, else near-repeat. */
  values(surface: 'near_repeat' | 'combined'): Float32Array | null {
    return surface === 'combined' ? this.combined : this.police.surface.values;
  }
}
