/**
 * Import and export of a picture's measures and activities as CSV or GeoJSON (existing plans live in
 * spreadsheets). Downloads go through fetch with the bearer token; an import sends the file as the raw body.
 */
import { useState } from 'react';
import { ApiError, toApiError } from '../../../api/http.ts';
import { useApp } from '../../../AppContext.tsx';
import { ErrorBanner } from '../../../components/common.tsx';

type What = 'measures' | 'activities';
type Format = 'csv' | 'geojson';

export function ExchangeView({ pictureId, canImport, onImported }: { pictureId: string; canImport: boolean; onImported: () => void }) {
  const { t, token } = useApp();
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const base = `/api/pictures/${encodeURIComponent(pictureId)}/measures`;
  const path = (what: What) => (what === 'measures' ? base : `${base}/activities`);
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};

  const download = async (what: What, format: Format) => {
    setError(null);
    try {
      const res = await fetch(`${path(what)}/export?format=${format}`, { headers: auth });
      if (!res.ok) throw await toApiError(res);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${what === 'measures' ? 'atgarder' : 'insatser'}-${pictureId}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e)));
    }
  };

  const upload = async (what: What, file: File) => {
    setError(null);
    setResult(null);
    const csv = /\.csv$/i.test(file.name) || file.type === 'text/csv';
    try {
      const res = await fetch(`${path(what)}/import?format=${csv ? 'csv' : 'geojson'}`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': csv ? 'text/csv' : 'application/json' },
        body: await file.text(),
      });
      if (!res.ok) throw await toApiError(res);
      const body = (await res.json()) as { imported?: number; rejected?: unknown[] };
      setResult(t('exchange.imported', { n: body.imported ?? 0, problems: (body.rejected ?? []).length }));
      onImported();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="exchange-view" data-testid="exchange-view">
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {(['measures', 'activities'] as const).map((what) => (
        <fieldset key={what}>
          <legend>{t(what === 'measures' ? 'exchange.measures' : 'exchange.activities')}</legend>
          <div className="row wrap">
            <button type="button" onClick={() => download(what, 'csv')}>
              {t('exchange.exportCsv')}
            </button>
            <button type="button" onClick={() => download(what, 'geojson')}>
              {t('exchange.exportGeojson')}
            </button>
          </div>
          {canImport && (
            <label>
              {t('exchange.import')}
              <input
                type="file"
                accept=".csv,.geojson,.json,text/csv,application/geo+json,application/json"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) upload(what, f);
                  e.target.value = '';
                }}
              />
            </label>
          )}
        </fieldset>
      ))}
      {result && (
        <p role="status" className="badge">
          {result}
        </p>
      )}
    </section>
  );
}
