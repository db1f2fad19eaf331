/** What the evaluation API answers besides a result (server/src/evaluation/API.md "Stored evaluations"). */
import type { Caveat, MeasureEvaluation } from '../../../../shared/src/evaluation.ts';
import type { IncidentType } from '../../../../shared/src/events.ts';

export interface EvaluationRequest {
  before: { from: string; to: string };
  after: { from: string; to: string };
  incidentTypes?: IncidentType[];
  control?: { type: string; coordinates: unknown };
  displacementWidthMeters?: number;
  alpha?: number;
  bin?: 'week' | 'month';
  harmWeights?: Partial<Record<IncidentType, number>>;
  save?: boolean;
}

export interface StoredEvaluation {
  id: string;
  measureId: string;
  pictureId: string;
  createdBy: string;
  createdAt: string;
  classification: string;
  request: EvaluationRequest;
  result: MeasureEvaluation;
}

export interface SavedEvaluationSummary {
  id: string;
  measureId: string;
  pictureId: string;
  createdBy: string;
  createdAt: string;
  request: EvaluationRequest;
  summary: { estTotal: number; lowCI: number; highCI: number; p: number; significant: boolean };
}

export interface OverviewItem {
  evaluationId: string;
  measureId: string;
  title: string;
  kind: string;
  ownerOrganisationId: string;
  /** The district holding the measure's target (strategic map), else its picture's title; null when neither is known. */
  areaName: string | null;
  createdAt: string;
  periods: MeasureEvaluation['periods'];
  dosage: { deliveredTotal: number; plannedTotal: number | null; unit: string | null };
  estTotal: number;
  lowCI: number;
  highCI: number;
  p: number;
  significant: boolean;
  caveats: Caveat[];
}

/** Default width of the ring around the measure's area (evaluation-method.md §4). */
export const DEFAULT_WIDTH_M = 400;
