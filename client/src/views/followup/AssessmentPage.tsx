/**
 * The assessment of one area and quarter. The responsible local police area fills in a criterion per row (a
 * radio group on the scale and a comment), saves drafts, submits, corrects by a new version and shares with
 * partners; a partner's editor adds its own organisation's view beside the police's. Plain form controls, so
 * it works by keyboard and on a phone.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Answer, Assessment, CriteriaSet } from '../../../../shared/src/areaFollowup.ts';
import { useApp } from '../../AppContext.tsx';
import { ErrorBanner } from '../../components/common.tsx';
import { navigate } from '../../router.ts';
import { AssessmentCard } from './AssessmentCard.tsx';
import { useFollowupText } from './texts.ts';
import type { AreaDetail, PeriodAnswer } from './types.ts';

interface Org {
  id: string;
  name: string;
  isPolice: boolean;
}

export function AssessmentPage({ areaId, period }: { areaId: string; period: string }) {
  const { api, user } = useApp();
  const ft = useFollowupText();
  const [area, setArea] = useState<AreaDetail | null>(null);
  const [data, setData] = useState<PeriodAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const base = `/api/areafollowup/areas/${encodeURIComponent(areaId)}/assessments/${encodeURIComponent(period)}`;
  const reload = useCallback(() => api.get<PeriodAnswer>(base).then(setData, setError), [api, base]);
  useEffect(() => {
    api.get<AreaDetail>(`/api/areafollowup/areas/${encodeURIComponent(areaId)}`).then(setArea, setError);
    void reload();
  }, [api, areaId, reload]);

  const back = `/utsatta-omraden/${encodeURIComponent(areaId)}`;
  const current = data?.current ?? null;
  const police = area?.access === 'write' || area?.access === 'read';
  const canWrite = area?.access === 'write';
  return (
    <article aria-labelledby="followup-form-h" className="followup-form-page">
      <p>
        <a
          href={back}
          onClick={(e) => {
            e.preventDefault();
            navigate(back);
          }}
        >
          ← {area?.area.name ?? ''}
        </a>
      </p>
      <h2 id="followup-form-h">{ft('form.title', { period, area: area?.area.name ?? '' })}</h2>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {(!data || !area) && !error && <p>{ft('loading')}</p>}
      {data && area && data.criteria && (
        <>
          {canWrite && (!current || current.status === 'draft') && (
            <PoliceForm
              key={current?.id ?? 'new'}
              criteria={data.criteria}
              current={current}
              onSave={async (body, submit) => {
                setError(null);
                try {
                  await api.put(base, body);
                  if (submit) {
                    if (!window.confirm(ft('form.submitConfirm'))) return;
                    await api.post(`${base}/submit`);
                  }
                  setNotice(ft(submit ? 'form.submitted' : 'form.saved'));
                  await reload();
                } catch (e) {
                  setError(e);
                }
              }}
            />
          )}
          {current?.status === 'submitted' && <p>{ft('form.readonly')}</p>}
          {canWrite && current?.status === 'submitted' && (
            <CorrectionForm
              onCorrect={async (reason) => {
                try {
                  await api.post(`${base}/corrections`, { reason });
                  await reload();
                } catch (e) {
                  setError(e);
                }
              }}
            />
          )}
          {police && !canWrite && <p>{ft('form.noWrite')}</p>}
          {canWrite && current && <SharingForm base={base} current={current} onDone={(msg) => setNotice(msg)} onError={setError} />}
          {area.access === 'partner' && current?.access === 'partner_write' && (
            <PartnerForm
              criteria={data.criteria}
              org={user?.organisation.name ?? ''}
              initial={current.partnerViews.find((p) => p.organisationId === user?.organisation.id)?.answers ?? []}
              initialSummary={current.partnerViews.find((p) => p.organisationId === user?.organisation.id)?.summary ?? ''}
              onSave={async (body) => {
                try {
                  await api.put(`${base}/partner-view`, body);
                  setNotice(ft('form.partnerSaved'));
                  await reload();
                } catch (e) {
                  setError(e);
                }
              }}
            />
          )}
          {[...data.versions].reverse().map((v) => (
            <AssessmentCard key={v.id} a={v} criteria={data.criteria} />
          ))}
        </>
      )}
    </article>
  );
}

function Scale({ name, criterion, value, onChange, legend }: { name: string; criterion: CriteriaSet['criteria'][number]; value: number | null; onChange: (v: number | null) => void; legend: string }) {
  const { locale } = useApp();
  const ft = useFollowupText();
  return (
    <fieldset className="followup-scale">
      <legend>{legend}</legend>
      {criterion.scale.map((s) => (
        <label key={s.value}>
          <input type="radio" name={name} value={s.value} checked={value === s.value} onChange={() => onChange(s.value)} /> {s.value} {locale === 'en' ? s.en : s.sv}
        </label>
      ))}
      <label>
        <input type="radio" name={name} value="" checked={value === null} onChange={() => onChange(null)} /> {ft('form.notGiven')}
      </label>
    </fieldset>
  );
}

function useAnswers(criteria: CriteriaSet, initial: readonly Answer[]) {
  const [answers, setAnswers] = useState<Answer[]>(() => criteria.criteria.map((c) => initial.find((a) => a.key === c.key) ?? { key: c.key, score: null, comment: null }));
  const set = (key: string, patch: Partial<Answer>) => setAnswers((prev) => prev.map((a) => (a.key === key ? { ...a, ...patch } : a)));
  return { answers, set };
}

function CriteriaRows({ criteria, answers, set, prefix }: { criteria: CriteriaSet; answers: Answer[]; set: (key: string, patch: Partial<Answer>) => void; prefix: string }) {
  const { locale } = useApp();
  const ft = useFollowupText();
  return (
    <ol className="followup-criteria">
      {criteria.criteria.map((c) => {
        const a = answers.find((x) => x.key === c.key);
        const label = locale === 'en' ? c.labelEn : c.labelSv;
        return (
          <li key={c.key} className="followup-criterion" data-criterion={c.key}>
            <Scale name={`${prefix}-${c.key}`} criterion={c} value={a?.score ?? null} onChange={(v) => set(c.key, { score: v })} legend={`${label} (${ft('form.weight', { w: c.weight })})`} />
            <p className="muted small">{locale === 'en' ? c.descriptionEn : c.descriptionSv}</p>
            <label className="followup-comment">
              {ft('assessment.comment')}: {label}
              <textarea rows={2} value={a?.comment ?? ''} onChange={(e) => set(c.key, { comment: e.target.value || null })} />
            </label>
          </li>
        );
      })}
    </ol>
  );
}

function PoliceForm({ criteria, current, onSave }: { criteria: CriteriaSet; current: Assessment | null; onSave: (body: unknown, submit: boolean) => Promise<void> }) {
  const ft = useFollowupText();
  const { answers, set } = useAnswers(criteria, current?.answers ?? []);
  const [overall, setOverall] = useState<number | null>(current?.overall ?? null);
  const [summary, setSummary] = useState(current?.summary ?? '');
  const [busy, setBusy] = useState(false);
  const run = (submit: boolean) => async () => {
    setBusy(true);
    await onSave({ answers, overall, summary: summary || null }, submit);
    setBusy(false);
  };
  return (
    <form
      className="followup-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run(false)();
      }}
    >
      <h3>{ft('form.criteria', { year: criteria.year, v: criteria.version })}</h3>
      <CriteriaRows criteria={criteria} answers={answers} set={set} prefix="police" />
      <Scale name="overall" criterion={criteria.criteria[0]} value={overall} onChange={setOverall} legend={ft('assessment.overall')} />
      <label className="followup-comment">
        {ft('assessment.summary')}
        <textarea rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {ft('form.save')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={run(true)}>
          {ft('form.submit')}
        </button>
      </div>
    </form>
  );
}

function CorrectionForm({ onCorrect }: { onCorrect: (reason: string) => Promise<void> }) {
  const ft = useFollowupText();
  const [reason, setReason] = useState('');
  return (
    <form
      className="followup-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onCorrect(reason);
      }}
    >
      <label className="followup-comment">
        {ft('form.correctReason')}
        <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
      </label>
      <button type="submit">{ft('form.correct')}</button>
    </form>
  );
}

function SharingForm({ base, current, onDone, onError }: { base: string; current: Assessment; onDone: (msg: string) => void; onError: (e: unknown) => void }) {
  const { api } = useApp();
  const ft = useFollowupText();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [entries, setEntries] = useState(() => new Map((current.sharedWith ?? []).map((s) => [s.organisationId, s.comments])));
  useEffect(() => {
    api.get<{ items: Org[] }>('/api/organisations').then((r) => setOrgs(r.items.filter((o) => !o.isPolice)), onError);
  }, [api, onError]);
  const toggle = (id: string, on: boolean, comments = false) =>
    setEntries((prev) => {
      const next = new Map(prev);
      if (on) next.set(id, comments);
      else next.delete(id);
      return next;
    });
  return (
    <form
      className="followup-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.put(`${base}/sharing`, { entries: [...entries].map(([organisationId, comments]) => ({ organisationId, comments })) });
          onDone(ft('form.shared'));
        } catch (err) {
          onError(err);
        }
      }}
    >
      <fieldset className="followup-sharing">
        <legend>{ft('form.sharing')}</legend>
        {orgs.map((o) => (
          <div key={o.id}>
            <label>
              <input type="checkbox" checked={entries.has(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} /> {ft('form.shareWith', { org: o.name })}
            </label>{' '}
            <label>
              <input type="checkbox" disabled={!entries.has(o.id)} checked={entries.get(o.id) === true} onChange={(e) => toggle(o.id, true, e.target.checked)} /> {ft('form.shareComments')}
            </label>
          </div>
        ))}
      </fieldset>
      <button type="submit">{ft('form.shareSave')}</button>
    </form>
  );
}

function PartnerForm({ criteria, org, initial, initialSummary, onSave }: { criteria: CriteriaSet; org: string; initial: readonly Answer[]; initialSummary: string; onSave: (body: unknown) => Promise<void> }) {
  const ft = useFollowupText();
  const { answers, set } = useAnswers(criteria, initial);
  const [summary, setSummary] = useState(initialSummary);
  return (
    <form
      className="followup-form"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ answers, summary: summary || null });
      }}
    >
      <h3>{ft('form.partnerTitle', { org })}</h3>
      <CriteriaRows criteria={criteria} answers={answers} set={set} prefix="partner" />
      <label className="followup-comment">
        {ft('assessment.summary')}
        <textarea rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {ft('form.partnerSave')}
      </button>
    </form>
  );
}
