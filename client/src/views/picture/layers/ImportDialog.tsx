import { useCallback, useEffect, useState } from 'react';
import type { LayerSummary } from '../../../../../shared/src/events.ts';
import { useApp } from '../../../AppContext.tsx';
import type { LayerSession } from '../../../collab/LayerSession.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import { Dialog } from '../Dialog.tsx';
import { type ImportFileError, type ImportPreview, previewImport } from './layerImport.ts';
import { writeImport } from './writeImport.ts';

/** Problems listed in the preview; the rest are counted. */
const SHOWN_PROBLEMS = 20;

type Read = { name: string; preview: ImportPreview } | { name: string; error: ImportFileError; detail?: string };

/**
 * Import of a GeoJSON or CSV file into a layer the user may write: read and checked in the browser, a preview
 * with counts and the rows left out (in Swedish), then one Yjs transaction.
 */
export function ImportDialog(props: { layer: LayerSummary; session: LayerSession | undefined; author: string; initialFile?: File | null; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useApp();
  const [read, setRead] = useState<Read | null>(null);
  const [dragging, setDragging] = useState(false);

  const load = useCallback(async (file: File) => {
    const text = await file.text();
    const r = previewImport(file.name, text);
    setRead('error' in r ? { name: file.name, error: r.error, detail: r.detail } : { name: file.name, preview: r });
  }, []);
  useEffect(() => {
    if (props.initialFile) void load(props.initialFile);
  }, [props.initialFile, load]);

  const commit = () => {
    if (!read || !('preview' in read) || !props.session) return;
    const n = read.preview.features.length;
    writeImport(props.session.doc, read.preview.features, props.author, read.name, t('import.log', { file: read.name }));
    props.onDone(t('import.done', { n, layer: props.layer.name }));
  };

  return (
    <Dialog title={t('import.heading', { layer: props.layer.name })} onClose={props.onClose} testId="import-dialog">
      <label
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const f = e.dataTransfer.files[0];
          if (f) void load(f);
        }}
      >
        <span>{dragging ? t('import.drop') : t('import.choose')}</span>
        <input
          type="file"
          accept=".geojson,.json,.csv,.txt,application/geo+json,application/json,text/csv"
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void load(f);
          }}
        />
        <span className="muted small">{t('import.csvHint')}</span>
      </label>
      {read && 'error' in read && (
        <p role="alert" className="error">
          {t(`import.error.${read.error}` as MessageKey, { detail: read.detail ?? '' })}
        </p>
      )}
      {read && 'preview' in read && <PreviewSummary preview={read.preview} />}
      <div className="form-actions">
        <button type="button" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" disabled={!read || !('preview' in read) || read.preview.features.length === 0 || !props.session} onClick={commit}>
          {t('import.submit', { n: read && 'preview' in read ? read.preview.features.length : 0 })}
        </button>
      </div>
    </Dialog>
  );
}

function PreviewSummary({ preview }: { preview: ImportPreview }) {
  const { t } = useApp();
  const { counts, problems } = preview;
  return (
    <div className="import-preview" data-testid="import-preview" aria-live="polite">
      <p>{t('import.summary', { ok: preview.features.length, total: preview.total, points: counts.points, lines: counts.lines, polygons: counts.polygons })}</p>
      {problems.length > 0 && (
        <>
          <p>{t('import.problems', { n: problems.length })}</p>
          <ul className="import-problems">
            {problems.slice(0, SHOWN_PROBLEMS).map((p) => (
              <li key={`${p.row}-${p.kind}`}>
                {t('import.row', { row: p.row, text: t(`import.problem.${p.kind}` as MessageKey, { detail: p.detail ?? '' }) })}
                {p.detail && p.kind !== 'tooMany' && <span className="muted small"> ({p.detail})</span>}
              </li>
            ))}
          </ul>
          {problems.length > SHOWN_PROBLEMS && <p className="muted">{t('import.more', { n: problems.length - SHOWN_PROBLEMS })}</p>}
        </>
      )}
    </div>
  );
}
