import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { IncidentView, LayerSummary, LiveEvent, ZoneView } from '../../../shared/src/events.ts';
import { addFeature, updateFeature } from '../../../shared/src/layerDoc.ts';
import { query } from '../api/http.ts';
import { type IncidentPage, type Picture, type PicturePreview, previewExportLayers, type RiskInfo } from '../api/types.ts';
import { useApp } from '../AppContext.tsx';
import { colorFor, mergePeers, presenceFor } from '../collab/awareness.ts';
import { useLayerSessions } from '../collab/useLayerSessions.ts';
import { ErrorBanner, LanguageSwitch, UserMenu, useNow, LockIcon } from '../components/common.tsx';
import { formatDuration } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/sv.ts';
import { LiveConnection, type LiveStatus } from '../live/LiveConnection.ts';
import { expireHighlights, initialLiveState, type LiveState, mergeIncidents, reduceLive } from '../live/liveState.ts';
import { areaGeometry, bboxOf } from '../map/geo.ts';
import { annotationLabels, annotationsFc, incidentsFc, type LayerFeatures, peersOverlay, zoneLabels, zonesFc } from '../map/overlayData.ts';
import { type DrawKind, PictureMapController } from '../map/PictureMapController.ts';
import { loadPlaces, type PlaceIndex, placeName } from '../map/places.ts';
import { navigate } from '../router.ts';
import { canUseRtm, isPoliceAdmin } from '../state/session.ts';
import { browserStorage } from '../state/storage.ts';
import { markSeen } from '../state/unread.ts';
import { AccessEditor } from './picture/AccessEditor.tsx';
import { ConnectionBadge } from './picture/ConnectionBadge.tsx';
import { EventLog, mergeLogs } from './picture/EventLog.tsx';
import { FeaturePanel } from './picture/FeaturePanel.tsx';
import { HistoryPanel, type HistoryView } from './picture/HistoryPanel.tsx';
import { IncidentFeed } from './picture/IncidentFeed.tsx';
import { LayerPanel, type Overlays } from './picture/LayerPanel.tsx';
import { PreviewDialog } from './picture/PreviewDialog.tsx';
import { RiskPanel } from './picture/RiskPanel.tsx';
import { RtmPanel } from './picture/RtmPanel.tsx';
import { anyUnsynced, canEditLayer, lastSynced, overallStatus, pickActiveLayer } from './picture/pictureState.ts';

type Tab = 'incidents' | 'risk' | 'feature' | 'log' | 'history' | 'rtm';

type Action =
  | { kind: 'event'; e: LiveEvent }
  | { kind: 'joined'; layers: LayerSummary[] }
  | { kind: 'incidents'; items: IncidentView[] }
  | { kind: 'zones'; zones: ZoneView[] }
  | { kind: 'tick'; now: number };

function reducer(s: LiveState, a: Action): LiveState {
  switch (a.kind) {
    case 'event':
      return reduceLive(s, a.e);
    case 'joined':
      return { ...s, layers: a.layers, lastEventAt: new Date().toISOString() };
    case 'incidents':
      return mergeIncidents(s, a.items);
    case 'zones':
      return { ...s, zones: a.zones };
    case 'tick':
      return expireHighlights(s, a.now);
  }
}

export function PictureView({ pictureId }: { pictureId: string }) {
  const { api, token, user, t, locale, mapStyleUrl } = useApp();
  const [picture, setPicture] = useState<Picture | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [live, dispatch] = useReducer(reducer, initialLiveState);
  const [liveStatus, setLiveStatus] = useState<LiveStatus>('connecting');
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [overlays, setOverlays] = useState<Overlays>({ incidents: true, zones: true, risk: true, rtm: false, uso: false });
  const [activeLayerId, setActiveLayerId] = useState<string | null>(null);
  const [selection, setSelection] = useState<{ layerId: string; featureId: string } | null>(null);
  const [drawMode, setDrawMode] = useState<DrawKind | null>(null);
  const [editingShape, setEditingShape] = useState(false);
  const [tab, setTab] = useState<Tab>(() => (new URLSearchParams(window.location.search).get('tab') as Tab | null) ?? 'incidents');
  const [leftOpen, setLeftOpen] = useState(() => window.innerWidth >= 1024);
  const [rightOpen, setRightOpen] = useState(() => window.innerWidth >= 1024);
  const [history, setHistory] = useState<HistoryView | null>(null);
  const [preview, setPreview] = useState<PicturePreview | null>(null);
  const [accessLayer, setAccessLayer] = useState<LayerSummary | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  const [riskTiles, setRiskTiles] = useState<string | null>(null);
  const [rtmShown, setRtmShown] = useState<string | null>(null);
  const [focusedIncident, setFocusedIncident] = useState<string | null>(null);
  const [places, setPlaces] = useState<PlaceIndex | null>(null);
  const mapEl = useRef<HTMLElement>(null);
  const mapRef = useRef<PictureMapController | null>(null);
  const cursorRef = useRef<[number, number] | null>(null);
  const now = useNow(1_000);

  const layers: LayerSummary[] = live.layers ?? picture?.layers ?? [];
  const { sessions, states } = useLayerSessions(
    layers.map((l) => l.id),
    token,
  );
  const area = useMemo(() => areaGeometry(picture?.area), [picture?.area]);
  const showRtm = canUseRtm(user);
  const admin = isPoliceAdmin(user);

  // Picture, incidents and risk over REST; mark as seen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const ac = new AbortController();
    api
      .get<Picture>(`/api/pictures/${encodeURIComponent(pictureId)}`, ac.signal)
      .then(async (p) => {
        setPicture(p);
        const b = bboxOf(areaGeometry(p.area));
        const page = await api.get<IncidentPage>(`/api/incidents${query({ bbox: b ? b.map((x) => x.toFixed(5)).join(',') : null, limit: 200 })}`, ac.signal).catch(() => null);
        if (page) dispatch({ kind: 'incidents', items: page.items });
      })
      .catch((e) => (e as Error)?.name !== 'AbortError' && setError(e));
    api
      .get<RiskInfo>(`/api/pictures/${encodeURIComponent(pictureId)}/risk`, ac.signal)
      .then((r) => {
        dispatch({ kind: 'zones', zones: r.zones ?? [] });
        setRiskTiles(r.tiles ?? null);
      })
      .catch(() => {});
    if (user) markSeen(browserStorage(), user.id, pictureId);
    loadPlaces().then(setPlaces);
    return () => {
      ac.abort();
      if (user) markSeen(browserStorage(), user.id, pictureId);
    };
  }, [api, pictureId, user?.id]);

  // Live events.
  useEffect(() => {
    if (!token) return;
    const c = new LiveConnection(pictureId, token, {
      onEvent: (e) => {
        dispatch({ kind: 'event', e });
        if (e.type === 'picture.updated') setPicture((p) => (p ? { ...p, title: e.picture.title, updatedAt: e.picture.updatedAt } : p));
      },
      onJoined: (l) => dispatch({ kind: 'joined', layers: l }),
      onStatus: (s) => setLiveStatus(s),
    });
    c.start();
    return () => c.stop();
  }, [pictureId, token]);

  useEffect(() => {
    dispatch({ kind: 'tick', now });
  }, [now]);

  // The map.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    if (!mapEl.current) return;
    const m = new PictureMapController({
      container: mapEl.current,
      styleUrl: mapStyleUrl,
      token: () => token,
      locale,
      onFeatureClick: (layerId, featureId) => {
        setSelection({ layerId, featureId });
        setTab('feature');
        setRightOpen(true);
      },
      onIncidentClick: (id) => {
        setFocusedIncident(id);
        setTab('incidents');
        setRightOpen(true);
      },
      onCursor: (pos) => {
        cursorRef.current = pos;
      },
    });
    mapRef.current = m;
    (window as unknown as { __lagesbildMap?: unknown }).__lagesbildMap = m.map;
    return () => {
      m.destroy();
      mapRef.current = null;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const m = mapRef.current;
    if (!m || !picture) return;
    m.setArea(area);
    const b = bboxOf(area);
    if (b) m.whenReady().then(() => m.fitBounds(b));
  }, [picture?.id, area]);

  const activeId = pickActiveLayer(layers, activeLayerId);
  const activeLayer = layers.find((l) => l.id === activeId);

  // Drawing callbacks use the latest active layer.
  const drawTarget = useRef<string | null>(null);
  drawTarget.current = activeId;
  useEffect(() => {
    const m = mapRef.current;
    if (!m) return;
    m.setHandlers({
      onDrawFinish: (geometry) => {
        const layerId = drawTarget.current;
        const s = layerId ? sessions.get(layerId) : undefined;
        if (!s || !layerId) return;
        const id = crypto.randomUUID();
        addFeature(s.doc, id, geometry, { createdBy: user?.displayName ?? user?.username ?? '?' });
        setSelection({ layerId, featureId: id });
        setDrawMode(null);
        setTab('feature');
        setRightOpen(true);
      },
      onGeometryEdit: (featureId, geometry) => {
        for (const s of sessions.values()) if (updateFeature(s.doc, featureId, { geometry })) break;
      },
    });
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const m = mapRef.current;
    if (!m) return;
    if (drawMode && canEditLayer(activeLayer)) m.startDraw(drawMode);
    else m.stopDraw();
  }, [drawMode, activeLayer?.id, activeLayer?.access]);

  // Map overlays from state.
  const layerFeatures: LayerFeatures[] = useMemo(
    () =>
      layers
        .filter((l) => !hidden.has(l.id))
        .map((l) => ({ layerId: l.id, classification: l.classification, features: states.get(l.id)?.features ?? [] }))
        .filter((l) => !(history && history.layerId === l.layerId)),
    [layers, hidden, states, history],
  );
  useEffect(() => {
    mapRef.current?.setAnnotations(annotationsFc(layerFeatures, selection), annotationLabels(layerFeatures));
  }, [layerFeatures, selection]);

  const highlightKey = Object.keys(live.highlight).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    mapRef.current?.setIncidents(overlays.incidents ? incidentsFc(live.incidents, live.highlight, Date.now()) : { type: 'FeatureCollection', features: [] });
  }, [live.incidents, highlightKey, overlays.incidents]);

  const minuteTick = Math.floor(now / 60_000);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const zones = overlays.zones ? live.zones : [];
    mapRef.current?.setZones(
      zonesFc(zones),
      zoneLabels(zones, (z) => t('zones.mapLabel', { left: formatDuration(Date.parse(z.expiresAt) - Date.now(), locale) })),
    );
  }, [live.zones, overlays.zones, minuteTick, locale]);

  useEffect(() => {
    mapRef.current?.setRaster('risk', overlays.risk ? riskTiles : null, live.riskVersion);
  }, [riskTiles, overlays.risk, live.riskVersion]);

  useEffect(() => {
    const run = rtmShown ?? (overlays.rtm ? (picture?.rtmRunId ?? null) : null);
    mapRef.current?.setRaster('rtm', run ? `/api/rtm/runs/${encodeURIComponent(run)}/tiles/{z}/{x}/{y}.png` : null, 0);
  }, [rtmShown, overlays.rtm, picture?.rtmRunId]);

  useEffect(() => {
    mapRef.current?.setDesignatedAreasVisible(overlays.uso);
  }, [overlays.uso]);

  useEffect(() => {
    const fc = history?.collection ?? (preview ? { type: 'FeatureCollection' as const, features: previewExportLayers(preview).flatMap((l) => l.features?.features ?? []) } : null);
    mapRef.current?.setHistory(fc as never);
  }, [history, preview]);

  // Presence: publish who I am, what I selected and where my cursor is, ~4 times a second at most.
  // Each layer's document gets only what belongs to it (presenceFor): a selection only in its own layer,
  // the cursor only where I draw or select, so nothing about a police-internal layer reaches a shared one.
  const peers = useMemo(() => mergePeers([...states.values()].map((s) => s.peers)), [states]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    if (!user) return;
    const last = new Map<string, string>();
    const me = { name: user.displayName ?? user.username, org: user.organisation.name, color: colorFor(user.id) };
    const publish = () => {
      for (const s of sessions.values()) {
        const state = presenceFor(s.layerId, me, selection, activeId, cursorRef.current);
        const key = JSON.stringify(state);
        if (last.get(s.layerId) === key) continue;
        last.set(s.layerId, key);
        s.setPresence(state);
      }
    };
    publish();
    const id = setInterval(publish, 250);
    return () => clearInterval(id);
  }, [user, selection?.featureId, selection?.layerId, activeId, sessions, states.size]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const { selections, cursors } = peersOverlay(peers, layerFeatures);
    mapRef.current?.setPeers(selections, cursors);
  }, [JSON.stringify(peers), layerFeatures]);

  // Shape editing of the selected feature.
  const selLayer = selection ? layers.find((l) => l.id === selection.layerId) : undefined;
  const selState = selection ? states.get(selection.layerId) : undefined;
  const selFeature = selection ? selState?.features.find((f) => f.id === selection.featureId) : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => {
    const m = mapRef.current;
    if (!m) return;
    if (editingShape && selFeature && canEditLayer(selLayer)) m.startEdit(selFeature.id, selFeature.geometry);
    else m.stopEdit();
  }, [editingShape, selFeature?.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the listed values on purpose; the rest are stable or read when the effect runs
  useEffect(() => setEditingShape(false), [selection?.featureId]);

  // Keyboard: Escape cancels drawing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && drawMode) setDrawMode(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawMode]);

  // Place names are point-in-polygon lookups: compute each incident's once, not on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh cache whenever the place index changes
  const placeCache = useMemo(() => new Map<string, string | null>(), [places]);
  const placeOf = useCallback(
    (i: IncidentView) => {
      if (!places || !i.location) return null;
      const key = `${i.id}:${i.location.coordinates.join(',')}`;
      let v = placeCache.get(key);
      if (v === undefined) {
        v = placeName(places, i.location.coordinates);
        placeCache.set(key, v);
      }
      return v;
    },
    [places, placeCache],
  );
  const activeHighlightKey = Object.entries(live.highlight)
    .filter(([, until]) => until > now)
    .map(([id]) => id)
    .sort()
    .join(',');
  const activeHighlights = useMemo(() => new Set(activeHighlightKey ? activeHighlightKey.split(',') : []), [activeHighlightKey]);

  const focusIncident = useCallback((i: IncidentView) => {
    setFocusedIncident(i.id);
    if (i.location) mapRef.current?.map.flyTo({ center: i.location.coordinates, zoom: Math.max(mapRef.current.map.getZoom(), 13) });
  }, []);

  const docStatuses = [...states.values()].map((s) => s.status);
  const everOnline = useRef(false);
  if (liveStatus === 'connected' && docStatuses.every((d) => d === 'connected' || d === 'refused')) everOnline.current = true;
  const status = overallStatus(liveStatus, docStatuses, everOnline.current);
  const synced = lastSynced(states.values(), live.lastEventAt);
  const logRows = useMemo(() => mergeLogs(layers.map((l) => ({ layer: l, log: states.get(l.id)?.log ?? [] }))), [layers, states]);
  const featureLayer = selLayer ?? activeLayer ?? layers[0];
  const featureLayerState = featureLayer ? states.get(featureLayer.id) : undefined;

  const tabs: { id: Tab; label: MessageKey }[] = [
    { id: 'incidents', label: 'tab.incidents' },
    { id: 'risk', label: 'tab.risk' },
    { id: 'feature', label: 'tab.feature' },
    { id: 'log', label: 'tab.log' },
    { id: 'history', label: 'tab.history' },
    ...(showRtm ? [{ id: 'rtm' as Tab, label: 'tab.rtm' as MessageKey }] : []),
  ];

  return (
    <div className="picture-view">
      <header className="topbar">
        <a
          href="/"
          className="back-link"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          ← {t('nav.pictures')}
        </a>
        <h1 className="picture-heading">{picture?.title ?? t('common.loading')}</h1>
        {picture?.demo ? (
          <span className="badge badge-demo" title={t('picture.demoNote')} data-testid="demo-badge">
            {t('picture.demo')}
          </span>
        ) : null}
        <ConnectionBadge status={status} lastSyncedAt={synced} unsynced={anyUnsynced(states.values())} />
        <div className="spacer" />
        <LanguageSwitch />
        <UserMenu />
      </header>
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
            isAdmin={admin}
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
          <div className="draw-toolbar" role="toolbar" aria-label={t('draw.toolbar')}>
            {activeLayer && canEditLayer(activeLayer) ? (
              <>
                <span className="draw-target">{t('draw.target', { layer: activeLayer.name })}</span>
                {(['point', 'linestring', 'polygon'] as DrawKind[]).map((k) => (
                  <button key={k} type="button" aria-pressed={drawMode === k} className={drawMode === k ? 'active' : ''} onClick={() => setDrawMode(drawMode === k ? null : k)} data-draw={k}>
                    {t(`draw.${k}` as MessageKey)}
                  </button>
                ))}
                <button
                  type="button"
                  className="keyboard-point"
                  title={t('draw.centreHint')}
                  onClick={() => {
                    const m = mapRef.current;
                    const s = activeLayer ? sessions.get(activeLayer.id) : undefined;
                    if (!m || !s || !activeLayer) return;
                    const id = crypto.randomUUID();
                    addFeature(s.doc, id, { type: 'Point', coordinates: m.center() }, { createdBy: user?.displayName ?? user?.username ?? '?' });
                    setSelection({ layerId: activeLayer.id, featureId: id });
                    setTab('feature');
                    setRightOpen(true);
                  }}
                >
                  {t('draw.centre')}
                </button>
                {drawMode && (
                  <button type="button" onClick={() => setDrawMode(null)}>
                    {t('draw.cancel')}
                  </button>
                )}
              </>
            ) : (
              <span className="draw-target readonly-note"><LockIcon /> {t('draw.readOnly')}</span>
            )}
          </div>
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
          <aside className="side-panel right-panel" aria-label={t('panel.details')}>
            <div className="panel-head">
              <div role="tablist" aria-label={t('panel.details')} className="tabs">
                {tabs.map((tb) => (
                  <button
                    key={tb.id}
                    type="button"
                    role="tab"
                    id={`tab-${tb.id}`}
                    aria-selected={tab === tb.id}
                    aria-controls={`tabpanel-${tb.id}`}
                    tabIndex={tab === tb.id ? 0 : -1}
                    onClick={() => setTab(tb.id)}
                    onKeyDown={(e) => {
                      const i = tabs.findIndex((x) => x.id === tab);
                      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                        const n = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
                        setTab(n.id);
                        document.getElementById(`tab-${n.id}`)?.focus();
                      }
                    }}
                  >
                    {t(tb.label)}
                    {tb.id === 'incidents' && Object.keys(live.highlight).length > 0 && <span className="dot" aria-hidden="true" />}
                  </button>
                ))}
              </div>
              <button type="button" className="icon-button" onClick={() => setRightOpen(false)} aria-label={t('panel.close')}>
                ×
              </button>
            </div>
            <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {tab === 'incidents' && (
                <IncidentFeed incidents={live.incidents} highlighted={activeHighlights} placeOf={placeOf} onFocus={focusIncident} focusedId={focusedIncident} />
              )}
              {tab === 'risk' && (
                <RiskPanel
                  zones={live.zones}
                  now={now}
                  riskUpdatedAt={live.riskUpdatedAt}
                  hasTiles={!!riskTiles}
                  onFocus={(z) => {
                    const b = bboxOf(z.geometry);
                    if (b) mapRef.current?.fitBounds(b, true);
                  }}
                />
              )}
              {tab === 'feature' && (
                <FeaturePanel
                  layer={featureLayer}
                  session={featureLayer ? sessions.get(featureLayer.id) : undefined}
                  feature={selFeature}
                  features={featureLayerState?.features ?? []}
                  peers={peers}
                  onSelect={(fid) => setSelection(fid && featureLayer ? { layerId: featureLayer.id, featureId: fid } : null)}
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
                    setSelection({ layerId, featureId });
                    setTab('feature');
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
                  onAttached={(runId) => setPicture((p) => (p ? { ...p, rtmRunId: runId } : p))}
                />
              )}
            </div>
          </aside>
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
