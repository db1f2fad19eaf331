import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api/http.ts';
import type { User } from './api/types.ts';
import { AppContext, type AppContextValue } from './AppContext.tsx';
import { clearOfflineDocs } from './collab/offlineStore.ts';
import { en } from './i18n/en.ts';
import { errorSentence } from './i18n/errors.ts';
import type { Locale } from './i18n/format.ts';
import { type MessageKey, sv } from './i18n/sv.ts';
import { type Params, translate } from './i18n/translate.ts';
import { navigate, parseRoute, usePathname } from './router.ts';
import { loadSession, resolveLocale, saveLocale, saveSession } from './state/session.ts';
import { browserStorage } from './state/storage.ts';
import { LoginView } from './views/LoginView.tsx';
import { PictureList } from './views/PictureList.tsx';
import { PictureView } from './views/PictureView.tsx';
import { PicturePrintView } from './views/picture/export/PicturePrintView.tsx';
import { StrategicView } from './strategic/StrategicView.tsx';
import { FollowupView } from './views/followup/FollowupView.tsx';
import { ReportPrint } from './views/reports/ReportPrint.tsx';
import { ReportsHome } from './views/reports/ReportsHome.tsx';
import { ReportView } from './views/reports/ReportView.tsx';
import { OverviewPage } from './views/evaluation/OverviewPage.tsx';
import { ReportPage } from './views/evaluation/ReportPage.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';

const storage = browserStorage();

export function App() {
  const [session, setSession] = useState(() => loadSession(storage));
  const [locale, setLocaleState] = useState<Locale>(() => resolveLocale(session?.user ?? null, storage));
  const [mapStyleUrl, setMapStyleUrl] = useState<string | null>(null);
  const [configLoaded, setConfigLoaded] = useState(false);
  const pathname = usePathname();
  const route = parseRoute(pathname);

  const logoutLocal = useCallback(() => {
    saveSession(storage, null);
    // Layer documents kept for offline work leave with the user (shared computers; collab/offlineStore.ts).
    void clearOfflineDocs();
    setSession(null);
  }, []);

  const api = useMemo(() => new ApiClient({ getToken: () => loadSession(storage)?.token ?? null, onUnauthenticated: logoutLocal }), [logoutLocal]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    api
      .get<{ mapStyleUrl?: string | null }>('/api/config')
      .then((c) => setMapStyleUrl(c?.mapStyleUrl ?? null))
      .catch(() => setMapStyleUrl(null))
      .finally(() => setConfigLoaded(true));
  }, [api]);

  // Refresh the user (roles, locale) once per session; a revoked token logs out via onUnauthenticated.
  const sessionToken = session?.token;
  useEffect(() => {
    if (!sessionToken) return;
    api
      .get<User>('/api/me')
      .then((u) => {
        const next = { token: sessionToken, user: u };
        saveSession(storage, next);
        setSession(next);
      })
      .catch(() => {});
  }, [api, sessionToken]);

  const value = useMemo<AppContextValue>(() => {
    const messages = locale === 'en' ? en : sv;
    const t = (key: MessageKey, params?: Params) => translate(messages, key, params);
    return {
      api,
      token: session?.token ?? null,
      user: session?.user ?? null,
      locale,
      t,
      mapStyleUrl,
      errorText: (err: unknown) => errorSentence(err, t),
      setLocale: (l: Locale) => {
        setLocaleState(l);
        saveLocale(storage, l);
        if (session) {
          api.put('/api/me/preferences', { locale: l }).catch(() => {});
          const next = { token: session.token, user: { ...session.user, locale: l } };
          saveSession(storage, next);
          setSession(next);
        }
      },
      login: (token: string, user: User) => {
        const next = { token, user };
        saveSession(storage, next);
        setSession(next);
        const l = resolveLocale(user, storage);
        setLocaleState(l);
      },
      logout: () => {
        api.post('/api/auth/logout').catch(() => {});
        logoutLocal();
        navigate('/');
      },
    };
  }, [api, session, locale, mapStyleUrl, logoutLocal]);

  let view: React.ReactNode;
  if (!session) view = <LoginView />;
  else if (!configLoaded && (route.name === 'picture' || route.name === 'strategic')) view = null;
  else if (route.name === 'picturePrint') view = configLoaded ? <PicturePrintView key={route.id} pictureId={route.id} /> : null;
  else if (route.name === 'picture') view = <PictureView key={route.id} pictureId={route.id} />;
  else if (route.name === 'strategic') view = <StrategicView />;
  else if (/^\/utsatta-omraden(\/|$)/.test(pathname)) view = <FollowupView rest={pathname.slice('/utsatta-omraden'.length)} />;
  else if (route.name === 'reports') view = <ReportsHome />;
  else if (route.name === 'report') view = <ReportView key={route.id} reportId={route.id} />;
  else if (route.name === 'reportPrint') view = <ReportPrint key={route.id} reportId={route.id} />;
  else if (route.name === 'evaluation') view = configLoaded ? <ReportPage key={route.id} evaluationId={route.id} /> : null;
  else if (route.name === 'evaluations') view = <OverviewPage />;
  else view = <PictureList />;

  return (
    <AppContext.Provider value={value}>
      <ErrorBoundary key={pathname} message={value.t('error.crash')} retry={value.t('error.reload')}>
        {view}
      </ErrorBoundary>
    </AppContext.Provider>
  );
}
