import { describe, expect, it } from 'vitest';
import type { User } from '../api/types.ts';
import { canUseRtm, isPoliceAdmin, isPoliceUser, loadSession, resolveLocale, saveLocale, saveSession } from './session.ts';
import { memoryStorage } from './storage.ts';
import { groupByLevel, isUnread, loadLastSeen, markSeen } from './unread.ts';

const user = (roles: User['roles'], isPolice = true, locale: string | null = null): User => ({
  id: 'u1',
  username: 'x',
  organisation: { id: 'o', name: 'Org', kind: isPolice ? 'police_area' : 'municipality' },
  roles,
  isPolice,
  locale,
});

describe('session', () => {
  it('round-trips and rejects junk', () => {
    const s = memoryStorage();
    expect(loadSession(s)).toBeNull();
    saveSession(s, { token: 't', user: user(['analyst']) });
    expect(loadSession(s)?.token).toBe('t');
    s.setItem('lagesbild.session', '{broken');
    expect(loadSession(s)).toBeNull();
    saveSession(s, null);
    expect(s.getItem('lagesbild.session')).toBeNull();
  });

  it('is Swedish unless the user or this device chose English', () => {
    const s = memoryStorage();
    expect(resolveLocale(null, s)).toBe('sv');
    saveLocale(s, 'en');
    expect(resolveLocale(null, s)).toBe('en');
    expect(resolveLocale(user(['analyst'], true, 'sv'), s)).toBe('sv');
    expect(resolveLocale(user(['analyst'], true, 'xx'), s)).toBe('en');
  });

  it('shows RTM to police analysts and commanders only', () => {
    expect(canUseRtm(user(['analyst']))).toBe(true);
    expect(canUseRtm(user(['commander']))).toBe(true);
    expect(canUseRtm(user(['duty_officer']))).toBe(false);
    expect(canUseRtm(user(['partner_editor'], false))).toBe(false);
    expect(canUseRtm(null)).toBe(false);
    expect(isPoliceUser(user(['partner_viewer'], false))).toBe(false);
    expect(isPoliceAdmin(user(['admin']))).toBe(true);
    expect(isPoliceAdmin(user(['analyst']))).toBe(false);
  });
});

describe('unread changes', () => {
  it('is unread until opened, and again after a later change', () => {
    const s = memoryStorage();
    expect(isUnread(loadLastSeen(s, 'u1'), 'p1', '2026-11-26T10:00:00Z')).toBe(true);
    markSeen(s, 'u1', 'p1', new Date('2026-11-26T10:05:00Z'));
    const seen = loadLastSeen(s, 'u1');
    expect(isUnread(seen, 'p1', '2026-11-26T10:00:00Z')).toBe(false);
    expect(isUnread(seen, 'p1', '2026-11-26T10:06:00Z')).toBe(true);
    expect(isUnread(loadLastSeen(s, 'u2'), 'p1', '2026-11-26T10:00:00Z')).toBe(true);
  });

  it('ignores a corrupt store', () => {
    const s = memoryStorage();
    s.setItem('lagesbild.lastSeen.u1', '[1,2]');
    expect(loadLastSeen(s, 'u1')).toEqual({});
  });

  it('groups national → regional → local, newest first', () => {
    const g = groupByLevel([
      { id: 'a', level: 'local', updatedAt: '2026-01-01T00:00:00Z' },
      { id: 'b', level: 'national', updatedAt: '2026-01-01T00:00:00Z' },
      { id: 'c', level: 'local', updatedAt: '2026-02-01T00:00:00Z' },
      { id: 'd', level: 'regional', updatedAt: '2026-01-01T00:00:00Z' },
    ]);
    expect(g.map((x) => x.level)).toEqual(['national', 'regional', 'local']);
    expect(g[2].items.map((x) => x.id)).toEqual(['c', 'a']);
  });
});
