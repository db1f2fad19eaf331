/** The index settings a user can change, and the ranking they produce (computed by the server). */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import type { IndexItem } from '../api/types.ts';
import { DEFAULT_INDICATORS, type IndicatorChoice } from './indexModel.ts';

export type Method = 'zscore' | 'percentile';

export type RankedItem = IndexItem & { rank?: number | null; designated?: boolean; designation?: { category?: string } | string | null };

export interface IndexSettings {
  method: Method;
  year: number;
  weights: IndicatorChoice[];
  /** Weights changed by the user: the index is then computed for them, not read from the national ranking. */
  edited: boolean;
  /** The year chosen by the user, not the one the server's area data came with. */
  yearTouched: boolean;
}

export const INITIAL_SETTINGS: IndexSettings = { method: 'zscore', year: 2024, weights: [...DEFAULT_INDICATORS], edited: false, yearTouched: false };

export function useIndexSettings() {
  const [settings, setSettings] = useState<IndexSettings>(INITIAL_SETTINGS);
  const setMethod = useCallback((method: Method) => setSettings((s) => ({ ...s, method })), []);
  const chooseYear = useCallback((year: number) => setSettings((s) => ({ ...s, year, yearTouched: true })), []);
  const setWeight = useCallback(
    (indicator: string, weight: number) => setSettings((s) => ({ ...s, edited: true, weights: s.weights.map((w) => (w.indicator === indicator ? { ...w, weight } : w)) })),
    [],
  );
  /** The year of the server's area data; the user's own choice is left alone. */
  const setDataYear = useCallback((year: number) => setSettings((s) => ({ ...s, year })), []);
  const setDefaultWeights = useCallback((weights: IndicatorChoice[]) => setSettings((s) => ({ ...s, weights })), []);
  return { settings, setMethod, chooseYear, setWeight, setDataYear, setDefaultWeights };
}

/** The documented default index ranked nationally (designated areas marked), or the user's own weighting. */
export async function fetchIndex(api: ApiClient, s: IndexSettings): Promise<RankedItem[]> {
  if (!s.edited) {
    const r = await api.get<{ items: RankedItem[] }>(`/api/strategic/ranking?level=kommun&limit=1000&method=${s.method}${s.yearTouched ? `&year=${s.year}` : ''}`);
    return r.items;
  }
  const r = await api.post<{ items: IndexItem[] }>('/api/strategic/index', { level: 'kommun', year: s.year, method: s.method, indicators: s.weights.filter((w) => w.weight > 0) });
  return r.items;
}

/** The ranking: computed once on open with the initial settings, later on demand. */
export function useRanking(api: ApiClient, onError: (err: unknown) => void) {
  const [items, setItems] = useState<RankedItem[] | null>(null);
  const [busy, setBusy] = useState(false);
  const compute = useCallback(
    async (s: IndexSettings) => {
      setBusy(true);
      onError(null);
      try {
        setItems(await fetchIndex(api, s));
      } catch (err) {
        onError(err);
      } finally {
        setBusy(false);
      }
    },
    [api, onError],
  );
  useEffect(() => {
    compute(INITIAL_SETTINGS);
  }, [compute]);
  return { items, busy, compute };
}
