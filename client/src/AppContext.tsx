import { createContext, useContext } from 'react';
import type { ApiClient } from './api/http.ts';
import type { User } from './api/types.ts';
import type { Locale } from './i18n/format.ts';
import type { MessageKey } from './i18n/sv.ts';
import type { Params } from './i18n/translate.ts';

export interface AppContextValue {
  api: ApiClient;
  token: string | null;
  user: User | null;
  locale: Locale;
  t: (key: MessageKey, params?: Params) => string;
  setLocale: (l: Locale) => void;
  login: (token: string, user: User) => void;
  logout: () => void;
  /** Turns any thrown error into a sentence in the current language. */
  errorText: (err: unknown) => string;
  mapStyleUrl: string | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside AppContext');
  return v;
}
