import type { User } from '../api/types.ts';
import { isLocale, type Locale } from '../i18n/format.ts';
import type { KeyValueStorage } from './storage.ts';

const SESSION_KEY = 'lagesbild.session';
const LOCALE_KEY = 'lagesbild.locale';

export interface Session {
  token: string;
  user: User;
}

export function loadSession(s: KeyValueStorage): Session | null {
  try {
    const raw = s.getItem(SESSION_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Session;
    return typeof v?.token === 'string' && v.user && typeof v.user.id === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function saveSession(s: KeyValueStorage, session: Session | null): void {
  if (session) s.setItem(SESSION_KEY, JSON.stringify(session));
  else s.removeItem(SESSION_KEY);
}

/**
 * The language: the user's stored preference wins, then the last choice on this device, then Swedish.
 */
export function resolveLocale(user: User | null, s: KeyValueStorage): Locale {
  if (user && isLocale(user.locale)) return user.locale;
  const stored = s.getItem(LOCALE_KEY);
  return isLocale(stored) ? stored : 'sv';
}

export function saveLocale(s: KeyValueStorage, locale: Locale): void {
  s.setItem(LOCALE_KEY, locale);
}

/** Police roles that see the RTM panel and may start model runs. */
export function canUseRtm(user: User | null): boolean {
  if (!user || user.isPolice === false) return false;
  return user.roles.some((r) => r === 'analyst' || r === 'commander' || r === 'admin');
}

export function isPoliceUser(user: User | null): boolean {
  if (!user) return false;
  if (typeof user.isPolice === 'boolean') return user.isPolice;
  return user.roles.some((r) => r === 'admin' || r === 'commander' || r === 'analyst' || r === 'duty_officer');
}

/** Police admins and commanders may edit access lists and preview as a partner (the server decides per layer). */
export function isPoliceAdmin(user: User | null): boolean {
  return isPoliceUser(user) && !!user && user.roles.some((r) => r === 'admin' || r === 'commander');
}
