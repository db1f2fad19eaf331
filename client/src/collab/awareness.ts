/** Awareness (presence) state published on every layer document, and its parsing from untrusted peers. */
export interface PresenceState {
  user: { name: string; org: string; color: string };
  selection: string | null;
  cursor: [number, number] | null;
}

export interface Peer extends PresenceState {
  clientId: number;
}

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PRESENCE_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;

export function colorFor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[h % PRESENCE_COLORS.length];
}

/** Validates a remote awareness state; anything malformed is ignored rather than trusted. */
export function parsePresence(clientId: number, raw: unknown): Peer | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const u = r.user as Record<string, unknown> | undefined;
  if (!u || typeof u.name !== 'string') return null;
  const color = typeof u.color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(u.color) ? u.color : '#000000';
  const c = r.cursor;
  const cursor =
    Array.isArray(c) && c.length === 2 && c.every((n) => typeof n === 'number' && Number.isFinite(n)) && Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90
      ? ([c[0], c[1]] as [number, number])
      : null;
  return {
    clientId,
    user: { name: u.name.slice(0, 100), org: typeof u.org === 'string' ? u.org.slice(0, 100) : '', color },
    selection: typeof r.selection === 'string' ? r.selection : null,
    cursor,
  };
}

/** Merges the peers of several layer documents into one per user (same name + org), newest cursor wins. */
export function mergePeers(lists: readonly (readonly Peer[])[]): Peer[] {
  const byUser = new Map<string, Peer>();
  for (const list of lists)
    for (const p of list) {
      const k = `${p.user.name}\u0000${p.user.org}`;
      const cur = byUser.get(k);
      if (!cur) byUser.set(k, { ...p });
      else byUser.set(k, { ...cur, cursor: p.cursor ?? cur.cursor, selection: p.selection ?? cur.selection });
    }
  return [...byUser.values()];
}

/**
 * What one layer's document may learn of my presence: who I am always; my selection only if the selected
 * feature lives in that layer; my cursor only in the layer I draw in or have selected in. Documents are
 * per layer and layers have different audiences, so nothing about one layer leaks through another's awareness.
 */
export function presenceFor(
  layerId: string,
  user: PresenceState['user'],
  selection: { layerId: string; featureId: string } | null,
  activeLayerId: string | null,
  cursor: [number, number] | null,
): PresenceState {
  const mine = selection?.layerId === layerId;
  return { user, selection: mine ? selection.featureId : null, cursor: mine || activeLayerId === layerId ? cursor : null };
}
