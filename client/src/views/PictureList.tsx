import { useEffect, useMemo, useState } from 'react';
import type { PictureListItem } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { AppHeader } from '../components/AppHeader.tsx';
import { ErrorBanner, useNow } from '../components/common.tsx';
import { formatDateTime, formatRelative } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { navigate, routePath } from '../router.ts';
import { isPoliceUser } from '../state/session.ts';
import { browserStorage } from '../state/storage.ts';
import { groupByLevel, isUnread, loadLastSeen } from '../state/unread.ts';
import { NewPictureDialog } from './picture/layers/NewPictureDialog.tsx';

const LEVEL_KEYS: Record<string, MessageKey> = { national: 'level.national', regional: 'level.regional', local: 'level.local' };

export function PictureList() {
  const { api, t, locale, user, errorText } = useApp();
  const [items, setItems] = useState<PictureListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const now = useNow(30_000);
  const seen = useMemo(() => (user ? loadLastSeen(browserStorage(), user.id) : {}), [user]);

  // Loaded on open and refreshed every 30 s, so "new changes" appear without a reload.
  useEffect(() => {
    const ac = new AbortController();
    const load = () =>
      api
        .get<{ items: PictureListItem[] }>('/api/pictures', ac.signal)
        .then((r) => {
          setItems(r.items);
          setError(null);
        })
        .catch((e) => {
          if ((e as Error)?.name !== 'AbortError') setError(e);
        });
    load();
    const id = setInterval(load, 30_000);
    return () => {
      clearInterval(id);
      ac.abort();
    };
  }, [api]);

  const groups = groupByLevel(items ?? []);

  return (
    <div className="page">
      <AppHeader page="pictures" />
      <main className="content">
        <div className="list-head">
          <h2>{t('pictures.heading')}</h2>
          {/* Only police roles may create pictures (POST /api/pictures); partners are never offered it. */}
          {isPoliceUser(user) && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              + {t('newPicture.open')}
            </button>
          )}
        </div>
        {creating && <NewPictureDialog existing={items ?? []} onClose={() => setCreating(false)} />}
        <ErrorBanner error={error} />
        {items === null && !error && <p aria-live="polite">{t('common.loading')}</p>}
        {items && items.length === 0 && <p>{t('pictures.none')}</p>}
        {groups.map((g) => (
          <section key={g.level} className="picture-group" aria-labelledby={`lvl-${g.level}`}>
            <h3 id={`lvl-${g.level}`}>{LEVEL_KEYS[g.level] ? t(LEVEL_KEYS[g.level]) : g.level}</h3>
            <ul className="picture-list">
              {g.items.map((p) => {
                const unread = isUnread(seen, p.id, p.updatedAt);
                return (
                  <li key={p.id} className={unread ? 'unread' : undefined}>
                    <a
                      href={routePath({ name: 'picture', id: p.id })}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(routePath({ name: 'picture', id: p.id }));
                      }}
                    >
                      <span className="picture-title">{p.title}</span>
                      {unread && <span className="badge badge-unread">{t('pictures.unread')}</span>}
                      {p.status !== 'active' && <span className="badge">{p.status === 'archived' ? t('pictures.archived') : p.status}</span>}
                      <span className="muted picture-time" title={formatDateTime(p.updatedAt, locale)}>
                        {t('pictures.changed', { when: formatRelative(p.updatedAt, locale, now) })}
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
        {error ? <p className="visually-hidden">{errorText(error)}</p> : null}
      </main>
    </div>
  );
}
