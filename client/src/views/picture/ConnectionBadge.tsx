import { useApp } from '../../AppContext.tsx';
import { useNow } from '../../components/common.tsx';
import { formatDateTime, formatRelative } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import type { OverallStatus } from './pictureState.ts';

const KEYS: Record<OverallStatus, MessageKey> = {
  online: 'conn.online',
  connecting: 'conn.connecting',
  offline: 'conn.offline',
  partial: 'conn.partial',
};

export function ConnectionBadge({ status, lastSyncedAt, unsynced }: { status: OverallStatus; lastSyncedAt: string | null; unsynced: boolean }) {
  const { t, locale } = useApp();
  const now = useNow(5_000);
  return (
    <div className={`conn conn-${status}`} role="status" aria-live="polite" data-testid="connection-state" data-status={status}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{t(KEYS[status])}</span>
      <span className="muted conn-synced" title={lastSyncedAt ? formatDateTime(lastSyncedAt, locale) : undefined}>
        {lastSyncedAt ? t('conn.lastSynced', { when: formatRelative(lastSyncedAt, locale, now) }) : t('conn.neverSynced')}
      </span>
      {unsynced && <span className="badge badge-warn">{t('conn.unsynced')}</span>}
    </div>
  );
}
