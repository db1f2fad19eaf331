/**
 * The measures capability's public interface: what other capabilities (coverage, reports) may import.
 * Everything else under server/src/measures is internal (the composition root also imports feature.ts).
 */
export type { Measure, MeasureActivity, MeasureHistoryEntry, MeasureInput, MeasureRecord, MeasureService, PublicMeasure } from './types.ts';
