/**
 * Unread changes per picture: the last time the user opened each picture, kept in localStorage per user.
 * A picture is unread when its updatedAt is later than that.
 */
import type { KeyValueStorage } from './storage.ts';

const key = (userId: string) => `lagesbild.lastSeen.${userId}`;

export type LastSeen = Record<string, string>;

export function loadLastSeen(s: KeyValueStorage, userId: string): LastSeen {
  try {
    const v = JSON.parse(s.getItem(key(userId)) ?? '{}') as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: LastSeen = {};
    for (const [k, t] of Object.entries(v)) if (typeof t === 'string') out[k] = t;
    return out;
  } catch {
    return {};
  }
}

export function markSeen(s: KeyValueStorage, userId: string, pictureId: string, at: Date = new Date()): LastSeen {
  const seen = loadLastSeen(s, userId);
  seen[pictureId] = at.toISOString();
  s.setItem(key(userId), JSON.stringify(seen));
  return seen;
}

/** True when the picture changed after the user last opened it (never opened counts as unread). */
export function isUnread(seen: LastSeen, pictureId: string, updatedAt: string): boolean {
  const last = seen[pictureId];
  if (!last) return true;
  const u = Date.parse(updatedAt);
  const l = Date.parse(last);
  if (Number.isNaN(u)) return false;
  return Number.isNaN(l) || u > l;
}

export const LEVEL_ORDER = ['national', 'regional', 'local'] as const;

/** Groups pictures by level in national → regional → local order; unknown levels come last; newest first in a group. */
export function groupByLevel<T extends { level: string; updatedAt: string }>(items: readonly T[]): { level: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const g = groups.get(it.level) ?? [];
    g.push(it);
    groups.set(it.level, g);
  }
  const order = (l: string) => {
    const i = (LEVEL_ORDER as readonly string[]).indexOf(l);
    return i < 0 ? LEVEL_ORDER.length : i;
  };
  return [...groups.entries()]
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([level, list]) => ({ level, items: list.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)) }));
}
