/** Drawing new features into the active layer: the draw mode, the map's draw handlers and Escape to cancel. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Geometry } from '../../../../shared/src/layerDoc.ts';
import type { LayerSession } from '../../collab/LayerSession.ts';
import type { DrawKind, PictureMapController } from '../../map/PictureMapController.ts';
import { drawFeatureLogged, reshapeFeatureLogged } from './featureLog.ts';
import type { Selection } from './useSelection.ts';

interface Options {
  map: PictureMapController | null;
  sessions: ReadonlyMap<string, LayerSession>;
  /** The layer new features go into, when the user may edit it. */
  targetLayerId: string | null;
  /** Who created or changed a feature, as stored on it and in the layer's log. */
  author: string;
  /** A feature was added: select it and show it. */
  onCreated: (s: Selection) => void;
}

export function useDrawing({ map, sessions, targetLayerId, author, onCreated }: Options) {
  const [drawMode, setDrawModeState] = useState<DrawKind | null>(null);
  // A drawing may be captured for someone else (a measure's target) instead of becoming a feature.
  const capture = useRef<((g: Geometry) => void) | null>(null);
  const [capturing, setCapturing] = useState(false);
  const setDrawMode = useCallback((m: DrawKind | null) => {
    if (capture.current) {
      capture.current = null;
      setCapturing(false);
    }
    setDrawModeState(m);
  }, []);
  /** Draws one geometry and hands it to `cb` (not into a layer); Escape cancels. */
  const captureGeometry = useCallback((kind: DrawKind, cb: (g: Geometry) => void) => {
    setDrawModeState(kind);
    capture.current = cb;
    setCapturing(true);
  }, []);

  const create = useCallback(
    (geometry: Geometry): Selection | null => {
      const s = targetLayerId ? sessions.get(targetLayerId) : undefined;
      if (!s || !targetLayerId) return null;
      const id = crypto.randomUUID();
      drawFeatureLogged(s.doc, id, geometry, author);
      const created = { layerId: targetLayerId, featureId: id };
      onCreated(created);
      return created;
    },
    [sessions, targetLayerId, author, onCreated],
  );

  useEffect(() => {
    map?.setHandlers({
      onDrawFinish: (geometry) => {
        const cb = capture.current;
        if (cb) {
          capture.current = null;
          setCapturing(false);
          setDrawModeState(null);
          cb(geometry);
        } else if (create(geometry)) setDrawMode(null);
      },
      onGeometryEdit: (featureId, geometry) => {
        for (const s of sessions.values()) if (reshapeFeatureLogged(s.doc, featureId, geometry, author)) break;
      },
    });
  }, [map, create, sessions, author, setDrawMode]);

  // A drawing belongs to its layer: another active layer (or losing the right to edit) restarts or ends it.
  useEffect(() => {
    if (!map) return;
    if (drawMode && (targetLayerId || capturing)) map.startDraw(drawMode);
    else map.stopDraw();
  }, [map, drawMode, targetLayerId, capturing]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && drawMode) setDrawMode(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawMode, setDrawMode]);

  /** For keyboard users: a point at the map's centre. */
  const addPointAtCentre = useCallback(() => {
    if (map) create({ type: 'Point', coordinates: map.center() });
  }, [map, create]);

  return { drawMode, setDrawMode, addPointAtCentre, captureGeometry, capturing };
}
