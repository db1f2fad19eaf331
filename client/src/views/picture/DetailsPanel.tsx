import type { ReactNode } from 'react';
import { useApp } from '../../AppContext.tsx';
import type { MessageKey } from '../../i18n/sv.ts';
import type { Tab } from './usePanels.ts';

interface Props {
  tabs: readonly { id: Tab; label: MessageKey }[];
  tab: Tab;
  onTab: (t: Tab) => void;
  /** Marks the incidents tab while new incidents are highlighted. */
  newIncidents: boolean;
  onClose: () => void;
  children: ReactNode;
}

/** The right-hand panel: a tab list (arrow keys move between tabs) and the chosen tab's content. */
export function DetailsPanel({ tabs, tab, onTab, newIncidents, onClose, children }: Props) {
  const { t } = useApp();
  return (
    <aside className="side-panel right-panel" aria-label={t('panel.details')}>
      <div className="panel-head">
        <div role="tablist" aria-label={t('panel.details')} className="tabs">
          {tabs.map((tb) => (
            <button
              key={tb.id}
              type="button"
              role="tab"
              id={`tab-${tb.id}`}
              aria-selected={tab === tb.id}
              aria-controls={`tabpanel-${tb.id}`}
              tabIndex={tab === tb.id ? 0 : -1}
              onClick={() => onTab(tb.id)}
              onKeyDown={(e) => {
                const i = tabs.findIndex((x) => x.id === tab);
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const n = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
                  onTab(n.id);
                  document.getElementById(`tab-${n.id}`)?.focus();
                }
              }}
            >
              {t(tb.label)}
              {tb.id === 'incidents' && newIncidents && <span className="dot" aria-hidden="true" />}
            </button>
          ))}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('panel.close')}>
          ×
        </button>
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {children}
      </div>
    </aside>
  );
}
