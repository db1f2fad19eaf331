import { useEffect, useState } from 'react';
import { useApp } from '../AppContext.tsx';
import { LOCALES, type Locale } from '../i18n/format.ts';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useApp();
  return (
    <label className="lang-switch">
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} aria-label={t('common.language')}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {l === 'sv' ? 'Svenska' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { errorText, t } = useApp();
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>{errorText(error)}</span>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}

/** Re-renders every `ms` so relative times and countdowns stay current. */
export function useNow(ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function UserMenu() {
  const { user, t, logout } = useApp();
  if (!user) return null;
  return (
    <div className="user-menu">
      <span className="user-name" title={user.organisation.name}>
        {user.displayName ?? user.username} · {user.organisation.name}
      </span>
      <button type="button" onClick={logout}>
        {t('auth.logout')}
      </button>
    </div>
  );
}

/** A small padlock drawn in SVG (no emoji font needed), always next to a text label. */
export function LockIcon() {
  return (
    <svg className="lock-icon" width="10" height="12" viewBox="0 0 10 12" aria-hidden="true" focusable="false">
      <rect x="1" y="5" width="8" height="6.5" rx="1" fill="currentColor" />
      <path d="M3 5V3.5a2 2 0 0 1 4 0V5" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}
