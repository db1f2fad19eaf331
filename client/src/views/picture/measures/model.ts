/**
 * Measures (åtgärder) as the client sees them: the shapes of the API contract ("Measures"), the filters of the
 * list, the dosage sums and the map's feature collection. Pure, so it is tested without a browser.
 */
import type { Classification } from '../../../../../shared/src/access.ts';
import type { Geometry } from '../../../../../shared/src/layerDoc.ts';
import {
  DOSAGE_PERIODS,
  type Measure,
  type MeasureActivity,
  type MeasureEvidence,
  type MeasureKind,
  type MeasureStatus,
  type PlannedDosage,
  MEASURE_STATUSES,
} from '../../../../../shared/src/measures.ts';

export { DOSAGE_UNITS, MEASURE_KINDS, MEASURE_STATUSES } from '../../../../../shared/src/measures.ts';
export type { Measure, MeasureHistoryEntry, MeasureKind, MeasureStatus, PlannedDosage } from '../../../../../shared/src/measures.ts';
export type Activity = MeasureActivity;
export const DOSAGE_PERS = DOSAGE_PERIODS;

/** The create/PATCH body of the contract (plus the follow-up fields the server keeps). */
export interface MeasureInput {
  title: string;
  kind: MeasureKind;
  target: Geometry;
  classification: Classification;
  startsAt: string;
  description?: string;
  endsAt?: string | null;
  status?: MeasureStatus;
  sharedWith?: string[];
  riskFactors?: string[];
  plannedDosage?: PlannedDosage | null;
  publicText?: string | null;
  responsible?: string | null;
  outcomeNote?: string | null;
  evidence?: MeasureEvidence | null;
}

export interface ActivityInput {
  at: string;
  amount: number;
  note?: string;
  location?: Geometry;
}

export interface CoverageShare {
  cells: number;
  covered: number;
  share: number;
}
export interface UncoveredPlace {
  rank: number;
  risk: number;
  centroid: [number, number] | { type: 'Point'; coordinates: [number, number] };
  bbox: [number, number, number, number];
  cells: number;
}
export interface Coverage {
  top1: CoverageShare;
  top5: CoverageShare;
  zones: { id: string; covered: boolean; measureIds: string[] }[];
  uncovered: UncoveredPlace[];
  computedAt: string;
}

export interface MeasureFilter {
  kind: MeasureKind | '';
  owner: string;
  status: MeasureStatus | '';
}

export const NO_FILTER: MeasureFilter = { kind: '', owner: '', status: '' };

export function filterMeasures(items: readonly Measure[], f: MeasureFilter): Measure[] {
  return items
    .filter((m) => (!f.kind || m.kind === f.kind) && (!f.owner || m.ownerOrganisationId === f.owner) && (!f.status || m.status === f.status))
    .sort((a, b) => statusOrder(a.status) - statusOrder(b.status) || a.title.localeCompare(b.title, 'sv'));
}

function statusOrder(s: MeasureStatus | undefined): number {
  return MEASURE_STATUSES.indexOf(s ?? 'planned');
}

/** Inserts or replaces a measure by id (live events and saves both land here); a newer updatedAt wins. */
export function upsertMeasure(items: readonly Measure[], m: Measure): Measure[] {
  const i = items.findIndex((x) => x.id === m.id);
  if (i < 0) return [...items, m];
  if (items[i].updatedAt > m.updatedAt && items[i].delivered.amount === m.delivered.amount) return items as Measure[];
  const next = items.slice();
  next[i] = m;
  return next;
}

/** How many periods the plan covers up to `now` (days or weeks since start, at least one), for "planned so far". */
export function plannedSoFar(m: Pick<Measure, 'plannedDosage' | 'startsAt' | 'endsAt'>, now: number): number | null {
  const d = m.plannedDosage;
  if (!d) return null;
  if (d.per === 'total') return d.amount;
  const start = Date.parse(m.startsAt);
  const end = m.endsAt ? Math.min(Date.parse(m.endsAt), now) : now;
  if (!Number.isFinite(start) || end < start) return 0;
  const len = d.per === 'day' ? 86_400_000 : 7 * 86_400_000;
  return d.amount * Math.max(1, Math.ceil((end - start) / len));
}

/** Delivered as a share of planned so far, 0..1 (null without a plan). */
export function deliveryShare(m: Measure, now: number): number | null {
  const p = plannedSoFar(m, now);
  if (p === null || p <= 0) return null;
  return Math.min(1, m.delivered.amount / p);
}

export const STATUS_COLORS: Record<MeasureStatus, string> = {
  planned: '#6b7280',
  active: '#0b6e4f',
  completed: '#1d4ed8',
  cancelled: '#b91c1c',
};

type Fc = { type: 'FeatureCollection'; features: { type: 'Feature'; id?: string; geometry: unknown; properties: Record<string, unknown> }[] };

/** The measures as map features, styled by status; the selected one is marked. */
export function measuresFc(items: readonly Measure[], selectedId: string | null): Fc {
  return {
    type: 'FeatureCollection',
    features: items
      .filter((m) => m.target && typeof m.target === 'object')
      .map((m) => ({
        type: 'Feature' as const,
        id: m.id,
        geometry: m.target,
        properties: { id: m.id, title: m.title, status: m.status ?? 'planned', color: STATUS_COLORS[m.status ?? 'planned'], selected: m.id === selectedId },
      })),
  };
}

export function centroidOf(p: UncoveredPlace): [number, number] {
  return Array.isArray(p.centroid) ? p.centroid : p.centroid.coordinates;
}

/** Classifications a user may choose: partners never police_internal. */
export function choosableClassifications(isPolice: boolean): Classification[] {
  return isPolice ? ['police_internal', 'partner', 'public'] : ['partner', 'public'];
}
