/** The picture map's React side: one map for the life of the view, and effects that show what the view holds. */
import { type RefObject, useEffect, useRef, useState } from 'react';
import type { IncidentView, ZoneView } from '../../../../shared/src/events.ts';
import { previewExportLayers, type PicturePreview } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import type { Peer } from '../../collab/awareness.ts';
import { formatDuration } from '../../i18n/format.ts';
import { type AnyGeometry, bboxOf } from '../../map/geo.ts';
import { annotationLabels, annotationsFc, incidentsFc, type LayerFeatures, peersOverlay, zoneLabels, zonesFc } from '../../map/overlayData.ts';
import { PictureMapController } from '../../map/PictureMapController.ts';
import type { HistoryView } from './HistoryPanel.tsx';
import type { Overlays } from './LayerPanel.tsx';
import type { Selection } from './useSelection.ts';

export interface MapEvents {
  onFeatureClick: (layerId: string, featureId: string) => void;
  onIncidentClick: (incidentId: string) => void;
  onMeasureClick?: (measureId: string) => void;
  onCursor: (pos: [number, number] | null) => void;
}

/** Creates the map once the container is there; the events should be stable callbacks. */
export function usePictureMap(container: RefObject<HTMLElement | null>, events: MapEvents): PictureMapController | null {
  const { token, mapStyleUrl } = useApp();
  // Tile requests read the token when they are made; a new token must not rebuild the map.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const [map, setMap] = useState<PictureMapController | null>(null);
  const { onFeatureClick, onIncidentClick, onMeasureClick, onCursor } = events;
  useEffect(() => {
    if (!container.current) return;
    const m = new PictureMapController({
      container: container.current,
      styleUrl: mapStyleUrl,
      token: () => tokenRef.current,
      onFeatureClick,
      onIncidentClick,
      onMeasureClick,
      onCursor,
    });
    // The end-to-end tests watch the map's sources through this handle.
    (window as unknown as { __lagesbildMap?: unknown }).__lagesbildMap = m.map;
    setMap(m);
    return () => {
      m.destroy();
      setMap(null);
    };
  }, [container, mapStyleUrl, onFeatureClick, onIncidentClick, onMeasureClick, onCursor]);
  return map;
}

const NO_ZONES: ZoneView[] = [];
const NO_INCIDENTS = { type: 'FeatureCollection' as const, features: [] };

export interface MapContents {
  /** The picture's area once the picture has loaded. */
  area: AnyGeometry | null;
  pictureLoaded: boolean;
  layerFeatures: LayerFeatures[];
  selection: Selection | null;
  incidents: readonly IncidentView[];
  highlight: Record<string, number>;
  zones: readonly ZoneView[];
  riskTiles: string | null;
  riskVersion: number;
  /** The RTM run whose surface is shown, if any. */
  rtmRun: string | null;
  overlays: Overlays;
  history: HistoryView | null;
  preview: PicturePreview | null;
  peers: Peer[];
  now: number;
  /** The measures layer (null when switched off) and the coverage view's uncovered places. */
  measures?: Parameters<PictureMapController['setMeasures']>[0];
  uncovered?: Parameters<PictureMapController['setMeasures']>[1];
}

/** Keeps each overlay of the map in step with the view's state; each setter runs only when its input changes. */
export function useMapContents(map: PictureMapController | null, c: MapContents): void {
  const { t, locale } = useApp();
  const { area, pictureLoaded, layerFeatures, selection, incidents, highlight, riskTiles, riskVersion, rtmRun, overlays, history, preview, peers, now } = c;

  useEffect(() => {
    if (!map || !pictureLoaded) return;
    map.setArea(area);
    const b = bboxOf(area);
    if (b) map.whenReady().then(() => map.fitBounds(b));
  }, [map, pictureLoaded, area]);

  useEffect(() => {
    map?.setAnnotations(annotationsFc(layerFeatures, selection), annotationLabels(layerFeatures));
  }, [map, layerFeatures, selection]);

  useEffect(() => {
    map?.setIncidents(overlays.incidents ? incidentsFc(incidents, highlight, Date.now()) : NO_INCIDENTS);
  }, [map, incidents, highlight, overlays.incidents]);

  // Zone labels count down in minutes: the map is updated when a label's text changes, not every second.
  const zones = overlays.zones ? c.zones : NO_ZONES;
  const zoneTexts = JSON.stringify(zones.map((z) => [z.id, t('zones.mapLabel', { left: formatDuration(Date.parse(z.expiresAt) - now, locale) })]));
  useEffect(() => {
    const texts = new Map<string, string>(JSON.parse(zoneTexts));
    map?.setZones(
      zonesFc(zones),
      zoneLabels(zones, (z) => texts.get(z.id) ?? ''),
    );
  }, [map, zones, zoneTexts]);

  useEffect(() => {
    map?.setRaster('risk', overlays.risk ? riskTiles : null, riskVersion);
  }, [map, riskTiles, overlays.risk, riskVersion]);

  useEffect(() => {
    map?.setRaster('rtm', rtmRun ? `/api/rtm/runs/${encodeURIComponent(rtmRun)}/tiles/{z}/{x}/{y}.png` : null, 0);
  }, [map, rtmRun]);

  useEffect(() => {
    map?.setDesignatedAreasVisible(overlays.uso);
  }, [map, overlays.uso]);

  useEffect(() => {
    const fc = history?.collection ?? (preview ? { type: 'FeatureCollection' as const, features: previewExportLayers(preview).flatMap((l) => l.features?.features ?? []) } : null);
    map?.setHistory(fc as never);
  }, [map, history, preview]);

  const { measures = null, uncovered = null } = c;
  useEffect(() => {
    map?.setMeasures(measures, uncovered);
  }, [map, measures, uncovered]);

  useEffect(() => {
    const { selections, cursors } = peersOverlay(peers, layerFeatures);
    map?.setPeers(selections, cursors);
  }, [map, peers, layerFeatures]);
}
