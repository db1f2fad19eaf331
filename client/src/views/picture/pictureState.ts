/** Non-visual rules of the picture view (pure; tested in pictureState.test.ts). */
import type { LayerSummary } from '../../../../shared/src/events.ts';
import type { DocStatus, LayerSessionState } from '../../collab/LayerSession.ts';
import type { LiveStatus } from '../../live/LiveConnection.ts';

/** Layer kinds whose content people draw; incident and risk layers are written by the server. */
const SERVER_KINDS = new Set(['incidents', 'risk']);

export function canEditLayer(layer: Pick<LayerSummary, 'access' | 'kind'> | undefined): boolean {
  return !!layer && (layer.access === 'write' || layer.access === 'admin') && !SERVER_KINDS.has(layer.kind);
}

export function canAppendLog(layer: Pick<LayerSummary, 'access'> | undefined): boolean {
  return !!layer && (layer.access === 'write' || layer.access === 'admin');
}

export type OverallStatus = 'online' | 'connecting' | 'offline' | 'partial';

/**
 * One connection state for the header from the live socket and every layer document: online when all are
 * connected; before the first success "connecting"; after it, offline when none is connected (retrying)
 * and partial otherwise. Documents refused for good (no access any more) do not count against being online.
 */
export function overallStatus(live: LiveStatus, docs: readonly DocStatus[], everOnline = true): OverallStatus {
  const all = [live, ...docs.filter((d) => d !== 'refused')];
  if (all.every((s) => s === 'connected')) return 'online';
  if (!everOnline) return 'connecting';
  if (all.every((s) => s !== 'connected')) return 'offline';
  return 'partial';
}

/** The latest of the documents' last-synced times and the last live event/join. */
export function lastSynced(states: Iterable<LayerSessionState>, liveAt: string | null): string | null {
  let best = liveAt ? Date.parse(liveAt) : Number.NEGATIVE_INFINITY;
  for (const s of states) if (s.lastSyncedAt) best = Math.max(best, Date.parse(s.lastSyncedAt));
  return Number.isFinite(best) ? new Date(best).toISOString() : null;
}

/** The first layer the user may draw in, preferring the current choice when it is still writable. */
export function pickActiveLayer(layers: readonly LayerSummary[], current: string | null): string | null {
  if (current && canEditLayer(layers.find((l) => l.id === current))) return current;
  return layers.find((l) => canEditLayer(l))?.id ?? null;
}

export function anyUnsynced(states: Iterable<LayerSessionState>): boolean {
  for (const s of states) if (s.unsyncedEdits) return true;
  return false;
}
