/**
 * Measures (åtgärder): the vocabulary and the Measure/Activity shapes the server sends and the client shows
 * (api-contract.md, "Measures"). Pure: no I/O.
 */
import type { Classification } from './access.ts';

export const MEASURE_KINDS = ['patrol', 'situational', 'social', 'administrative', 'communication', 'other'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export const MEASURE_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const DOSAGE_UNITS = ['visit', 'hour', 'action'] as const;
export type DosageUnit = (typeof DOSAGE_UNITS)[number];

export const DOSAGE_PERIODS = ['day', 'week', 'total'] as const;
export type DosagePeriod = (typeof DOSAGE_PERIODS)[number];

/** Geometry types a measure's target may have (WGS84, inside Sweden). */
export const MEASURE_TARGET_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPolygon'] as const;
export type MeasureTargetType = (typeof MEASURE_TARGET_TYPES)[number];

export interface MeasureTarget {
  type: MeasureTargetType;
  coordinates: unknown;
}

export interface PlannedDosage {
  amount: number;
  unit: DosageUnit;
  per: DosagePeriod;
}

/** Why here: evidence a measure may reference (all optional). */
export interface MeasureEvidence {
  /** Near-repeat zone ids of the picture. */
  zoneIds?: string[];
  /** Strategic-map area codes (e.g. DeSO or municipality codes). */
  areaCodes?: string[];
  /** RTM risk factors of the attached run with their relative risk values. */
  rtmFactors?: Array<{ name: string; relativeRisk?: number }>;
}

/** Delivered amount per ISO week (Monday, UTC) and per day, to compare with the planned dosage. */
export interface DeliveredDosage {
  amount: number;
  /** The planned dosage's unit, or null when none is planned. */
  unit: DosageUnit | null;
  /** `week` is the Monday (YYYY-MM-DD, UTC) starting the ISO week. */
  byWeek: Array<{ week: string; amount: number }>;
  /** `day` is YYYY-MM-DD (UTC). */
  byDay: Array<{ day: string; amount: number }>;
}

export interface Measure {
  id: string;
  pictureId: string;
  ownerOrganisationId: string;
  createdById: string;
  title: string;
  kind: MeasureKind;
  /** GeoJSON geometry, WGS84. */
  target: MeasureTarget;
  classification: Classification;
  status: MeasureStatus;
  startsAt: string;
  endsAt: string | null;
  description: string | null;
  responsible: string | null;
  sharedWith: string[];
  riskFactors: string[];
  evidence: MeasureEvidence | null;
  plannedDosage: PlannedDosage | null;
  publicText: string | null;
  outcomeNote: string | null;
  createdAt: string;
  updatedAt: string;
  delivered: DeliveredDosage;
  /** The viewer's right on this measure: `read`, `record` (may record activities) or `write`. */
  access: MeasureAccess;
}

export type MeasureAccess = 'read' | 'record' | 'write';

export interface MeasureActivity {
  id: string;
  measureId: string;
  at: string;
  amount: number;
  note: string | null;
  /** GeoJSON Point (WGS84) where it was delivered, if given. */
  location: { type: 'Point'; coordinates: [number, number] } | null;
  organisationId: string;
  userId: string;
  createdAt: string;
}

export interface MeasureHistoryEntry {
  id: string;
  measureId: string;
  at: string;
  userId: string;
  organisationId: string;
  action: 'create' | 'update' | 'outcome';
  /**
   * Changed fields with their values before and after. `before` is absent on the entry that let this viewer in
   * (a measure shared with it later shows nothing of what it held before).
   */
  changes: Record<string, { before?: unknown; after: unknown }>;
}
