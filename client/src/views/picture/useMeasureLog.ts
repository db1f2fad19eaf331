/**
 * Loads, once the event log is first shown, each readable measure's history and activities (one request of
 * each per measure) and loads a measure's again only when it changes (a live `measure.*` event moves its
 * updatedAt or delivered amount). Kept in this view's state only, never across users.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../../AppContext.tsx';
import type { Measure, MeasureActivity, MeasureHistoryEntry } from '../../../../shared/src/measures.ts';
import { type MeasureLogRow, measureLogRows } from './measureLog.ts';

const enc = encodeURIComponent;

export function useMeasureLog(measures: readonly Measure[], active: boolean): MeasureLogRow[] {
  const { api } = useApp();
  const [history, setHistory] = useState<Map<string, MeasureHistoryEntry[]>>(new Map());
  const [activities, setActivities] = useState<Map<string, MeasureActivity[]>>(new Map());
  const [opened, setOpened] = useState(false);
  /** What was last asked for, per measure: `updatedAt|delivered`. */
  const asked = useRef(new Map<string, string>());
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (active) setOpened(true);
  }, [active]);

  useEffect(() => {
    if (!opened) return;
    controller.current ??= new AbortController();
    const signal = controller.current.signal;
    for (const m of measures) {
      const key = `${m.updatedAt}|${m.delivered?.amount ?? 0}`;
      const prev = asked.current.get(m.id);
      if (prev === key) continue;
      asked.current.set(m.id, key);
      const [prevUpdated, prevDelivered] = prev?.split('|') ?? [];
      if (prev === undefined || prevUpdated !== m.updatedAt) {
        api
          .get<{ items: MeasureHistoryEntry[] }>(`/api/measures/${enc(m.id)}/history`, signal)
          .then((r) => setHistory((old) => new Map(old).set(m.id, r.items ?? [])))
          .catch(() => {});
      }
      if (prev === undefined || prevDelivered !== String(m.delivered?.amount ?? 0)) {
        api
          .get<{ items: MeasureActivity[] }>(`/api/measures/${enc(m.id)}/activities`, signal)
          .then((r) => setActivities((old) => new Map(old).set(m.id, r.items ?? [])))
          .catch(() => {});
      }
    }
  }, [api, measures, opened]);

  useEffect(
    () => () => {
      controller.current?.abort();
      controller.current = null;
      asked.current.clear();
    },
    [],
  );

  return useMemo(() => measureLogRows(measures, history, activities), [measures, history, activities]);
}
