/**
 * Keeps every picture's live risk state (near-repeat surface, zones, combined overlay) in memory, applies
 * incident changes to it, advances it with the clock, and hands what changed to the publisher (publisher.ts),
 * which tells each viewer what that viewer may see of it.
 *
 * State is derived from stored incidents and time only, so a restart rebuilds the same zones and schedules
 * their expiry again. Every mutation runs through one queue (ordered, never concurrent); publishing follows
 * in a second queue, so events leave in the order the changes happened.
 */
import type { Logger } from 'pino';
import type { ZoneView } from '../../../shared/src/events.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { DocumentManager } from '../collab/documents.ts';
import { type IncidentChange, type IncidentStore, LIMITS, PARTNER_GRID_M } from '../incidents/index.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { SurfaceChange } from '../nearrepeat/surface.ts';
import type { NearRepeatZone } from '../nearrepeat/zones.ts';
import type { PictureRecord, PictureService } from '../pictures/index.ts';
import { parseArea } from './area.ts';
import { RiskPublisher } from './publisher.ts';
import { type RiskAudience, riskAudience, zoneViewFor } from './audience.ts';
import type { Clock, Timer } from '../time/clock.ts';
import { parseStoredSettings, PictureRisk, type RiskDelta } from './pictureRisk.ts';
import { deltaIsEmpty, emptyDelta, type ProductDelta } from './products.ts';
import type { RtmSurfaceProvider } from './rtmHook.ts';
import { quantise, type TileSource } from './tiles.ts';
import { productsFor, zoneViews } from './views.ts';

export { productsFor, riskUpdatedBody, zoneViews } from './views.ts';

/** A viewer's risk surface and zones as coverage reads them (see {@link RiskService.coverageInputs}). */
export interface CoverageInputs {
  audience: 'full' | 'generalised';
  grid: GridSpec;
  values: Float32Array;
  mask: Uint8Array;
  zones: Array<{ id: string; x: number; y: number; radiusM: number; touch: boolean }>;
  version: string;
}

export interface RiskServiceOptions {
  /** Largest grid per picture; coarser cells beyond. @defaultValue 4_000_000 */
  maxCells: number;
  /** Most incident events sent per picture for one batch (an import); the rest arrive via risk.updated/refetch. @defaultValue 1_000 */
  maxIncidentEventsPerBatch: number;
  /** Most zone.created/zone.expired events per picture for one batch; beyond, only risk.updated (with every zone). @defaultValue 200 */
  maxZoneEventsPerBatch: number;
}

export const DEFAULT_RISK_OPTIONS: RiskServiceOptions = { maxCells: 4_000_000, maxIncidentEventsPerBatch: 1_000, maxZoneEventsPerBatch: 200 };

interface PictureRow {
  id: string;
  area: string | null;
  riskConfig: string | null;
  rtmRunId: string | null;
  status: string;
}

type Viewer = AuthUser;

export interface RiskServiceDeps {
  /** Reads incidents (the owner's store; the service never writes them). */
  store: Pick<IncidentStore, 'confirmedIn' | 'getMany' | 'partnerRelease'>;
  pictures: Pick<PictureService, 'getPicture' | 'readableLayers' | 'riskRows'>;
  live: LiveHub | null;
  clock: Clock;
  log: Logger;
  /** The RRS grid of an attached RTM run; null: near-repeat only. */
  rtm: RtmSurfaceProvider | null;
  /** Layer documents, to keep zones as features of `incidents` / `risk` layers (see layerZones.ts). */
  docs?: DocumentManager | null;
  /**
   * Several processes: only the process that wins this lock (Redis SET NX) publishes the events of a timed
   * change (zone expiry), so clients get each event once. @defaultValue always true
   */
  claim?: (key: string) => Promise<boolean>;
}

/** What a dropped state leaves behind, so its rebuild continues its versions (an ETag never repeats for other content). */
interface Retired {
  police: number;
  partner: number;
  partnerFingerprint: string;
}

export class RiskService {
  private readonly states = new Map<string, PictureRisk>();
  private readonly retired = new Map<string, Retired>();
  private rows = new Map<string, PictureRow>();
  /** The picture list is re-read after a `picture.*` or `layer.*` event says it changed. */
  private rowsStale = true;
  private queue: Promise<unknown> = Promise.resolve();
  private publishing: Promise<unknown> = Promise.resolve();
  private timer: Timer | null = null;
  private timerAt: number | null = null;
  private closed = false;
  private partnerTileCache = new Map<string, { version: number; values: Float32Array }>();
  private readonly publisher: RiskPublisher;

  constructor(
    private readonly deps: RiskServiceDeps,
    private readonly opts: RiskServiceOptions = DEFAULT_RISK_OPTIONS,
  ) {
    this.publisher = new RiskPublisher(deps, opts, this);
  }

  /** The picture list changed (a picture created, removed, or its area, settings or run changed). */
  picturesChanged(): void {
    this.rowsStale = true;
  }

  /** Another process changed a picture's risk inputs: rebuild here on next use, without publishing. */
  retireRemote(pictureId: string): Promise<void> {
    return this.run(async () => {
      this.retire(pictureId);
      this.rowsStale = true;
    });
  }

  /** Another process changed incidents: bring the states here up to date, without publishing. */
  applyRemote(ids: string[] | null): Promise<void> {
    return this.run(async () => {
      if (ids === null) {
        for (const id of [...this.states.keys()]) this.retire(id);
        return;
      }
      await this.refreshRows(false);
      const changes = (await this.deps.store.getMany(ids)).map((after) => ({ before: null, after }));
      const now = this.deps.clock.now();
      for (const st of this.states.values()) st.apply(changes, now);
      this.reschedule();
    });
  }

  /** Runs `fn` after every earlier mutation, never concurrently with another. */
  private run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private publish(fn: () => Promise<void>): void {
    this.publishing = this.publishing.then(fn).catch((err) => this.deps.log.error({ err }, 'risk: publishing live events failed'));
  }

  private readonly changeListeners = new Set<(pictureId: string, changed: { full: boolean; generalised: boolean }) => void>();

  /**
   * Calls `fn` after each published change of a picture's risk products, naming whose products changed (police:
   * `full`; partners: `generalised`), at the moments `risk.updated` goes out, so a follower (coverage) tells each
   * audience of changes of its own products only. Returns the unsubscribe.
   */
  onProductsChanged(fn: (pictureId: string, changed: { full: boolean; generalised: boolean }) => void): () => void {
    this.changeListeners.add(fn);
    return () => this.changeListeners.delete(fn);
  }

  private async publishDelta(pictureId: string, st: PictureRisk | null, delta: RiskDelta | null, incidents: readonly IncidentChange[]): Promise<void> {
    await this.publisher.publishDelta(pictureId, st, delta, incidents);
    if (!st || !delta || this.changeListeners.size === 0) return;
    const changed = { full: !deltaIsEmpty(delta), generalised: !deltaIsEmpty(delta.partner) };
    if (!changed.full && !changed.generalised) return;
    for (const fn of this.changeListeners) fn(pictureId, changed);
  }

  /** Resolves when every queued event has been handed to socket.io (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue;
    await this.publishing;
  }

  // -------------------------------------------------------------------------------------------------------
  // Pictures and their states

  /** Drops a state; its rebuild continues its versions (see {@link build}). */
  private retire(pictureId: string): void {
    const st = this.states.get(pictureId);
    if (!st) return;
    this.retired.set(pictureId, { police: st.police.version, partner: st.partner.version, partnerFingerprint: st.partner.fingerprint() });
    this.states.delete(pictureId);
  }

  private signature(r: PictureRow): string {
    return `${r.area ?? ''}\u0000${r.riskConfig ?? ''}\u0000${r.rtmRunId ?? ''}`;
  }

  /** Re-reads the picture list when an event said it changed (or when forced). */
  private async refreshRows(force: boolean): Promise<void> {
    if (!force && !this.rowsStale) return;
    this.rowsStale = false;
    const rows = await this.deps.pictures.riskRows();
    this.rows = new Map(rows.map((r) => [r.id, r]));
    for (const id of [...this.states.keys()]) {
      const row = this.rows.get(id);
      if (!row || row.status === 'archived' || this.signature(row) !== this.states.get(id)!.signature) this.retire(id);
    }
  }

  /** An RTM run finished: pictures it is attached to, waiting for its surface, get it now. */
  rtmCompleted(runId: string): Promise<void> {
    return this.run(async () => {
      for (const st of this.states.values()) {
        if (this.rows.get(st.pictureId)?.rtmRunId !== runId || st.rrs || !(await this.attachRtm(st, runId))) continue;
        // RTM is built from police data: only the police products change.
        const full: SurfaceChange = { cells: new Uint32Array(0), bbox: null, full: true };
        st.police.version++;
        this.publish(() => this.publishDelta(st.pictureId, st, { change: full, zones: { created: [], removed: [] }, partner: emptyDelta(), relevantIds: new Set(), partnerRelevantIds: new Set() }, []));
      }
    });
  }

  private async attachRtm(st: PictureRisk, runId: string): Promise<boolean> {
    try {
      const src = (await this.deps.rtm?.load(runId)) ?? null;
      if (!src) return false;
      st.attachRtm(src);
      return true;
    } catch (err) {
      this.deps.log.warn({ err, pictureId: st.pictureId, runId }, 'risk: the RTM surface could not be loaded; showing near-repeat only');
      return false;
    }
  }

  /**
   * Builds a picture's state from storage. `pending` are changes already stored but not yet applied: the state is
   * built as it was before them (their `before` records), so applying them afterwards yields their events.
   */
  private async build(row: PictureRow, pending: readonly IncidentChange[] = []): Promise<PictureRisk | null> {
    const area = parseArea(row.area);
    if (!area || row.status === 'archived') return null;
    const { settings } = parseStoredSettings(row.riskConfig);
    const now = this.deps.clock.now();
    const st = new PictureRisk(row.id, area, settings, this.signature(row), now, this.opts.maxCells);
    // A partner counts an incident by its snapped point, which may lie inside the area while the stored one is just
    // outside its box: read a cell wider, so a rebuild holds what the incremental path would.
    const m = PARTNER_GRID_M;
    const box = { minX: area.minX - m, minY: area.minY - m, maxX: area.maxX + m, maxY: area.maxY + m };
    let records = await this.deps.store.confirmedIn(box, new Date(now - st.maxWindowMs), new Date(now + LIMITS.futureToleranceMs));
    if (pending.length > 0) {
      const ids = new Set(pending.map((c) => c.after.id));
      records = records.filter((r) => !ids.has(r.id));
      for (const c of pending) if (c.before) records.push(c.before);
    }
    st.load(records, now);
    if (row.rtmRunId) await this.attachRtm(st, row.rtmRunId);
    const before = this.retired.get(row.id);
    if (before) {
      this.retired.delete(row.id);
      st.police.version = before.police + 1;
      st.partner.version = before.partner + (st.partner.fingerprint() === before.partnerFingerprint ? 0 : 1);
    }
    this.states.set(row.id, st);
    return st;
  }

  /** Builds the states of every picture with an area (at start, so zones expire on time after a restart). */
  init(): Promise<void> {
    return this.run(async () => {
      await this.refreshRows(true);
      for (const row of this.rows.values()) if (!this.states.has(row.id)) await this.build(row);
      this.reschedule();
      for (const st of this.states.values()) this.publish(() => this.publisher.syncLayers(st));
    });
  }

  /** The state of a picture (built on first use), or null when it has no area. */
  state(pictureId: string): Promise<PictureRisk | null> {
    return this.run(async () => {
      await this.refreshRows(false);
      let row = this.rows.get(pictureId);
      if (!row) {
        await this.refreshRows(true);
        row = this.rows.get(pictureId);
      }
      if (!row) return null;
      const st = this.states.get(pictureId) ?? (await this.build(row));
      this.reschedule();
      return st;
    });
  }

  /** Drops a picture's state so the next use rebuilds it (config or area changed). */
  invalidate(pictureId: string): Promise<PictureRisk | null> {
    return this.run(async () => {
      const partnerBefore = this.states.get(pictureId)?.partner.version ?? this.retired.get(pictureId)?.partner;
      this.retire(pictureId);
      await this.refreshRows(true);
      const row = this.rows.get(pictureId);
      const st = row ? await this.build(row) : null;
      this.reschedule();
      if (st) {
        const full: SurfaceChange = { cells: new Uint32Array(0), bbox: null, full: true };
        // Partners hear of it only when what they see changed (a new area or grid, not an RTM run).
        const partner: ProductDelta = st.partner.version === partnerBefore ? emptyDelta() : { change: full, zones: { created: [], removed: [] } };
        const delta: RiskDelta = { change: full, zones: { created: [], removed: [] }, partner, relevantIds: new Set(), partnerRelevantIds: new Set() };
        this.publish(() => this.publishDelta(pictureId, st, delta, []));
      }
      return st;
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Changes

  /**
   * Applies stored incident changes to every picture they touch. Resolves when the in-memory state is updated;
   * the live events follow in order.
   */
  apply(changes: readonly IncidentChange[]): Promise<void> {
    if (changes.length === 0) return Promise.resolve();
    return this.run(async () => {
      await this.refreshRows(false);
      const now = this.deps.clock.now();
      for (const row of this.rows.values()) {
        let st = this.states.get(row.id) ?? null;
        if (!st && row.area) st = await this.build(row, changes);
        if (st) {
          const delta = st.apply(changes, now);
          const relevant = changes.filter((c) => delta.relevantIds.has(c.after.id) || delta.partnerRelevantIds.has(c.after.id));
          if (relevant.length > 0 || delta.change.cells.length > 0 || delta.zones.created.length + delta.zones.removed.length > 0 || !deltaIsEmpty(delta.partner)) {
            this.publish(() => this.publishDelta(row.id, st, delta, relevant));
          }
        } else if (!row.area && row.status !== 'archived') {
          // A picture without an area (e.g. national) follows every incident, without a risk surface.
          this.publish(() => this.publishDelta(row.id, null, null, changes));
        }
      }
      this.reschedule();
    });
  }

  /**
   * Advances every state to the clock's now (timer callback; also callable from tests). `scheduledAt` (the
   * wake time, the same on every process since it derives from the data) names the change for {@link RiskServiceDeps.claim}.
   */
  tick(scheduledAt?: number): Promise<void> {
    return this.run(async () => {
      const now = this.deps.clock.now();
      for (const st of this.states.values()) {
        const delta = st.advance(now);
        if (delta.change.cells.length > 0 || delta.zones.created.length + delta.zones.removed.length > 0 || !deltaIsEmpty(delta.partner)) {
          const claim = this.deps.claim;
          this.publish(async () => {
            if (claim && scheduledAt !== undefined && !(await claim(`tick:${st.pictureId}:${scheduledAt}`))) return;
            await this.publishDelta(st.pictureId, st, delta, []);
          });
        }
      }
      this.reschedule();
    });
  }

  private reschedule(): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    let next: number | null = null;
    for (const st of this.states.values()) {
      const t = st.nextWake(now);
      if (t !== null && (next === null || t < next)) next = t;
    }
    if (next === this.timerAt) return;
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = next;
    if (next !== null) {
      const at = next;
      this.timer = this.deps.clock.at(at, () => {
        this.timer = null;
        this.timerAt = null;
        void this.tick(at).catch((err) => this.deps.log.error({ err }, 'risk: clock tick failed'));
      });
    }
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
  }

  // -------------------------------------------------------------------------------------------------------
  // Views

  /** What a viewer may see of a picture's risk (A1–A3). */
  async audienceFor(viewer: { organisationId: string; roles: readonly string[]; isPolice: boolean; userId: string }, picture: PictureRecord): Promise<RiskAudience> {
    const layers = await this.deps.pictures.readableLayers(viewer as Viewer, picture);
    return riskAudience(viewer, layers);
  }

  /** The zones a viewer of this audience sees, each from that audience's own products. */
  zonesFor(st: PictureRisk, audience: RiskAudience): ZoneView[] {
    return zoneViews(st, audience);
  }

  /**
   * What tiles render for an audience: police get their fine surface (or the combined overlay); partners get the
   * partner surface on the partner grid, quantised to four levels (cached per version), and never RTM. Null when
   * the audience has no such surface.
   */
  tileSource(st: PictureRisk, surface: 'near_repeat' | 'combined', audience: RiskAudience): TileSource | null {
    if (audience === 'none') return null;
    if (audience === 'full') {
      const values = st.values(surface);
      const scaleMax = surface === 'combined' ? st.settings.scaleMax * 2 : st.settings.scaleMax;
      return values ? { grid: st.grid, values, mask: st.mask, scaleMax } : null;
    }
    if (surface !== 'near_repeat') return null;
    const p = st.partner;
    let c = this.partnerTileCache.get(st.pictureId);
    if (!c || c.version !== p.version || c.values.length !== p.surface.values.length) {
      c = { version: p.version, values: quantise(p.surface.values, st.settings.scaleMax) };
      this.partnerTileCache.set(st.pictureId, c);
    }
    return { grid: p.grid, values: c.values, mask: p.mask, scaleMax: st.settings.scaleMax };
  }

  /** The version a viewer's tiles and `GET …/risk` carry: that of the products the viewer is served from. */
  versionFor(st: PictureRisk, audience: 'full' | 'generalised'): number {
    return productsFor(st, audience).version;
  }

  /**
   * What coverage (measures/coverage*) reads for a viewer: the surface of the viewer's own audience on its own grid
   * (police: the combined overlay when RTM is attached, else near-repeat; partners: the partner surface as the four
   * levels of their tiles, never RTM),
   * its area mask, and the live zones that audience sees (partners: the generalised zones' ids, snapped centres).
   * `version` changes whenever those values or zones do. Null: no such picture, no area, or the viewer sees no risk.
   */
  async coverageInputs(
    viewer: { organisationId: string; roles: readonly string[]; isPolice: boolean; userId: string },
    pictureId: string,
  ): Promise<CoverageInputs | null> {
    const picture = await this.deps.pictures.getPicture(pictureId);
    if (!picture) return null;
    const audience = await this.audienceFor(viewer, picture);
    if (audience === 'none') return null;
    const st = await this.state(pictureId);
    if (!st) return null;
    const products = productsFor(st, audience);
    const combined = audience === 'full' && st.combined !== null;
    const zones = products.zones.list().map((z) => ({
      id: audience === 'full' ? z.id : (zoneViewFor(audience, z, st.pictureId, st.settings.partnerCellSizeM)?.id ?? z.id),
      x: z.x,
      y: z.y,
      radiusM: z.radiusM,
      // Partners are shown a zone as the outline of the partner cells its circle touches: coverage uses those cells.
      touch: audience === 'generalised',
    }));
    return {
      audience,
      grid: products.grid,
      // Partners: the four levels their tiles show (ACCESS.md P3), never finer values of the partner surface.
      values: audience === 'full' ? (combined ? st.combined! : products.surface.values) : this.tileSource(st, 'near_repeat', audience)!.values,
      mask: products.mask,
      zones,
      version: `${audience}:${combined ? 'combined' : 'near_repeat'}:${products.version}`,
    };
  }

  /** Zones of a state for tests and the API. */
  static zoneIds(zones: NearRepeatZone[]): string[] {
    return zones.map((z) => z.id);
  }
}
