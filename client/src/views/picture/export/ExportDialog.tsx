import { useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/sv.ts';
import { routePath } from '../../../router.ts';
import { Dialog } from '../Dialog.tsx';
import { CLASSIFICATION_KEYS } from '../LayerPanel.tsx';
import type { LegendEntry } from '../legend/legendModel.ts';
import { composeMapPng } from './composePng.ts';
import { fetchBlob, saveBlob } from './download.ts';
import { type ExportLayer, fileName, highestClassification, pictureGeojson } from './geojsonExport.ts';

/**
 * Export and print: GeoJSON from the layer documents in the browser, GeoPackage from the server, a PNG of the
 * map with legend and source line, a PDF printed by the server from the print view, and the print view itself.
 */
export function ExportDialog(props: { pictureId: string; title: string; layers: readonly ExportLayer[]; legend: readonly LegendEntry[]; mapCanvas: () => HTMLCanvasElement | null; onClose: () => void }) {
  const { t, token, user, locale, errorText } = useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = new Date();
  const cls = highestClassification(props.layers.filter((l) => l.features.length > 0));
  const classLine = t('export.classified', { classes: t(CLASSIFICATION_KEYS[cls]) });
  const source = t('export.source', { org: user?.organisation.name ?? '', when: formatDateTime(now.toISOString(), locale), who: user?.displayName ?? user?.username ?? '' });
  const printPath = `${routePath({ name: 'picture', id: props.pictureId })}/print`;

  const run = (what: string, f: () => Promise<void>) => async () => {
    setBusy(what);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const geojson = run('geojson', async () => {
    const fc = pictureGeojson(props.title, props.layers, now);
    saveBlob(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }), fileName(props.title, 'geojson', now));
  });
  const gpkg = run('gpkg', async () => {
    saveBlob(await fetchBlob(`/api/pictures/${encodeURIComponent(props.pictureId)}/export.gpkg`, token), fileName(props.title, 'gpkg', now));
  });
  const png = run('png', async () => {
    const canvas = props.mapCanvas();
    if (!canvas) return;
    const legend = props.legend.map((entry) => ({ entry, label: entry.text ?? t(entry.label as MessageKey) }));
    saveBlob(await composeMapPng(canvas, { title: props.title, classification: classLine, source, legend }), fileName(props.title, 'png', now));
  });
  const pdf = run('pdf', async () => {
    saveBlob(await fetchBlob('/api/print/pdf', token, { method: 'POST', json: { path: printPath, locale } }), fileName(props.title, 'pdf', now));
  });

  return (
    <Dialog title={t('export.heading')} onClose={props.onClose} testId="export-dialog">
      <p className="muted small">{t('export.note')}</p>
      <p className="notice">{classLine}</p>
      <div className="export-actions">
        <button type="button" onClick={geojson} disabled={!!busy} data-testid="export-geojson">
          {t('export.geojson')}
        </button>
        <button type="button" onClick={gpkg} disabled={!!busy} data-testid="export-gpkg">
          {t('export.gpkg')}
        </button>
        <button type="button" onClick={png} disabled={!!busy} data-testid="export-png">
          {t('export.png')}
        </button>
        <button type="button" onClick={pdf} disabled={!!busy} data-testid="export-pdf">
          {t('export.pdf')}
        </button>
        <a href={printPath} target="_blank" rel="noopener" className="button-link" data-testid="export-print">
          {t('export.print')}
        </a>
      </div>
      {busy && <p aria-live="polite">{t('export.busy')}</p>}
      {error ? (
        <p role="alert" className="error">
          {errorText(error)}
        </p>
      ) : null}
    </Dialog>
  );
}
