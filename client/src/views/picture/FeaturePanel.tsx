import { type FormEvent, useState } from 'react';
import { LockIcon } from '../../components/common.tsx';
import { FEATURE_CATEGORIES, type LayerFeature, addComment } from '../../../../shared/src/layerDoc.ts';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import { useApp } from '../../AppContext.tsx';
import type { Peer } from '../../collab/awareness.ts';
import type { LayerSession } from '../../collab/LayerSession.ts';
import { formatDateTime, fromStockholmInput } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { deleteFeatureLogged, editFeatureLogged } from './featureLog.ts';
import { canEditLayer } from './pictureState.ts';
import { useFeatureForm } from './useFeatureForm.ts';

export const SYMBOLS = ['default', 'warning', 'info', 'camera', 'light', 'lighting', 'barrier', 'vehicle', 'meeting', 'patrol', 'walk', 'drugs'] as const;

export function FeaturePanel(props: {
  layer: LayerSummary | undefined;
  session: LayerSession | undefined;
  feature: LayerFeature | undefined;
  features: readonly LayerFeature[];
  peers: readonly Peer[];
  onSelect: (featureId: string | null) => void;
  editingShape: boolean;
  onEditShape: (on: boolean) => void;
}) {
  const { t, user, locale } = useApp();
  const { layer, session, feature } = props;
  const writable = canEditLayer(layer);
  const { draft, changedElsewhere, edit, saved: draftSaved, takeTheirs } = useFeatureForm(feature);
  const [comment, setComment] = useState('');
  const [saved, setSaved] = useState(false);

  if (!layer) return <p className="muted">{t('feature.noneSelected')}</p>;

  const list = (
    <div className="feature-list-wrap">
      <h3>{t('feature.listHeading', { layer: layer.name })}</h3>
      {props.features.length === 0 ? (
        <p className="muted">{t('feature.empty')}</p>
      ) : (
        <ul className="feature-list">
          {props.features.map((f) => (
            <li key={f.id}>
              <button type="button" className={f.id === feature?.id ? 'link-button selected' : 'link-button'} onClick={() => props.onSelect(f.id)} aria-current={f.id === feature?.id}>
                {f.properties.title || t('feature.untitled')} <span className="muted">({t(`geom.${f.geometry.type}` as MessageKey)})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  if (!feature || !session) return list;

  const viewers = props.peers.filter((p) => p.selection === feature.id);

  function save(e: FormEvent) {
    e.preventDefault();
    if (!session || !feature) return;
    editFeatureLogged(
      session.doc,
      feature.id,
      { title: draft.title, description: draft.description, category: draft.category, symbol: draft.symbol, validUntil: fromStockholmInput(draft.validUntil) },
      user?.displayName ?? user?.username ?? '?',
    );
    draftSaved();
    setSaved(true);
    setTimeout(() => setSaved(false), 2000);
  }

  function sendComment(e: FormEvent) {
    e.preventDefault();
    if (!session || !feature || !comment.trim()) return;
    addComment(session.doc, feature.id, { author: user?.displayName ?? user?.username ?? '?', time: new Date().toISOString(), text: comment.trim() });
    setComment('');
  }

  const p = feature.properties;
  return (
    <div className="feature-panel" data-testid="feature-panel" data-feature-id={feature.id}>
      <div className="panel-subhead">
        <h3>{p.title || t('feature.untitled')}</h3>
        <button type="button" className="link-button" onClick={() => props.onSelect(null)}>
          {t('feature.deselect')}
        </button>
      </div>
      {viewers.length > 0 && (
        <p className="presence-line">
          {t('feature.alsoViewing')}{' '}
          {viewers.map((v) => (
            <span key={v.clientId} className="peer-chip" style={{ borderColor: v.user.color }}>
              {v.user.name}
            </span>
          ))}
        </p>
      )}
      {!writable && <p className="readonly-note"><LockIcon /> {t('feature.readOnly')}</p>}
      {writable && changedElsewhere && (
        <p className="note" role="status">
          {t('feature.changedElsewhere')}{' '}
          <button
            type="button"
            className="link-button"
            onClick={takeTheirs}
          >
            {t('feature.takeTheirs')}
          </button>
        </p>
      )}
      <form onSubmit={save} className="feature-form">
        <label>
          {t('feature.title')}
          <input name="title" value={draft.title} onChange={(e) => edit({ title: e.target.value })} readOnly={!writable} maxLength={200} />
        </label>
        <label>
          {t('feature.description')}
          <textarea name="description" value={draft.description} onChange={(e) => edit({ description: e.target.value })} readOnly={!writable} rows={3} />
        </label>
        <label>
          {t('feature.category')}
          <select name="category" value={draft.category} onChange={(e) => edit({ category: e.target.value })} disabled={!writable}>
            {FEATURE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}` as MessageKey)}
              </option>
            ))}
            {!(FEATURE_CATEGORIES as readonly string[]).includes(draft.category) && <option value={draft.category}>{draft.category}</option>}
          </select>
        </label>
        <label>
          {t('feature.symbol')}
          <select name="symbol" value={draft.symbol} onChange={(e) => edit({ symbol: e.target.value })} disabled={!writable}>
            {SYMBOLS.map((s) => (
              <option key={s} value={s}>
                {t(`symbol.${s}` as MessageKey)}
              </option>
            ))}
            {!(SYMBOLS as readonly string[]).includes(draft.symbol) && <option value={draft.symbol}>{draft.symbol}</option>}
          </select>
        </label>
        <label>
          {t('feature.validUntil')}
          <input name="validUntil" type="datetime-local" value={draft.validUntil} onChange={(e) => edit({ validUntil: e.target.value })} readOnly={!writable} />
        </label>
        <p className="muted small">
          {t('feature.meta', { who: p.createdBy || '?', created: p.createdAt ? formatDateTime(p.createdAt, locale) : '–', updated: p.updatedAt ? formatDateTime(p.updatedAt, locale) : '–' })}
        </p>
        {writable && (
          <div className="button-row">
            <button type="submit" className="primary">
              {t('feature.save')}
            </button>
            <button type="button" aria-pressed={props.editingShape} onClick={() => props.onEditShape(!props.editingShape)}>
              {props.editingShape ? t('feature.editShapeDone') : t('feature.editShape')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                if (window.confirm(t('feature.confirmDelete'))) {
                  deleteFeatureLogged(session.doc, feature.id, user?.displayName ?? user?.username ?? '?');
                  props.onSelect(null);
                }
              }}
            >
              {t('feature.delete')}
            </button>
            {saved && (
              <span role="status" className="muted">
                {t('feature.saved')}
              </span>
            )}
          </div>
        )}
      </form>
      <section aria-labelledby="comments-h">
        <h4 id="comments-h">{t('feature.comments')}</h4>
        {p.comments.length === 0 && <p className="muted">{t('feature.noComments')}</p>}
        <ul className="comment-list">
          {p.comments.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity of their own; the list is only appended to or edited in place
            <li key={`${c.time}-${i}`}>
              <span className="comment-meta">
                {c.author} · {formatDateTime(c.time, locale)}
              </span>
              <span>{c.text}</span>
            </li>
          ))}
        </ul>
        {writable && (
          <form onSubmit={sendComment} className="inline-form">
            <label className="visually-hidden" htmlFor="comment-input">
              {t('feature.addComment')}
            </label>
            <input id="comment-input" value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('feature.addComment')} maxLength={2000} />
            <button type="submit">{t('feature.send')}</button>
          </form>
        )}
      </section>
      {list}
    </div>
  );
}
