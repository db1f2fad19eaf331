import { describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';
import { fileName, highestClassification, pictureGeojson } from './geojsonExport.ts';

const feat = (id: string, title: string): LayerFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [13, 55.6] },
  properties: { title, description: '', category: 'other', symbol: 'default', validUntil: null, createdBy: 'kim', createdAt: '2026-12-01T10:00:00Z', updatedAt: '2026-12-01T10:00:00Z', comments: [] },
});

describe('GeoJSON export of a picture', () => {
  it('carries every readable feature with its layer and classification, and the most restrictive class overall', () => {
    const fc = pictureGeojson(
      'Malmö – lägesbild',
      [
        { id: 'l1', name: 'Samverkan', classification: 'partner', features: [feat('a', 'Trasig belysning')] },
        { id: 'l2', name: 'Allmänt', classification: 'public', features: [feat('b', 'Avspärrning')] },
        { id: 'l3', name: 'Tomt internt lager', classification: 'police_internal', features: [] },
      ],
      new Date('2026-12-05T03:00:00Z'),
    );
    expect(fc.features.map((f) => [f.id, f.properties.layer, f.properties.classification, f.properties.title])).toEqual([
      ['l1/a', 'Samverkan', 'partner', 'Trasig belysning'],
      ['l2/b', 'Allmänt', 'public', 'Avspärrning'],
    ]);
    // The empty police-internal layer adds nothing, so the file is not marked police-internal.
    expect(fc.classification).toBe('partner');
    expect(JSON.parse(JSON.stringify(fc)).features[0].properties).not.toHaveProperty('comments');
  });

  it('ranks classifications', () => {
    expect(highestClassification([])).toBe('public');
    expect(highestClassification([{ classification: 'public' }, { classification: 'police_internal' }, { classification: 'partner' }])).toBe('police_internal');
  });

  it('makes safe file names that keep Swedish letters', () => {
    expect(fileName('Malmö – lägesbild / natt', 'geojson', new Date('2026-12-05T03:00:00Z'))).toBe('Malmö-lägesbild-natt-2026-12-05.geojson');
    expect(fileName('***', 'png', new Date('2026-12-05T03:00:00Z'))).toBe('lagesbild-2026-12-05.png');
  });
});
