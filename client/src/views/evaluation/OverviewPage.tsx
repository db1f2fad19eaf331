/**
 * The regional overview `/uppfoljning` (police): the latest saved evaluation of each measure the reader may see,
 * sortable, and dosage against estimated effect as a scatter with an honest note. Printable too.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Caveat } from '../../../../shared/src/evaluation.ts';
import { markPrintReady } from '../../../../shared/src/printReady.ts';
import { useApp } from '../../AppContext.tsx';
import { ScatterChart } from '../../charts/ScatterChart.tsx';
import { AppHeader } from '../../components/AppHeader.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { formatDate, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/sv.ts';
import { navigate } from '../../router.ts';
import { isPoliceUser } from '../../state/session.ts';
import { useOrganisations } from '../picture/measures/MeasuresPanel.tsx';
import { RiskAccuracySection } from './RiskAccuracySection.tsx';
import { type OverviewColumn, type OverviewSort, sortOverview } from './overviewModel.ts';
import { formatP } from './reading.ts';
import type { OverviewItem } from './types.ts';
import './evaluation.css';

const COLUMNS: { id: OverviewColumn; key: MessageKey }[] = [
  { id: 'title', key: 'eval.overview.measure' },
  { id: 'area', key: 'eval.overview.area' },
  { id: 'period', key: 'eval.overview.period' },
  { id: 'dosage', key: 'eval.overview.dosage' },
  { id: 'effect', key: 'eval.overview.effect' },
  { id: 'p', key: 'eval.overview.p' },
];

export function OverviewPage() {
  const { api, t, locale, user } = useApp();
  const police = isPoliceUser(user);
  const { names, police: policeOrgs } = useOrganisations();
  const [region, setRegion] = useState('');
  const [items, setItems] = useState<OverviewItem[] | null>(null);
  const [notes, setNotes] = useState<Caveat[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<OverviewSort>({ column: 'effect', ascending: true });

  useEffect(() => {
    if (!police) {
      markPrintReady('not-found');
      return;
    }
    const ac = new AbortController();
    setItems(null);
    api
      .get<{ items: OverviewItem[]; caveats?: Caveat[] }>(`/api/evaluations${region ? `?region=${encodeURIComponent(region)}` : ''}`, ac.signal)
      .then((r) => {
        setItems(r.items ?? []);
        setNotes(r.caveats ?? []);
        markPrintReady('true');
      })
      .catch((err) => {
        if ((err as Error)?.name === 'AbortError') return;
        setError(err);
        markPrintReady('error', String((err as Error)?.message ?? err));
      });
    return () => ac.abort();
  }, [api, police, region]);

  const rows = useMemo(() => (items ? sortOverview(items, sort) : []), [items, sort]);
  const unitWord = (u: string | null) => (u ? t(`measures.unit.${u}` as MessageKey) : '');

  return (
    <div className="page">
      <AppHeader page="evaluations" />
      <main className="eval-overview" data-testid="eval-overview">
        <h2>{t('eval.overview.title')}</h2>
        {!police ? (
          <p role="alert">{t('eval.report.notFound')}</p>
        ) : (
          <>
            <p>{t('eval.overview.intro')}</p>
            <label className="no-print">
              {t('eval.overview.region')}
              <select value={region} onChange={(e) => setRegion(e.target.value)} data-testid="eval-region">
                <option value="">{t('eval.overview.allUnits')}</option>
                {[...policeOrgs].map((id) => (
                  <option key={id} value={id}>
                    {names.get(id) ?? id}
                  </option>
                ))}
              </select>
            </label>
            <ErrorBanner error={error} />
            {items === null && !error && <p className="muted">{t('common.loading')}</p>}
            {items && items.length === 0 && <p className="muted">{t('eval.overview.none')}</p>}
            {rows.length > 0 && (
              <>
                <table className="data-table eval-table" data-testid="eval-overview-table">
                  <thead>
                    <tr>
                      {COLUMNS.map((c) => (
                        <th key={c.id} scope="col" aria-sort={sort.column === c.id ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
                          <button type="button" onClick={() => setSort((s) => ({ column: c.id, ascending: s.column === c.id ? !s.ascending : true }))} aria-label={t('eval.overview.sort', { col: t(c.key) })}>
                            {t(c.key)}
                          </button>
                        </th>
                      ))}
                      <th scope="col">{t('eval.overview.interval')}</th>
                      <th scope="col">{t('eval.overview.caveats')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((i) => (
                      <tr key={i.evaluationId} data-evaluation-id={i.evaluationId}>
                        <th scope="row">
                          <a
                            href={`/uppfoljning/${encodeURIComponent(i.evaluationId)}`}
                            onClick={(e) => {
                              e.preventDefault();
                              navigate(`/uppfoljning/${encodeURIComponent(i.evaluationId)}`);
                            }}
                          >
                            {i.title}
                          </a>
                          <div className="small muted">
                            {t(`measures.kind.${i.kind}` as MessageKey)} · {names.get(i.ownerOrganisationId) ?? ''}
                          </div>
                        </th>
                        <td data-testid="eval-overview-area">{i.areaName ?? <span className="muted">{t('eval.overview.noArea')}</span>}</td>
                        <td>
                          {formatDate(i.periods.after.from, locale)} – {formatDate(i.periods.after.to, locale)}
                        </td>
                        <td>
                          {formatNumber(i.dosage.deliveredTotal, locale)}
                          {i.dosage.plannedTotal ? ` / ${formatNumber(i.dosage.plannedTotal, locale)}` : ''} {unitWord(i.dosage.unit)}
                        </td>
                        <td>{formatNumber(Number(i.estTotal.toPrecision(3)), locale, 6)}</td>
                        <td>{formatP(i.p, locale)}</td>
                        <td>
                          {formatNumber(Number(i.lowCI.toPrecision(3)), locale, 6)} – {formatNumber(Number(i.highCI.toPrecision(3)), locale, 6)}
                        </td>
                        <td className="small">{i.caveats.map((c) => c[locale] ?? c.sv).join(' ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <ScatterChart
                  testId="eval-scatter"
                  title={t('eval.overview.scatter')}
                  description={t('eval.overview.scatterDesc')}
                  xLabel={t('eval.overview.scatterX')}
                  yLabel={t('eval.overview.scatterY')}
                  formatX={(v) => formatNumber(v, locale, 1)}
                  formatY={(v) => formatNumber(v, locale, 2)}
                  points={rows.map((i) => ({ x: i.dosage.deliveredTotal, y: i.estTotal, low: i.lowCI, high: i.highCI, label: i.title }))}
                />
                <div className="eval-honest" data-testid="eval-honest">
                  <p>{t('eval.overview.honest')}</p>
                  {notes.map((c) => (
                    <p key={c.key}>{c[locale] ?? c.sv}</p>
                  ))}
                </div>
              </>
            )}
            <RiskAccuracySection />
          </>
        )}
      </main>
    </div>
  );
}
