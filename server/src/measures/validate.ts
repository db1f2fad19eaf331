/**
 * Checks a measure's and an activity's fields (create, patch, import rows) and turns them into stored values.
 * Pure: every problem becomes a sentence naming the field, so a route answers 400/422 and an import reports
 * the row.
 */
import { CLASSIFICATIONS, type Classification } from '../../../shared/src/access.ts';
import { PICTURE_AREA_LIMITS, polygonalProblems } from '../../../shared/src/geometryCheck.ts';
import {
  DOSAGE_PERIODS,
  DOSAGE_UNITS,
  MEASURE_KINDS,
  MEASURE_STATUSES,
  type MeasureEvidence,
  type MeasureKind,
  type MeasureStatus,
  type MeasureTarget,
  type PlannedDosage,
} from '../../../shared/src/measures.ts';

/** The fields of a measure a create or a patch may set (api-contract.md, plus responsible, evidence, outcomeNote). */
export interface MeasureFields {
  title: string;
  kind: MeasureKind;
  target: MeasureTarget;
  classification: Classification;
  status: MeasureStatus;
  startsAt: Date;
  endsAt: Date | null;
  description: string | null;
  responsible: string | null;
  sharedWith: string[];
  riskFactors: string[];
  evidence: MeasureEvidence | null;
  plannedDosage: PlannedDosage | null;
  publicText: string | null;
  outcomeNote: string | null;
}

export const MEASURE_FIELDS = [
  'title',
  'kind',
  'target',
  'classification',
  'status',
  'startsAt',
  'endsAt',
  'description',
  'responsible',
  'sharedWith',
  'riskFactors',
  'evidence',
  'plannedDosage',
  'publicText',
  'outcomeNote',
] as const satisfies ReadonlyArray<keyof MeasureFields>;

const REQUIRED = ['title', 'kind', 'target', 'classification', 'startsAt'] as const;
const [MIN_LON, MIN_LAT, MAX_LON, MAX_LAT] = PICTURE_AREA_LIMITS.bounds;

function positionProblem(p: unknown, name: string): string | null {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) return `${name} must be [lon, lat].`;
  const [lon, lat] = p as number[];
  if (lon < MIN_LON || lon > MAX_LON || lat < MIN_LAT || lat > MAX_LAT) return `${name} (${lon}, ${lat}) lies outside ${PICTURE_AREA_LIMITS.boundsName}.`;
  return null;
}

/** Problems of a measure's target: a WGS84 Point, LineString, Polygon or MultiPolygon inside Sweden. */
export function targetProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['target must be a GeoJSON geometry object.'];
  const g = value as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return polygonalProblems(value).map((p) => `target: ${p}`);
  if (g.type === 'Point') {
    const p = positionProblem(g.coordinates, 'target: the point');
    return p ? [p] : [];
  }
  if (g.type === 'LineString') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length < 2) return ['target: a LineString needs at least 2 positions.'];
    if (g.coordinates.length > PICTURE_AREA_LIMITS.maxVertices) return [`target: the line has more than ${PICTURE_AREA_LIMITS.maxVertices} positions; simplify it.`];
    const out: string[] = [];
    g.coordinates.forEach((p, i) => {
      const problem = positionProblem(p, `target: position ${i + 1}`);
      if (problem && out.length < 5) out.push(problem);
    });
    return out;
  }
  return [`target must be a GeoJSON Point, LineString, Polygon or MultiPolygon, not ${JSON.stringify(g.type ?? null).slice(0, 40)}.`];
}

function oneOf<T extends string>(list: readonly T[], v: unknown, name: string, problems: string[]): T | undefined {
  if (typeof v === 'string' && (list as readonly string[]).includes(v)) return v as T;
  problems.push(`${name} must be one of ${list.join(', ')}.`);
  return undefined;
}

function text(v: unknown, name: string, max: number, problems: string[], nullable: boolean): string | null | undefined {
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || (!nullable && v.trim() === '')) {
    problems.push(`${name} must be ${nullable ? 'a string or null' : 'a non-empty string'}.`);
    return undefined;
  }
  if (v.length > max) {
    problems.push(`${name} is longer than ${max} characters.`);
    return undefined;
  }
  return nullable && v.trim() === '' ? null : v;
}

function date(v: unknown, name: string, problems: string[], nullable: boolean): Date | null | undefined {
  if (v === null && nullable) return null;
  const d = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? new Date(v) : null;
  if (!d || Number.isNaN(d.getTime())) {
    problems.push(`${name} must be an ISO 8601 date or time${nullable ? ' or null' : ''}.`);
    return undefined;
  }
  return d;
}

function strings(v: unknown, name: string, maxItems: number, problems: string[]): string[] | undefined {
  if (!Array.isArray(v) || v.length > maxItems || !v.every((s) => typeof s === 'string' && s.length > 0 && s.length <= 200)) {
    problems.push(`${name} must be a list of at most ${maxItems} non-empty strings.`);
    return undefined;
  }
  return [...new Set(v as string[])];
}

function dosage(v: unknown, problems: string[]): PlannedDosage | null | undefined {
  if (v === null) return null;
  const d = v as { amount?: unknown; unit?: unknown; per?: unknown } | undefined;
  if (!d || typeof d !== 'object' || typeof d.amount !== 'number' || !Number.isFinite(d.amount) || d.amount <= 0 || d.amount > 1e6) {
    problems.push('plannedDosage must be { amount > 0, unit, per } or null.');
    return undefined;
  }
  const unit = oneOf(DOSAGE_UNITS, d.unit, 'plannedDosage.unit', problems);
  const per = oneOf(DOSAGE_PERIODS, d.per, 'plannedDosage.per', problems);
  return unit && per ? { amount: d.amount, unit, per } : undefined;
}

function evidence(v: unknown, problems: string[]): MeasureEvidence | null | undefined {
  if (v === null) return null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    problems.push('evidence must be an object { zoneIds?, areaCodes?, rtmFactors? } or null.');
    return undefined;
  }
  const e = v as Record<string, unknown>;
  const out: MeasureEvidence = {};
  if (e.zoneIds !== undefined) out.zoneIds = strings(e.zoneIds, 'evidence.zoneIds', 200, problems);
  if (e.areaCodes !== undefined) out.areaCodes = strings(e.areaCodes, 'evidence.areaCodes', 200, problems);
  if (e.rtmFactors !== undefined) {
    const ok =
      Array.isArray(e.rtmFactors) &&
      e.rtmFactors.length <= 100 &&
      e.rtmFactors.every(
        (f) =>
          f &&
          typeof f === 'object' &&
          typeof (f as { name?: unknown }).name === 'string' &&
          ((f as { relativeRisk?: unknown }).relativeRisk === undefined || Number.isFinite((f as { relativeRisk?: unknown }).relativeRisk)),
      );
    if (ok) out.rtmFactors = (e.rtmFactors as Array<{ name: string; relativeRisk?: number }>).map((f) => ({ name: f.name.slice(0, 200), ...(f.relativeRisk !== undefined ? { relativeRisk: f.relativeRisk } : {}) }));
    else problems.push('evidence.rtmFactors must be a list of { name, relativeRisk? }.');
  }
  return out;
}

/**
 * Checks the given fields (all of REQUIRED on create; any subset on patch). Unknown fields are refused, so a
 * misspelt field is not silently dropped.
 */
export function checkMeasureFields(input: unknown, mode: 'create' | 'patch'): { fields: Partial<MeasureFields>; problems: string[] } {
  const problems: string[] = [];
  const fields: Partial<MeasureFields> = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { fields, problems: ['the body must be a JSON object.'] };
  const b = input as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!(MEASURE_FIELDS as readonly string[]).includes(k)) problems.push(`${k} is not a field of a measure.`);
  if (mode === 'create') for (const k of REQUIRED) if (b[k] === undefined) problems.push(`${k} is required.`);
  const set = <K extends keyof MeasureFields>(k: K, v: MeasureFields[K] | undefined) => {
    if (v !== undefined) fields[k] = v;
  };
  if (b.title !== undefined) set('title', text(b.title, 'title', 200, problems, false) ?? undefined);
  if (b.kind !== undefined) set('kind', oneOf(MEASURE_KINDS, b.kind, 'kind', problems));
  if (b.target !== undefined) {
    const tp = targetProblems(b.target);
    if (tp.length) problems.push(...tp);
    else {
      const g = b.target as MeasureTarget;
      set('target', { type: g.type, coordinates: g.coordinates });
    }
  }
  if (b.classification !== undefined) set('classification', oneOf(CLASSIFICATIONS, b.classification, 'classification', problems));
  if (b.status !== undefined) set('status', oneOf(MEASURE_STATUSES, b.status, 'status', problems));
  if (b.startsAt !== undefined) set('startsAt', date(b.startsAt, 'startsAt', problems, false) ?? undefined);
  if (b.endsAt !== undefined) set('endsAt', date(b.endsAt, 'endsAt', problems, true));
  for (const [k, max] of [
    ['description', 10_000],
    ['responsible', 200],
    ['publicText', 5_000],
    ['outcomeNote', 10_000],
  ] as const) {
    if (b[k] !== undefined) set(k, text(b[k], k, max, problems, true));
  }
  if (b.sharedWith !== undefined) set('sharedWith', strings(b.sharedWith, 'sharedWith', 100, problems));
  if (b.riskFactors !== undefined) set('riskFactors', strings(b.riskFactors, 'riskFactors', 100, problems));
  if (b.evidence !== undefined) set('evidence', evidence(b.evidence, problems));
  if (b.plannedDosage !== undefined) set('plannedDosage', dosage(b.plannedDosage, problems));
  return { fields, problems };
}

/** The period must not end before it starts. */
export function periodProblems(startsAt: Date, endsAt: Date | null): string[] {
  return endsAt && endsAt.getTime() < startsAt.getTime() ? ['endsAt must not be before startsAt.'] : [];
}

export interface ActivityFields {
  at: Date;
  amount: number;
  note: string | null;
  location: { type: 'Point'; coordinates: [number, number] } | null;
}

export function checkActivity(input: unknown): { value?: ActivityFields; problems: string[] } {
  const problems: string[] = [];
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { problems: ['the body must be a JSON object.'] };
  const b = input as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!['at', 'amount', 'note', 'location'].includes(k)) problems.push(`${k} is not a field of an activity.`);
  const at = date(b.at, 'at', problems, false);
  const amount = typeof b.amount === 'number' && Number.isFinite(b.amount) && b.amount > 0 && b.amount <= 10_000 ? b.amount : undefined;
  if (amount === undefined) problems.push('amount must be a number greater than 0 (at most 10000).');
  const note = b.note === undefined ? null : text(b.note, 'note', 2_000, problems, true);
  let location: ActivityFields['location'] = null;
  if (b.location !== undefined && b.location !== null) {
    const l = b.location as { type?: unknown; coordinates?: unknown };
    const problem = l && typeof l === 'object' && l.type === 'Point' ? positionProblem(l.coordinates, 'location') : 'location must be a GeoJSON Point or null.';
    if (problem) problems.push(problem);
    else location = { type: 'Point', coordinates: [(l.coordinates as number[])[0], (l.coordinates as number[])[1]] };
  }
  if (problems.length || !at || amount === undefined || note === undefined) return { problems };
  return { value: { at, amount, note, location }, problems };
}
