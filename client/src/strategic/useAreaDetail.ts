/** What the area card shows about the selected municipality: its detail and its index over the years. */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import type { AreaDetail } from '../api/types.ts';
import type { Method } from './useRanking.ts';

export interface Trend {
  index: { year: number; score: number | null; level: number | null; rank: number | null; of: number }[];
}

export function useAreaDetail(api: ApiClient, code: string | null, method: Method, onError: (err: unknown) => void) {
  const [detail, setDetail] = useState<AreaDetail | null>(null);
  const [trend, setTrend] = useState<Trend | null>(null);

  useEffect(() => {
    setTrend(null);
    if (!code) return;
    api
      .get<Trend>(`/api/areas/${encodeURIComponent(code)}/trend?method=${method}`)
      .then(setTrend)
      .catch(() => setTrend(null));
  }, [api, code, method]);

  useEffect(() => {
    if (!code) {
      setDetail(null);
      return;
    }
    api
      .get<AreaDetail>(`/api/areas/${encodeURIComponent(code)}`)
      .then(setDetail)
      .catch((err) => {
        setDetail(null);
        onError(err);
      });
  }, [api, code, onError]);

  return { detail, trend };
}
