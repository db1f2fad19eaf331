/** Builds an RTM study (issue 4 format) from a picture: its area, its incidents and chosen layers. */
import type { IncidentType, IncidentView } from '../../../../shared/src/events.ts';
import type { FeatureCollection } from '../../../../shared/src/layerDoc.ts';
import { type AnyGeometry, pointInGeometry } from '../../map/geo.ts';

export interface StudyInput {
  name: string;
  pictureId: string;
  boundary: AnyGeometry;
  blockLength: number;
  incidents: readonly IncidentView[];
  types: readonly IncidentType[];
  factors: { name: string; layerId: string; features: FeatureCollection }[];
  seed?: number;
}

export interface Study {
  name: string;
  crs: 'EPSG:4326';
  pictureId: string;
  boundary: AnyGeometry;
  blockLength: number;
  cellSize: number;
  outcome: {
    type: 'FeatureCollection';
    features: {
      type: 'Feature';
      geometry: { type: 'Point'; coordinates: [number, number] };
      /** Precision and source let the server leave area-precision events out (it also checks them against the database). */
      properties: { id: string; type: string; occurredAt: string; locationPrecision: string; source?: string };
    }[];
  };
  /** Layer references: the server loads each layer's features itself, checking the caller may read it. */
  factors: { name: string; layerId: string; operationalization: 'both'; spatialInfluence: number; increment: 'half' }[];
  family: 'auto';
  seed: number;
}

/** Police-feed events carry only a municipality's centroid, whatever their stored precision says. */
const isAreaOnly = (i: IncidentView) => i.locationPrecision === 'area' || i.source === 'polisen';

function candidateOutcomes(incidents: readonly IncidentView[], types: readonly IncidentType[], boundary: AnyGeometry): IncidentView[] {
  return incidents.filter((i) => i.status === 'confirmed' && i.location && types.includes(i.type) && pointInGeometry(i.location.coordinates, boundary));
}

/** How many of the would-be outcomes the model leaves out because their position is only an area. */
export function areaOnlyOutcomes(incidents: readonly IncidentView[], types: readonly IncidentType[], boundary: AnyGeometry): number {
  return candidateOutcomes(incidents, types, boundary).filter(isAreaOnly).length;
}

/**
 * Only confirmed incidents of the chosen types inside the boundary are outcomes; layers without features are left
 * out. Area-precision events are sent with their precision: the server leaves them out and says so in the result.
 */
export function buildStudy(input: StudyInput): { study: Study; problems: ('noOutcome' | 'onlyArea' | 'noFactors')[] } {
  const candidates = candidateOutcomes(input.incidents, input.types, input.boundary);
  const outcome = candidates.map((i) => ({
    type: 'Feature' as const,
    geometry: { type: 'Point' as const, coordinates: i.location!.coordinates },
    properties: { id: i.id, type: i.type, occurredAt: i.occurredAt, locationPrecision: i.locationPrecision, ...(i.source ? { source: i.source } : {}) },
  }));
  const factors = input.factors
    .filter((f) => f.features.features.length > 0)
    .map((f) => ({
      name: f.name,
      layerId: f.layerId,
      operationalization: 'both' as const,
      spatialInfluence: 3,
      increment: 'half' as const,
    }));
  const problems: ('noOutcome' | 'onlyArea' | 'noFactors')[] = [];
  if (outcome.length === 0) problems.push('noOutcome');
  else if (candidates.every(isAreaOnly)) problems.push('onlyArea');
  if (factors.length === 0) problems.push('noFactors');
  return {
    study: {
      name: input.name,
      crs: 'EPSG:4326',
      pictureId: input.pictureId,
      boundary: input.boundary,
      blockLength: input.blockLength,
      cellSize: input.blockLength / 2,
      outcome: { type: 'FeatureCollection', features: outcome },
      factors,
      family: 'auto',
      seed: input.seed ?? 1,
    },
    problems,
  };
}
