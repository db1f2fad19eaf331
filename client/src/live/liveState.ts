/**
 * The live part of a picture as a pure reducer over the socket.io events of shared/src/events.ts, so it can
 * be tested without sockets: incidents (feed + map), near-repeat zones, layer list, risk tile version,
 * RTM progress.
 */
import type { IncidentView, LayerSummary, LiveEvent, ZoneView } from '../../../shared/src/events.ts';

/** How long a new or changed incident stays highlighted in the feed and on the map. */
export const HIGHLIGHT_MS = 10_000;
/** Most incidents kept in the feed. */
export const FEED_LIMIT = 200;

export interface RtmProgress {
  runId: string;
  progress: number;
  message: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  error?: string;
  /** Why the run did not complete (RTM_TIME_LIMIT, RTM_CANCELLED, …): the RTM panel shows it in Swedish. */
  errorCode?: string;
}

export interface LiveState {
  incidents: IncidentView[];
  /** incident id → highlight end (ms since epoch). */
  highlight: Record<string, number>;
  zones: ZoneView[];
  /** The layers the server says this user may read (join ack and layer events); null before joining. */
  layers: LayerSummary[] | null;
  /** Bumped on every risk change; used as the tiles' cache-busting query parameter. */
  riskVersion: number;
  riskUpdatedAt: string | null;
  rtm: Record<string, RtmProgress>;
  picture: { title: string; updatedAt: string } | null;
  /** Time of the last event received. */
  lastEventAt: string | null;
}

export const initialLiveState: LiveState = {
  incidents: [],
  highlight: {},
  zones: [],
  layers: null,
  riskVersion: 0,
  riskUpdatedAt: null,
  rtm: {},
  picture: null,
  lastEventAt: null,
};

function sortIncidents(list: IncidentView[]): IncidentView[] {
  return list.sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt)).slice(0, FEED_LIMIT);
}

/** Merges incidents loaded over REST (initial page) with what is already known; live state wins. */
export function mergeIncidents(state: LiveState, items: readonly IncidentView[]): LiveState {
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const i of state.incidents) byId.set(i.id, i);
  return { ...state, incidents: sortIncidents([...byId.values()]) };
}

export function upsertIncident(list: readonly IncidentView[], incident: IncidentView): IncidentView[] {
  const rest = list.filter((i) => i.id !== incident.id);
  return sortIncidents([incident, ...rest]);
}

function upsertLayer(list: readonly LayerSummary[] | null, layer: LayerSummary): LayerSummary[] {
  const cur = list ?? [];
  const i = cur.findIndex((l) => l.id === layer.id);
  if (i < 0) return [...cur, layer];
  const copy = [...cur];
  copy[i] = layer;
  return copy;
}

/** Drops zones whose expiry has passed (zones also expire by event; this covers a missed event). */
export function activeZones(zones: readonly ZoneView[], now: number): ZoneView[] {
  return zones.filter((z) => Date.parse(z.expiresAt) > now);
}

export function reduceLive(state: LiveState, e: LiveEvent, now: number = Date.now()): LiveState {
  const s: LiveState = { ...state, lastEventAt: e.at };
  switch (e.type) {
    case 'incident.created':
    case 'incident.updated':
      return { ...s, incidents: upsertIncident(s.incidents, e.incident), highlight: { ...s.highlight, [e.incident.id]: now + HIGHLIGHT_MS } };
    case 'incident.retracted': {
      const highlight = { ...s.highlight };
      delete highlight[e.incident.id];
      return { ...s, incidents: upsertIncident(s.incidents, { ...e.incident, status: 'retracted' }), highlight };
    }
    case 'risk.updated':
      return { ...s, zones: activeZones(e.zones, now), riskVersion: s.riskVersion + 1, riskUpdatedAt: e.at };
    case 'zone.created':
      return { ...s, zones: activeZones([...s.zones.filter((z) => z.id !== e.zone.id), e.zone], now) };
    case 'zone.expired':
      return { ...s, zones: s.zones.filter((z) => z.id !== e.zoneId) };
    case 'layer.created':
    case 'layer.changed':
      return { ...s, layers: upsertLayer(s.layers, e.layer) };
    case 'layer.removed':
      return { ...s, layers: (s.layers ?? []).filter((l) => l.id !== e.layerId) };
    case 'picture.updated':
      return { ...s, picture: { title: e.picture.title, updatedAt: e.picture.updatedAt } };
    case 'rtm.progress':
      return { ...s, rtm: { ...s.rtm, [e.runId]: { runId: e.runId, progress: e.progress, message: e.message, status: 'running' } } };
    case 'rtm.completed': {
      const prev = s.rtm[e.runId];
      return {
        ...s,
        rtm: { ...s.rtm, [e.runId]: { runId: e.runId, progress: 1, message: prev?.message ?? '', status: e.status, error: e.error, errorCode: e.errorCode } },
      };
    }
    default:
      // Events this state does not hold (measures, coverage) are handled by their own panels.
      return s;
  }
}

/** Removes highlights that have ended; returns the same object when nothing changed (cheap for React). */
export function expireHighlights(state: LiveState, now: number): LiveState {
  const entries = Object.entries(state.highlight);
  const kept = entries.filter(([, until]) => until > now);
  const zones = activeZones(state.zones, now);
  if (kept.length === entries.length && zones.length === state.zones.length) return state;
  return { ...state, highlight: Object.fromEntries(kept), zones };
}

/** Incidents that belong on the map: not retracted, with a location. */
export function mappableIncidents(list: readonly IncidentView[]): IncidentView[] {
  return list.filter((i) => i.status !== 'retracted' && i.location && Array.isArray(i.location.coordinates));
}
