/**
 * The measures capability's service interface: what routes, coverage (M2) and the composition root use.
 * Every read takes the viewer, so classification and sharing decide what leaves the service.
 */
import type { Principal } from '../../../shared/src/access.ts';
import type { Measure, MeasureActivity, MeasureHistoryEntry } from '../../../shared/src/measures.ts';

export type { Measure, MeasureActivity, MeasureHistoryEntry };

/**
 * A stored measure with everything an access decision or a coverage computation needs, independent of any
 * viewer. Never sent to a client as is: `Measure` (with the viewer's `access`) is.
 */
export type MeasureRecord = Omit<Measure, 'access'>;

/** The measure fields a create accepts (api-contract.md "Measures"), unchecked. */
export type MeasureInput = Record<string, unknown>;

/** A public measure as the public view shows it (api-contract.md "Public view", with progress and updatedAt). */
export interface PublicMeasure {
  id: string;
  title: string;
  kind: Measure['kind'];
  status: Measure['status'];
  startsAt: string;
  endsAt: string | null;
  publicText: string | null;
  target: Measure['target'];
  /** Delivered so far against the plan (null: no planned dosage). */
  progress: { delivered: number; planned: Measure['plannedDosage'] };
  updatedAt: string;
}

export interface MeasureService {
  /**
   * The measures of a picture the viewer may read, targets in WGS84, with status, period and delivered dosage.
   * null: no such picture, or the viewer may not read it.
   */
  listReadable(viewer: Principal, pictureId: string): Promise<Measure[] | null>;
  /** Every measure of a picture, whoever may read it (for per-audience computations such as coverage). */
  listAll(pictureId: string): Promise<MeasureRecord[]>;
  /** True when the viewer may read this measure (same rule as every channel). */
  canRead(viewer: Principal, measure: MeasureRecord): Promise<boolean>;
  /** One measure as the viewer may see it; throws 404 when it may not read it. */
  get(viewer: Principal, id: string): Promise<Measure>;
  /** Public measures (classification `public`) of the pictures in a municipality; takes no viewer. */
  listPublic(municipality: string): Promise<PublicMeasure[]>;
}
