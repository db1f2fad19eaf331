import { describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';
import { popupContent } from './featurePopup.ts';

const f = (title: string, description: string, comments = 0): LayerFeature => ({
  type: 'Feature',
  id: 'x',
  geometry: { type: 'Point', coordinates: [13, 55.6] },
  properties: { title, description, category: 'observation', symbol: 'default', validUntil: null, createdBy: 'duty', createdAt: '2026-12-05T09:00:00Z', updatedAt: '2026-12-05T10:00:00Z', comments: Array.from({ length: comments }, () => ({ author: 'a', time: '', text: 't' })) },
});

describe('feature pop-up', () => {
  it('shows the title, category, a shortened description, who, when and the comment count', () => {
    const c = popupContent(f('Trasig belysning', 'x'.repeat(300), 2));
    expect(c).toMatchObject({ title: 'Trasig belysning', category: 'observation', by: 'duty', at: '2026-12-05T10:00:00Z', comments: 2 });
    expect(c.description).toHaveLength(160);
    expect(c.description?.endsWith('…')).toBe(true);
  });

  it('says nothing for an empty title or description (the view writes "(utan titel)")', () => {
    expect(popupContent(f('  ', ''))).toMatchObject({ title: null, description: null });
  });
});
