/**
 * The picture's collaboration and duty-room tools over the map: who is here, undo/redo of my edits, the
 * measure tool, counters with charts, opt-in alerts, and the wall-screen mode (`?wall=1`).
 */
import { useCallback, useMemo, useState } from 'react';
import type { IncidentView, ZoneView } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import { colorFor, type Peer } from '../../../collab/awareness.ts';
import type { LayerSession } from '../../../collab/LayerSession.ts';
import type { AnyGeometry } from '../../../map/geo.ts';
import type { PictureMapController } from '../../../map/PictureMapController.ts';
import type { LogRow } from '../EventLog.tsx';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';
import { JournalPanel } from '../journal/JournalPanel.tsx';
import { MeasureTool } from '../tools/MeasureTool.tsx';
import { countersFrom } from '../wall/counters.ts';
import { CountersPanel } from '../wall/CountersPanel.tsx';
import { useAlerts } from '../wall/useAlerts.ts';
import { isWallMode, WallScreen } from '../wall/WallScreen.tsx';
import './collab.css';
import type { LayerFeatures } from '../../../map/overlayData.ts';
import { commentPins } from './commentPins.ts';
import { CommentPins } from './CommentPins.tsx';
import { FeaturePopups } from './FeaturePopups.tsx';
import { Lifecycle } from './Lifecycle.tsx';
import { PresenceAvatars } from './PresenceAvatars.tsx';
import { useLayerUndo } from './useLayerUndo.ts';

type Pop = 'measure' | 'counters' | 'journal' | null;

export function CollabBar(props: {
  pictureId: string;
  title: string;
  /** The picture's lifecycle status, and whether the viewer administers the picture (may change it). */
  status: string;
  canAdminister: boolean;
  peers: readonly Peer[];
  /** The session of the layer I draw in (undo/redo act on it). */
  session: LayerSession | undefined;
  incidents: readonly IncidentView[];
  /** Incident id → end of its highlight: the ids a live event just created or changed. */
  highlight: Readonly<Record<string, number>>;
  zones: readonly ZoneView[];
  area: AnyGeometry | null;
  now: number;
  map: PictureMapController | null;
  placeOf: (i: IncidentView) => string | null;
  /** Every readable layer's log entries (the staff journal numbers them). */
  journalRows: readonly LogRow[];
  /** The visible layers' features: commented ones get a pin. */
  commentLayers: readonly LayerFeatures[];
  onOpenFeature: (layerId: string, featureId: string) => void;
}) {
  const { t, user } = useApp();
  const [pop, setPop] = useState<Pop>(null);
  // On a phone the tools fold away behind one button so the map stays usable; on larger screens they show.
  const [toolsOpen, setToolsOpen] = useState(() => typeof window === 'undefined' || typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 701px)').matches);
  const [showPins, setShowPins] = useState(true);
  const pins = useMemo(() => commentPins(props.commentLayers), [props.commentLayers]);
  // Rebuild markers only when a pin really changed, not on every document update.
  const pinKey = JSON.stringify(pins);
  const stablePins = useMemo(() => JSON.parse(pinKey) as typeof pins, [pinKey]);
  const me = user ? { name: user.displayName ?? user.username, org: user.organisation.name, color: colorFor(user.id) } : null;
  const undo = useLayerUndo(props.session, user ? { username: user.username, displayName: user.displayName ?? user.username } : null);
  // Counters change at most once a minute by the clock; live events change them at once.
  const minute = Math.floor(props.now / 60_000);
  const counters = useMemo(() => countersFrom(props.incidents, props.zones, minute * 60_000), [props.incidents, props.zones, minute]);
  const { placeOf } = props;
  const describe = useCallback(
    (i: IncidentView) => ({ title: `${t(INCIDENT_TYPE_KEYS[i.type])} – ${t('alerts.confirmed')}`, body: `${placeOf(i) ?? ''} ${new Date(i.occurredAt).toLocaleTimeString('sv-SE', { timeZone: 'Europe/Stockholm' })}`.trim() }),
    [t, placeOf],
  );
  const { incidents, highlight } = props;
  const changedLive = useMemo(() => incidents.filter((i) => highlight[i.id] !== undefined), [incidents, highlight]);
  const alerts = useAlerts(changedLive, props.area, describe);

  if (isWallMode()) return <WallScreen title={props.title} counters={counters} incidents={props.incidents} placeOf={props.placeOf} />;

  return (
    <>
      <div className="cb-bar" data-testid="collab-bar">
        <div className="cb-head">
          <PresenceAvatars me={me} peers={props.peers} />
          <button type="button" className="cb-fold" aria-expanded={toolsOpen} aria-controls="cb-tools" onClick={() => setToolsOpen((o) => !o)}>
            {t(toolsOpen ? 'collab.hideTools' : 'collab.showTools')}
          </button>
        </div>
        <div id="cb-tools" className="cb-tools" hidden={!toolsOpen}>
        <fieldset aria-label={t('collab.undoGroup')} style={{ border: 'none', margin: 0, padding: 0, display: 'inline-flex', gap: '0.2rem' }}>
          <button type="button" onClick={undo.undo} disabled={!undo.canUndo} title={t('collab.undoHint')} data-testid="undo">
            ↶ {t('collab.undo')}
          </button>{' '}
          <button type="button" onClick={undo.redo} disabled={!undo.canRedo} title={t('collab.redoHint')} data-testid="redo">
            ↷ {t('collab.redo')}
          </button>
        </fieldset>
        <button type="button" aria-pressed={pop === 'measure'} onClick={() => setPop(pop === 'measure' ? null : 'measure')}>
          {t('measureTool.open')}
        </button>
        <button type="button" aria-pressed={pop === 'counters'} onClick={() => setPop(pop === 'counters' ? null : 'counters')} data-testid="counters-toggle">
          {t('wall.countersShort', { n: counters.shootings7d + counters.explosions7d })}
        </button>
        <button type="button" aria-pressed={pop === 'journal'} onClick={() => setPop(pop === 'journal' ? null : 'journal')} data-testid="journal-toggle">
          {t('journal.open', { n: props.journalRows.length })}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={showPins} onChange={(e) => setShowPins(e.target.checked)} /> {t('collab.pins', { n: pins.length })}
        </label>
        <label className="checkbox" title={alerts.permission === 'denied' ? t('alerts.denied') : t('alerts.hint')}>
          <input type="checkbox" checked={alerts.enabled} onChange={(e) => void alerts.toggle(e.target.checked)} data-testid="alerts-toggle" /> {t('alerts.toggle')}
        </label>
        <Lifecycle pictureId={props.pictureId} status={props.status} canChange={props.canAdminister} />
        <a href="?wall=1" className="small">
          {t('wall.open')}
        </a>
        {undo.last === 'foreign' && (
          <p className="cb-message" role="status">
            {t('collab.undoForeign')}
          </p>
        )}
        </div>
        {alerts.alerted[0] && (
          <p className="cb-message" role="alert" data-testid="alert-latest">
            {describe(alerts.alerted[0]).title} {describe(alerts.alerted[0]).body}
          </p>
        )}
      </div>
      {showPins && <CommentPins map={props.map} pins={stablePins} onOpen={props.onOpenFeature} />}
      <FeaturePopups map={props.map} layers={props.commentLayers} />
      {pop === 'measure' && <MeasureTool map={props.map?.map ?? null} onClose={() => setPop(null)} />}
      {pop === 'journal' && <JournalPanel rows={props.journalRows} onClose={() => setPop(null)} />}
      {pop === 'counters' && (
        <section className="cb-pop" aria-label={t('wall.heading')}>
          <h3>{t('wall.heading')}</h3>
          <CountersPanel c={counters} />
        </section>
      )}
    </>
  );
}
