/** The drill-down's data: the levels an area can be opened into, and a ranking read from the drawn shapes. */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/http.ts';
import type { AreaCollection } from './areaLayers.ts';
import { childLevels } from './drill.ts';
import type { AreaLevel } from './labels.ts';
import type { RankedItem } from './useRanking.ts';

/** Child levels that have areas under `code` (a municipality may have districts, DeSO areas, both or neither). */
export function useChildLevels(api: ApiClient, code: string | null, level: AreaLevel | null): AreaLevel[] {
  const [levels, setLevels] = useState<AreaLevel[]>([]);
  useEffect(() => {
    setLevels([]);
    if (!code || !level) return;
    let live = true;
    const candidates = childLevels(level);
    Promise.all(
      candidates.map((l) =>
        api
          .get<{ items: unknown[] }>(`/api/areas?level=${l}&parentCode=${encodeURIComponent(code)}&limit=1`)
          .then((r) => (r.items.length > 0 ? l : null))
          .catch(() => null),
      ),
    ).then((found) => live && setLevels(found.filter((l): l is AreaLevel => l !== null)));
    return () => {
      live = false;
    };
  }, [api, code, level]);
  return levels;
}

/** Below the national municipality view the ranking is the drawn areas' own scores (the default index). */
export function itemsFromShapes(shapes: AreaCollection | null): RankedItem[] {
  if (!shapes) return [];
  return shapes.features.map((f) => {
    const p = f.properties;
    return {
      code: String(p.code),
      name: String(p.name ?? p.code),
      score: typeof p.score === 'number' ? p.score : null,
      level: typeof p.indexLevel === 'number' ? p.indexLevel : null,
      contributions: [],
      designated: p.designated === true,
      designation: typeof p.designation === 'string' ? p.designation : null,
    };
  });
}

/** The code vintage of the drawn areas: the watch list and movers need it where a level has several. */
export function vintageOf(shapes: AreaCollection | null): string | null {
  const v = shapes?.features[0]?.properties.vintage;
  return typeof v === 'string' ? v : null;
}
