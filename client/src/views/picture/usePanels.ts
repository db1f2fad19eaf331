import { useCallback, useState } from 'react';

export type Tab = 'incidents' | 'risk' | 'measures' | 'feature' | 'log' | 'history' | 'rtm';

/** The side panels: open on wide screens, closed on narrow ones; the details tab can come from ?tab=. */
export function usePanels() {
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(window.location.search).get('tab') as Tab | null) ?? 'incidents');
  const [leftOpen, setLeftOpen] = useState(() => window.innerWidth >= 1024);
  const [rightOpen, setRightOpen] = useState(() => window.innerWidth >= 1024);
  /** Shows a tab, opening the details panel if it was closed. */
  const showTab = useCallback((t: Tab) => {
    setTab(t);
    setRightOpen(true);
  }, []);
  return { tab, setTab, showTab, leftOpen, setLeftOpen, rightOpen, setRightOpen };
}
