import type { Classification } from '../../../../shared/src/access.ts';
import { LockIcon } from '../../components/common.tsx';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import type { LayerSessionState } from '../../collab/LayerSession.ts';
import { closeCodeKey } from '../../collab/LayerSession.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { CLASSIFICATION_COLORS } from '../../map/colors.ts';
import { canEditLayer } from './pictureState.ts';

export const CLASSIFICATION_KEYS: Record<Classification, MessageKey> = {
  police_internal: 'classification.police_internal',
  partner: 'classification.partner',
  public: 'classification.public',
};

export function ClassificationBadge({ classification }: { classification: Classification }) {
  const { t } = useApp();
  return (
    <span className={`class-badge class-${classification}`} style={{ borderColor: CLASSIFICATION_COLORS[classification] }}>
      <span className="class-swatch" style={{ background: CLASSIFICATION_COLORS[classification] }} aria-hidden="true" />
      {t(CLASSIFICATION_KEYS[classification])}
    </span>
  );
}

export interface Overlays {
  incidents: boolean;
  zones: boolean;
  risk: boolean;
  rtm: boolean;
  uso: boolean;
  measures: boolean;
}

export function LayerPanel(props: {
  layers: readonly LayerSummary[];
  states: Map<string, LayerSessionState>;
  hidden: ReadonlySet<string>;
  onToggle: (id: string) => void;
  activeLayerId: string | null;
  onActivate: (id: string) => void;
  overlays: Overlays;
  onOverlay: (k: keyof Overlays, v: boolean) => void;
  showRtm: boolean;
  isAdmin: boolean;
  onAccess: (layer: LayerSummary) => void;
  onPreview: () => void;
  onClose: () => void;
  /** Picture administrators add layers (the server's rule: admin right on the picture). */
  onAddLayer?: () => void;
  onRename?: (layer: LayerSummary) => void;
  onImport?: (layer: LayerSummary) => void;
  onExport?: () => void;
}) {
  const { t } = useApp();
  const { layers, states, hidden } = props;
  const kindKey = (k: string): MessageKey | null =>
    (({ annotations: 'kind.annotations', incidents: 'kind.incidents', risk: 'kind.risk', measures: 'kind.measures', reference: 'kind.reference', public: 'kind.public', rtm_factor: 'kind.rtm_factor' }) as Record<string, MessageKey>)[k] ?? null;
  return (
    <aside className="side-panel left-panel" aria-label={t('layers.heading')} data-testid="layer-panel">
      <div className="panel-head">
        <h2>{t('layers.heading')}</h2>
        <button type="button" className="icon-button" onClick={props.onClose} aria-label={t('layers.close')}>
          ×
        </button>
      </div>
      <ul className="layer-list">
        {layers.map((l) => {
          const st = states.get(l.id);
          const editable = canEditLayer(l);
          const kk = kindKey(l.kind);
          return (
            <li key={l.id} className="layer-item" data-layer-id={l.id} data-classification={l.classification}>
              <div className="layer-row">
                <input type="checkbox" id={`vis-${l.id}`} checked={!hidden.has(l.id)} onChange={() => props.onToggle(l.id)} />
                <label htmlFor={`vis-${l.id}`} className="layer-name">
                  {l.name}
                </label>
              </div>
              <div className="layer-meta">
                <ClassificationBadge classification={l.classification} />
                <span className="muted">{kk ? t(kk) : l.kind}</span>
                {editable ? (
                  <span className="badge badge-write">{t('layers.writable')}</span>
                ) : (
                  <span className="badge badge-readonly" title={t('layers.readOnlyHint')}>
                    <LockIcon /> {t('layers.readOnly')}
                  </span>
                )}
                {st?.status === 'refused' && st.closeCode && <span className="badge badge-warn">{t(closeCodeKey(st.closeCode))}</span>}
              </div>
              <div className="layer-actions">
                {editable && (
                  <button type="button" aria-pressed={props.activeLayerId === l.id} onClick={() => props.onActivate(l.id)} className={props.activeLayerId === l.id ? 'active' : ''}>
                    {props.activeLayerId === l.id ? t('layers.drawingHere') : t('layers.drawHere')}
                  </button>
                )}
                {props.isAdmin && l.access === 'admin' && (
                  <button type="button" onClick={() => props.onAccess(l)}>
                    {t('layers.access')}
                  </button>
                )}
                {l.access === 'admin' && props.onRename && (
                  <button type="button" onClick={() => props.onRename?.(l)}>
                    {t('layerAdmin.rename')}
                  </button>
                )}
                {editable && props.onImport && (
                  <button type="button" onClick={() => props.onImport?.(l)}>
                    {t('layerAdmin.import')}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {props.onAddLayer && (
        <button type="button" className="wide" onClick={props.onAddLayer}>
          + {t('layerAdmin.add')}
        </button>
      )}
      <h3>{t('overlays.heading')}</h3>
      <ul className="overlay-list">
        {(['incidents', 'zones', 'risk', 'measures', ...(props.showRtm ? (['rtm'] as const) : []), 'uso'] as (keyof Overlays)[]).map((k) => (
          <li key={k}>
            <label className="checkbox">
              <input type="checkbox" checked={props.overlays[k]} onChange={(e) => props.onOverlay(k, e.target.checked)} /> {t(`overlays.${k}` as MessageKey)}
            </label>
          </li>
        ))}
      </ul>
      {props.isAdmin && (
        <button type="button" className="wide" onClick={props.onPreview}>
          {t('preview.open')}
        </button>
      )}
      {props.onExport && (
        <button type="button" className="wide" onClick={props.onExport}>
          {t('export.open')}
        </button>
      )}
    </aside>
  );
}
