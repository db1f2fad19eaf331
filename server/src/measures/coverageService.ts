/**
 * Coverage per viewer: the figures of coverage.ts computed ONLY from what the viewer may read — its own risk
 * audience's surface and zones (police: the police set; partners: the partner set, see risk/audience.ts) and the
 * measures it may read (MeasureService.listReadable). A measure the viewer may not read never enters its index, so
 * no covered/uncovered flag, count or live event can tell of it.
 *
 * One {@link CoverageIndex} per picture and viewer class (organisation + roles, the key live events are built per),
 * kept between calls: a surface version change re-ranks the cells once; a measure change recounts only that
 * measure's cells (the incremental path the benchmark measures).
 */
import type { CoverageUpdatedEvent } from '../../../shared/src/events.ts';
import type { GridSpec } from '../../../shared/src/geo/grid.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import type { AuthUser } from '../auth/authService.ts';
import {
  CoverageIndex,
  type CoverageSummary,
  type CoverageZone,
  coveredCells,
  geometryTo3006,
  isActiveMeasure,
  type Ranking,
  rankSurface,
  sameGrid,
  type TopFigure,
} from './coverage.ts';
import type { MeasureService } from './index.ts';

/** What coverage reads of a viewer's risk (RiskService.coverageInputs, given by the composition root). */
export interface CoverageRiskSource {
  coverageInputs(
    viewer: CoverageViewer,
    pictureId: string,
  ): Promise<{ audience: 'full' | 'generalised'; grid: GridSpec; values: ArrayLike<number>; mask: ArrayLike<number>; zones: CoverageZone[]; version: string } | null>;
  /** Called after each change of a picture's risk products, naming whose products changed; returns the unsubscribe. */
  onProductsChanged?(fn: (pictureId: string, changed: { full: boolean; generalised: boolean }) => void): () => void;
}

export type CoverageMeasureSource = Pick<MeasureService, 'listReadable'>;

/** Whose coverage: what the risk audience and the readable measures are decided from (a signed-in user or a principal). */
export type CoverageViewer = Pick<AuthUser, 'userId' | 'organisationId' | 'roles' | 'isPolice'>;

export interface PictureCoverage extends CoverageSummary {
  computedAt: string;
}

interface Entry {
  index: CoverageIndex;
  version: string;
  values: ArrayLike<number>;
  /** Measure id → its target as counted (JSON), for the measures currently counted. */
  counted: Map<string, string>;
  zonesKey: string;
}

const EMPTY: TopFigure = { cells: 0, covered: 0, share: 0 };

/** Viewers with the same organisation and roles read the same risk and measures (as LiveHub builds events). */
export function viewerKey(v: Pick<AuthUser, 'organisationId' | 'roles'>): string {
  return `${v.organisationId}|${[...v.roles].sort().join(',')}`;
}

export class CoverageService {
  private readonly entries = new Map<string, Entry>();
  /** What each viewer class was last told per picture, so an unchanged figure sends nothing. */
  private readonly lastSent = new Map<string, string>();
  /** The latest ranking per picture and audience (shared by every viewer class of it). */
  private readonly rankings = new Map<string, { version: string; values: ArrayLike<number>; ranking: Ranking }>();

  constructor(
    private readonly deps: { risk: CoverageRiskSource; measures: CoverageMeasureSource; now: () => number },
    private readonly maxEntries = 64,
  ) {}

  /** The viewer's coverage of a picture; null when the viewer may not read the picture. */
  async forViewer(viewer: CoverageViewer, pictureId: string, limit = 100): Promise<PictureCoverage | null> {
    const found = await this.indexFor(viewer, pictureId);
    if (found === null) return null;
    const computedAt = new Date(this.deps.now()).toISOString();
    if (found === 'no-risk') return { top1: EMPTY, top5: EMPTY, zones: [], uncovered: [], computedAt };
    return { ...found.index.summary(limit), computedAt };
  }

  /** The `coverage.updated` event for a viewer, or null when it may not read the picture or nothing changed for it. */
  async eventFor(viewer: AuthUser, pictureId: string, audiences?: ReadonlySet<'full' | 'generalised'>): Promise<CoverageUpdatedEvent | null> {
    const found = await this.indexFor(viewer, pictureId);
    if (found === null || found === 'no-risk') return null;
    // A risk change of another audience's products: nothing for this viewer (not even a recount it could time).
    if (audiences && !audiences.has(found.audience)) return null;
    const { index } = found;
    const { top1, top5 } = index.figures();
    const uncoveredCount = index.uncoveredCount();
    const body = figuresKey(index);
    const key = `${pictureId}\u0000${viewerKey(viewer)}`;
    if (this.lastSent.get(key) === body) return null;
    this.lastSent.set(key, body);
    return { v: 1, type: 'coverage.updated', pictureId, at: new Date(this.deps.now()).toISOString(), top1, top5, uncoveredCount };
  }

  /** The ranking of a picture's surface for an audience, computed once per version for every viewer class. */
  private ranking(pictureId: string, inputs: NonNullable<Awaited<ReturnType<CoverageRiskSource['coverageInputs']>>>): Ranking {
    const key = `${pictureId}\u0000${inputs.audience}`;
    const r = this.rankings.get(key);
    if (r && r.version === inputs.version && r.values === inputs.values) return r.ranking;
    const ranking = rankSurface({ grid: inputs.grid, values: inputs.values, mask: inputs.mask });
    this.rankings.set(key, { version: inputs.version, values: inputs.values, ranking });
    return ranking;
  }

  /** The index of this viewer's class, brought up to date; null: picture not readable; 'no-risk': no surface for it. */
  private async indexFor(viewer: CoverageViewer, pictureId: string): Promise<{ index: CoverageIndex; audience: 'full' | 'generalised' } | 'no-risk' | null> {
    const measures = await this.deps.measures.listReadable(viewer, pictureId);
    if (measures === null) return null;
    const inputs = await this.deps.risk.coverageInputs(viewer, pictureId);
    if (inputs === null) return 'no-risk';
    const key = `${pictureId}\u0000${viewerKey(viewer)}`;
    let e = this.entries.get(key);
    const surface = { grid: inputs.grid, values: inputs.values, mask: inputs.mask };
    if (!e || !sameGrid(e.index.gridSpec, inputs.grid)) {
      e = { index: new CoverageIndex(surface, this.ranking(pictureId, inputs)), version: inputs.version, values: inputs.values, counted: new Map(), zonesKey: '' };
    } else if (e.version !== inputs.version || e.values !== inputs.values) {
      e.index.setSurface(surface, this.ranking(pictureId, inputs));
      e.version = inputs.version;
      e.values = inputs.values;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const zonesKey = JSON.stringify(inputs.zones);
    if (zonesKey !== e.zonesKey) {
      e.index.setZones(inputs.zones);
      e.zonesKey = zonesKey;
    }
    const fresh = !this.lastSent.has(key);
    syncMeasures(e, measures, this.deps.now());
    // The first figures of a viewer class are its baseline: an event is sent only when they later change, so its
    // first event can never be caused by a change it may not know of.
    if (fresh) this.lastSent.set(key, figuresKey(e.index));
    return { index: e.index, audience: inputs.audience };
  }
}

function figuresKey(index: CoverageIndex): string {
  const { top1, top5 } = index.figures();
  return JSON.stringify([top1, top5, index.uncoveredCount()]);
}

/** Counts the active measures the viewer reads; only those whose target changed (or that came or went) are touched. */
function syncMeasures(e: Entry, measures: readonly Pick<Measure, 'id' | 'status' | 'startsAt' | 'endsAt' | 'target'>[], now: number): void {
  const active = new Map<string, Pick<Measure, 'target'>>();
  for (const m of measures) if (isActiveMeasure(m, now)) active.set(m.id, m);
  for (const id of [...e.counted.keys()]) {
    if (!active.has(id)) {
      e.index.removeMeasure(id);
      e.counted.delete(id);
    }
  }
  const grid = e.index.gridSpec;
  for (const [id, m] of active) {
    const sig = JSON.stringify(m.target);
    if (e.counted.get(id) === sig) continue;
    e.index.setMeasure(id, coveredCells(grid, geometryTo3006(m.target)));
    e.counted.set(id, sig);
  }
}
