import { useCallback, useMemo, useRef, useState } from 'react';
import type { IncidentView, LayerSummary } from '../../../shared/src/events.ts';
import type { PicturePreview } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { mergePeers } from '../collab/awareness.ts';
import { useLayerSessions } from '../collab/useLayerSessions.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { ErrorBanner, useNow } from '../components/common.tsx';
import type { MessageKey } from '../i18n/sv.ts';
import { areaGeometry, bboxOf } from '../map/geo.ts';
import type { LayerFeatures } from '../map/overlayData.ts';
import { canUseRtm, isPoliceAdmin } from '../state/session.ts';
import { AccessEditor } from './picture/AccessEditor.tsx';
import { ConnectionBadge } from './picture/ConnectionBadge.tsx';
import { DetailsPanel } from './picture/DetailsPanel.tsx';
import { DrawToolbar } from './picture/DrawToolbar.tsx';
import { EventLog, mergeLogs } from './picture/EventLog.tsx';
import { mergeEventRows } from './picture/measureLog.ts';
import { useMeasureLog } from './picture/useMeasureLog.ts';
import { FeaturePanel } from './picture/FeaturePanel.tsx';
import { HistoryPanel, type HistoryView } from './picture/HistoryPanel.tsx';
import { IncidentFeed } from './picture/IncidentFeed.tsx';
import { LayerPanel, type Overlays } from './picture/LayerPanel.tsx';
import { MeasuresPanel } from './picture/measures/MeasuresPanel.tsx';
import { measuresFc, type UncoveredPlace } from './picture/measures/model.ts';
import { useMeasures } from './picture/measures/useMeasures.ts';
import { PreviewDialog } from './picture/PreviewDialog.tsx';
import { canEditLayer, pickActiveLayer } from './picture/pictureState.ts';
import { RiskPanel } from './picture/RiskPanel.tsx';
import { RtmPanel } from './picture/RtmPanel.tsx';
import { useConnectionStatus } from './picture/useConnectionStatus.ts';
import { useDrawing } from './picture/useDrawing.ts';
import { type Tab, usePanels } from './picture/usePanels.ts';
import { useMapContents, usePictureMap } from './picture/usePictureMap.ts';
import { usePictureData } from './picture/usePictureData.ts';
import { usePlaceNames } from './picture/usePlaceNames.ts';
import { usePresence } from './picture/usePresence.ts';
import { type Selection, useSelection, useShapeEditing } from './picture/useSelection.ts';

const BASE_TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'incidents', label: 'tab.incidents' },
  { id: 'risk', label: 'tab.risk' },
  { id: 'measures', label: 'tab.measures' },
  { id: 'feature', label: 'tab.feature' },
  { id: 'log', label: 'tab.log' },
  { id: 'history', label: 'tab.history' },
];
const RTM_TABS: { id: Tab; label: MessageKey }[] = [...BASE_TABS, { id: 'rtm', label: 'tab.rtm' }];

/** One picture: its layers co-edited on the map, live incidents and risk, and the details beside them. */
export function PictureView({ pictureId }: { pictureId: string }) {
  const { token, user, t } = useApp();
  const now = useNow(1_000);
  const measures = useMeasures(pictureId);
  const { picture, error, live, liveStatus, riskTiles, attachRtmRun } = usePictureData(pictureId, now, measures.onLiveEvent);
  const [selectedMeasure, setSelectedMeasure] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [overlays, setOverlays] = useState<Overlays>({ incidents: true, zones: true, risk: true, rtm: false, uso: false, measures: true });
  const [activeLayerId, setActiveLayerId] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryView | null>(null);
  const [preview, setPreview] = useState<PicturePreview | null>(null);
  const [accessLayer, setAccessLayer] = useState<LayerSummary | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [rtmShown, setRtmShown] = useState<string | null>(null);
  const [focusedIncident, setFocusedIncident] = useState<string | null>(null);
  const { tab, setTab, showTab, leftOpen, setLeftOpen, rightOpen, setRightOpen } = usePanels();
  const { selection, editingShape, select, setEditingShape } = useSelection();
  const placeOf = usePlaceNames();
  const cursorRef = useRef<[number, number] | null>(null);

  const layers: LayerSummary[] = live.layers ?? picture?.layers ?? [];
  const { sessions, states } = useLayerSessions(
    layers.map((l) => l.id),
    token,
  );
  const area = useMemo(() => areaGeometry(picture?.area), [picture?.area]);
  const showRtm = canUseRtm(user);

  const mapEl = useRef<HTMLElement>(null);
  const map = usePictureMap(mapEl, {
    onFeatureClick: useCallback(
      (layerId: string, featureId: string) => {
        select({ layerId, featureId });
        showTab('feature');
      },
      [select, showTab],
    ),
    onIncidentClick: useCallback(
      (id: string) => {
        setFocusedIncident(id);
        showTab('incidents');
      },
      [showTab],
    ),
    onMeasureClick: useCallback(
      (id: string) => {
        setSelectedMeasure(id);
        showTab('measures');
      },
      [showTab],
    ),
    onCursor: useCallback((pos: [number, number] | null) => {
      cursorRef.current = pos;
    }, []),
  });

  const activeId = pickActiveLayer(layers, activeLayerId);
  const activeLayer = layers.find((l) => l.id === activeId);
  const drawTarget = activeLayer && canEditLayer(activeLayer) ? activeLayer : undefined;
  const { drawMode, setDrawMode, addPointAtCentre, captureGeometry } = useDrawing({
    map,
    sessions,
    targetLayerId: drawTarget?.id ?? null,
    author: user?.displayName ?? user?.username ?? '?',
    onCreated: useCallback(
      (s: Selection) => {
        select(s);
        showTab('feature');
      },
      [select, showTab],
    ),
  });

  const layerFeatures: LayerFeatures[] = useMemo(
    () =>
      layers
        .filter((l) => !hidden.has(l.id))
        .map((l) => ({ layerId: l.id, classification: l.classification, features: states.get(l.id)?.features ?? [] }))
        .filter((l) => !(history && history.layerId === l.layerId)),
    [layers, hidden, states, history],
  );
  const peers = useMemo(() => mergePeers([...states.values()].map((s) => s.peers)), [states]);
  usePresence({ user, sessions, layerIds: [...states.keys()], selection, activeLayerId: activeId, cursor: cursorRef });

  const selLayer = selection ? layers.find((l) => l.id === selection.layerId) : undefined;
  const selFeature = selection ? states.get(selection.layerId)?.features.find((f) => f.id === selection.featureId) : undefined;
  useShapeEditing(map, editingShape && canEditLayer(selLayer) ? selFeature : undefined);

  const measureItems = measures.state.items;
  const measuresOnMap = useMemo(() => (overlays.measures ? measuresFc(measureItems, selectedMeasure) : null), [overlays.measures, measureItems, selectedMeasure]);
  const uncoveredPlaces = measures.state.coverage?.uncovered;
  const uncoveredOnMap = useMemo(() => (tab === 'measures' && uncoveredPlaces ? uncoveredFc(uncoveredPlaces) : null), [tab, uncoveredPlaces]);

  useMapContents(map, {
    measures: measuresOnMap,
    uncovered: uncoveredOnMap,
    area,
    pictureLoaded: picture !== null,
    layerFeatures,
    selection,
    incidents: live.incidents,
    highlight: live.highlight,
    zones: live.zones,
    riskTiles,
    riskVersion: live.riskVersion,
    rtmRun: rtmShown ?? (overlays.rtm ? (picture?.rtmRunId ?? null) : null),
    overlays,
    history,
    preview,
    peers,
    now,
  });

  const activeHighlightKey = Object.entries(live.highlight)
    .filter(([, until]) => until > now)
    .map(([id]) => id)
    .sort()
    .join(',');
  const activeHighlights = useMemo(() => new Set(activeHighlightKey ? activeHighlightKey.split(',') : []), [activeHighlightKey]);
  const focusIncident = useCallback(
    (i: IncidentView) => {
      setFocusedIncident(i.id);
      if (i.location && map) map.map.flyTo({ center: i.location.coordinates, zoom: Math.max(map.map.getZoom(), 13) });
    },
    [map],
  );

  const connection = useConnectionStatus(liveStatus, states, live.lastEventAt);
  const layerLogRows = useMemo(() => mergeLogs(layers.map((l) => ({ layer: l, log: states.get(l.id)?.log ?? [] }))), [layers, states]);
  const measureLogRows = useMeasureLog(measureItems, tab === 'log');
  const logRows = useMemo(() => mergeEventRows(layerLogRows, measureLogRows), [layerLogRows, measureLogRows]);
  const featureLayer = selLayer ?? activeLayer ?? layers[0];

  return (
    <div className="picture-view">
      <AppHeader page="picture" title={picture?.title ?? t('common.loading')}>
        {picture?.demo ? (
          <span className="badge badge-demo" title={t('picture.demoNote')} data-testid="demo-badge">
            {t('picture.demo')}
          </span>
        ) : null}
        <ConnectionBadge status={connection.status} lastSyncedAt={connection.lastSyncedAt} unsynced={connection.unsynced} />
      </AppHeader>
      <ErrorBanner error={error} />
      <div className="picture-body">
        {leftOpen ? (
          <LayerPanel
            layers={layers}
            states={states}
            hidden={hidden}
            onToggle={(id) =>
              setHidden((h) => {
                const n = new Set(h);
                if (n.has(id)) n.delete(id);
                else n.add(id);
                return n;
              })
            }
            activeLayerId={activeId}
            onActivate={setActiveLayerId}
            overlays={overlays}
            onOverlay={(k, v) => setOverlays((o) => ({ ...o, [k]: v }))}
            showRtm={showRtm}
            isAdmin={isPoliceAdmin(user)}
            onAccess={setAccessLayer}
            onPreview={() => setPreviewOpen(true)}
            onClose={() => setLeftOpen(false)}
          />
        ) : (
          <button type="button" className="panel-toggle left" onClick={() => setLeftOpen(true)} aria-label={t('layers.open')}>
            ☰ {t('layers.heading')}
          </button>
        )}
        <div className="map-wrap">
          <section ref={mapEl} className="map" data-testid="map" aria-label={t('map.label')} />
          <DrawToolbar target={drawTarget} drawMode={drawMode} onDrawMode={setDrawMode} onCentrePoint={addPointAtCentre} />
          {drawMode && (
            <p className="draw-hint" role="status">
              {t(`draw.hint.${drawMode}` as MessageKey)}
            </p>
          )}
          {(history || preview) && (
            <div className="history-banner" role="status">
              {history ? t('history.bannerHistory') : t('preview.banner')}
              <button
                type="button"
                onClick={() => {
                  setHistory(null);
                  setPreview(null);
                }}
              >
                {t('history.backToLive')}
              </button>
            </div>
          )}
          <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
        </div>
        {rightOpen ? (
          <DetailsPanel tabs={showRtm ? RTM_TABS : BASE_TABS} tab={tab} onTab={setTab} newIncidents={Object.keys(live.highlight).length > 0} onClose={() => setRightOpen(false)}>
            {tab === 'incidents' && <IncidentFeed incidents={live.incidents} highlighted={activeHighlights} placeOf={placeOf} onFocus={focusIncident} focusedId={focusedIncident} />}
            {tab === 'risk' && (
              <RiskPanel
                zones={live.zones}
                now={now}
                riskUpdatedAt={live.riskUpdatedAt}
                hasTiles={!!riskTiles}
                onFocus={(z) => {
                  const b = bboxOf(z.geometry);
                  if (b) map?.fitBounds(b, true);
                }}
              />
            )}
            {tab === 'measures' && (
              <MeasuresPanel
                pictureId={pictureId}
                rtmRunId={showRtm ? (picture?.rtmRunId ?? null) : null}
                zones={live.zones}
                measures={measures}
                selectedId={selectedMeasure}
                onSelect={setSelectedMeasure}
                onShowTarget={(g) => {
                  const b = bboxOf(g);
                  if (b) map?.fitBounds(b, true);
                }}
                onFly={(centre, b) => {
                  if (b) map?.fitBounds(b, true);
                  else map?.flyTo(centre);
                }}
                selectedFeatureGeometry={selFeature?.geometry ?? null}
                mapCentre={() => map?.center() ?? null}
                captureGeometry={captureGeometry}
                now={now}
              />
            )}
            {tab === 'feature' && (
              <FeaturePanel
                layer={featureLayer}
                session={featureLayer ? sessions.get(featureLayer.id) : undefined}
                feature={selFeature}
                features={(featureLayer ? states.get(featureLayer.id) : undefined)?.features ?? []}
                peers={peers}
                onSelect={(fid) => select(fid && featureLayer ? { layerId: featureLayer.id, featureId: fid } : null)}
                editingShape={editingShape}
                onEditShape={setEditingShape}
              />
            )}
            {tab === 'log' && (
              <EventLog
                layers={layers}
                rows={logRows}
                sessions={sessions}
                selected={selection}
                preferredLayerId={selection?.layerId ?? activeId}
                onFeature={(layerId, featureId) => {
                  select({ layerId, featureId });
                  setTab('feature');
                }}
                onMeasure={(id) => {
                  setSelectedMeasure(id);
                  setTab('measures');
                }}
              />
            )}
            {tab === 'history' && <HistoryPanel layers={layers} view={history} onView={setHistory} />}
            {tab === 'rtm' && showRtm && (
              <RtmPanel
                pictureId={pictureId}
                attachedRunId={picture?.rtmRunId ?? null}
                area={area}
                layers={layers}
                incidents={live.incidents}
                progress={live.rtm}
                shownRunId={rtmShown}
                onShowSurface={setRtmShown}
                onAttached={attachRtmRun}
              />
            )}
          </DetailsPanel>
        ) : (
          <button type="button" className="panel-toggle right" onClick={() => setRightOpen(true)} aria-label={t('panel.open')}>
            {t('panel.details')}
          </button>
        )}
      </div>
      {accessLayer && <AccessEditor layer={accessLayer} onClose={() => setAccessLayer(null)} />}
      {previewOpen && (
        <PreviewDialog
          pictureId={pictureId}
          onClose={() => setPreviewOpen(false)}
          onShow={(p) => {
            setPreview(p);
            setPreviewOpen(false);
          }}
        />
      )}
    </div>
  );
}

/** The coverage view's uncovered high-risk places as outlined boxes on the map. */
function uncoveredFc(places: readonly UncoveredPlace[]) {
  return {
    type: 'FeatureCollection' as const,
    features: places.map((u) => {
      const [w, s, e, n] = u.bbox;
      return {
        type: 'Feature' as const,
        id: `u${u.rank}`,
        geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
        properties: { rank: u.rank, risk: u.risk },
      };
    }),
  };
}
