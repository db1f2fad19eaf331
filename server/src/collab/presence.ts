import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Presence identity comes from the session, never from the client: whatever `user` a peer publishes in its
 * awareness state is replaced by the session's name and organisation (the colour, a display choice, is
 * kept when it is a plain colour). Selection and cursor are the client's own business and pass as sent.
 */
export interface PresenceIdentity {
  name: string;
  org: string;
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/**
 * The entries of an awareness update; with `isNewer`, only those it accepts, and the state text of the others is
 * skipped unread (stock clients echo every presence change they receive: most messages change nothing).
 */
export function readAwarenessEntries(update: Uint8Array, isNewer?: (clientId: number, clock: number) => boolean): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const out: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    if (isNewer && !isNewer(clientId, clock)) {
      const length = decoding.readVarUint(d);
      if (d.pos + length > d.arr.length) throw new RangeError('awareness update ends inside a state');
      d.pos += length;
      continue;
    }
    out.push({ clientId, clock, state: decoding.readVarString(d) });
  }
  return out;
}

/**
 * Whether Yjs peers would take this presence entry (y-protocols applies a state only with a clock above the one it
 * holds, 0 for a client it does not know): echoes of what we already hold, and the empty first state every stock
 * client announces with clock 0 when it connects, change nothing anywhere and are skipped unread. (A removal at
 * the same clock, which y-protocols also applies, is not taken: stock clients raise the clock when they leave.)
 */
export function presenceIsNewer(meta: ReadonlyMap<number, { clock: number }>, clientId: number, clock: number): boolean {
  return clock > (meta.get(clientId)?.clock ?? 0);
}

export function writeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientId);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, x.state);
  }
  return encoding.toUint8Array(e);
}

/** A presence state as it is kept: the parsed value (null: the client left) and its JSON text, sent as is. */
export interface StampedPresence {
  value: Record<string, unknown> | null;
  json: string;
  /** What the client sent, and whose identity was stamped on it: a renewal sends the same text again. */
  sent?: string;
  who?: PresenceIdentity;
}

/** The state with `user` stamped from the session; null when the state is not a JSON object (or null). */
export function stampPresence(stateJson: string, who: PresenceIdentity): StampedPresence | null {
  let state: unknown;
  try {
    state = JSON.parse(stateJson);
  } catch {
    return null;
  }
  // null is "I left": nothing to stamp.
  if (state === null) return { value: null, json: 'null', sent: stateJson, who };
  if (typeof state !== 'object' || Array.isArray(state)) return null;
  const s = state as Record<string, unknown>;
  const claimed = s.user as Record<string, unknown> | undefined;
  const color = claimed && typeof claimed.color === 'string' && COLOR.test(claimed.color) ? claimed.color : undefined;
  s.user = color ? { name: who.name, org: who.org, color } : { name: who.name, org: who.org };
  return { value: s, json: JSON.stringify(s), sent: stateJson, who };
}
