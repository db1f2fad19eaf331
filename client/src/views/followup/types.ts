/** The follow-up API's answers as the client reads them (shapes from shared/src/areaFollowup.ts). */
import type { Assessment, CriteriaSet, DueStatus, FollowupArea, HistoryEntry, OverviewRow, Period, Trend } from '../../../../shared/src/areaFollowup.ts';
import type { Measure } from '../../../../shared/src/measures.ts';

export interface OverviewAnswer {
  threshold: number;
  period: Period;
  items: OverviewRow[];
}

export type AreaListItem = FollowupArea & { current: OverviewRow['current'] };

export interface PlaceIndicators {
  code: string;
  name: string;
  level: string;
  indicators: Array<{ indicator: string; nameSv: string; nameEn: string; unit: string; year: number; value: number; synthetic: boolean }>;
}

export interface AreaDetail {
  area: FollowupArea;
  current: { period: Period; status: DueStatus; opensAt: string; dueAt: string };
  criteria: CriteriaSet | null;
  assessments: Assessment[];
  weightedSeries: Array<{ period: Period; weightedScore: number | null }>;
  criterionSeries: Record<string, Array<{ period: Period; score: number | null }>>;
  trend: { last: Array<{ period: Period; weightedScore: number }>; change: number | null; trend: Trend };
  indicators: PlaceIndicators[];
  measures: Measure[];
  access: 'write' | 'read' | 'partner';
}

export interface PeriodAnswer {
  current: Assessment | null;
  versions: Assessment[];
  criteria: CriteriaSet | null;
}

export type { Assessment, CriteriaSet, HistoryEntry };
