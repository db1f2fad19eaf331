/** One assessment version as the viewer may see it: scores and comments per criterion, the partners' views beside. */
import { useApp } from '../../AppContext.tsx';
import { navigate } from '../../router.ts';
import { useFollowupText } from './texts.ts';
import type { Assessment, CriteriaSet } from './types.ts';

export function AssessmentCard({ a, criteria, action }: { a: Assessment; criteria: CriteriaSet | null; action?: { label: string; href: string } }) {
  const { locale } = useApp();
  const ft = useFollowupText();
  const crit = (key: string) => criteria?.criteria.find((c) => c.key === key);
  const scoreLabel = (key: string, v: number | null) => {
    if (v === null) return ft('form.notGiven');
    const step = crit(key)?.scale.find((s) => s.value === v);
    return step ? `${v} – ${locale === 'en' ? step.en : step.sv}` : String(v);
  };
  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'sv-SE');
  return (
    <details className="followup-assessment" data-testid={`assessment-${a.period}`}>
      <summary>
        <strong>{a.period}</strong> · {ft('assessment.version', { v: a.version })} · {ft(`status.${a.status}`)}
        {a.weightedScore !== null && <> · {ft('assessment.weighted', { v: a.weightedScore })}</>}
        {a.demo && <span className="badge badge-demo">{ft('area.demo')}</span>}
      </summary>
      <p className="muted">
        {a.submittedAt && a.submittedBy ? ft('assessment.submittedBy', { who: a.submittedBy, when: when(a.submittedAt) }) : ft('assessment.by', { who: a.updatedBy, when: when(a.updatedAt) })}
      </p>
      {a.correctionReason && <p>{ft('assessment.correction', { reason: a.correctionReason })}</p>}
      <div className="table-scroll">
        <table className="followup-table">
          <thead>
            <tr>
              <th scope="col">{ft('col.criterion')}</th>
              <th scope="col">{ft('assessment.score')}</th>
              <th scope="col">{ft('assessment.comment')}</th>
              {a.partnerViews.map((p) => (
                <th scope="col" key={p.organisationId}>
                  {p.organisationName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {a.answers.map((ans) => (
              <tr key={ans.key}>
                <th scope="row">{(locale === 'en' ? crit(ans.key)?.labelEn : crit(ans.key)?.labelSv) ?? ans.key}</th>
                <td>{scoreLabel(ans.key, ans.score)}</td>
                <td>{ans.comment ?? ft('assessment.noComment')}</td>
                {a.partnerViews.map((p) => {
                  const pa = p.answers.find((x) => x.key === ans.key);
                  return (
                    <td key={p.organisationId}>
                      {pa && pa.score !== null ? scoreLabel(ans.key, pa.score) : '–'}
                      {pa?.comment && <div className="small">{pa.comment}</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {a.overall !== null && (
        <p>
          {ft('assessment.overall')}: {a.overall}
        </p>
      )}
      {a.summary && (
        <p>
          {ft('assessment.summary')}: {a.summary}
        </p>
      )}
      {a.partnerViews
        .filter((p) => p.summary)
        .map((p) => (
          <p key={p.organisationId}>
            {p.organisationName}: {p.summary}
          </p>
        ))}
      {action && (
        <p>
          <a
            href={action.href}
            onClick={(e) => {
              e.preventDefault();
              navigate(action.href);
            }}
          >
            {action.label}
          </a>
        </p>
      )}
    </details>
  );
}
