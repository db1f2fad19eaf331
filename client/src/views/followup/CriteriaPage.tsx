/**
 * The criteria catalogue of a year (national admins and analysts change it; other police read it). A catalogue
 * that assessments use is frozen: saving makes a new version, which new assessments take.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CriteriaSet, Criterion } from '../../../../shared/src/areaFollowup.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { useFollowupText } from './texts.ts';

let nextRowId = 1;

export function CriteriaPage() {
  const { api, user } = useApp();
  const ft = useFollowupText();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [set, setSet] = useState<CriteriaSet | null>(null);
  // Each row keeps an id of its own: keys and labels are edited in place.
  const [rows, setRowsState] = useState<Array<Criterion & { rowId: number }>>([]);
  const setRows = useCallback((next: Criterion[] | ((prev: Array<Criterion & { rowId: number }>) => Criterion[])) => {
    setRowsState((prev) => (typeof next === 'function' ? next(prev) : next).map((c) => ('rowId' in c ? (c as Criterion & { rowId: number }) : { ...c, rowId: nextRowId++ })));
  }, []);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canWrite = user?.organisation.kind === 'national' && user.roles.some((r) => r === 'admin' || r === 'analyst');
  const load = useCallback(() => {
    setError(null);
    api.get<CriteriaSet>(`/api/areafollowup/criteria/${year}`).then(
      (s) => {
        setSet(s);
        setRows(s.criteria);
      },
      (e) => {
        setSet(null);
        setRows([]);
        setError(e);
      },
    );
  }, [api, year, setRows]);
  useEffect(load, [load]);
  const plain = () => rows.map(({ rowId: _, ...c }) => c);
  const patch = (i: number, p: Partial<Criterion>) => setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...p } : r)));
  return (
    <section aria-labelledby="followup-criteria-h">
      <h2 id="followup-criteria-h">{ft('criteria.title')}</h2>
      <label className="followup-inline">
        {ft('criteria.year')}
        <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {[thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </label>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {set && <p>{ft(set.frozen ? 'criteria.frozen' : 'criteria.open', { v: set.version })}</p>}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const saved = await api.put<CriteriaSet>(`/api/areafollowup/criteria/${year}`, { criteria: plain() });
            setSet(saved);
            setRows(saved.criteria);
            setNotice(ft('criteria.saved', { v: saved.version }));
          } catch (err) {
            setError(err);
          }
        }}
      >
        <div className="table-scroll">
          <table className="followup-table">
            <thead>
              <tr>
                <th scope="col">{ft('criteria.key')}</th>
                <th scope="col">{ft('criteria.labelSv')}</th>
                <th scope="col">{ft('criteria.labelEn')}</th>
                <th scope="col">{ft('criteria.weight')}</th>
                {canWrite && <th scope="col">{ft('criteria.remove')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.rowId}>
                  <td>
                    <input aria-label={ft('criteria.key')} value={r.key} readOnly={!canWrite} onChange={(e) => patch(i, { key: e.target.value })} size={18} />
                  </td>
                  <td>
                    <input aria-label={`${ft('criteria.labelSv')} ${r.key}`} value={r.labelSv} readOnly={!canWrite} onChange={(e) => patch(i, { labelSv: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`${ft('criteria.labelEn')} ${r.key}`} value={r.labelEn} readOnly={!canWrite} onChange={(e) => patch(i, { labelEn: e.target.value })} />
                  </td>
                  <td>
                    <input aria-label={`${ft('criteria.weight')} ${r.key}`} type="number" min={0.1} max={10} step={0.5} value={r.weight} readOnly={!canWrite} onChange={(e) => patch(i, { weight: Number(e.target.value) })} />
                  </td>
                  {canWrite && (
                    <td>
                      <button type="button" onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}>
                        {ft('criteria.remove')} <span className="visually-hidden">{r.labelSv}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canWrite && (
          <div className="form-actions">
            <button type="button" onClick={() => setRows((prev) => [...prev, { key: '', labelSv: '', labelEn: '', descriptionSv: '', descriptionEn: '', scale: prev[0]?.scale ?? [], weight: 1 }])}>
              {ft('criteria.add')}
            </button>
            <button type="submit" className="primary">
              {ft('criteria.save')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
