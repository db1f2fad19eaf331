/**
 * The RTM panel's factor choices: imported factor layers (GET /api/rtm/factors: this picture's first, then
 * other pictures' for reuse) beside the picture's own drawn layers. Pure, so the grouping is tested alone.
 */
import type { LayerSummary } from '../../../../../shared/src/events.ts';

export interface FactorMeta {
  format: 'geojson' | 'csv' | 'gpkg';
  fileName: string | null;
  synthetic: boolean;
  importedAt: string;
  importedBy: string;
  features: number;
  geometryTypes: Record<string, number>;
}

export interface FactorLayerView extends LayerSummary {
  pictureId: string;
  pictureTitle: string;
  meta: FactorMeta | null;
}

export interface FactorChoice {
  id: string;
  name: string;
  group: 'imported' | 'importedElsewhere' | 'drawn';
  /** Another picture's title, for factors reused from there. */
  from?: string;
  meta?: FactorMeta | null;
}

/** Layer kinds that are results, not factors: incidents and risk zones would make the model circular. */
const NOT_FACTORS = new Set(['incidents', 'risk', 'rtm_factor']);

export function factorChoices(pictureId: string, layers: readonly LayerSummary[], imported: readonly FactorLayerView[]): FactorChoice[] {
  const here = imported.filter((l) => l.pictureId === pictureId);
  const elsewhere = imported.filter((l) => l.pictureId !== pictureId).sort((a, b) => a.pictureTitle.localeCompare(b.pictureTitle, 'sv') || a.name.localeCompare(b.name, 'sv'));
  // A factor layer created live (layer.created) is in `layers` before the list is fetched again.
  const liveOnly = layers.filter((l) => l.kind === 'rtm_factor' && !here.some((h) => h.id === l.id));
  return [
    ...here.map((l) => ({ id: l.id, name: l.name, group: 'imported' as const, meta: l.meta })),
    ...liveOnly.map((l) => ({ id: l.id, name: l.name, group: 'imported' as const, meta: null })),
    ...elsewhere.map((l) => ({ id: l.id, name: l.name, group: 'importedElsewhere' as const, from: l.pictureTitle, meta: l.meta })),
    ...layers.filter((l) => !NOT_FACTORS.has(l.kind)).map((l) => ({ id: l.id, name: l.name, group: 'drawn' as const })),
  ];
}

/** What the server should be told about a file: format from the extension, a default name from the file name. */
export function fileFacts(fileName: string): { format: 'geojson' | 'csv' | 'gpkg' | null; contentType: string; defaultName: string } {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const format = ext === 'csv' || ext === 'txt' ? 'csv' : ext === 'geojson' || ext === 'json' ? 'geojson' : ext === 'gpkg' ? 'gpkg' : null;
  const contentType = format === 'csv' ? 'text/csv' : format === 'gpkg' ? 'application/geopackage+sqlite3' : 'application/geo+json';
  const base = fileName.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim();
  return { format, contentType, defaultName: base ? base.charAt(0).toUpperCase() + base.slice(1) : '' };
}
