import { useState } from 'react';
import type { Classification } from '../../../../../shared/src/access.ts';
import type { LayerSummary } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import { Dialog } from '../Dialog.tsx';
import { CLASSIFICATION_KEYS } from '../LayerPanel.tsx';

const CLASSES: Classification[] = ['police_internal', 'partner', 'public'];

/** A new layer; the server adds it for picture administrators and tells everyone who may read it. */
export function AddLayerDialog({ pictureId, onClose }: { pictureId: string; onClose: () => void }) {
  const { api, t, errorText } = useApp();
  const [name, setName] = useState('');
  const [classification, setClassification] = useState<Classification>('police_internal');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('layerAdmin.addHeading')} onClose={onClose} testId="add-layer-dialog">
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await api.post(`/api/pictures/${encodeURIComponent(pictureId)}/layers`, { name: name.trim(), kind: 'annotations', classification });
            onClose();
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <label>
          {t('layerAdmin.name')}
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoComplete="off" />
        </label>
        <label>
          {t('layerAdmin.classification')}
          <select name="classification" value={classification} onChange={(e) => setClassification(e.target.value as Classification)}>
            {CLASSES.map((c) => (
              <option key={c} value={c}>
                {t(CLASSIFICATION_KEYS[c])}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">{t('layerAdmin.classificationHint')}</p>
        {error ? (
          <p role="alert" className="error">
            {errorText(error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Renames a layer the user administers; the new name reaches every reader as layer.changed. */
export function RenameLayerDialog({ layer, onClose }: { layer: LayerSummary; onClose: () => void }) {
  const { api, t, errorText } = useApp();
  const [name, setName] = useState(layer.name);
  const [error, setError] = useState<unknown>(null);
  return (
    <Dialog title={t('layerAdmin.renameHeading')} onClose={onClose} testId="rename-layer-dialog">
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await api.request('PATCH', `/api/layers/${encodeURIComponent(layer.id)}`, { name: name.trim() });
            onClose();
          } catch (err) {
            setError(err);
          }
        }}
      >
        <label>
          {t('layerAdmin.name')}
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoComplete="off" />
        </label>
        {error ? (
          <p role="alert" className="error">
            {errorText(error)}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!name.trim() || name.trim() === layer.name}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
