import { useCallback, useState } from 'react';

export type Tab = 'incidents' | 'risk' | 'measures' | 'reports' | 'feature' | 'log' | 'history' | 'rtm';

/** Below this width the panels are bottom sheets over the map: one at a time, so the map stays visible. */
const ONE_PANEL_BELOW_PX = 1024;
const narrow = () => window.innerWidth < ONE_PANEL_BELOW_PX;

/** The side panels: open on wide screens, closed on narrow ones; the details tab can come from ?tab=. */
export function usePanels() {
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(window.location.search).get('tab') as Tab | null) ?? 'incidents');
  const [leftOpen, setLeft] = useState(() => !narrow());
  const [rightOpen, setRight] = useState(() => !narrow());
  const setLeftOpen = useCallback((open: boolean) => {
    setLeft(open);
    if (open && narrow()) setRight(false);
  }, []);
  const setRightOpen = useCallback((open: boolean) => {
    setRight(open);
    if (open && narrow()) setLeft(false);
  }, []);
  /** Shows a tab, opening the details panel if it was closed. */
  const showTab = useCallback(
    (t: Tab) => {
      setTab(t);
      setRightOpen(true);
    },
    [setRightOpen],
  );
  return { tab, setTab, showTab, leftOpen, setLeftOpen, rightOpen, setRightOpen };
}
