import { useState } from 'react';
import type { IncidentView } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import { Dialog } from '../Dialog.tsx';

/** Confirm or retract an incident with an optional reason (kept in the audit with who did it). */
export function StatusDialog({ incident, action, onClose }: { incident: IncidentView; action: 'confirm' | 'retract'; onClose: () => void }) {
  const { api, t, errorText } = useApp();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t(action === 'confirm' ? 'incidentAction.confirmHeading' : 'incidentAction.retractHeading')} onClose={onClose} testId="incident-status-dialog">
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            // The live incident.updated / incident.retracted event updates the feed and the map.
            await api.post(`/api/incidents/${encodeURIComponent(incident.id)}/${action}`, reason.trim() ? { reason: reason.trim() } : {});
            onClose();
          } catch (err) {
            setError(err);
            setBusy(false);
          }
        }}
      >
        <p>{t(action === 'confirm' ? 'incidentAction.confirmNote' : 'incidentAction.retractNote')}</p>
        <label>
          {t('incidentAction.reason')}
          <textarea name="reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={3} />
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
          <button type="submit" className={action === 'retract' ? 'danger' : 'primary'} disabled={busy}>
            {t(action === 'confirm' ? 'incidentAction.confirm' : 'incidentAction.retract')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
