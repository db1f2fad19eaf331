import { describe, expect, it } from 'vitest';
import { backTo, childLevels, drillInto, INITIAL_DRILL, shapesUrl, showTopLevel } from './drill.ts';

const skane = { code: '12', name: 'Skåne län', level: 'lan' as const };
const malmo = { code: '1280', name: 'Malmö', level: 'kommun' as const };
const lund = { code: '1281', name: 'Lund', level: 'kommun' as const };

describe('strategic drill-down', () => {
  it('goes län → kommun → districts and asks for each level inside its parent', () => {
    let s = showTopLevel('lan');
    expect(shapesUrl(s)).toBe('/api/areas/geojson?level=lan');
    s = drillInto(s, skane, 'kommun');
    expect(s).toEqual({ level: 'kommun', trail: [skane] });
    expect(shapesUrl(s)).toBe('/api/areas/geojson?level=kommun&parentCode=12');
    s = drillInto(s, malmo, 'district');
    expect(s).toEqual({ level: 'district', trail: [skane, malmo] });
    expect(shapesUrl(s)).toBe('/api/areas/geojson?level=district&parentCode=1280');
  });

  it('replaces a sibling instead of nesting it, and refuses a level an area does not have', () => {
    const inSkane = drillInto(drillInto(showTopLevel('lan'), skane, 'kommun'), malmo, 'deso');
    expect(drillInto(inSkane, lund, 'district').trail).toEqual([skane, lund]);
    expect(drillInto(INITIAL_DRILL, malmo, 'lan')).toBe(INITIAL_DRILL);
    expect(childLevels('district')).toEqual([]);
  });

  it('goes back along the trail to what each step was opened into, or to the nationwide level', () => {
    const s = drillInto(drillInto(showTopLevel('lan'), skane, 'kommun'), malmo, 'district');
    expect(backTo(s, 0)).toEqual({ level: 'kommun', trail: [skane] });
    expect(backTo(s, -1)).toEqual({ level: 'lan', trail: [] });
    // From the national municipality view, drilling into Malmö and back returns to all municipalities.
    const fromKommun = drillInto(INITIAL_DRILL, malmo, 'deso');
    expect(fromKommun.trail).toEqual([malmo]);
    expect(backTo(fromKommun, -1)).toEqual({ level: 'kommun', trail: [] });
  });
});
