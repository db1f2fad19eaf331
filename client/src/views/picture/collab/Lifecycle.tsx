/**
 * The picture's lifecycle: open, closed (read-only for everyone) or archived (read-only and left out of the
 * list). Everyone sees the status; only the picture's administrators can change it.
 */
import { useState } from 'react';
import { useApp } from '../../../AppContext.tsx';

const STATUSES = ['active', 'closed', 'archived'] as const;
type Status = (typeof STATUSES)[number];
const KEYS = { active: 'lifecycle.active', closed: 'lifecycle.closed', archived: 'lifecycle.archived' } as const;

export function Lifecycle({ pictureId, status, canChange }: { pictureId: string; status: string; canChange: boolean }) {
  const { api, t, errorText } = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current: Status = (STATUSES as readonly string[]).includes(status) ? (status as Status) : 'active';
  const change = async (next: Status) => {
    if (next === current) return;
    if (next !== 'active' && !window.confirm(t(next === 'closed' ? 'lifecycle.confirmClose' : 'lifecycle.confirmArchive'))) return;
    setBusy(true);
    setError(null);
    try {
      await api.request('PATCH', `/api/pictures/${encodeURIComponent(pictureId)}/status`, { status: next });
      // Every layer's right changes with the status: the page reloads them all.
      window.location.reload();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <div data-testid="lifecycle">
      {canChange ? (
        <label>
          {t('lifecycle.label')}{' '}
          <select value={current} disabled={busy} onChange={(e) => void change(e.target.value as Status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(KEYS[s])}
              </option>
            ))}
          </select>
        </label>
      ) : (
        current !== 'active' && <span className="badge badge-readonly">{t(KEYS[current])}</span>
      )}
      {current !== 'active' && <p className="cb-message">{t('lifecycle.readOnly')}</p>}
      {error ? (
        <p className="cb-message" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}
