/** Who is in the picture: the signed-in user and the peers of every layer document, one avatar each. Pure. */
import type { Peer } from '../../../collab/awareness.ts';

export interface Avatar {
  key: string;
  name: string;
  org: string;
  color: string;
  initials: string;
  isMe: boolean;
  /** Has a cursor on the map now. */
  active: boolean;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0][0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1][0] ?? '') : (words[0][1] ?? '');
  return (first + last).toUpperCase();
}

/** Me first, then the others by name; a user open in several tabs or layers is one avatar. */
export function presenceList(me: { name: string; org: string; color: string } | null, peers: readonly Peer[]): Avatar[] {
  const out = new Map<string, Avatar>();
  const key = (name: string, org: string) => `${name}\u0000${org}`;
  if (me) out.set(key(me.name, me.org), { key: key(me.name, me.org), ...me, initials: initials(me.name), isMe: true, active: true });
  for (const p of peers) {
    const k = key(p.user.name, p.user.org);
    const cur = out.get(k);
    if (cur) {
      if (!cur.isMe && p.cursor) cur.active = true;
      continue;
    }
    out.set(k, { key: k, name: p.user.name, org: p.user.org, color: p.user.color, initials: initials(p.user.name), isMe: false, active: !!p.cursor });
  }
  return [...out.values()].sort((a, b) => Number(b.isMe) - Number(a.isMe) || a.name.localeCompare(b.name, 'sv'));
}
