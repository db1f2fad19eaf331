/**
 * Import of a factor file (GeoJSON, CSV or GeoPackage) as a named factor layer of the picture. The server checks every row
 * and answers with Swedish sentences per rejected row, which are shown as they are.
 */
import { useId, useState } from 'react';
import { useApp } from '../../../AppContext.tsx';
import { fileFacts, type FactorLayerView } from './rtmFactors.ts';

interface Rejected {
  row: number;
  errors: string[];
}

interface ImportAnswer {
  layer: FactorLayerView;
  imported: number;
  rejected: Rejected[];
  rejectedCount: number;
}

interface Outcome {
  ok: boolean;
  lines: string[];
  rejected: Rejected[];
  more: number;
}

const SHOWN_ROWS = 10;

export function RtmFactorImport({ pictureId, onImported }: { pictureId: string; onImported: (layer: FactorLayerView) => void }) {
  const { t, token } = useApp();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [crs, setCrs] = useState<'' | 'EPSG:4326' | 'EPSG:3006'>('');
  const [synthetic, setSynthetic] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // A new key empties the file input after an import (a file input cannot be set from state).
  const [formKey, setFormKey] = useState(0);

  function choose(f: File | null) {
    setFile(f);
    setOutcome(null);
    if (f && !name) setName(fileFacts(f.name).defaultName);
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    const facts = fileFacts(file.name);
    if (!facts.format) return setOutcome({ ok: false, lines: [t('rtmFactor.unknownFormat')], rejected: [], more: 0 });
    if (!name.trim()) return setOutcome({ ok: false, lines: [t('rtmFactor.noName')], rejected: [], more: 0 });
    setBusy(true);
    setOutcome(null);
    try {
      const q = new URLSearchParams({ name: name.trim(), fileName: file.name, format: facts.format, ...(crs ? { crs } : {}), ...(synthetic ? { synthetic: 'true' } : {}) });
      const res = await fetch(`/api/pictures/${encodeURIComponent(pictureId)}/rtm/factors?${q}`, {
        method: 'POST',
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': facts.contentType },
        // A GeoPackage is an SQLite file: sent as bytes, never as text.
        body: facts.format === 'gpkg' ? await file.arrayBuffer() : await file.text(),
      });
      const body = (await res.json().catch(() => ({}))) as Partial<ImportAnswer> & { error?: { code?: string; details?: { problems?: string[]; rejected?: Rejected[]; rejectedCount?: number } } };
      if (res.ok && body.layer) {
        const rejected = body.rejected ?? [];
        setOutcome({ ok: true, lines: [t('rtmFactor.imported', { n: body.imported ?? 0, name: body.layer.name })], rejected, more: (body.rejectedCount ?? 0) - rejected.length });
        setFile(null);
        setName('');
        setSynthetic(false);
        setFormKey((k) => k + 1);
        onImported(body.layer);
        return;
      }
      const d = body.error?.details;
      // The server's problems are Swedish sentences written for the analyst; other refusals get the panel's own.
      const lines = d?.problems?.length ? d.problems : [res.status === 403 ? t('rtmFactor.forbidden') : res.status === 413 ? t('rtmFactor.tooLarge') : t('rtmFactor.failed')];
      const rejected = d?.rejected ?? [];
      setOutcome({ ok: false, lines, rejected, more: (d?.rejectedCount ?? rejected.length) - rejected.length });
    } catch {
      setOutcome({ ok: false, lines: [t('rtmFactor.failed')], rejected: [], more: 0 });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="rtm-factor-import" onSubmit={submit} data-testid="rtm-factor-import">
      <p className="muted small">{t('rtmFactor.importIntro')}</p>
      <label htmlFor={`${ids}-file`}>{t('rtmFactor.file')}</label>
      <input key={formKey} id={`${ids}-file`} type="file" accept=".geojson,.json,.csv,.txt,.gpkg,application/geo+json,application/json,text/csv,application/geopackage+sqlite3" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
      <label>
        {t('rtmFactor.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </label>
      <label>
        {t('rtmFactor.crs')}
        <select value={crs} onChange={(e) => setCrs(e.target.value as typeof crs)}>
          <option value="">{t('rtmFactor.crs.auto')}</option>
          <option value="EPSG:4326">{t('rtmFactor.crs.wgs84')}</option>
          <option value="EPSG:3006">{t('rtmFactor.crs.sweref')}</option>
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={synthetic} onChange={(e) => setSynthetic(e.target.checked)} /> {t('rtmFactor.synthetic')}
      </label>
      <button type="submit" disabled={!file || busy}>
        {busy ? t('rtmFactor.busy') : t('rtmFactor.submit')}
      </button>
      {outcome && (
        <div className={outcome.ok ? 'notice' : 'error-banner'} role={outcome.ok ? 'status' : 'alert'} data-testid="rtm-factor-outcome">
          {outcome.lines.map((l) => (
            <p key={l}>{l}</p>
          ))}
          {outcome.rejected.length > 0 && (
            <>
              <p>{t('rtmFactor.rejected', { n: outcome.rejected.length + outcome.more })}</p>
              <ul>
                {outcome.rejected.slice(0, SHOWN_ROWS).map((r) => (
                  <li key={r.row}>{r.errors.join(' ')}</li>
                ))}
              </ul>
              {outcome.rejected.length + outcome.more > SHOWN_ROWS && <p>{t('rtmFactor.rejectedMore', { n: outcome.rejected.length + outcome.more - SHOWN_ROWS })}</p>}
            </>
          )}
        </div>
      )}
    </form>
  );
}
