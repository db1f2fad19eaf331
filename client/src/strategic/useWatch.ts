/** The watch list and the biggest movers at the level shown (GET /api/strategic/watchlist and /movers). */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import type { AreaLevel } from './labels.ts';
import type { Method } from './useRanking.ts';

export interface WatchItem {
  code: string;
  name: string;
  score: number | null;
  level: number | null;
  change: number | null;
  status: string;
  reason: string;
  reasonEn?: string;
}

export interface Mover {
  code: string;
  name: string;
  from: number | null;
  to: number | null;
  change: number;
  levelFrom: number | null;
  levelTo: number | null;
}

export interface Movers {
  items: Mover[];
  from: number;
  to: number;
}

export function useWatch(api: ApiClient, which: 'watch' | 'movers' | null, level: AreaLevel, vintage: string | null, method: Method) {
  const [watch, setWatch] = useState<WatchItem[] | null>(null);
  const [movers, setMovers] = useState<Movers | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!which) return;
    setFailed(false);
    const q = `level=${level}&method=${method}${vintage ? `&vintage=${encodeURIComponent(vintage)}` : ''}`;
    if (which === 'watch') {
      setWatch(null);
      api
        .get<{ items: WatchItem[] }>(`/api/strategic/watchlist?${q}&limit=50`)
        .then((r) => setWatch(r.items))
        .catch(() => setFailed(true));
    } else {
      setMovers(null);
      api
        .get<Movers>(`/api/strategic/movers?${q}&limit=20`)
        .then(setMovers)
        .catch(() => setFailed(true));
    }
  }, [api, which, level, vintage, method]);
  return { watch, movers, failed };
}
