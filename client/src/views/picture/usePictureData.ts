/**
 * A picture's data: the picture, incidents and risk over REST once, then live events (incidents, zones,
 * layers, RTM progress) over socket.io. One reducer holds what both feed.
 */
import { type Dispatch, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { IncidentView, LayerSummary, LiveEvent, ZoneView } from '../../../../shared/src/events.ts';
import { query } from '../../api/http.ts';
import type { IncidentPage, Picture, RiskInfo } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { type ExtraEvent, LiveConnection, type LiveStatus } from '../../live/LiveConnection.ts';
import { expireHighlights, initialLiveState, type LiveState, mergeIncidents, reduceLive } from '../../live/liveState.ts';
import { areaGeometry, bboxOf } from '../../map/geo.ts';
import { browserStorage } from '../../state/storage.ts';
import { markSeen } from '../../state/unread.ts';
import { capLayers, isOpen } from './pictureStatus.ts';

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

/** The picture, and the incidents in its area and its risk zones, over REST. */
function useRestLoad(pictureId: string, dispatch: Dispatch<Action>) {
  const { api } = useApp();
  const [picture, setPicture] = useState<Picture | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [riskTiles, setRiskTiles] = useState<string | null>(null);
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
    return () => ac.abort();
  }, [api, pictureId, dispatch]);
  return { picture, setPicture, error, riskTiles };
}

/** Live events of the picture while it is open. */
function useLiveEvents(
  pictureId: string,
  dispatch: Dispatch<Action>,
  onPictureUpdated: (p: { title: string; updatedAt: string; status: string }) => void,
  onExtra?: (e: ExtraEvent) => void,
): LiveStatus {
  const { token } = useApp();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // The measures panel's handler may change between renders; the connection reads the latest one.
  const extraRef = useRef(onExtra);
  extraRef.current = onExtra;
  useEffect(() => {
    if (!token) return;
    const c = new LiveConnection(pictureId, token, {
      onEvent: (e) => {
        dispatch({ kind: 'event', e });
        if (e.type === 'picture.updated') onPictureUpdated(e.picture);
      },
      onJoined: (l) => dispatch({ kind: 'joined', layers: l }),
      onStatus: setStatus,
      onExtra: (e) => extraRef.current?.(e),
    });
    c.start();
    return () => c.stop();
  }, [pictureId, token, dispatch, onPictureUpdated]);
  return status;
}

/** Marks the picture as seen when it opens and again when it closes (the changes seen while open). */
function useMarkSeen(pictureId: string) {
  const { user } = useApp();
  const userId = user?.id;
  useEffect(() => {
    if (userId) markSeen(browserStorage(), userId, pictureId);
    return () => {
      if (userId) markSeen(browserStorage(), userId, pictureId);
    };
  }, [userId, pictureId]);
}

/**
 * After the status changed while the picture is open: the layers with the rights the server now gives (a
 * reopened picture gives writing back, which the page cannot work out itself).
 */
function useRightsAfterStatus(pictureId: string, status: string | undefined, setPicture: Dispatch<(p: Picture | null) => Picture | null>, dispatch: Dispatch<Action>) {
  const { api } = useApp();
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (status === undefined) return;
    const before = seen.current;
    seen.current = status;
    if (before === undefined || before === status) return;
    const ac = new AbortController();
    api
      .get<Picture>(`/api/pictures/${encodeURIComponent(pictureId)}`, ac.signal)
      .then((p) => {
        setPicture(() => p);
        dispatch({ kind: 'joined', layers: p.layers });
      })
      // The capped rights stay until the next change or reload: never more than the server allowed.
      .catch(() => {});
    return () => ac.abort();
  }, [api, pictureId, status, setPicture, dispatch]);
}

export function usePictureData(pictureId: string, now: number, onExtra?: (e: ExtraEvent) => void) {
  const [live, dispatch] = useReducer(reducer, initialLiveState);
  const { picture, setPicture, error, riskTiles } = useRestLoad(pictureId, dispatch);
  const onPictureUpdated = useCallback(
    (u: { title: string; updatedAt: string; status: string }) =>
      setPicture((p) => (p ? { ...p, title: u.title, updatedAt: u.updatedAt, status: typeof u.status === 'string' ? u.status : p.status } : p)),
    [setPicture],
  );
  const liveStatus = useLiveEvents(pictureId, dispatch, onPictureUpdated, onExtra);
  useMarkSeen(pictureId);
  useEffect(() => {
    dispatch({ kind: 'tick', now });
  }, [now]);
  const attachRtmRun = useCallback((runId: string | null) => setPicture((p) => (p ? { ...p, rtmRunId: runId } : p)), [setPicture]);
  const status = picture?.status;
  useRightsAfterStatus(pictureId, status, setPicture, dispatch);
  // A picture that is not open is read-only at once, whatever rights were loaded before it closed.
  const shownPicture = useMemo(() => (picture && !isOpen(status) ? { ...picture, layers: capLayers(picture.layers, status) } : picture), [picture, status]);
  const shownLive = useMemo(() => (live.layers && !isOpen(status) ? { ...live, layers: capLayers(live.layers, status) } : live), [live, status]);
  return { picture: shownPicture, error, live: shownLive, liveStatus, riskTiles, attachRtmRun };
}
