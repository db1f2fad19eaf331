import { useEffect, useState } from 'react';
import type { Picture, PictureListItem } from '../../../api/types.ts';
import { useApp } from '../../../AppContext.tsx';
import type { MessageKey } from '../../../i18n/sv.ts';
import { navigate, routePath } from '../../../router.ts';
import { Dialog } from '../Dialog.tsx';

interface AreaItem {
  code: string;
  name: string;
}

const LEVELS: Array<{ id: 'local' | 'regional' | 'national'; key: MessageKey }> = [
  { id: 'local', key: 'level.local' },
  { id: 'regional', key: 'level.regional' },
  { id: 'national', key: 'level.national' },
];

/** The existing picture a new title would duplicate (same title, case and spacing aside), if any. */
export function sameTitle(items: readonly PictureListItem[], title: string): PictureListItem | undefined {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  const want = norm(title);
  return want ? items.find((p) => norm(p.title) === want && p.status !== 'archived') : undefined;
}

/**
 * Creates a picture. With a municipality it goes through the area drill-down, which opens the organisation's
 * open picture of that area instead of making a second one; without one, a title that is already taken is
 * pointed out before anything is created.
 */
export function NewPictureDialog({ existing, onClose }: { existing: readonly PictureListItem[]; onClose: () => void }) {
  const { api, t, errorText } = useApp();
  const [title, setTitle] = useState('');
  const [level, setLevel] = useState<'local' | 'regional' | 'national'>('local');
  const [areaCode, setAreaCode] = useState('');
  const [areas, setAreas] = useState<AreaItem[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const duplicate = areaCode ? undefined : sameTitle(existing, title);

  useEffect(() => {
    const ac = new AbortController();
    api
      .get<{ items: AreaItem[] }>('/api/areas?level=kommun&limit=1000', ac.signal)
      .then((r) => setAreas([...r.items].sort((a, b) => a.name.localeCompare(b.name, 'sv'))))
      .catch(() => setAreas([]));
    return () => ac.abort();
  }, [api]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const p = areaCode
        ? await api.post<Picture>(`/api/areas/${encodeURIComponent(areaCode)}/picture`, title.trim() ? { title: title.trim() } : {})
        : await api.post<Picture>('/api/pictures', { title: title.trim(), level });
      navigate(routePath({ name: 'picture', id: p.id }));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('newPicture.heading')} onClose={onClose} testId="new-picture-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!duplicate) void submit();
        }}
      >
        <label>
          {t('newPicture.title')}
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required={!areaCode} maxLength={200} autoComplete="off" />
        </label>
        <label>
          {t('newPicture.area')}
          <select name="area" value={areaCode} onChange={(e) => setAreaCode(e.target.value)}>
            <option value="">{t('newPicture.areaNone')}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        {areaCode ? (
          <p className="muted">{t('newPicture.areaHint')}</p>
        ) : (
          <label>
            {t('newPicture.level')}
            <select name="level" value={level} onChange={(e) => setLevel(e.target.value as typeof level)}>
              {LEVELS.map((l) => (
                <option key={l.id} value={l.id}>
                  {t(l.key)}
                </option>
              ))}
            </select>
          </label>
        )}
        {duplicate && (
          <p role="alert" className="notice">
            {t('newPicture.exists', { title: duplicate.title })}{' '}
            <button type="button" onClick={() => navigate(routePath({ name: 'picture', id: duplicate.id }))}>
              {t('newPicture.openExisting')}
            </button>
          </p>
        )}
        {error ? (
          <p role="alert" className="error">
            {errorText(error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || !!duplicate || (!areaCode && !title.trim())}>
            {busy ? t('newPicture.busy') : t('newPicture.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
