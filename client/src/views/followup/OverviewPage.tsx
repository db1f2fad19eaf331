/**
 * The national or regional overview (police): which areas improved, which worsened, which are overdue, with
 * the responsible local police area and the current quarter's state. Partners see the areas shared with them.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { navigate } from '../../router.ts';
import { isPoliceUser } from '../../state/session.ts';
import { filterRows, formatChange, type OverviewFilter, sortRows, trendArrow } from './model.ts';
import { statusKey, trendKey, useFollowupText } from './texts.ts';
import type { AreaListItem, OverviewAnswer } from './types.ts';
import { useFollowupChanges } from './useFollowupDue.ts';

const FILTERS: OverviewFilter[] = ['all', 'worsened', 'improved', 'overdue'];

export function AreaLink({ id, children }: { id: string; children: React.ReactNode }) {
  const href = `/utsatta-omraden/${encodeURIComponent(id)}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}

export function OverviewPage() {
  const { user } = useApp();
  return isPoliceUser(user) ? <PoliceOverview /> : <PartnerList />;
}

/** F7: a national admin picks the local police area that follows an area up. */
function AssignControl({ areaId, areaName, lpos, onAssigned, onError }: { areaId: string; areaName: string; lpos: Array<{ id: string; name: string }>; onAssigned: () => void; onError: (e: unknown) => void }) {
  const { api } = useApp();
  const ft = useFollowupText();
  const [choice, setChoice] = useState('');
  return (
    <form
      className="followup-assign"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!choice) return;
        try {
          await api.put(`/api/areafollowup/areas/${encodeURIComponent(areaId)}/assignment`, { organisationId: choice });
          onAssigned();
        } catch (err) {
          onError(err);
        }
      }}
    >
      <select aria-label={ft('assign.label', { area: areaName })} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{ft('noResponsible')}</option>
        {lpos.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <button type="submit" disabled={!choice}>
        {ft('assign.save')}
      </button>
    </form>
  );
}

function PoliceOverview() {
  const { api, user, locale } = useApp();
  const ft = useFollowupText();
  const [data, setData] = useState<OverviewAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState<OverviewFilter>('all');
  const load = useCallback(() => {
    api.get<OverviewAnswer>('/api/areafollowup/overview').then(setData, setError);
  }, [api]);
  useEffect(load, [load]);
  // A submission anywhere the viewer reads changes the trends: read the overview again.
  useFollowupChanges(load);
  const rows = useMemo(() => (data ? sortRows(filterRows(data.items, filter)) : []), [data, filter]);
  const national = user?.organisation.kind === 'national';
  const assigns = national && !!user?.roles.includes('admin');
  const [lpos, setLpos] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    if (!assigns) return;
    api.get<{ items: Array<{ id: string; name: string; kind: string }> }>('/api/organisations').then((r) => setLpos(r.items.filter((o) => o.kind === 'local_police_area')), setError);
  }, [api, assigns]);
  const counts = useMemo(() => Object.fromEntries(FILTERS.map((f) => [f, data ? filterRows(data.items, f).length : 0])), [data]);
  return (
    <section aria-labelledby="followup-overview-h">
      <h2 id="followup-overview-h">{national ? ft('overview.national') : ft('overview.regional', { org: user?.organisation.name ?? '' })}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {!data && !error && <p>{ft('loading')}</p>}
      {data && (
        <>
          <p className="muted">{ft('overview.intro', { threshold: formatChange(data.threshold, locale).replace('+', '') })}</p>
          <p>
            {ft('overview.period', { period: data.period, due: data.items[0]?.current.dueAt.slice(0, 10) ?? '' })}{' '}
            <a
              href="/utsatta-omraden/kriterier"
              onClick={(e) => {
                e.preventDefault();
                navigate('/utsatta-omraden/kriterier');
              }}
            >
              {ft('criteria.link')}
            </a>
          </p>
          <fieldset className="followup-filter">
            <legend>{ft('overview.filter')}</legend>
            {FILTERS.map((f) => (
              <label key={f}>
                <input type="radio" name="followup-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} /> {ft(`filter.${f}`)} ({counts[f]})
              </label>
            ))}
          </fieldset>
          {rows.length === 0 ? (
            <p>{ft('noAreas')}</p>
          ) : (
            <div className="table-scroll">
              <table className="followup-table" data-testid="followup-overview">
                <thead>
                  <tr>
                    <th scope="col">{ft('col.area')}</th>
                    <th scope="col">{ft('col.responsible')}</th>
                    <th scope="col">{ft('col.previous')}</th>
                    <th scope="col">{ft('col.latest')}</th>
                    <th scope="col">{ft('col.change')}</th>
                    <th scope="col">{ft('col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.area.id} data-area={r.area.id} data-trend={r.trend}>
                      <th scope="row">
                        <AreaLink id={r.area.id}>{r.area.name}</AreaLink>
                        <div className="muted small">{ft(`category.${r.area.category}`)}</div>
                      </th>
                      <td>
                        {r.area.responsibleOrganisationName ??
                          (assigns ? <AssignControl areaId={r.area.id} areaName={r.area.name} lpos={lpos} onAssigned={load} onError={setError} /> : <span className="muted">{ft('noResponsible')}</span>)}
                      </td>
                      <td>{r.last.length === 2 ? `${r.last[0].period}: ${formatChange(r.last[0].weightedScore, locale).replace('+', '')}` : '–'}</td>
                      <td>{r.last.length > 0 ? `${r.last[r.last.length - 1].period}: ${formatChange(r.last[r.last.length - 1].weightedScore, locale).replace('+', '')}` : '–'}</td>
                      <td className={`trend trend-${r.trend}`}>
                        <span aria-hidden="true">{trendArrow(r.trend)} </span>
                        {ft(trendKey(r.trend))} {r.change !== null && <span className="muted">({formatChange(r.change, locale)})</span>}
                      </td>
                      <td>
                        <span className={`badge status-${r.current.status} ${r.current.status === 'overdue' ? 'badge-warn' : ''}`}>{ft(statusKey(r.current.status))}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function PartnerList() {
  const { api, user } = useApp();
  const ft = useFollowupText();
  const [items, setItems] = useState<AreaListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<{ items: AreaListItem[] }>('/api/areafollowup/areas').then((r) => setItems(r.items), setError);
  }, [api]);
  return (
    <section aria-labelledby="followup-partner-h">
      <h2 id="followup-partner-h">{ft('title')}</h2>
      <p>{ft('partner.intro', { org: user?.organisation.name ?? '' })}</p>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {items && items.length === 0 && <p>{ft('noAreas')}</p>}
      {items && items.length > 0 && (
        <ul>
          {items.map((a) => (
            <li key={a.id}>
              <AreaLink id={a.id}>{a.name}</AreaLink> <span className="muted">{ft(`category.${a.category}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
