/**
 * The roll-up (police only): per local police area, police area, region or the nation under the user's own unit —
 * measures by kind and owner, planned vs delivered dosage, coverage of the top 5 % and the partners involved
 * (GET /api/coverage/rollup?level=…). Hidden when the server has no roll-up (404).
 */
import { useEffect, useState } from 'react';
import { query } from '../../../api/http.ts';
import { useApp } from '../../../AppContext.tsx';
import { ErrorBanner } from '../../../components/common.tsx';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/sv.ts';

export const ROLLUP_LEVELS = ['local', 'area', 'region', 'nation'] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

export interface RollupItem {
  organisation: { id: string; name: string; kind: string };
  pictures: number;
  measures: { total: number; active: number; byKind: Record<string, number>; byOwner: { organisationId: string; name: string; count: number }[] };
  dosage: { unit: string; planned: number; delivered: number }[];
  coverage: { top5: { cells: number; covered: number; share: number } };
  partners: { id: string; name: string }[];
}

export function RollupView() {
  const { api, t, locale } = useApp();
  const [level, setLevel] = useState<RollupLevel>('local');
  const [items, setItems] = useState<RollupItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ac = new AbortController();
    setItems(null);
    setError(null);
    api
      .get<{ items: RollupItem[] }>(`/api/coverage/rollup${query({ level })}`, ac.signal)
      .then((r) => setItems(r.items ?? []))
      .catch((e) => (e as Error)?.name !== 'AbortError' && setError(e));
    return () => ac.abort();
  }, [api, level]);
  return (
    <section className="rollup-view" data-testid="rollup-view">
      <label>
        {t('rollup.level')}
        <select value={level} onChange={(e) => setLevel(e.target.value as RollupLevel)}>
          {ROLLUP_LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`rollup.level.${l}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} />
      {items === null && !error && <p className="muted">{t('common.loading')}</p>}
      {items && items.length === 0 && <p className="muted">{t('rollup.none')}</p>}
      {items && items.length > 0 && (
        <table className="data-table">
          <caption>{t('rollup.caption', { level: t(`rollup.level.${level}` as MessageKey) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rollup.unit')}</th>
              <th scope="col">{t('rollup.measures')}</th>
              <th scope="col">{t('rollup.dosage')}</th>
              <th scope="col">{t('coverage.top5')}</th>
              <th scope="col">{t('rollup.partners')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => (
              <tr key={it.organisation.id}>
                <th scope="row">{it.organisation.name}</th>
                <td title={Object.entries(it.measures.byKind)
                  .map(([k, n]) => `${t(`measures.kind.${k}` as MessageKey)}: ${n}`)
                  .join(', ')}>
                  {t('rollup.measuresCount', { total: it.measures.total, active: it.measures.active })}
                  {it.measures.byOwner.length > 0 && <div className="muted small">{it.measures.byOwner.map((o) => `${o.name} ${o.count}`).join(', ')}</div>}
                </td>
                <td>
                  {it.dosage.map((d) => (
                    <div key={d.unit}>
                      {formatNumber(d.delivered, locale)} / {formatNumber(d.planned, locale)} {t(`measures.unit.${d.unit}` as MessageKey)}
                    </div>
                  ))}
                </td>
                <td>{it.coverage.top5.cells ? formatPercent(it.coverage.top5.share, locale) : '–'}</td>
                <td>{it.partners.map((p) => p.name).join(', ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
