/**
 * Study JSON validation and preparation: every problem found becomes one sentence naming the field and what is
 * wrong; all problems are collected before failing.
 */
import { ProblemsError } from '../../../../shared/src/problems.ts';
import {
  analysisCrs,
  type FeatureSet,
  findSelfIntersection,
  isSupportedCrs,
  makeTransformer,
  parseBoundary,
  parseFeatureSet,
  parsePoints,
  type Polygon,
  SUPPORTED_CRS,
  transformFeatureSet,
  transformPolygons,
} from './geometry.ts';
import { type Deadline, NO_DEADLINE, RtmTimeLimitError } from './budget.ts';
import { withoutAreaPrecision } from './outcomePrecision.ts';
import type { Increment, Operationalization } from './variables.ts';

export interface FactorInput {
  name: string;
  features: unknown;
  operationalization: Operationalization;
  spatialInfluence: number;
  increment: Increment;
}

/** A validated study with every default filled in. */
export interface Study {
  name: string;
  crs: string;
  boundary: unknown;
  blockLength: number;
  cellSize: number;
  /** The outcome without area-precision events (see outcomePrecision.ts). */
  outcome: unknown;
  /** How many outcome events were left out because their position is only an area. */
  outcomeAreaPrecisionLeftOut: number;
  factors: FactorInput[];
  density: { kSd: number };
  family: 'auto' | 'poisson' | 'negbin';
  seed: number;
  evaluation?: { outcome: unknown };
  classes: { kHigh: number; kModerate: number };
  clusters: { minCells: number };
  elasticNet: { alpha: number; nfolds: number; nlambda: number; patience: number };
  /** Outcome label for the narrative (defaults to the study name). */
  outcomeName: string;
}

/** A study that cannot run: every problem found, one sentence each. */
export class StudyValidationError extends ProblemsError {
  override name = 'StudyValidationError';
}

export interface Limits {
  /** Maximum number of study-area cells. @defaultValue 2_000_000 */
  maxCells: number;
  /** Maximum number of factors. @defaultValue 200 */
  maxFactors: number;
  /**
   * Wall-time limit of a run in seconds. The largest benchmark (1 000 000 cells × 20 factors) takes about 4 min
   * on an idle 2-core machine and 3–5× that under load, so 20 min stops only runs that would never end.
   * @defaultValue 1200
   */
  maxSeconds: number;
}

export const DEFAULT_LIMITS: Limits = { maxCells: 2_000_000, maxFactors: 200, maxSeconds: 1200 };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Validates the shape of a study and fills defaults. Geometry contents are checked by prepareStudy. */
export function validateStudy(raw: unknown, limits: Limits = DEFAULT_LIMITS): Study {
  const problems: string[] = [];
  if (!isObj(raw)) throw new StudyValidationError(['The study must be a JSON object.']);
  const num = (path: string, v: unknown, def: number | undefined, check: (x: number) => boolean, what: string): number => {
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
      problems.push(`${path} must be ${what}${v === undefined ? ' (it is missing)' : `, got ${JSON.stringify(v)}`}.`);
      return def ?? Number.NaN;
    }
    return v;
  };
  const oneOf = <T extends string>(path: string, v: unknown, def: T, allowed: readonly T[]): T => {
    if (v === undefined) return def;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      problems.push(`${path} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(v)}.`);
      return def;
    }
    return v as T;
  };
  const name = typeof raw.name === 'string' && raw.name.trim() ? raw.name : 'RTM study';
  if (raw.name !== undefined && typeof raw.name !== 'string') problems.push('name must be a string.');
  let crs = 'EPSG:3006';
  if (raw.crs !== undefined) {
    if (typeof raw.crs !== 'string' || !isSupportedCrs(raw.crs.toUpperCase())) {
      problems.push(`crs ${JSON.stringify(raw.crs)} is not a known CRS; use one of ${SUPPORTED_CRS.slice(0, 2).join(', ')} or a SWEREF 99 local zone (EPSG:3007–3018).`);
    } else crs = raw.crs.toUpperCase();
  }
  const blockLength = num('blockLength', raw.blockLength, 100, (x) => x > 0, 'a positive number of metres');
  const cellSize = num('cellSize', raw.cellSize, blockLength / 2, (x) => x > 0, 'a positive number of metres');
  if (raw.boundary === undefined) problems.push('boundary is missing; give a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection.');
  if (raw.outcome === undefined) problems.push('outcome is missing; give a GeoJSON FeatureCollection of Points.');
  const split = withoutAreaPrecision(raw.outcome);
  if (split.total > 0 && split.leftOut === split.total)
    problems.push(
      `outcome: all ${split.total} events have only an area position (locationPrecision "area", e.g. police-feed events placed on a municipality's centroid); RTM needs events with an exact or street-level position.`,
    );
  const factors: FactorInput[] = [];
  if (!Array.isArray(raw.factors) || raw.factors.length === 0) {
    problems.push('factors must be a non-empty array of risk factors.');
  } else {
    if (raw.factors.length > limits.maxFactors) problems.push(`factors has ${raw.factors.length} entries, more than the limit of ${limits.maxFactors}.`);
    const seen = new Set<string>();
    raw.factors.forEach((f: unknown, k: number) => {
      const p = `factors[${k}]`;
      if (!isObj(f)) {
        problems.push(`${p} must be an object.`);
        return;
      }
      const fname = typeof f.name === 'string' && f.name.trim() ? f.name.trim() : '';
      if (!fname) problems.push(`${p}.name must be a non-empty string.`);
      else if (seen.has(fname)) problems.push(`${p}.name "${fname}" is used by another factor.`);
      seen.add(fname);
      if (f.features === undefined) problems.push(`${p}.features is missing; give a GeoJSON FeatureCollection.`);
      const operationalization = oneOf(`${p}.operationalization`, f.operationalization, 'both', ['both', 'proximity', 'density'] as const);
      const spatialInfluence = num(`${p}.spatialInfluence`, f.spatialInfluence, 3, (x) => Number.isInteger(x) && x >= 1 && x <= 20, 'a whole number of blocks from 1 to 20');
      const increment = oneOf(`${p}.increment`, f.increment, 'half', ['whole', 'half'] as const);
      factors.push({ name: fname, features: f.features, operationalization, spatialInfluence, increment });
    });
  }
  let kSd = 2;
  if (raw.density !== undefined) {
    if (!isObj(raw.density)) problems.push('density must be an object like { "kSd": 2 }.');
    else kSd = num('density.kSd', raw.density.kSd, 2, (x) => x >= 0, 'a non-negative number');
  }
  const family = oneOf('family', raw.family, 'auto', ['auto', 'poisson', 'negbin'] as const);
  const seed = num('seed', raw.seed, 1, (x) => Number.isInteger(x), 'an integer');
  let evaluation: Study['evaluation'];
  if (raw.evaluation !== undefined) {
    if (!isObj(raw.evaluation) || raw.evaluation.outcome === undefined)
      problems.push('evaluation must be an object with an outcome FeatureCollection of Points for the test period.');
    else evaluation = { outcome: raw.evaluation.outcome };
  }
  const cl = isObj(raw.classes) ? raw.classes : {};
  const classes = {
    kHigh: num('classes.kHigh', cl.kHigh, 2, (x) => x > 0, 'a positive number'),
    kModerate: num('classes.kModerate', cl.kModerate, 1, (x) => x > 0, 'a positive number'),
  };
  const cu = isObj(raw.clusters) ? raw.clusters : {};
  const clusters = { minCells: num('clusters.minCells', cu.minCells, 3, (x) => Number.isInteger(x) && x >= 1, 'a positive integer') };
  const en = isObj(raw.elasticNet) ? raw.elasticNet : {};
  const elasticNet = {
    alpha: num('elasticNet.alpha', en.alpha, 0.5, (x) => x > 0 && x <= 1, 'a number in (0, 1]'),
    nfolds: num('elasticNet.nfolds', en.nfolds, 10, (x) => Number.isInteger(x) && x >= 3 && x <= 50, 'an integer from 3 to 50'),
    nlambda: num('elasticNet.nlambda', en.nlambda, 100, (x) => Number.isInteger(x) && x >= 5 && x <= 500, 'an integer from 5 to 500'),
    patience: num('elasticNet.patience', en.patience, 10, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer (0 = whole λ path)'),
  };
  const outcomeName = typeof raw.outcomeName === 'string' && raw.outcomeName.trim() ? raw.outcomeName : name;
  if (problems.length > 0) throw new StudyValidationError(problems);
  return {
    name,
    crs,
    boundary: raw.boundary,
    blockLength,
    cellSize,
    outcome: split.outcome,
    outcomeAreaPrecisionLeftOut: split.leftOut,
    factors,
    density: { kSd },
    family,
    seed,
    evaluation,
    classes,
    clusters,
    elasticNet,
    outcomeName,
  };
}

export interface PreparedStudy {
  study: Study;
  /** CRS the analysis runs in (metres). */
  crs: string;
  boundary: Polygon[];
  outcome: Float64Array;
  testOutcome: Float64Array | null;
  factorSets: FeatureSet[];
}

/** Parses and projects all geometry; collects every geometry problem. */
export function prepareStudy(study: Study, deadline: Deadline = NO_DEADLINE): PreparedStudy {
  const problems: string[] = [];
  const crs = analysisCrs(study.crs);
  const tf = makeTransformer(study.crs, crs);
  let boundary: Polygon[] = [];
  try {
    boundary = parseBoundary(study.boundary);
    transformPolygons(boundary, tf);
    const si = findSelfIntersection(boundary, deadline);
    if (si) problems.push(`boundary is self-intersecting (${si}); fix the polygon so its edges do not cross.`);
  } catch (e) {
    if (e instanceof RtmTimeLimitError) throw e;
    problems.push(`boundary ${(e as Error).message}.`);
  }
  const pts = (path: string, v: unknown): Float64Array => {
    try {
      const xy = parsePoints(v);
      if (tf) tf(xy);
      if (xy.length === 0) problems.push(`${path} has no points; it must contain at least one event.`);
      return xy;
    } catch (e) {
      problems.push(`${path} ${(e as Error).message}.`);
      return new Float64Array(0);
    }
  };
  const outcome = pts('outcome', study.outcome);
  const testOutcome = study.evaluation ? pts('evaluation.outcome', study.evaluation.outcome) : null;
  const factorSets: FeatureSet[] = study.factors.map((f, k) => {
    try {
      const fs = parseFeatureSet(f.features);
      transformFeatureSet(fs, tf);
      if (fs.points.length === 0 && fs.lines.length === 0 && fs.polygons.length === 0)
        problems.push(`factors[${k}] ("${f.name}") has no features; give at least one point, line or polygon.`);
      return fs;
    } catch (e) {
      problems.push(`factors[${k}].features ${(e as Error).message}.`);
      return { points: new Float64Array(0), lines: [], polygons: [], featureCount: 0 };
    }
  });
  if (problems.length > 0) throw new StudyValidationError(problems);
  return { study, crs, boundary, outcome, testOutcome, factorSets };
}
