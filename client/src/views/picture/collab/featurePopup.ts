/** What a feature's pop-up says: title, category, the start of the description, who and when, comments. Pure. */
import type { LayerFeature } from '../../../../../shared/src/layerDoc.ts';

export interface PopupContent {
  title: string | null;
  category: string;
  description: string | null;
  by: string;
  at: string;
  comments: number;
}

const MAX_DESCRIPTION = 160;

export function popupContent(f: LayerFeature): PopupContent {
  const d = f.properties.description?.trim() ?? '';
  return {
    title: f.properties.title?.trim() || null,
    category: f.properties.category || 'other',
    description: d ? (d.length > MAX_DESCRIPTION ? `${d.slice(0, MAX_DESCRIPTION - 1)}…` : d) : null,
    by: f.properties.createdBy,
    at: f.properties.updatedAt || f.properties.createdAt,
    comments: f.properties.comments?.length ?? 0,
  };
}
