/**
 * The measures capability's public interface: what other capabilities (coverage, reports) may import.
 * Everything else under server/src/measures is internal (the composition root also imports feature.ts).
 */
import type { CoverageViewer } from './coverageService.ts';
import type { MeasureService } from './types.ts';

export type { CoverageViewer } from './coverageService.ts';
export type { Measure, MeasureActivity, MeasureHistoryEntry, MeasureInput, MeasureRecord, MeasureService, PublicMeasure } from './types.ts';

/** A viewer's coverage of a picture, as other capabilities read it (reports freeze it in a signed version). */
export interface CoverageFigures {
  /** Top 5 % / top 1 % risk cells of the viewer's own surface, and how many of them an active measure it reads covers. */
  top5: { cells: number; covered: number; share: number };
  top1: { cells: number; covered: number; share: number };
  /** Uncovered high-risk places (connected uncovered top-5 % cells): their number and the highest-ranked few. */
  uncoveredCount: number;
  uncovered: Array<{ rank: number; risk: number; centroid: [number, number]; cells: number }>;
}

/** Coverage for another capability, computed only from what `viewer` may read (its risk audience and measures). */
export interface MeasureCoverageReader {
  /** Null: the viewer may not read the picture. No risk surface for it: zero figures. */
  coverageOf(viewer: CoverageViewer, pictureId: string, places?: number): Promise<CoverageFigures | null>;
}

/** What the composition root hands other capabilities: the measure service with its coverage reader. */
export type MeasuresCapability = MeasureService & MeasureCoverageReader;
