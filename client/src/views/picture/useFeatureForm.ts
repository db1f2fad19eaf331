import { useState } from 'react';
import type { LayerFeature } from '../../../../shared/src/layerDoc.ts';
import { toStockholmInput } from '../../i18n/format.ts';

export interface FeatureDraft {
  title: string;
  description: string;
  category: string;
  symbol: string;
  validUntil: string;
}

export interface Form {
  /** The feature and version the draft was seeded from. */
  featureId: string | null;
  seededAt: string | null;
  draft: FeatureDraft;
  /** Unsaved typing. */
  dirty: boolean;
}

export const EMPTY_FORM: Form = { featureId: null, seededAt: null, draft: { title: '', description: '', category: 'other', symbol: 'default', validUntil: '' }, dirty: false };

function seeded(f: LayerFeature): Form {
  const p = f.properties;
  return {
    featureId: f.id,
    seededAt: p.updatedAt ?? null,
    draft: { title: p.title, description: p.description, category: p.category, symbol: p.symbol, validUntil: toStockholmInput(p.validUntil) },
    dirty: false,
  };
}

/** The form for the feature now selected, or null when the form stays as it is. */
export function reconcile(form: Form, feature: LayerFeature | undefined): Form | null {
  if ((feature?.id ?? null) !== form.featureId) return feature ? seeded(feature) : { ...form, featureId: null, dirty: false };
  if (feature && (feature.properties.updatedAt ?? null) !== form.seededAt && !form.dirty) return seeded(feature);
  return null;
}

/**
 * The edit form of a feature. Another feature starts a fresh form; a remote change re-seeds it only while
 * the user has no unsaved typing (a draft is never overwritten; `changedElsewhere` lets the panel say so).
 */
export function useFeatureForm(feature: LayerFeature | undefined) {
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  // Adjusted while rendering, not in an effect, so a newly selected feature never shows the last one's draft.
  const next = reconcile(form, feature);
  if (next) setForm(next);
  const at = feature?.properties.updatedAt ?? null;

  return {
    draft: form.draft,
    changedElsewhere: form.dirty && !!feature && form.featureId === feature.id && form.seededAt !== at,
    edit: (patch: Partial<FeatureDraft>) => setForm((f) => ({ ...f, draft: { ...f.draft, ...patch }, dirty: true })),
    /** Saved: the next version of the feature (our own save) re-seeds the form. */
    saved: () => setForm((f) => ({ ...f, dirty: false })),
    /** Drops the draft for the feature as it is now. */
    takeTheirs: () => feature && setForm(seeded(feature)),
  };
}
