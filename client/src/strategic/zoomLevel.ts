/**
 * Drill-down by zooming: past a zoom threshold the choropleth switches to the next finer level for the visible
 * area (län → kommuner → DeSO), and zooming back out returns to the view zoomed from. Pure, so the choice of
 * level is tested without a map.
 *
 * Only the user's own zoom or pan switches to a finer level: the map also moves by itself to show a selected
 * area, and that must not change what is ranked under the user's hands. Zooming out always returns.
 */
import type { BBox } from '../map/geo.ts';
import type { DrillState } from './drill.ts';
import type { AreaLevel } from './labels.ts';

export interface MapView {
  zoom: number;
  /** The visible area, WGS84 `[minLon, minLat, maxLon, maxLat]`. */
  bbox: BBox;
  /** The move was the user's (wheel, drag, keys, zoom buttons), not the map fitting a selected area. */
  byUser: boolean;
}

/**
 * The finer levels shown past a zoom, first choice first: kommun areas are big enough to read below 6.5, city
 * districts and DeSO below 9. Districts exist only in their cities and DeSO only where shipped, so a view
 * without the first tries the next (`nextCandidate`).
 */
export const ZOOM_STEPS: Partial<Record<AreaLevel, { levels: readonly AreaLevel[]; zoom: number }>> = {
  lan: { levels: ['kommun'], zoom: 6.5 },
  kommun: { levels: ['district', 'deso'], zoom: 9 },
};

/** Zooming out returns only this far below the threshold, so a view at the threshold does not flicker. */
export const HYSTERESIS = 0.5;

/** How much of the visible area's size is added on each side of the box fetched: a small pan needs no new fetch. */
const PAD = 0.5;

function contains(outer: BBox, inner: BBox): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}

/** The box fetched for a view: padded, clamped to WGS84, rounded so equal views ask the same URL. */
export function fetchBox(view: BBox): BBox {
  const w = (view[2] - view[0]) * PAD;
  const h = (view[3] - view[1]) * PAD;
  const r = (n: number) => Math.round(n * 1000) / 1000;
  return [r(Math.max(-180, view[0] - w)), r(Math.max(-90, view[1] - h)), r(Math.min(180, view[2] + w)), r(Math.min(90, view[3] + h))];
}

/** The state for a new map view; the same object when nothing changes (no refetch, no re-render). */
export function followZoom(state: DrillState, view: MapView): DrillState {
  if (!Number.isFinite(view.zoom) || !view.bbox.every(Number.isFinite)) return state;
  let s = state;
  // Out: back through every zoom step the view has left.
  while (s.zoomed) {
    const step = ZOOM_STEPS[s.zoomed.from.level];
    if (step && view.zoom >= step.zoom - HYSTERESIS) break;
    s = s.zoomed.from;
  }
  // A new box starts again from the first choice of level (the city's districts may be in view again).
  if (s.zoomed && !contains(s.zoomed.bbox, view.bbox)) {
    const first = ZOOM_STEPS[s.zoomed.from.level]?.levels[0] ?? s.level;
    s = { ...s, level: first, zoomed: { ...s.zoomed, bbox: fetchBox(view.bbox) } };
  }
  // In: as many finer levels as the zoom has passed.
  if (view.byUser) {
    for (let step = ZOOM_STEPS[s.level]; step && view.zoom >= step.zoom; step = ZOOM_STEPS[s.level]) {
      s = { level: step.levels[0], trail: s.trail, zoomed: { from: s, bbox: fetchBox(view.bbox) } };
    }
  }
  return s;
}

/**
 * The visible area has no areas of the zoomed level: the next choice of level for the same box, or the same
 * state when there is none left (the view then says so).
 */
export function nextCandidate(state: DrillState): DrillState {
  if (!state.zoomed) return state;
  const levels = ZOOM_STEPS[state.zoomed.from.level]?.levels ?? [];
  const next = levels[levels.indexOf(state.level) + 1];
  return next ? { ...state, level: next } : state;
}
