/** What the evaluation capability needs of the others, as structural types (their services satisfy them). */
import type { Principal } from '../../../shared/src/access.ts';
import type { Measure } from '../../../shared/src/measures.ts';
import type { IncidentRecord } from '../incidents/index.ts';

export type Viewer = Principal & { isPolice: boolean };

/** The incidents capability's read path for a viewer (IncidentStore.list). */
export interface IncidentLister {
  list(
    q: { bbox?: [number, number, number, number]; from?: Date; to?: Date; types?: IncidentRecord['type'][]; statuses?: Array<'confirmed'>; limit: number },
    audience: 'police' | 'partner',
  ): Promise<{ items: IncidentRecord[]; nextCursor: string | null }>;
}

export interface MeasureReader {
  /** The measure as the viewer may see it; throws 404 when it may not read it. */
  get(viewer: Principal, id: string): Promise<Measure>;
}

export interface PictureAreaReader {
  /** The picture's area is stored as a SWEREF 99 TM GeoJSON string. */
  getPicture(id: string): Promise<{ area: string | null } | undefined>;
}

/** Candidate control areas from the strategic map (StrategicService satisfies it). */
export interface CandidateAreaSource {
  /** Every code vintage of a level (several cities' districts are separate vintages). */
  vintagesOf(level: 'district' | 'deso'): Promise<string[]>;
  areasAt(level: 'district' | 'deso', vintage: string | null): Promise<Array<{ code: string; name: string; bbox: [number, number, number, number] }>>;
  geometries(level: 'district' | 'deso', vintage: string | null, crs: 'wgs'): Promise<Map<string, { type: string; coordinates: unknown }>>;
}
