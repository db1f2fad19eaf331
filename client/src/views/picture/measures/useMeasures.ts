/**
 * A picture's measures for the panel and the map: the list over REST, kept current by the live events
 * (`measure.created|updated|activity`), the coverage figures (hidden when the server has no coverage yet) and
 * the queue of activities recorded while offline.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/http.ts';
import { useApp } from '../../../AppContext.tsx';
import type { ExtraEvent } from '../../../live/LiveConnection.ts';
import { browserStorage } from '../../../state/storage.ts';
import type { Activity, ActivityInput, Coverage, Measure, MeasureInput } from './model.ts';
import { upsertMeasure } from './model.ts';
import { flushQueue, loadQueue, type QueuedActivity, saveQueue } from './queue.ts';

const enc = encodeURIComponent;

export function isNetworkError(e: unknown): boolean {
  return (e instanceof ApiError && (e.code === 'NETWORK' || e.status === 0 || e.status >= 502)) || (e as Error)?.name === 'TypeError';
}

export interface MeasuresState {
  items: Measure[];
  /** null while loading; false when the server has no measures endpoint (404) or refused. */
  loaded: boolean | null;
  error: unknown;
  coverage: Coverage | null;
  /** The server answered the coverage endpoint (false on 404: the view is hidden). */
  coverageAvailable: boolean;
  queued: QueuedActivity[];
  /** Bumped by every `measure.activity` event, so an open detail reloads its activities. */
  activityVersion: number;
}

export function useMeasures(pictureId: string) {
  const { api, user } = useApp();
  const userId = user?.id ?? 'anon';
  const [items, setItems] = useState<Measure[]>([]);
  const [loaded, setLoaded] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [coverageAvailable, setCoverageAvailable] = useState(false);
  const [queued, setQueued] = useState<QueuedActivity[]>(() => loadQueue(browserStorage(), userId));
  const [activityVersion, setActivityVersion] = useState(0);

  const loadCoverage = useCallback(
    (signal?: AbortSignal) =>
      api
        .get<Coverage>(`/api/pictures/${enc(pictureId)}/coverage`, signal)
        .then((c) => {
          setCoverage(c);
          setCoverageAvailable(true);
        })
        .catch((e) => {
          if ((e as Error)?.name === 'AbortError') return;
          if (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 501)) setCoverageAvailable(false);
        }),
    [api, pictureId],
  );

  const [reloads, setReloads] = useState(0);
  /** Loads the list again (after an import). */
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` asks for a fresh list.
  useEffect(() => {
    const ac = new AbortController();
    setLoaded(null);
    api
      .get<{ items: Measure[] }>(`/api/pictures/${enc(pictureId)}/measures`, ac.signal)
      .then((r) => {
        setItems(r.items ?? []);
        setLoaded(true);
      })
      .catch((e) => {
        if ((e as Error)?.name === 'AbortError') return;
        setLoaded(false);
        if (!(e instanceof ApiError && e.status === 404)) setError(e);
      });
    loadCoverage(ac.signal);
    return () => ac.abort();
  }, [api, pictureId, loadCoverage, reloads]);

  // Coverage is recomputed by the server on a change; refetch at most every 2 s after measure events.
  const coverageTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshCoverageSoon = useCallback(() => {
    if (coverageTimer.current) return;
    coverageTimer.current = setTimeout(() => {
      coverageTimer.current = null;
      loadCoverage();
    }, 2_000);
  }, [loadCoverage]);
  useEffect(() => () => void (coverageTimer.current && clearTimeout(coverageTimer.current)), []);

  const onLiveEvent = useCallback(
    (e: ExtraEvent) => {
      if (e.type === 'coverage.updated') {
        const c = e as unknown as Partial<Coverage>;
        setCoverage((old) => (old ? { ...old, top1: c.top1 ?? old.top1, top5: c.top5 ?? old.top5 } : old));
        refreshCoverageSoon();
        return;
      }
      const m = e.measure as Measure | undefined;
      if (!m || typeof m.id !== 'string') return;
      setItems((old) => upsertMeasure(old, m));
      if (e.type === 'measure.activity') setActivityVersion((v) => v + 1);
    },
    [refreshCoverageSoon],
  );

  const create = useCallback(
    async (input: MeasureInput) => {
      const m = await api.post<Measure>(`/api/pictures/${enc(pictureId)}/measures`, input);
      setItems((old) => upsertMeasure(old, m));
      return m;
    },
    [api, pictureId],
  );

  const update = useCallback(
    async (id: string, patch: Partial<MeasureInput>) => {
      const m = await api.request<Measure>('PATCH', `/api/measures/${enc(id)}`, patch);
      setItems((old) => upsertMeasure(old, m));
      return m;
    },
    [api],
  );

  const recordOutcome = useCallback(
    async (id: string, note: string | null) => {
      const m = await api.post<Measure>(`/api/measures/${enc(id)}/outcome`, { note });
      setItems((old) => upsertMeasure(old, m));
      return m;
    },
    [api],
  );

  const persistQueue = useCallback(
    (q: QueuedActivity[]) => {
      saveQueue(browserStorage(), userId, q);
      setQueued(q);
    },
    [userId],
  );

  const sendActivity = useCallback((measureId: string, input: ActivityInput) => api.post<Activity>(`/api/measures/${enc(measureId)}/activities`, input), [api]);

  /** Records an activity; without a network it is queued ("köad") and sent when the browser is back online. */
  const recordActivity = useCallback(
    async (measureId: string, input: ActivityInput): Promise<'sent' | 'queued'> => {
      const queue = () => {
        persistQueue([...loadQueue(browserStorage(), userId), { qid: crypto.randomUUID(), measureId, input, queuedAt: new Date().toISOString() }]);
        return 'queued' as const;
      };
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return queue();
      try {
        await sendActivity(measureId, input);
        setActivityVersion((v) => v + 1);
        return 'sent';
      } catch (e) {
        if (isNetworkError(e)) return queue();
        throw e;
      }
    },
    [sendActivity, persistQueue, userId],
  );

  const flushing = useRef(false);
  const flush = useCallback(async () => {
    if (flushing.current) return;
    const q = loadQueue(browserStorage(), userId);
    if (q.length === 0) return;
    flushing.current = true;
    try {
      const { left, sent } = await flushQueue(q, (item) => sendActivity(item.measureId, item.input).then(() => {}), isNetworkError);
      persistQueue(left);
      if (sent.length) setActivityVersion((v) => v + 1);
    } finally {
      flushing.current = false;
    }
  }, [userId, sendActivity, persistQueue]);

  useEffect(() => {
    const on = () => void flush();
    window.addEventListener('online', on);
    // Also retry now and then: `online` is not fired when only the server was away.
    const timer = setInterval(on, 15_000);
    on();
    return () => {
      window.removeEventListener('online', on);
      clearInterval(timer);
    };
  }, [flush]);

  const state: MeasuresState = { items, loaded, error, coverage, coverageAvailable, queued, activityVersion };
  return { state, onLiveEvent, create, update, recordOutcome, recordActivity, setError, reload };
}
