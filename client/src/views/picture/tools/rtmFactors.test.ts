import { describe, expect, it } from 'vitest';
import type { LayerSummary } from '../../../../../shared/src/events.ts';
import { type FactorLayerView, factorChoices, fileFacts } from './rtmFactors.ts';

const layer = (id: string, kind: string, name = id): LayerSummary => ({ id, name, kind, classification: 'police_internal', access: 'write' });
const imported = (id: string, pictureId: string, pictureTitle: string, name = id): FactorLayerView => ({ ...layer(id, 'rtm_factor', name), pictureId, pictureTitle, meta: null });

describe('RTM factor choices', () => {
  it('offers this picture’s imported factors first, then other pictures’ for reuse, then drawn layers; never incidents or risk', () => {
    const layers = [layer('draw', 'annotations'), layer('inc', 'incidents'), layer('risk', 'risk'), layer('here', 'rtm_factor'), layer('live', 'rtm_factor')];
    const choices = factorChoices('p1', layers, [imported('other', 'p2', 'Lund', 'Skolor'), imported('here', 'p1', 'Malmö')]);
    expect(choices.map((c) => [c.id, c.group, c.from ?? null])).toEqual([
      ['here', 'imported', null],
      ['live', 'imported', null],
      ['other', 'importedElsewhere', 'Lund'],
      ['draw', 'drawn', null],
    ]);
  });
});

describe('factor file facts', () => {
  it('takes the format from the extension and a readable default name from the file name', () => {
    expect(fileFacts('bus_stops.csv')).toEqual({ format: 'csv', contentType: 'text/csv', defaultName: 'Bus stops' });
    expect(fileFacts('skolor.geojson')).toMatchObject({ format: 'geojson', contentType: 'application/geo+json', defaultName: 'Skolor' });
    expect(fileFacts('vagar.gpkg').format).toBe('gpkg');
    expect(fileFacts('bild.png').format).toBeNull();
  });
});
