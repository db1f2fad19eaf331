import { useEffect, useState } from 'react';
import { type Organisation, type PicturePreview, previewExportLayers } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { Dialog } from './Dialog.tsx';
import { ClassificationBadge } from './LayerPanel.tsx';

/** "View as partner": what a partner organisation would receive of this picture, from the server's preview. */
export function PreviewDialog({ pictureId, onClose, onShow }: { pictureId: string; onClose: () => void; onShow: (p: PicturePreview | null) => void }) {
  const { api, t } = useApp();
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const [orgId, setOrgId] = useState('');
  const [role, setRole] = useState<'partner_editor' | 'partner_viewer'>('partner_viewer');
  const [preview, setPreview] = useState<PicturePreview | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api
      .get<{ items: Organisation[] }>('/api/organisations')
      .then((r) => {
        const partners = r.items.filter((o) => o.isPolice === false || ['municipality', 'rescue_service', 'housing_company', 'other'].includes(o.kind));
        setOrgs(partners);
        setOrgId(partners[0]?.id ?? '');
      })
      .catch(setError);
  }, [api]);

  async function load() {
    setError(null);
    try {
      const p = await api.get<PicturePreview>(`/api/pictures/${encodeURIComponent(pictureId)}/preview?organisationId=${encodeURIComponent(orgId)}&role=${role}`);
      setPreview(p);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Dialog
      title={t('preview.title')}
      onClose={() => {
        onClose();
      }}
      testId="preview-dialog"
    >
      <div className="inline-form">
        <label>
          {t('preview.organisation')}
          <select value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('preview.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as 'partner_editor' | 'partner_viewer')}>
            <option value="partner_viewer">{t('role.partner_viewer')}</option>
            <option value="partner_editor">{t('role.partner_editor')}</option>
          </select>
        </label>
        <button type="button" className="primary" onClick={load} disabled={!orgId}>
          {t('preview.load')}
        </button>
      </div>
      <ErrorBanner error={error} />
      {preview && (
        <>
          <p>{t('preview.summary', { n: preview.layers.length })}</p>
          <ul className="preview-layers">
            {preview.layers.map((l) => {
              const exp = previewExportLayers(preview).find((x) => x.id === l.id);
              return (
                <li key={l.id}>
                  <strong>{l.name}</strong> <ClassificationBadge classification={l.classification} /> · {t(`access.level.${l.access}`)}
                  {exp && <span className="muted"> · {t('preview.counts', { features: exp.features?.features?.length ?? 0, log: exp.log?.length ?? 0 })}</span>}
                </li>
              );
            })}
          </ul>
          <button type="button" onClick={() => onShow(preview)}>
            {t('preview.showOnMap')}
          </button>
        </>
      )}
    </Dialog>
  );
}
