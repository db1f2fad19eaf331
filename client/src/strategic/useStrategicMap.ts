/** The strategic map's React side: the map lives as long as the view, and shows what the view holds. */
import { type RefObject, useEffect, useState } from 'react';
import type { AreaDetail } from '../api/types.ts';
import { bboxOf } from '../map/geo.ts';
import type { AreaCollection } from './areaLayers.ts';
import { LEVEL_COLORS, levelFor, NO_SCORE_COLOR } from './indexModel.ts';
import { StrategicMapController } from './StrategicMapController.ts';
import type { RankedItem } from './useRanking.ts';
import type { MapView } from './zoomLevel.ts';

export function useStrategicMap(
  container: RefObject<HTMLElement | null>,
  styleUrl: string | null,
  onAreaClick: (code: string) => void,
  onView?: (view: MapView) => void,
): StrategicMapController | null {
  const [map, setMap] = useState<StrategicMapController | null>(null);
  useEffect(() => {
    if (!container.current) return;
    const m = new StrategicMapController({ container: container.current, styleUrl, onAreaClick, onView });
    setMap(m);
    return () => {
      m.destroy();
      setMap(null);
    };
  }, [container, styleUrl, onAreaClick, onView]);
  return map;
}

/** Colours each municipality by its index level: the computed ranking's, else the score the shapes came with. */
export function colourAreas(shapes: AreaCollection, byCode: ReadonlyMap<string, RankedItem>, selected: string | null): AreaCollection {
  return {
    type: 'FeatureCollection',
    features: shapes.features.map((f) => {
      const code = String(f.properties.code);
      const it = byCode.get(code);
      const score = it ? it.score : typeof f.properties.score === 'number' ? (f.properties.score as number) : null;
      const lvl = it ? it.level : ((f.properties.indexLevel as number | null | undefined) ?? levelFor(score));
      return { ...f, properties: { ...f.properties, code, color: lvl ? LEVEL_COLORS[lvl] : NO_SCORE_COLOR, selected: code === selected } };
    }),
  };
}

export function useMapContents(
  map: StrategicMapController | null,
  view: { shapes: AreaCollection | null; byCode: ReadonlyMap<string, RankedItem>; selected: string | null; uso: boolean; detail: AreaDetail | null },
): void {
  const { shapes, byCode, selected, uso, detail } = view;
  useEffect(() => {
    if (map && shapes) map.setAreas(colourAreas(shapes, byCode, selected));
  }, [map, shapes, byCode, selected]);

  useEffect(() => {
    map?.setDesignatedAreasVisible(uso);
  }, [map, uso]);

  // A newly loaded area is brought into view.
  useEffect(() => {
    const b = detail ? bboxOf(detail.geometry) : null;
    if (b) map?.fitBounds(b);
  }, [map, detail]);
}
