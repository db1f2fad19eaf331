/**
 * The domain events of the server: what each capability announces about the data it owns. Other capabilities
 * react to these instead of being called by the owner or polling its tables. Payloads cross processes as JSON
 * (see redisTransport.ts), so they hold ids and plain values; the one exception is noted on `incident.changed`.
 *
 * The map is types only: importing it makes no capability depend on another at run time.
 */
import type { IncidentChange } from '../incidents/index.ts';
import type { BusTransport, EventBus } from './bus.ts';

export interface DomainEvents {
  /**
   * Incidents were stored, updated or retracted (owner: incidents). `changes` (with the records before and after)
   * stay in this process; another process receives `changes: []` and re-reads `ids` (null: too many to name,
   * every state is rebuilt).
   */
  'incident.changed': { ids: string[] | null; changes: readonly IncidentChange[] };
  /** A picture was created (owner: pictures). */
  'picture.created': { pictureId: string };
  /** A picture's area, risk settings, attached RTM run, title or status changed (owner: pictures). */
  'picture.changed': { pictureId: string; fields: PictureField[] };
  /** A picture was removed or archived (owner: pictures). */
  'picture.removed': { pictureId: string };
  /** A layer was added to a picture (owner: pictures). */
  'layer.created': { pictureId: string; layerId: string };
  /** A layer's name, kind or position changed (owner: pictures). */
  'layer.changed': { pictureId: string; layerId: string };
  /** A layer was removed (owner: pictures). */
  'layer.removed': { pictureId: string; layerId: string };
  /** Who may read or write these layers changed (owner: pictures): open connections are re-checked. */
  'layer.access.changed': { pictureId: string; layerIds: string[] };
  /** One session ended (logout; owner: auth): its document connections and live sockets close. */
  'session.ended': { sessionId: string; userId: string };
  /** A user's roles, organisation or status changed (owner: auth/orgs): every connection of the user is re-checked. */
  'user.changed': { userId: string };
  /** The organisation tree changed (owner: orgs): cached trees are dropped. */
  'org.changed': { organisationId: string };
  /** An RTM run made progress (owner: rtm). */
  'rtm.progress': { runId: string; pictureId: string | null; progress: number; message: string };
  /** An RTM run ended (owner: rtm): completed, failed or cancelled. */
  'rtm.completed': { runId: string; pictureId: string | null; status: string; error?: string; errorCode?: string };
  /** Strategic data (areas, indicators, classifications) was written (owner: strategic): caches are dropped. */
  'strategic.changed': Record<string, never>;
  /**
   * Measures were created, changed (fields, sharing, classification, status) or got activities (owner: measures).
   * `measureIds` null: every measure of the picture may have changed (an import).
   */
  'measure.changed': { pictureId: string; measureIds: string[] | null; reason: 'created' | 'updated' | 'activity' | 'imported' };
  /** A situation report was signed (owner: reports): every process makes its open report documents read-only. */
  'report.signed': { reportId: string; pictureId: string };
}

export type PictureField = 'area' | 'areaCode' | 'riskConfig' | 'rtmRunId' | 'title' | 'status' | 'layers';

export type DomainEventName = keyof DomainEvents;

export type DomainBus = EventBus<DomainEvents>;

/** Most incident ids named in one cross-process message; beyond, receivers rebuild (a large import). */
export const MAX_RELAYED_INCIDENT_IDS = 2_000;

/** What of an event crosses to other processes: everything but the in-process incident records. */
export function toWire(message: { name: string; payload: unknown }): { name: string; payload: unknown } {
  if (message.name !== 'incident.changed') return message;
  const p = message.payload as DomainEvents['incident.changed'];
  const ids = p.ids && p.ids.length <= MAX_RELAYED_INCIDENT_IDS ? p.ids : null;
  return { name: message.name, payload: { ids, changes: [] } };
}

export type { BusTransport };
