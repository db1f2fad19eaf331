/** The follow-up's stored records as plain data (store.ts reads and writes them; the pure cores compute on them). */
import type { Answer, Criterion } from '../../../shared/src/areaFollowup.ts';

export interface CriteriaSetRow {
  id: string;
  year: number;
  version: number;
  criteria: Criterion[];
  createdById: string | null;
  createdAt: Date;
}

export interface AssessmentRow {
  id: string;
  areaId: string;
  period: string;
  version: number;
  status: 'draft' | 'submitted';
  organisationId: string;
  criteriaSetId: string;
  answers: Answer[];
  overall: number | null;
  summary: string | null;
  correctionReason: string | null;
  demo: boolean;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  updatedById: string;
  updatedByName: string;
  updatedAt: Date;
  submittedById: string | null;
  submittedByName: string | null;
  submittedAt: Date | null;
}

export interface ShareRecord {
  areaId: string;
  period: string;
  organisationId: string;
  comments: boolean;
}

export interface PartnerViewRow {
  areaId: string;
  period: string;
  organisationId: string;
  answers: Answer[];
  summary: string | null;
  updatedById: string;
  updatedAt: Date;
}

export interface HistoryRow {
  id: number;
  at: Date;
  areaId: string;
  period: string | null;
  assessmentId: string | null;
  action: string;
  actorId: string;
  actorName: string;
  organisationId: string;
  detail: Record<string, unknown>;
}

export interface NewHistory {
  areaId: string;
  period: string | null;
  assessmentId?: string | null;
  action: string;
  actorId: string;
  actorName: string;
  organisationId: string;
  detail?: Record<string, unknown>;
  at?: Date;
}
