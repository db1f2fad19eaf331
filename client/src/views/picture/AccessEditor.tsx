import { useEffect, useState } from 'react';
import type { AccessEntry } from '../../../../shared/src/access.ts';
import type { LayerSummary } from '../../../../shared/src/events.ts';
import { isPoliceOrgKind, ROLES, type Role } from '../../../../shared/src/roles.ts';
import type { Organisation } from '../../api/types.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import type { MessageKey } from '../../i18n/sv.ts';
import { Dialog } from './Dialog.tsx';
import { ClassificationBadge } from './LayerPanel.tsx';

export function roleKey(r: Role): MessageKey {
  return `role.${r}` as MessageKey;
}

/** Police admins edit a layer's access list; the server refuses police-internal grants to partners (shown as a sentence). */
export function AccessEditor({ layer, onClose }: { layer: LayerSummary; onClose: () => void }) {
  const { api, t } = useApp();
  const [entries, setEntries] = useState<AccessEntry[] | null>(null);
  const [orgs, setOrgs] = useState<Organisation[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api
      .get<{ entries: AccessEntry[] }>(`/api/layers/${encodeURIComponent(layer.id)}/access`)
      .then((r) => setEntries(r.entries))
      .catch(setError);
    api
      .get<{ items: Organisation[] }>('/api/organisations')
      .then((r) => setOrgs(r.items))
      .catch(() => {});
  }, [api, layer.id]);

  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  // Offer only what the layer's classification allows: a police-internal layer is never shared with a partner
  // organisation or role (AC1), so those are not choices that the server would then refuse.
  const policeOnly = layer.classification === 'police_internal';
  const offeredOrgs = policeOnly ? orgs.filter((o) => o.isPolice ?? isPoliceOrgKind(o.kind)) : orgs;
  const offeredRoles = policeOnly ? ROLES.filter((r) => r !== 'partner_editor' && r !== 'partner_viewer') : ROLES;

  function update(i: number, e: AccessEntry) {
    setEntries((cur) => (cur ? cur.map((x, j) => (j === i ? e : x)) : cur));
    setSaved(false);
  }

  async function save() {
    if (!entries) return;
    setError(null);
    try {
      const r = await api.put<{ entries: AccessEntry[] }>(`/api/layers/${encodeURIComponent(layer.id)}/access`, { entries });
      if (r?.entries) setEntries(r.entries);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Dialog title={t('access.title', { layer: layer.name })} onClose={onClose} testId="access-editor">
      <p>
        <ClassificationBadge classification={layer.classification} />
      </p>
      {layer.classification === 'police_internal' && <p className="muted small">{t('access.policeOnly')}</p>}
      {entries === null && !error && <p>{t('common.loading')}</p>}
      {entries && (
        <table className="access-table">
          <thead>
            <tr>
              <th scope="col">{t('access.subject')}</th>
              <th scope="col">{t('access.right')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('access.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity of their own; the list is only appended to or edited in place
              <tr key={`${i}-${e.subject.type}`}>
                <td>
                  {e.subject.type === 'organisation' ? (
                    <>
                      <select
                        aria-label={t('access.organisation')}
                        value={e.subject.id}
                        onChange={(ev) => update(i, { ...e, subject: { type: 'organisation', id: ev.target.value, includeSubtree: e.subject.type === 'organisation' && e.subject.includeSubtree } })}
                      >
                        {!offeredOrgs.some((o) => e.subject.type === 'organisation' && o.id === e.subject.id) && <option value={e.subject.id}>{orgName(e.subject.id)}</option>}
                        {offeredOrgs.map((o) => (
                          <option key={o.id} value={o.id}>
                            {o.name}
                          </option>
                        ))}
                      </select>
                      <label className="checkbox small">
                        <input
                          type="checkbox"
                          checked={e.subject.includeSubtree}
                          onChange={(ev) => e.subject.type === 'organisation' && update(i, { ...e, subject: { ...e.subject, includeSubtree: ev.target.checked } })}
                        />{' '}
                        {t('access.subtree')}
                      </label>
                    </>
                  ) : (
                    <select aria-label={t('access.role')} value={e.subject.role} onChange={(ev) => update(i, { ...e, subject: { type: 'role', role: ev.target.value as Role } })}>
                      {offeredRoles.map((r) => (
                        <option key={r} value={r}>
                          {t(roleKey(r))}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <select aria-label={t('access.right')} value={e.right} onChange={(ev) => update(i, { ...e, right: ev.target.value as 'read' | 'write' })}>
                    <option value="read">{t('access.read')}</option>
                    <option value="write">{t('access.write')}</option>
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => setEntries(entries.filter((_, j) => j !== i))}>
                    {t('access.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="button-row">
        <button type="button" onClick={() => entries && offeredOrgs[0] && setEntries([...entries, { subject: { type: 'organisation', id: offeredOrgs[0].id, includeSubtree: false }, right: 'read' }])}>
          {t('access.addOrg')}
        </button>
        <button type="button" onClick={() => entries && setEntries([...entries, { subject: { type: 'role', role: 'duty_officer' }, right: 'read' }])}>
          {t('access.addRole')}
        </button>
      </div>
      <ErrorBanner error={error} />
      <div className="button-row">
        <button type="button" className="primary" onClick={save} disabled={!entries}>
          {t('access.save')}
        </button>
        {saved && <span role="status">{t('access.saved')}</span>}
      </div>
    </Dialog>
  );
}
