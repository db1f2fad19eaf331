/**
 * Where the strategic map is: a level (län, kommun, DeSO, district) and the chain of areas drilled through
 * (Sverige › Skåne län › Malmö). Pure state transitions, so the drill-down is tested without a browser.
 */
import type { BBox } from '../map/geo.ts';
import type { AreaLevel } from './labels.ts';

export interface DrillStep {
  code: string;
  name: string;
  level: AreaLevel;
}

export interface DrillState {
  /** The level whose areas are drawn and ranked. */
  level: AreaLevel;
  /** Areas drilled through, outermost first; the last one is the parent of what is shown. */
  trail: DrillStep[];
  /**
   * Set when zooming in switched to a finer level (zoomLevel.ts): what zooming back out returns to, and the box
   * whose areas are drawn (the visible area, padded). The trail stays that of the state zoomed from.
   */
  zoomed?: { from: DrillState; bbox: BBox };
}

export const INITIAL_DRILL: DrillState = { level: 'kommun', trail: [] };

/** The levels a nationwide view can show (districts exist only inside their city, one code vintage each). */
export const TOP_LEVELS: readonly AreaLevel[] = ['lan', 'kommun', 'deso'];

/** What an area can be opened into: a county into its municipalities, a municipality into districts or DeSO. */
export function childLevels(level: AreaLevel): AreaLevel[] {
  if (level === 'country') return ['lan'];
  if (level === 'lan') return ['kommun'];
  if (level === 'kommun') return ['district', 'deso'];
  return [];
}

export function parentOf(state: DrillState): DrillStep | null {
  return state.trail.at(-1) ?? null;
}

export function showTopLevel(level: AreaLevel): DrillState {
  return { level, trail: [] };
}

/** Opens an area into one of its child levels; an area of another level than shown is never nested wrongly. */
export function drillInto(state: DrillState, area: DrillStep, child: AreaLevel): DrillState {
  if (!childLevels(area.level).includes(child)) return state;
  const at = state.trail.findIndex((s) => s.level === area.level);
  const base = at >= 0 ? state.trail.slice(0, at) : state.trail.filter((s) => childLevels(s.level).length > 0 && s.level !== area.level);
  return { level: child, trail: [...base, area] };
}

/** The state a zoom-in started from: what the user chose by level or by drilling. */
export function rootOf(state: DrillState): DrillState {
  let s = state;
  while (s.zoomed) s = s.zoomed.from;
  return s;
}

/**
 * Back to a step of the trail (its children are shown), or with -1 to the nationwide view of its level. From
 * a zoomed-in view, the steps are those of the view zoomed from, and its own last step returns to it.
 */
export function backTo(state: DrillState, index: number): DrillState {
  if (state.zoomed) {
    const root = rootOf(state);
    return index === root.trail.length - 1 ? root : backTo(root, index);
  }
  if (index < 0) return { level: state.trail[0]?.level ?? state.level, trail: [] };
  const step = state.trail[index];
  if (!step) return state;
  const kept = state.trail.slice(0, index + 1);
  // The level shown under a step is the one it was opened into.
  const next = state.trail[index + 1]?.level ?? state.level;
  return { level: next, trail: kept };
}

/** The choropleth request for the state. */
export function shapesUrl(state: DrillState): string {
  // A zoomed-in view shows the finer level wherever the map looks, across parents.
  if (state.zoomed) return `/api/areas/geojson?level=${state.level}&bbox=${state.zoomed.bbox.join(',')}`;
  const parent = parentOf(state);
  return `/api/areas/geojson?level=${state.level}${parent ? `&parentCode=${encodeURIComponent(parent.code)}` : ''}`;
}
