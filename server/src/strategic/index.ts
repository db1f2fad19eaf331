/**
 * The strategic capability's public interface for other capabilities (area follow-up reads designated areas and
 * the indicators of the places they lie in). Everything else under server/src/strategic is internal.
 */
export type { DesignatedArea, PlaceIndicators } from './designated.ts';

/** The read methods of the strategic service other capabilities use. */
export interface StrategicReader {
  designatedAreas(): Promise<import('./designated.ts').DesignatedArea[]>;
  indicatorsAt(point: [number, number]): Promise<import('./designated.ts').PlaceIndicators[]>;
}
