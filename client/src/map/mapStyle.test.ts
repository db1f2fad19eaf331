import { describe, expect, it } from 'vitest';
import { addAreaLayers } from '../strategic/areaLayers.ts';
import { chooseMapStyle } from './mapStyle.ts';

const origin = 'https://lagesbild.example';

/** Records what addAreaLayers does to a map whose style has the given layers. */
function fakeMap(layers: string[], sources: string[]) {
  const calls: string[] = [];
  const map = {
    getSource: (id: string) => (sources.includes(id) ? {} : undefined),
    getLayer: (id: string) => (layers.includes(id) ? {} : undefined),
    addSource: (id: string, s: { data?: unknown }) => {
      sources.push(id);
      calls.push(`source ${id}${typeof s.data === 'string' ? ` ${s.data}` : ''}`);
    },
    addLayer: (l: { id: string }, before?: string) => {
      layers.push(l.id);
      calls.push(`layer ${l.id}${before ? ` before ${before}` : ''}`);
    },
    moveLayer: (id: string) => calls.push(`move ${id}`),
  };
  return { map, calls };
}

describe('base map style (MAP_STYLE_URL)', () => {
  it('uses the shipped offline base map when no style URL is configured', () => {
    for (const none of [null, undefined, '']) {
      const c = chooseMapStyle(none, origin);
      expect(c.offline).toBe(true);
      expect(typeof c.style).toBe('object');
      expect(JSON.stringify(c.style)).toContain(`${origin}/basemap/kommuner_scb.geojson`);
    }
  });

  it('uses the configured external style as is', () => {
    expect(chooseMapStyle('https://tiles.example/style.json', origin)).toEqual({ style: 'https://tiles.example/style.json', offline: false });
  });
});

describe('strategic map layers', () => {
  it('on the offline base map: choropleth under the county borders, designated areas moved above it', () => {
    const { map, calls } = fakeMap(['background', 'land', 'kommun-line', 'lan-line', 'uso-fill', 'uso-line'], ['lan', 'kommuner', 'uso']);
    addAreaLayers(map, origin);
    expect(calls).toEqual(['source areas', 'layer areas-fill before lan-line', 'layer areas-sel', 'move uso-fill', 'move uso-line']);
  });

  it('on an external style: choropleth on top of it, designated areas added from the shipped file above it', () => {
    const { map, calls } = fakeMap(['water', 'roads'], ['openmaptiles']);
    addAreaLayers(map, origin);
    expect(calls).toEqual(['source areas', 'layer areas-fill', 'layer areas-sel', `source uso ${origin}/basemap/uso_2025_wgs84.geojson`, 'layer uso-fill', 'layer uso-line']);
  });
});
