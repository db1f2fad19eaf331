import { describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';
import { commentPins } from './commentPins.ts';

const feature = (id: string, geometry: LayerFeature['geometry'], comments: { author: string; time: string; text: string }[]): LayerFeature => ({
  type: 'Feature',
  id,
  geometry,
  properties: { title: id, description: '', category: 'other', symbol: 'default', validUntil: null, createdBy: 'x', createdAt: '', updatedAt: '', comments },
});
const c = (text: string) => ({ author: 'duty', time: '2026-12-05T10:00:00Z', text });

describe('comment pins', () => {
  it('pins each commented feature once, at its point, line middle or polygon centre, with the latest comment', () => {
    const pins = commentPins([
      {
        layerId: 'L',
        features: [
          feature('p', { type: 'Point', coordinates: [13, 55.6] }, [c('a'), c('b')]),
          feature('none', { type: 'Point', coordinates: [13, 55.6] }, []),
          feature('line', { type: 'LineString', coordinates: [[13, 55], [13.1, 55.1], [13.2, 55.2]] }, [c('x')]),
          feature('poly', { type: 'Polygon', coordinates: [[[13, 55], [13.2, 55], [13.2, 55.2], [13, 55.2], [13, 55]]] }, [c('y')]),
        ],
      },
    ]);
    expect(pins.map((p) => [p.featureId, p.at, p.count, p.latest?.text])).toEqual([
      ['p', [13, 55.6], 2, 'b'],
      ['line', [13.1, 55.1], 1, 'x'],
      ['poly', [13.1, 55.1], 1, 'y'],
    ]);
  });
});
