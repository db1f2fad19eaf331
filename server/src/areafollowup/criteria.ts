/**
 * The criteria catalogue: the default set (the kinds of criteria the police's own descriptions of utsatta
 * områden use, NOA's definitions) and the checks a catalogue and an answer sheet must pass. Pure.
 */
import { type Answer, type Criterion, DEFAULT_SCALE } from '../../../shared/src/areaFollowup.ts';

const scale = () => DEFAULT_SCALE.map((s) => ({ ...s }));

/** The shipped catalogue, seeded for the current and the previous year. */
export function defaultCriteria(): Criterion[] {
  const c = (key: string, labelSv: string, labelEn: string, descriptionSv: string, descriptionEn: string, weight: number): Criterion => ({ key, labelSv, labelEn, descriptionSv, descriptionEn, scale: scale(), weight });
  return [
    c('criminal_network', 'Lokalt kriminellt nätverk', 'Local criminal network', 'Hur starkt ett lokalt kriminellt nätverk påverkar lokalsamhället (direkt genom hot och utpressning, indirekt genom närvaro).', 'How strongly a local criminal network affects the local community (directly by threats and extortion, indirectly by presence).', 1.5),
    c('public_disorder', 'Ordningsstörningar och våld i offentlig miljö', 'Public disorder and violence in public places', 'Våld i offentlig miljö som riskerar att skada tredje man, skadegörelse, bränder.', 'Violence in public places that risks harming third parties, vandalism, arson.', 1),
    c('open_drug_trade', 'Öppen narkotikahandel', 'Open drug trade', 'Narkotikaförsäljning som sker öppet och påverkar boende och förbipasserande.', 'Drug dealing done openly, affecting residents and passers-by.', 1),
    c('unwillingness_to_report', 'Ovilja att anmäla och medverka i rättsprocessen', 'Unwillingness to report and take part in the legal process', 'Boendes ovilja att anmäla brott eller vittna.', "Residents' unwillingness to report crime or to testify.", 1.5),
    c('threats_witnesses', 'Hot och våld mot vittnen, målsägande och anmälare', 'Threats and violence against witnesses, injured parties and reporters', 'Systematiska hot och våld mot den som medverkar i rättsprocessen.', 'Systematic threats and violence against those who take part in the legal process.', 2),
    c('parallel_structures', 'Parallella samhällsstrukturer', 'Parallel social structures', 'Strukturer som ersätter samhällets, t.ex. egna konfliktlösningar och "skydd".', "Structures replacing society's, e.g. own conflict resolution and 'protection'.", 1),
    c('extremism', 'Extremism', 'Extremism', 'Extremism, t.ex. systematiska inskränkningar av religionsfriheten.', 'Extremism, e.g. systematic violations of religious freedom.', 1),
    c('police_adaptation', 'Polisen måste anpassa arbetssätt', 'Police must adapt their methods', 'I vilken mån polisen rutinmässigt måste anpassa metoder och utrustning.', 'To what extent police must routinely adapt methods and equipment.', 1),
  ];
}

const KEY_RE = /^[a-z][a-z0-9_]{1,39}$/;

/** Every problem of a catalogue sent to PUT /api/areafollowup/criteria/:year; empty when it is good. */
export function criteriaProblems(input: unknown): { criteria: Criterion[]; problems: string[] } {
  const problems: string[] = [];
  const list = (input as { criteria?: unknown } | null)?.criteria;
  if (!Array.isArray(list)) return { criteria: [], problems: ['the body must be { criteria: [ … ] }.'] };
  if (list.length === 0 || list.length > 30) problems.push('criteria: between 1 and 30 criteria.');
  const seen = new Set<string>();
  const out: Criterion[] = [];
  for (const [i, raw] of list.entries()) {
    const at = `criteria[${i}]`;
    const c = raw as Record<string, unknown> | null;
    if (!c || typeof c !== 'object') {
      problems.push(`${at} must be an object.`);
      continue;
    }
    const text = (k: string, max: number, required: boolean): string => {
      const v = c[k];
      if (v === undefined && !required) return '';
      if (typeof v !== 'string' || (required && v.trim() === '') || v.length > max) problems.push(`${at}.${k} must be text of at most ${max} characters${required ? ', not empty' : ''}.`);
      return typeof v === 'string' ? v.trim() : '';
    };
    const key = typeof c.key === 'string' ? c.key : '';
    if (!KEY_RE.test(key)) problems.push(`${at}.key must be 2–40 lower-case letters, digits or _ starting with a letter.`);
    else if (seen.has(key)) problems.push(`${at}.key "${key}" is used twice.`);
    seen.add(key);
    const labelSv = text('labelSv', 120, true);
    const labelEn = text('labelEn', 120, true);
    const descriptionSv = text('descriptionSv', 1000, false);
    const descriptionEn = text('descriptionEn', 1000, false);
    const weight = c.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0 || weight > 10) problems.push(`${at}.weight must be a number above 0 and at most 10.`);
    const steps = c.scale === undefined ? scale() : c.scale;
    const stepOut: Criterion['scale'] = [];
    if (!Array.isArray(steps) || steps.length < 2 || steps.length > 11) problems.push(`${at}.scale must have 2 to 11 steps.`);
    else {
      for (const [j, s] of steps.entries()) {
        const st = s as { value?: unknown; sv?: unknown; en?: unknown } | null;
        if (!st || !Number.isInteger(st.value) || typeof st.sv !== 'string' || st.sv.trim() === '' || typeof st.en !== 'string' || st.en.trim() === '') {
          problems.push(`${at}.scale[${j}] must be { value: integer, sv: text, en: text }.`);
          continue;
        }
        if (stepOut.length > 0 && (st.value as number) <= stepOut[stepOut.length - 1].value) problems.push(`${at}.scale values must ascend.`);
        stepOut.push({ value: st.value as number, sv: st.sv.trim(), en: st.en.trim() });
      }
    }
    out.push({ key, labelSv, labelEn, descriptionSv, descriptionEn, scale: stepOut, weight: typeof weight === 'number' ? weight : 1 });
  }
  return { criteria: out, problems };
}

const COMMENT_MAX = 4000;

/**
 * Checks an answer sheet against a catalogue: known keys, scores on the criterion's scale (or null), comments
 * as text. With `complete`, every criterion needs a score (a submission).
 */
export function answerProblems(criteria: readonly Criterion[], input: unknown, complete: boolean): { answers: Answer[]; problems: string[] } {
  const problems: string[] = [];
  if (input !== undefined && !Array.isArray(input)) return { answers: [], problems: ['answers must be a list of { key, score, comment }.'] };
  const byKey = new Map<string, Answer>();
  for (const [i, raw] of ((input as unknown[] | undefined) ?? []).entries()) {
    const a = raw as { key?: unknown; score?: unknown; comment?: unknown } | null;
    const crit = criteria.find((c) => c.key === a?.key);
    if (!a || typeof a.key !== 'string' || !crit) {
      problems.push(`answers[${i}]: "${String(a?.key)}" is not a criterion of this year's catalogue.`);
      continue;
    }
    if (byKey.has(a.key)) problems.push(`answers[${i}]: "${a.key}" is answered twice.`);
    const score = a.score === undefined ? null : a.score;
    if (score !== null && (typeof score !== 'number' || !crit.scale.some((s) => s.value === score))) {
      problems.push(`answers[${i}]: the score of "${a.key}" must be one of ${crit.scale.map((s) => s.value).join(', ')}.`);
    }
    const comment = a.comment === undefined || a.comment === null ? null : a.comment;
    if (comment !== null && (typeof comment !== 'string' || comment.length > COMMENT_MAX)) problems.push(`answers[${i}]: the comment must be text of at most ${COMMENT_MAX} characters.`);
    byKey.set(a.key, { key: a.key, score: typeof score === 'number' ? score : null, comment: typeof comment === 'string' && comment.trim() !== '' ? comment : null });
  }
  if (complete) for (const c of criteria) if (byKey.get(c.key)?.score == null) problems.push(`"${c.labelSv}" (${c.key}) has no score.`);
  return { answers: criteria.map((c) => byKey.get(c.key) ?? { key: c.key, score: null, comment: null }), problems };
}

/** An overall judgement: null or a step of the criteria scale (the default 0–4). */
export function overallProblems(overall: unknown): string[] {
  if (overall === undefined || overall === null) return [];
  return Number.isInteger(overall) && (overall as number) >= 0 && (overall as number) <= 4 ? [] : ['overall must be 0–4 (Ingen … Mycket hög) or null.'];
}
