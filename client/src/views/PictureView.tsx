import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { IncidentView, LayerSummary } from '../../../shared/src/events.ts';
import { ApiError } from '../api/http.ts';
import type { PicturePreview } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { mergePeers } from '../collab/awareness.ts';
import { useLayerSessions } from '../collab/useLayerSessions.ts';
import { AppHeader } from '../components/AppHeader.tsx';
import { ErrorBanner, LockIcon, useNow } from '../components/common.tsx';
import type { MessageKey } from '../i18n/sv.ts';
import { CLASSIFICATION_COLORS } from '../map/colors.ts';
import { areaGeometry, bboxOf } from '../map/geo.ts';
import type { LayerFeatures } from '../map/overlayData.ts';
import { canUseRtm, isPoliceAdmin } from '../state/session.ts';
import { AccessEditor } from './picture/AccessEditor.tsx';
import { CollabBar } from './picture/collab/CollabBar.tsx';
import { ConnectionBadge } from './picture/ConnectionBadge.tsx';
import { DetailsPanel } from './picture/DetailsPanel.tsx';
import { DrawToolbar } from './picture/DrawToolbar.tsx';
import { EventLog, mergeLogs } from './picture/EventLog.tsx';
import { ExportDialog } from './picture/export/ExportDialog.tsx';
import { IncidentForm } from './picture/incidents/IncidentForm.tsx';
import { canWriteIncidents } from './picture/incidents/roles.ts';
import { StatusDialog } from './picture/incidents/StatusDialog.tsx';
import { useAreaPlacements, useIncidentAreasOnMap } from './picture/incidents/useIncidentAreas.ts';
import { usePlaceMarker } from './picture/incidents/usePlaceMarker.ts';
import { ImportDialog } from './picture/layers/ImportDialog.tsx';
import { AddLayerDialog, RenameLayerDialog } from './picture/layers/LayerDialogs.tsx';
import { QuickObservation } from './picture/layers/QuickObservation.tsx';
import { Legend } from './picture/legend/Legend.tsx';
import { legendEntries } from './picture/legend/legendModel.ts';
import { PlaceSearch } from './picture/search/PlaceSearch.tsx';
import { mergeEventRows } from './picture/measureLog.ts';
import { useMeasureLog } from './picture/useMeasureLog.ts';
import { FeaturePanel } from './picture/FeaturePanel.tsx';
import { HistoryPanel, type HistoryView } from './picture/HistoryPanel.tsx';
import { IncidentFeed } from './picture/IncidentFeed.tsx';
import { CLASSIFICATION_KEYS, LayerPanel, type Overlays } from './picture/LayerPanel.tsx';
import { MeasuresPanel } from './picture/measures/MeasuresPanel.tsx';
import { measuresFc, type UncoveredPlace } from './picture/measures/model.ts';
import { useMeasures } from './picture/measures/useMeasures.ts';
import { PreviewDialog } from './picture/PreviewDialog.tsx';
import { canEditLayer, pickActiveLayer } from './picture/pictureState.ts';
import { statusBannerKey } from './picture/pictureStatus.ts';
import { RiskPanel } from './picture/RiskPanel.tsx';
import { RtmPanel } from './picture/RtmPanel.tsx';
import { useConnectionStatus } from './picture/useConnectionStatus.ts';
import { useDrawing } from './picture/useDrawing.ts';
import { type Tab, usePanels } from './picture/usePanels.ts';
import { PictureReportsPanel } from './reports/PictureReportsPanel.tsx';
import { useMapContents, usePictureMap } from './picture/usePictureMap.ts';
import { usePictureData } from './picture/usePictureData.ts';
import { usePlaceNames } from './picture/usePlaceNames.ts';
import { usePresence } from './picture/usePresence.ts';
import { type Selection, useSelection, useShapeEditing } from './picture/useSelection.ts';

const BASE_TABS: { id: Tab; label: MessageKey }[] = [
  { id: 'incidents', label: 'tab.incidents' },
  { id: 'risk', label: 'tab.risk' },
  { id: 'measures', label: 'tab.measures' },
  { id: 'reports', label: 'tab.reports' },
  { id: 'feature', label: 'tab.feature' },
  { id: 'log', label: 'tab.log' },
  { id: 'history', label: 'tab.history' },
];
const RTM_TABS: { id: Tab; label: MessageKey }[] = [...BASE_TABS, { id: 'rtm', label: 'tab.rtm' }];

/** Zone features the risk state writes into the incidents layer (server/src/risk/layerZones.ts): the zone overlay draws them already. */
const isZoneFeature = (id: string) => id.startsWith('nrz:') || id.startsWith('pz:');

type ActionDialog =
  | { kind: 'addLayer' }
  | { kind: 'rename'; layer: LayerSummary }
  | { kind: 'import'; layer: LayerSummary; file: File | null }
  | { kind: 'export' }
  | { kind: 'status'; incident: IncidentView; action: 'confirm' | 'retract' };

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
  const areaOf = useAreaPlacements();
  const cursorRef = useRef<[number, number] | null>(null);
  // While the incident form picks its place, a click on the map is that place, not a click on what lies there.
  const pickingRef = useRef(false);
  const [dialog, setDialog] = useState<ActionDialog | null>(null);
  const [incidentForm, setIncidentForm] = useState(false);
  const [incidentPlace, setIncidentPlace] = useState<[number, number] | null>(null);
  const [picking, setPicking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const mapWrap = useRef<HTMLDivElement>(null);

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
        if (pickingRef.current) return;
        select({ layerId, featureId });
        showTab('feature');
      },
      [select, showTab],
    ),
    onIncidentClick: useCallback(
      (id: string) => {
        if (pickingRef.current) return;
        setFocusedIncident(id);
        showTab('incidents');
      },
      [showTab],
    ),
    onMeasureClick: useCallback(
      (id: string) => {
        if (pickingRef.current) return;
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
        .map((l) => ({ layerId: l.id, classification: l.classification, features: (states.get(l.id)?.features ?? []).filter((f) => !isZoneFeature(f.id)) }))
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

  // Area-precision incidents are drawn as their area, never as a point on the centroid.
  const pointIncidents = useMemo(() => live.incidents.filter((i) => !areaOf(i)), [live.incidents, areaOf]);
  useIncidentAreasOnMap(map, live.incidents, areaOf, overlays.incidents);

  useMapContents(map, {
    measures: measuresOnMap,
    uncovered: uncoveredOnMap,
    area,
    pictureLoaded: picture !== null,
    layerFeatures,
    selection,
    incidents: pointIncidents,
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
      const a = areaOf(i);
      const b = a ? bboxOf(a.geometry) : null;
      if (b && map) map.fitBounds(b, true);
      else if (i.location && map) map.map.flyTo({ center: i.location.coordinates, zoom: Math.max(map.map.getZoom(), 13) });
    },
    [map, areaOf],
  );

  usePlaceMarker(map, incidentForm ? incidentPlace : null);

  // "Välj i kartan": the next click on the map is the incident's place.
  pickingRef.current = picking;
  useEffect(() => {
    if (!picking || !map) return;
    const onClick = (e: { lngLat: { lng: number; lat: number } }) => {
      setIncidentPlace([e.lngLat.lng, e.lngLat.lat]);
      setPicking(false);
    };
    map.map.once('click', onClick);
    return () => {
      map.map.off('click', onClick);
    };
  }, [picking, map]);

  // A GeoJSON or CSV file dropped on the map goes to the import preview of the layer being drawn in.
  const dropTarget = drawTarget;
  useEffect(() => {
    const el = mapWrap.current;
    if (!el || !dropTarget) return;
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      setDialog({ kind: 'import', layer: dropTarget, file: f });
    };
    el.addEventListener('dragover', over);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragover', over);
      el.removeEventListener('drop', drop);
    };
  }, [dropTarget]);

  const connection = useConnectionStatus(liveStatus, states, live.lastEventAt);
  const layerLogRows = useMemo(() => mergeLogs(layers.map((l) => ({ layer: l, log: states.get(l.id)?.log ?? [] }))), [layers, states]);
  const measureLogRows = useMeasureLog(measureItems, tab === 'log');
  const logRows = useMemo(() => mergeEventRows(layerLogRows, measureLogRows), [layerLogRows, measureLogRows]);
  const featureLayer = selLayer ?? activeLayer ?? layers[0];
  const incidentWriter = canWriteIncidents(user);
  const pictureAdmin = layers.some((l) => l.access === 'admin');
  const author = user?.displayName ?? user?.username ?? '?';
  const minuteNow = Math.floor(now / 60_000) * 60_000;
  const rtmOnMap = rtmShown ?? (overlays.rtm ? (picture?.rtmRunId ?? null) : null);
  const legend = useMemo(
    () =>
      legendEntries({
        incidents: overlays.incidents && pointIncidents.length > 0,
        areaIncidents: overlays.incidents && pointIncidents.length < live.incidents.length,
        zones: overlays.zones && live.zones.length > 0,
        generalisedZones: live.zones.some((z) => z.generalised),
        risk: overlays.risk && !!riskTiles,
        rtm: !!rtmOnMap,
        layers: [...new Set(layerFeatures.filter((l) => l.features.length > 0).map((l) => l.classification))].map((c) => ({ name: t(CLASSIFICATION_KEYS[c]), colour: CLASSIFICATION_COLORS[c] })),
      }),
    [overlays, pointIncidents, live.incidents, live.zones, riskTiles, rtmOnMap, layerFeatures, t],
  );
  const exportLayers = useMemo(
    () => layers.map((l) => ({ id: l.id, name: l.name, classification: l.classification, features: (states.get(l.id)?.features ?? []).filter((f) => !isZoneFeature(f.id)) })),
    [layers, states],
  );

  // A picture that does not exist, or that this user may not read, says so instead of loading for ever.
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return (
      <div className="page">
        <AppHeader page="picture" title={t('picture.missing')} />
        <main className="content">
          <p role="alert" data-testid="picture-missing">
            {t('picture.missing')}
          </p>
          <a href="/">{t('picture.backToList')}</a>
        </main>
      </div>
    );
  }

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
            onAddLayer={pictureAdmin ? () => setDialog({ kind: 'addLayer' }) : undefined}
            onRename={(l) => setDialog({ kind: 'rename', layer: l })}
            onImport={(l) => setDialog({ kind: 'import', layer: l, file: null })}
            onExport={() => setDialog({ kind: 'export' })}
          />
        ) : (
          <button type="button" className="panel-toggle left" onClick={() => setLeftOpen(true)} aria-label={t('layers.open')}>
            ☰ {t('layers.heading')}
          </button>
        )}
        <div className="map-wrap" ref={mapWrap}>
          <section ref={mapEl} className="map" data-testid="map" aria-label={t('map.label')} />
          <PlaceSearch onPick={(b) => map?.fitBounds(b, true)} />
          <CollabBar
            pictureId={pictureId}
            status={picture?.status ?? 'active'}
            canAdminister={pictureAdmin || (picture as { right?: string } | null)?.right === 'admin'}
            title={picture?.title ?? ''}
            peers={peers}
            session={drawTarget ? sessions.get(drawTarget.id) : undefined}
            incidents={live.incidents}
            highlight={live.highlight}
            zones={live.zones}
            area={area}
            now={now}
            map={map}
            placeOf={placeOf}
            journalRows={layerLogRows}
            commentLayers={layerFeatures}
            onOpenFeature={(layerId, featureId) => {
              select({ layerId, featureId });
              showTab('feature');
            }}
          />
          <Legend entries={legend} />
          {drawTarget && (
            <QuickObservation
              layer={drawTarget}
              session={sessions.get(drawTarget.id)}
              author={author}
              mapCentre={() => map?.center() ?? null}
              onSaved={(featureId, message) => {
                setNotice(message);
                select({ layerId: drawTarget.id, featureId });
              }}
            />
          )}
          {notice && (
            <p className="toast" role="status" data-testid="toast">
              {notice}
              <button type="button" className="icon-button" onClick={() => setNotice(null)} aria-label={t('common.dismiss')}>
                ×
              </button>
            </p>
          )}
          <DrawToolbar target={drawTarget} drawMode={drawMode} onDrawMode={setDrawMode} onCentrePoint={addPointAtCentre} />
          {drawMode && (
            <p className="draw-hint" role="status">
              {t(`draw.hint.${drawMode}` as MessageKey)}
            </p>
          )}
          {statusBannerKey(picture?.status) && (
            <p className="closed-banner" role="status" data-testid="closed-banner">
              <LockIcon /> {t(statusBannerKey(picture?.status) as MessageKey)}
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
            {tab === 'incidents' && incidentWriter && !incidentForm && (
              <button type="button" className="wide" onClick={() => setIncidentForm(true)} data-testid="incident-register">
                + {t('incidentForm.open')}
              </button>
            )}
            {tab === 'incidents' && incidentWriter && incidentForm && (
              <IncidentForm
                place={incidentPlace}
                picking={picking}
                onPick={() => setPicking(true)}
                onUseCentre={() => {
                  setPicking(false);
                  setIncidentPlace(map?.center() ?? null);
                }}
                onDone={() => {
                  setIncidentForm(false);
                  setIncidentPlace(null);
                  setNotice(t('incidentForm.done'));
                }}
                onCancel={() => {
                  setIncidentForm(false);
                  setPicking(false);
                }}
              />
            )}
            {tab === 'incidents' && (
              <IncidentFeed
                incidents={live.incidents}
                highlighted={activeHighlights}
                placeOf={placeOf}
                areaOf={areaOf}
                onFocus={focusIncident}
                focusedId={focusedIncident}
                now={minuteNow}
                onAction={incidentWriter ? (incident, action) => setDialog({ kind: 'status', incident, action }) : undefined}
              />
            )}
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
            {tab === 'reports' && <PictureReportsPanel pictureId={pictureId} />}
            {tab === 'history' && <HistoryPanel layers={layers} view={history} onView={setHistory} logOf={(id) => states.get(id)?.log ?? []} />}
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
                canAttach={pictureAdmin}
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
      {dialog?.kind === 'addLayer' && <AddLayerDialog pictureId={pictureId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameLayerDialog layer={dialog.layer} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && (
        <ImportDialog
          layer={dialog.layer}
          session={sessions.get(dialog.layer.id)}
          author={author}
          initialFile={dialog.file}
          onClose={() => setDialog(null)}
          onDone={(message) => {
            setDialog(null);
            setNotice(message);
          }}
        />
      )}
      {dialog?.kind === 'export' && (
        <ExportDialog
          pictureId={pictureId}
          title={picture?.title ?? ''}
          layers={exportLayers.filter((l) => !hidden.has(l.id))}
          legend={legend}
          mapCanvas={() => map?.map.getCanvas() ?? null}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'status' && <StatusDialog incident={dialog.incident} action={dialog.action} onClose={() => setDialog(null)} />}
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
