/**
 * Live events over socket.io (api-contract.md): each is emitted under its own name with a payload
 * `{ v: 1, type: <name>, pictureId, … }`. A versioned discriminated union, so clients switch on `type`.
 */
import type { Measure } from './measures.ts';
import type { Report } from './reports.ts';

export const PROTOCOL_VERSION = 1 as const;

export const EVENT_NAMES = [
  'incident.created',
  'incident.updated',
  'incident.retracted',
  'risk.updated',
  'zone.created',
  'zone.expired',
  'layer.created',
  'layer.changed',
  'layer.removed',
  'picture.updated',
  'rtm.progress',
  'rtm.completed',
  'measure.created',
  'measure.updated',
  'measure.activity',
  'coverage.updated',
  'report.signed',
  'report.updated',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Incident types of the API contract, in contract order. */
export const INCIDENT_TYPES = ['shooting', 'explosion', 'threat_emergency_personnel', 'attack_municipal', 'threat_witness', 'homicide', 'arson', 'other'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];
export type IncidentStatus = 'unconfirmed' | 'confirmed' | 'retracted';

/** An incident as a given viewer may see it; partner views omit details (description, exact point). */
export interface IncidentView {
  id: string;
  type: IncidentType;
  occurredAt: string;
  status: IncidentStatus;
  classification: 'police_internal' | 'partner' | 'public';
  locationPrecision: 'exact' | 'street' | 'area';
  location: { type: 'Point'; coordinates: [number, number] } | null;
  severity?: number | null;
  description?: string | null;
  source?: string;
  sourceId?: string;
  generalised?: boolean;
  /** Generalised (partner) views: the grid cell, metres, the position was snapped to; the UI says "±N m" from it. */
  precisionM?: number;
}

export interface ZoneView {
  id: string;
  /** The causing incident; null in generalised zones (partners), which carry an opaque id instead. */
  incidentId: string | null;
  /**
   * The causing incident's real type: partners get zones only of incidents they may read, type included (ACCESS.md
   * P1). Null when a producer does not share it; the UI then says "Zon (typ ej delad)", never a made-up type.
   */
  incidentType: IncidentType | null;
  /** For partners: the start of the incident's hour (P3). */
  createdAt: string;
  /** For partners: rounded up to the hour. */
  expiresAt: string;
  /** Polygon in WGS84; generalised to a coarse grid for partners. */
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  generalised: boolean;
}

export interface LayerSummary {
  id: string;
  name: string;
  kind: string;
  classification: 'police_internal' | 'partner' | 'public';
  access: 'read' | 'write' | 'admin';
}

interface Base<T extends EventName> {
  v: typeof PROTOCOL_VERSION;
  type: T;
  pictureId: string;
  at: string;
}

export type IncidentEvent = Base<'incident.created' | 'incident.updated' | 'incident.retracted'> & { incident: IncidentView };
export interface RiskUpdatedEvent extends Base<'risk.updated'> {
  /** Which surface changed. */
  surface: 'near_repeat' | 'combined' | 'rtm';
  /** Changed area as [minLon, minLat, maxLon, maxLat], or null for "everything". */
  bbox: [number, number, number, number] | null;
  /** Tiles to refetch, as "z/x/y". */
  tiles: string[];
  /** Number of cells recomputed. */
  changedCells: number;
  /** The picture's active zones after the change, as this viewer may see them. */
  zones: ZoneView[];
}
export type ZoneCreatedEvent = Base<'zone.created'> & { zone: ZoneView };
export type ZoneExpiredEvent = Base<'zone.expired'> & { zoneId: string };
export type LayerCreatedEvent = Base<'layer.created'> & { layer: LayerSummary };
export type LayerChangedEvent = Base<'layer.changed'> & { layer: LayerSummary };
export type LayerRemovedEvent = Base<'layer.removed'> & { layerId: string };
export type PictureUpdatedEvent = Base<'picture.updated'> & { picture: { id: string; title: string; level: string; status: string; updatedAt: string } };
export type RtmProgressEvent = Base<'rtm.progress'> & { runId: string; progress: number; message: string };
/** `errorCode` (RTM_TIME_LIMIT, RTM_WORKER_STOPPED, RTM_CANCELLED, …) is what the client turns into a Swedish sentence. */
export type RtmCompletedEvent = Base<'rtm.completed'> & { runId: string; status: 'completed' | 'failed' | 'cancelled'; error?: string; errorCode?: string };

/** Coverage changed (measures/coverage*): the viewer's own figures, from the risk and measures it may read. */
export interface CoverageUpdatedEvent extends Base<'coverage.updated'> {
  top1: { cells: number; covered: number; share: number };
  top5: { cells: number; covered: number; share: number };
  uncoveredCount: number;
}

/** A measure as this viewer may see it (with its `access`); sent only to viewers who may read it. */
export type MeasureEvent = Base<'measure.created' | 'measure.updated' | 'measure.activity'> & { measure: Measure };

/**
 * A situation report was signed (`report.signed`, to its audience, wherever they are in the app) or a report
 * or roll-up the viewer follows changed (`report.updated`). `report` is as this viewer may see it (partners get
 * their version's summary only); `rollupOf` names the organisation whose roll-up now includes it.
 */
export type ReportEvent = Base<'report.signed' | 'report.updated'> & { report: Report; rollupOf?: string };

export type LiveEvent =
  | ReportEvent
  | MeasureEvent
  | CoverageUpdatedEvent
  | IncidentEvent
  | RiskUpdatedEvent
  | ZoneCreatedEvent
  | ZoneExpiredEvent
  | LayerCreatedEvent
  | LayerChangedEvent
  | LayerRemovedEvent
  | PictureUpdatedEvent
  | RtmProgressEvent
  | RtmCompletedEvent;

/** Client → server requests. */
export interface JoinRequest {
  pictureId: string;
}
export type JoinAck = { ok: true; layers: LayerSummary[] } | { ok: false; error: { code: string; message: string } };

export function isLiveEvent(x: unknown): x is LiveEvent {
  if (!x || typeof x !== 'object') return false;
  const e = x as { v?: unknown; type?: unknown; pictureId?: unknown };
  return e.v === PROTOCOL_VERSION && typeof e.pictureId === 'string' && (EVENT_NAMES as readonly string[]).includes(e.type as string);
}
