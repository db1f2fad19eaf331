import { describe, expect, it } from 'vitest';
import type { LayerFeature } from '../../../../shared/src/layerDoc.ts';
import { EMPTY_FORM, type Form, reconcile } from './useFeatureForm.ts';

function feature(id: string, title: string, updatedAt: string): LayerFeature {
  return {
    id,
    geometry: { type: 'Point', coordinates: [13, 55.6] },
    properties: { title, description: '', category: 'other', symbol: 'default', validUntil: null, createdBy: 'a', createdAt: updatedAt, updatedAt },
  } as unknown as LayerFeature;
}

/** Reconciles until the form settles, as React's re-render does. */
function settle(form: Form, f: LayerFeature | undefined): Form {
  for (let next = reconcile(form, f); next; next = reconcile(form, f)) form = next;
  return form;
}

describe('feature edit form', () => {
  it('seeds from a newly selected feature, dropping the last one’s unsaved typing', () => {
    const a = settle(EMPTY_FORM, feature('a', 'A', 't1'));
    expect(a.draft.title).toBe('A');
    const typed = { ...a, draft: { ...a.draft, title: 'A typed' }, dirty: true };
    const b = settle(typed, feature('b', 'B', 't1'));
    expect(b).toMatchObject({ featureId: 'b', dirty: false, draft: { title: 'B' } });
  });

  it('follows a remote change while nothing is typed, and never overwrites a draft', () => {
    const a = settle(EMPTY_FORM, feature('a', 'A', 't1'));
    expect(settle(a, feature('a', 'A remote', 't2')).draft.title).toBe('A remote');
    const typed = { ...a, draft: { ...a.draft, title: 'mine' }, dirty: true };
    const kept = settle(typed, feature('a', 'A remote', 't2'));
    expect(kept).toBe(typed);
    expect(kept.seededAt).toBe('t1');
  });

  it('ends unsaved typing when the selection is cleared', () => {
    const a = settle(EMPTY_FORM, feature('a', 'A', 't1'));
    expect(settle({ ...a, dirty: true }, undefined)).toMatchObject({ featureId: null, dirty: false });
  });
});
