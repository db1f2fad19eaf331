import type { LayerSummary } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import { LockIcon } from '../../components/common.tsx';
import type { MessageKey } from '../../i18n/sv.ts';
import type { DrawKind } from '../../map/PictureMapController.ts';

const KINDS: DrawKind[] = ['point', 'linestring', 'polygon'];

interface Props {
  /** The layer drawn into; undefined when the active layer is read-only for this user. */
  target: LayerSummary | undefined;
  drawMode: DrawKind | null;
  onDrawMode: (k: DrawKind | null) => void;
  onCentrePoint: () => void;
}

export function DrawToolbar({ target, drawMode, onDrawMode, onCentrePoint }: Props) {
  const { t } = useApp();
  return (
    <div className="draw-toolbar" role="toolbar" aria-label={t('draw.toolbar')}>
      {target ? (
        <>
          <span className="draw-target">{t('draw.target', { layer: target.name })}</span>
          {KINDS.map((k) => (
            <button key={k} type="button" aria-pressed={drawMode === k} className={drawMode === k ? 'active' : ''} onClick={() => onDrawMode(drawMode === k ? null : k)} data-draw={k}>
              {t(`draw.${k}` as MessageKey)}
            </button>
          ))}
          <button type="button" className="keyboard-point" title={t('draw.centreHint')} onClick={onCentrePoint}>
            {t('draw.centre')}
          </button>
          {drawMode && (
            <button type="button" onClick={() => onDrawMode(null)}>
              {t('draw.cancel')}
            </button>
          )}
        </>
      ) : (
        <span className="draw-target readonly-note">
          <LockIcon /> {t('draw.readOnly')}
        </span>
      )}
    </div>
  );
}
