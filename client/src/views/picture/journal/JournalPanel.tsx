/** The staff journal: every readable layer's log as one numbered list, searchable and printable. */
import { useMemo, useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import type { LogRow } from '../EventLog.tsx';
import { numberJournal, searchJournal } from './journal.ts';

export function JournalPanel({ rows, onClose }: { rows: readonly LogRow[]; onClose: () => void }) {
  const { t, locale } = useApp();
  const [q, setQ] = useState('');
  const all = useMemo(() => numberJournal(rows), [rows]);
  const shown = searchJournal(all, q);
  return (
    <section className="cb-pop cb-journal" aria-label={t('journal.heading')} data-testid="journal">
      <h3>{t('journal.heading')}</h3>
      <p className="muted small">{t('journal.intro')}</p>
      <label>
        {t('journal.search')}
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <ol className="cb-journal-list">
        {shown.map((e) => (
          <li key={`${e.layerId}:${e.id}`} value={e.no}>
            <span className="muted small">
              {formatDateTime(e.time, locale)} · {e.author} · {e.layerName}
            </span>
            <br />
            {e.text}
          </li>
        ))}
        {shown.length === 0 && <li className="muted">{t('journal.empty')}</li>}
      </ol>
      <div className="button-row">
        <button type="button" onClick={() => window.print()}>
          {t('journal.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </section>
  );
}
