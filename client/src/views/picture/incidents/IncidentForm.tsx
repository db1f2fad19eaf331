import { useState } from 'react';
import { INCIDENT_TYPES, type IncidentType } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import { formatNumber, fromStockholmInput, toStockholmInput } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import { CLASSIFICATION_KEYS } from '../LayerPanel.tsx';
import { INCIDENT_TYPE_KEYS } from '../IncidentFeed.tsx';

const PRECISIONS = ['exact', 'street', 'area'] as const;
const PRECISION_KEYS: Record<(typeof PRECISIONS)[number], MessageKey> = { exact: 'incident.precision.exact', street: 'incident.precision.street', area: 'incident.precision.area' };
const CLASSES = ['police_internal', 'partner', 'public'] as const;

/**
 * Registers an incident from the duty officer's desk: type, time, a place picked on the map (or the map
 * centre), precision, status and classification. Inline beside the map, not modal, so the map stays usable.
 */
export function IncidentForm(props: { place: [number, number] | null; picking: boolean; onPick: () => void; onUseCentre: () => void; onDone: () => void; onCancel: () => void }) {
  const { api, t, locale, errorText } = useApp();
  const [type, setType] = useState<IncidentType>('shooting');
  const [when, setWhen] = useState(() => toStockholmInput(new Date().toISOString()));
  const [precision, setPrecision] = useState<(typeof PRECISIONS)[number]>('exact');
  const [status, setStatus] = useState<'unconfirmed' | 'confirmed'>('unconfirmed');
  const [classification, setClassification] = useState<(typeof CLASSES)[number]>('police_internal');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missingPlace, setMissingPlace] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!props.place) {
      setMissingPlace(true);
      return;
    }
    const occurredAt = fromStockholmInput(when);
    setBusy(true);
    try {
      await api.post('/api/incidents', {
        source: 'lagesbild',
        sourceId: crypto.randomUUID(),
        type,
        occurredAt: occurredAt ?? when,
        location: { type: 'Point', coordinates: props.place },
        locationPrecision: precision,
        status,
        classification,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      props.onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form
      className="form incident-form"
      data-testid="incident-form"
      aria-labelledby="incident-form-h"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4 id="incident-form-h">{t('incidentForm.heading')}</h4>
      <label>
        {t('incidentForm.type')}
        <select name="type" value={type} onChange={(e) => setType(e.target.value as IncidentType)}>
          {INCIDENT_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(INCIDENT_TYPE_KEYS[x])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidentForm.time')}
        <input type="datetime-local" name="occurredAt" value={when} onChange={(e) => setWhen(e.target.value)} required />
      </label>
      <fieldset>
        <legend>{t('incidentForm.place')}</legend>
        <p className="muted small" aria-live="polite" data-testid="incident-place">
          {props.picking
            ? t('incidentForm.picking')
            : props.place
              ? `${formatNumber(props.place[1], locale, 5)}, ${formatNumber(props.place[0], locale, 5)}`
              : t('incidentForm.placeHint')}
        </p>
        <div className="button-row">
          <button type="button" onClick={props.onPick} aria-pressed={props.picking}>
            {t('incidentForm.pickOnMap')}
          </button>
          <button type="button" onClick={props.onUseCentre}>
            {t('incidentForm.useCentre')}
          </button>
        </div>
        {missingPlace && !props.place && (
          <p role="alert" className="error">
            {t('incidentForm.noPlace')}
          </p>
        )}
      </fieldset>
      <label>
        {t('incidentForm.precision')}
        <select name="precision" value={precision} onChange={(e) => setPrecision(e.target.value as typeof precision)}>
          {PRECISIONS.map((p) => (
            <option key={p} value={p}>
              {t(PRECISION_KEYS[p])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidentForm.status')}
        <select name="status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="unconfirmed">{t('incident.status.unconfirmed')}</option>
          <option value="confirmed">{t('incident.status.confirmed')}</option>
        </select>
      </label>
      <label>
        {t('incidentForm.classification')}
        <select name="classification" value={classification} onChange={(e) => setClassification(e.target.value as typeof classification)}>
          {CLASSES.map((c) => (
            <option key={c} value={c}>
              {t(CLASSIFICATION_KEYS[c])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidentForm.description')}
        <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={4000} rows={2} />
      </label>
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('incidentForm.submit')}
        </button>
      </div>
    </form>
  );
}
