/** Shapes of the REST API the client uses (api-contract.md plus the server's own additions). */
import type { Classification } from '../../../shared/src/access.ts';
import type { IncidentView, LayerSummary, ZoneView } from '../../../shared/src/events.ts';
import type { FeatureCollection } from '../../../shared/src/layerDoc.ts';
import type { Role } from '../../../shared/src/roles.ts';

export interface User {
  id: string;
  username: string;
  displayName?: string;
  organisation: { id: string; name: string; kind: string };
  roles: Role[];
  isPolice?: boolean;
  locale?: string | null;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export type PictureLevel = 'national' | 'regional' | 'local';

export interface PictureListItem {
  id: string;
  title: string;
  level: PictureLevel | string;
  status: string;
  updatedAt: string;
}

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export interface Picture extends PictureListItem {
  area: GeoJsonGeometry | { type: 'Feature'; geometry: GeoJsonGeometry } | null;
  rtmRunId?: string | null;
  /** The seeded demonstration picture: its content is invented. */
  demo?: boolean;
  layers: LayerSummary[];
}

export interface ExportLayer {
  id: string;
  name: string;
  classification: Classification;
  features: FeatureCollection;
  log: unknown[];
}

export interface PicturePreview extends Picture {
  asOrganisation?: { id: string; name: string; kind: string };
  /** What the partner would receive: the export's layers (an array, or `{ layers }` as in GET …/export). */
  export?: ExportLayer[] | { layers: ExportLayer[] };
}

export function previewExportLayers(p: PicturePreview | null): ExportLayer[] {
  const e = p?.export;
  if (!e) return [];
  return Array.isArray(e) ? e : Array.isArray(e.layers) ? e.layers : [];
}

export interface Organisation {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  isPolice?: boolean;
}

export interface HistoryItem {
  id: string;
  at: string;
}

export interface RiskInfo {
  zones: ZoneView[];
  tiles: string | null;
  updatedAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export type IncidentPage = Page<IncidentView>;

export interface RtmFactor {
  name: string;
  operationalization: string;
  spatialInfluence: number;
  coefficient: number;
  rrv: number;
  variable: string;
  pValue?: number;
}

export interface RtmClass {
  class: number | string;
  cells: number;
  areaPct: number;
  events: number;
  eventsPct: number;
  pai: number | null;
}

export interface RtmResult {
  factors: RtmFactor[];
  negativeFactors?: RtmFactor[];
  narrative?: { sv: string; en: string };
  classes?: RtmClass[];
  model?: { family?: string; bic?: number; cells?: number; cellsWithEvents?: number; seed?: number; eventsLeftOutAreaPrecision?: number };
  /** Things to know when reading the result (events left out, a shortened λ path), in Swedish and English. */
  notes?: { code: string; count?: number; sv: string; en: string }[];
}

export interface RtmRun {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
  progress: number;
  /** While running: the stage code (prepare, grid, variables, elastic_net, …). */
  message?: string | null;
  /** Why the run did not complete: RTM_CANCELLED, RTM_TIME_LIMIT, RTM_WORKER_STOPPED, RTM_SERVER_RESTARTED, … */
  errorCode?: string | null;
  createdById?: string | null;
  name?: string;
  createdAt?: string;
  result?: RtmResult;
  error?: string | null;
}

export interface AreaListItem {
  code: string;
  name: string;
  level: string;
  vintage: string;
  parentCode: string | null;
}

export interface AreaDetail extends AreaListItem {
  geometry: GeoJsonGeometry | null;
  indicators: { indicator: string; year: number; value: number | null }[];
  index?: { score: number | null; level: number | null; contributions?: IndexContribution[]; reason?: string } | null;
  classifications: { type?: string; name?: string; category?: string; code?: string; [k: string]: unknown }[];
}

export interface IndexContribution {
  indicator: string;
  value: number | null;
  standardised?: number | null;
  contribution: number | null;
}

export interface IndexItem {
  code: string;
  name: string;
  score: number | null;
  level: number | null;
  contributions: IndexContribution[];
  reason?: string;
  reasonEn?: string;
}
