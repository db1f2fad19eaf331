import { type FormEvent, useState } from 'react';
import { LockIcon } from '../../components/common.tsx';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import { appendLog, type LogEntry } from '../../../../shared/src/layerDoc.ts';
import { useApp } from '../../AppContext.tsx';
import type { LayerSession } from '../../collab/LayerSession.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { type EventRow, isMeasureRow, type MeasureLogRow } from './measureLog.ts';
import { useOrganisations } from './measures/MeasuresPanel.tsx';
import { canAppendLog } from './pictureState.ts';

export interface LogRow extends LogEntry {
  layerId: string;
  layerName: string;
}

/** Merges the logs of several layers, newest first. */
export function mergeLogs(parts: { layer: LayerSummary; log: readonly LogEntry[] }[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const p of parts) for (const e of p.log) rows.push({ ...e, layerId: p.layer.id, layerName: p.layer.name });
  return rows.sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || b.id.localeCompare(a.id));
}

export function EventLog(props: {
  layers: readonly LayerSummary[];
  /** Layer log rows and read-only measure rows, newest first (`mergeEventRows`). */
  rows: readonly EventRow[];
  sessions: Map<string, LayerSession>;
  /** The selected feature; it is linked only from its own layer's log, so ids never cross classifications. */
  selected: { layerId: string; featureId: string } | null;
  /** Layer to log in unless the user picks another: the selected feature's or the drawing layer. */
  preferredLayerId: string | null;
  onFeature: (layerId: string, featureId: string) => void;
  /** Opens a measure in the Åtgärder tab. */
  onMeasure?: (measureId: string) => void;
}) {
  const { t, locale, user } = useApp();
  const writable = props.layers.filter((l) => canAppendLog(l));
  const [target, setTarget] = useState<string>('');
  const [text, setText] = useState('');
  const [link, setLink] = useState(true);
  const layerId = writable.some((l) => l.id === target)
    ? target
    : writable.some((l) => l.id === props.preferredLayerId)
      ? (props.preferredLayerId as string)
      : (writable[0]?.id ?? '');

  const linkable = props.selected && props.selected.layerId === layerId ? props.selected.featureId : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const s = props.sessions.get(layerId);
    if (!s || !text.trim()) return;
    appendLog(s.doc, {
      id: crypto.randomUUID(),
      time: new Date().toISOString(),
      author: user?.displayName ?? user?.username ?? '?',
      text: text.trim(),
      featureIds: link && linkable ? [linkable] : [],
    });
    setText('');
  }

  return (
    <section className="event-log" data-testid="event-log" aria-labelledby="log-h">
      <h3 id="log-h">{t('log.heading')}</h3>
      {writable.length > 0 ? (
        <form onSubmit={submit} className="log-form">
          <label>
            {t('log.layer')}
            <select value={layerId} onChange={(e) => setTarget(e.target.value)}>
              {writable.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('log.text')}
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={4000} required />
          </label>
          {linkable && (
            <label className="checkbox">
              <input type="checkbox" checked={link} onChange={(e) => setLink(e.target.checked)} /> {t('log.linkSelected')}
            </label>
          )}
          <button type="submit" className="primary">
            {t('log.append')}
          </button>
        </form>
      ) : (
        <p className="readonly-note"><LockIcon /> {t('log.readOnly')}</p>
      )}
      {props.rows.length === 0 && <p className="muted">{t('log.empty')}</p>}
      <ol className="log-list">
        {props.rows.map((r) =>
          isMeasureRow(r) ? (
            <MeasureRow key={`m:${r.id}`} row={r} onMeasure={props.onMeasure} />
          ) : (
            <li key={`${r.layerId}:${r.id}:${r.time}`}>
              <div className="log-meta">
                <time dateTime={r.time}>{formatDateTime(r.time, locale)}</time> · {r.author} · <span className="muted">{r.layerName}</span>
              </div>
              <div className="log-text">{r.text}</div>
              {r.featureIds.length > 0 && (
                <div className="log-links">
                  {r.featureIds.map((f) => (
                    <button key={f} type="button" className="link-button small" onClick={() => props.onFeature(r.layerId, f)}>
                      {t('log.showFeature')}
                    </button>
                  ))}
                </div>
              )}
            </li>
          ),
        )}
      </ol>
    </section>
  );
}

function MeasureRow({ row: r, onMeasure }: { row: MeasureLogRow; onMeasure?: (measureId: string) => void }) {
  const { t, locale } = useApp();
  const { names } = useOrganisations();
  const org = names.get(r.organisationId) ?? t('measures.otherOrganisation');
  const what =
    r.action === 'activity'
      ? `${t('log.measureActivity')}: ${formatNumber(r.amount ?? 0, locale)}${r.unit ? ` ${t(`measures.unit.${r.unit}` as MessageKey)}` : ''}${r.note ? ` — ${r.note}` : ''}`
      : `${t(`measures.action.${r.action}` as MessageKey)}${r.action !== 'create' && r.fields.length > 0 ? `: ${r.fields.join(', ')}` : ''}`;
  return (
    <li className="log-measure" data-testid="log-measure-row" data-measure-id={r.measureId} data-action={r.action}>
      <div className="log-meta">
        <time dateTime={r.time}>{formatDateTime(r.time, locale)}</time> · {org} ·{' '}
        <span className="badge" title={t('log.measure')}>
          <span aria-hidden="true">⚑</span> {t('log.measure')}
        </span>
      </div>
      <div className="log-text">
        {onMeasure ? (
          <button type="button" className="link-button" onClick={() => onMeasure(r.measureId)}>
            {r.measureTitle}
          </button>
        ) : (
          r.measureTitle
        )}{' '}
        — {what}
      </div>
    </li>
  );
}
