import { useState } from 'react';
import type { LayerSummary } from '../../../../../shared/src/events.ts';
import { addFeature, FEATURE_CATEGORIES, appendLog } from '../../../../../shared/src/layerDoc.ts';
import { useApp } from '../../../AppContext.tsx';
import type { LayerSession } from '../../../collab/LayerSession.ts';
import type { MessageKey } from '../../../i18n/sv.ts';

/** How long to wait for a position fix before falling back to the map centre. */
const GEO_TIMEOUT_MS = 8_000;

/**
 * The one-handed street flow for a partner: "+" → where (my position or the map centre) → what (one tap on a
 * category) → optional note → save. Large targets at the bottom of the screen, the map left visible above.
 */
export function QuickObservation(props: { layer: LayerSummary; session: LayerSession | undefined; author: string; mapCentre: () => [number, number] | null; onSaved: (featureId: string, message: string) => void }) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  const [where, setWhere] = useState<[number, number] | null>(null);
  const [whereFrom, setWhereFrom] = useState<'gps' | 'centre' | null>(null);
  const [locating, setLocating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [note, setNote] = useState('');

  const reset = () => {
    setOpen(false);
    setWhere(null);
    setWhereFrom(null);
    setCategory(null);
    setNote('');
    setNotice(null);
  };
  const takeCentre = () => {
    setWhere(props.mapCentre());
    setWhereFrom('centre');
  };
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setNotice(t('phone.noPosition'));
      takeCentre();
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setWhere([p.coords.longitude, p.coords.latitude]);
        setWhereFrom('gps');
      },
      () => {
        setLocating(false);
        setNotice(t('phone.noPosition'));
        takeCentre();
      },
      { enableHighAccuracy: true, timeout: GEO_TIMEOUT_MS, maximumAge: 60_000 },
    );
  };
  const save = () => {
    if (!where || !category || !props.session) return;
    const id = crypto.randomUUID();
    const doc = props.session.doc;
    const now = new Date();
    const title = t(`category.${category}` as MessageKey);
    doc.transact(() => {
      addFeature(doc, id, { type: 'Point', coordinates: where }, { createdBy: props.author, title, description: note.trim(), category }, now);
      appendLog(doc, { id: crypto.randomUUID(), time: now.toISOString(), author: props.author, text: `${t('phone.addHeading')}: ${title}${note.trim() ? ` – ${note.trim()}` : ''}`, featureIds: [id] });
    });
    props.onSaved(id, t('phone.saved', { layer: props.layer.name }));
    reset();
  };

  if (!open)
    return (
      <button type="button" className="fab" onClick={() => setOpen(true)} aria-label={t('phone.add')} data-testid="quick-add">
        +
      </button>
    );
  return (
    <section className="quick-sheet" aria-labelledby="quick-h" data-testid="quick-sheet">
      <div className="sheet-head">
        <h2 id="quick-h">{t('phone.addHeading')}</h2>
        <button type="button" className="icon-button" onClick={reset} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      <p className="muted small">{props.layer.name}</p>
      <fieldset>
        <legend>{t('phone.where')}</legend>
        <div className="big-choices">
          <button type="button" onClick={locate} aria-pressed={whereFrom === 'gps'} disabled={locating}>
            {locating ? t('phone.locating') : t('phone.here')}
          </button>
          <button type="button" onClick={takeCentre} aria-pressed={whereFrom === 'centre'}>
            {t('phone.centre')}
          </button>
        </div>
        {notice && <p className="muted small">{notice}</p>}
      </fieldset>
      {where && (
        <fieldset>
          <legend>{t('phone.category')}</legend>
          <div className="big-choices three">
            {FEATURE_CATEGORIES.map((c) => (
              <button key={c} type="button" aria-pressed={category === c} className={category === c ? 'active' : ''} onClick={() => setCategory(c)}>
                {t(`category.${c}` as MessageKey)}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {where && category && (
        <>
          <label>
            {t('phone.note')}
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </label>
          <div className="sheet-save">
            <button type="button" className="primary wide big" onClick={save} disabled={!props.session}>
              {t('common.save')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
