/**
 * Outcome events whose position is only an area (a municipality's or district's centroid) say nothing about the
 * cell where they happened. Used as points they pile up on one cell and dominate the model (issue 17: 61 of 70
 * events sat on one centroid), so they are left out and the result says how many and why.
 */

/** Source name of the Swedish Police public events feed: its positions are always area centroids. */
export const POLICE_FEED_SOURCE = 'polisen';

/** True for an event with an area position: marked `locationPrecision: 'area'`, or from the police feed. */
export function isAreaPrecision(properties: unknown): boolean {
  if (!properties || typeof properties !== 'object') return false;
  const p = properties as Record<string, unknown>;
  return p.locationPrecision === 'area' || p.source === POLICE_FEED_SOURCE;
}

export interface OutcomeSplit {
  /** The outcome with the area-precision features removed (the input itself when none was). */
  outcome: unknown;
  /** Features left out because their position is only an area. */
  leftOut: number;
  /** Features in the input (0 when the outcome is not a FeatureCollection). */
  total: number;
}

/** Removes area-precision features from a GeoJSON FeatureCollection; anything else is returned as it is. */
export function withoutAreaPrecision(outcome: unknown): OutcomeSplit {
  if (!outcome || typeof outcome !== 'object') return { outcome, leftOut: 0, total: 0 };
  const fc = outcome as { type?: unknown; features?: unknown };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) return { outcome, leftOut: 0, total: 0 };
  const kept = fc.features.filter((f) => !isAreaPrecision((f as { properties?: unknown } | null)?.properties));
  const leftOut = fc.features.length - kept.length;
  return { outcome: leftOut === 0 ? outcome : { ...fc, features: kept }, leftOut, total: fc.features.length };
}
