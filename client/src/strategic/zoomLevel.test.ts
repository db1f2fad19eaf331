import { describe, expect, it } from 'vitest';
import type { BBox } from '../map/geo.ts';
import { backTo, drillInto, INITIAL_DRILL, rootOf, shapesUrl, showTopLevel } from './drill.ts';
import { fetchBox, followZoom, HYSTERESIS, type MapView, nextCandidate, ZOOM_STEPS } from './zoomLevel.ts';

const MALMO: BBox = [12.9, 55.5, 13.1, 55.65];
const user = (zoom: number, bbox: BBox = MALMO): MapView => ({ zoom, bbox, byUser: true });
const skane = { code: '12', name: 'Skåne län', level: 'lan' as const };

describe('strategic level by zoom', () => {
  it('switches kommun → districts for the visible area past the threshold, and back below it', () => {
    const kommunAt = ZOOM_STEPS.kommun!.zoom;
    expect(followZoom(INITIAL_DRILL, user(kommunAt - 0.01))).toBe(INITIAL_DRILL);
    const deso = followZoom(INITIAL_DRILL, user(kommunAt));
    expect(deso.level).toBe('district');
    expect(deso.trail).toEqual([]);
    expect(deso.zoomed?.from).toBe(INITIAL_DRILL);
    expect(shapesUrl(deso)).toBe(`/api/areas/geojson?level=district&bbox=${fetchBox(MALMO).join(',')}`);
    // Just below the threshold it stays (no flicker); below the hysteresis it returns to exactly what it was.
    expect(followZoom(deso, user(kommunAt - HYSTERESIS + 0.01))).toBe(deso);
    expect(followZoom(deso, user(kommunAt - HYSTERESIS - 0.01))).toBe(INITIAL_DRILL);
  });

  it('goes through several levels at once both ways, län → kommun → DeSO', () => {
    const lan = showTopLevel('lan');
    const deep = followZoom(lan, user(11));
    expect(deep.level).toBe('district');
    expect(deep.zoomed?.from.level).toBe('kommun');
    expect(rootOf(deep)).toBe(lan);
    const mid = followZoom(deep, user(7));
    expect(mid.level).toBe('kommun');
    expect(shapesUrl(mid)).toContain('level=kommun&bbox=');
    expect(followZoom(deep, user(4))).toBe(lan);
  });

  it('does not switch when the map moved by itself (fitting a selected area), but returns when it zooms out', () => {
    const fitted = { ...user(10), byUser: false };
    expect(followZoom(INITIAL_DRILL, fitted)).toBe(INITIAL_DRILL);
    const deso = followZoom(INITIAL_DRILL, user(10));
    expect(followZoom(deso, { ...user(5), byUser: false })).toBe(INITIAL_DRILL);
  });

  it('refetches only when the view leaves the padded box it fetched', () => {
    const deso = followZoom(INITIAL_DRILL, user(10));
    const nudged: BBox = [12.92, 55.51, 13.12, 55.66];
    expect(followZoom(deso, user(10, nudged))).toBe(deso);
    const lund: BBox = [13.1, 55.65, 13.3, 55.75];
    const moved = followZoom(nextCandidate(deso), user(10, lund));
    // A new box tries the first choice of level again.
    expect(moved.level).toBe('district');
    expect(moved.zoomed?.bbox).toEqual(fetchBox(lund));
    expect(moved.zoomed?.from).toBe(INITIAL_DRILL);
  });

  it('keeps the drilled trail for the breadcrumb, and its steps lead back to what was chosen', () => {
    const inSkane = drillInto(showTopLevel('lan'), skane, 'kommun');
    const deso = followZoom(inSkane, user(10));
    expect(deso.trail).toEqual([skane]);
    // Skåne's own step returns to Skåne's municipalities; "Sverige" to the counties.
    expect(backTo(deso, 0)).toBe(inSkane);
    expect(backTo(deso, -1)).toEqual({ level: 'lan', trail: [] });
    expect(backTo(followZoom(INITIAL_DRILL, user(10)), -1)).toBe(INITIAL_DRILL);
    // Opening an area from the zoomed view is a plain drill-down, no longer tied to the zoom.
    const malmo = { code: '1280', name: 'Malmö', level: 'kommun' as const };
    expect(drillInto(deso, malmo, 'district')).toEqual({ level: 'district', trail: [skane, malmo] });
  });

  it('tries DeSO where the visible area has no city districts, and stops when no level is left', () => {
    const zoomed = followZoom(INITIAL_DRILL, user(10));
    const deso = nextCandidate(zoomed);
    expect(deso.level).toBe('deso');
    expect(deso.zoomed).toEqual(zoomed.zoomed);
    expect(shapesUrl(deso)).toBe(`/api/areas/geojson?level=deso&bbox=${fetchBox(MALMO).join(',')}`);
    expect(nextCandidate(deso)).toBe(deso);
    expect(nextCandidate(INITIAL_DRILL)).toBe(INITIAL_DRILL);
    // Zooming out from the fallback level still returns to what was chosen.
    expect(followZoom(deso, user(5))).toBe(INITIAL_DRILL);
  });

  it('has no finer level below districts and DeSO, and ignores a view it cannot read', () => {
    const districts = drillInto(INITIAL_DRILL, { code: '1280', name: 'Malmö', level: 'kommun' }, 'district');
    expect(followZoom(districts, user(14))).toBe(districts);
    expect(followZoom(INITIAL_DRILL, user(Number.NaN))).toBe(INITIAL_DRILL);
    expect(fetchBox([-179.9, -89.9, 179.9, 89.9])).toEqual([-180, -90, 180, 90]);
  });
});
