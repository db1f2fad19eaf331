/**
 * The RTM engine (RTMDx method, §1): study → grid → candidate variables → elastic-net CV → stepwise BIC for
 * Poisson and NBII → RRV/RRS/classes/clusters/narrative → optional evaluation. Pure and synchronous: no I/O;
 * progress is reported through a callback. Deterministic for a given study (including its seed).
 */
import { createHash } from 'node:crypto';
import type { RtmStage } from '../../../../shared/src/rtmRun.ts';
import { type CvResult, cvEnet, DEFAULT_ENET, type EnetFactor, type EnetProblem, type UnfittedLambda } from './elasticNet.ts';
import { evaluateMethod, type MethodEvaluation } from './evaluation.ts';
import type { FeatureSet } from './geometry.ts';
import { type FitResult, makeOutcome, pearsonDispersion } from './glm.ts';
import { buildGrid, countPoints, type Grid } from './grid.ts';
import { buildNarrative } from './narrative.ts';
import { stepwise, fitModel, type StepCandidate, type StepResult } from './stepwise.ts';
import { DEFAULT_LIMITS, type Limits, prepareStudy, type Study, StudyValidationError, validateStudy } from './study.ts';
import {
  type ClassSummary,
  type Cluster,
  CLASS_NAMES,
  findClusters,
  relativeRiskScore,
  riskClasses,
  summarizeClasses,
} from './surface.ts';
import { canonicalJson, sha256 } from './util.ts';
import { buildFactorVariables, type FactorVariables, kernelDensity, variableName } from './variables.ts';
import { GridTooLargeError } from './grid.ts';
import { deadlineAfter, RtmTimeLimitError } from './budget.ts';

export const ENGINE_VERSION = 'lagesbild-rtm/1';

export interface Progress {
  stage: RtmStage;
  /** Overall fraction 0..1. */
  fraction: number;
  message?: string;
}

export interface RunOptions {
  onProgress?: (p: Progress) => void;
  /** Factor-variable cache keyed by factor content hash; pass the same Map across runs to reuse variables. */
  cache?: Map<string, FactorVariables>;
  limits?: Partial<Limits>;
}

export interface FactorResult {
  name: string;
  operationalization: 'proximity' | 'density';
  /** Metres. */
  spatialInfluence: number;
  coefficient: number;
  standardError: number;
  pValue: number;
  rrv: number;
  variable: string;
}

export type CandidateStatus =
  | 'selected'
  | 'negative'
  | 'not_selected_stepwise'
  | 'dropped_elastic_net'
  | 'constant';

export interface CandidateResult {
  variable: string;
  factor: string;
  operationalization: 'proximity' | 'density';
  distance: number;
  band: number;
  /** Study cells where the variable is 1. */
  cells: number;
  /** Coefficient at lambda.min (0 if dropped), null when not entered into the elastic net. */
  elasticNetCoefficient: number | null;
  status: CandidateStatus;
  reason: string;
}

export interface FamilySummary {
  family: 'poisson' | 'negbin';
  bic: number;
  logLik: number;
  variables: string[];
}

/**
 * Something the analyst must know to read the result (events left out, a model fitted on less than asked for).
 * `code` is stable; `sv` and `en` are sentences for the UI and exports.
 */
export interface RtmNote {
  code: 'outcome_area_precision_left_out' | 'elastic_net_path_ended' | 'no_variable_survived_elastic_net';
  count?: number;
  sv: string;
  en: string;
}

export interface RtmResult {
  engine: string;
  name: string;
  model: {
    family: 'poisson' | 'negbin';
    intercept: number;
    interceptStandardError: number;
    sigma?: number;
    logSigma?: number;
    logSigmaStandardError?: number;
    logLik: number;
    aic: number;
    bic: number;
    df: number;
    cells: number;
    cellsWithEvents: number;
    events: number;
    eventsOutside: number;
    /** Outcome events left out because their position is only an area (see notes). */
    eventsLeftOutAreaPrecision: number;
    candidateCount: number;
    seed: number;
    inputHash: string;
    pearsonDispersion: number;
    lambdaMin: number | null;
    /** Position of lambda.min on the λ path and the path length (diagnostics). */
    lambdaPath: { index: number; length: number; alpha: number; nfolds: number; stoppedEarly: boolean } | null;
    /** Distinct covariate patterns the elastic net was fitted on. */
    elasticNetRows: number | null;
    elasticNetSurvivors: number;
    families: FamilySummary[];
    converged: boolean;
  };
  notes: RtmNote[];
  factors: FactorResult[];
  negativeFactors: FactorResult[];
  candidates: CandidateResult[];
  classes: ClassSummary[];
  classThresholds: { mean: number; sd: number; highest: number; moderatelyHigh: number };
  clusters: Cluster[];
  rrs: { min: number; max: number; mean: number; sd: number };
  grid: { crs: string; originX: number; originY: number; cellSize: number; cols: number; rows: number };
  narrative: { sv: string; en: string };
  parameters: {
    crs: string;
    blockLength: number;
    cellSize: number;
    kSd: number;
    family: 'auto' | 'poisson' | 'negbin';
    seed: number;
    classes: { kHigh: number; kModerate: number };
    clusters: { minCells: number };
    elasticNet: { alpha: number; nfolds: number; nlambda: number; patience: number };
    factors: Array<{ name: string; operationalization: string; spatialInfluence: number; increment: string; featureCount: number; distances: number[] }>;
  };
  evaluation?: {
    events: number;
    eventsOutside: number;
    methods: MethodEvaluation[];
    classes: ClassSummary[];
    rriDefinition: string;
  };
}

/** Per-cell arrays (study-cell order, row-major from the north-west). */
export interface CellArrays {
  grid: Grid;
  counts: Int32Array;
  testCounts: Int32Array | null;
  rrs: Float64Array;
  classes: Uint8Array;
  expected: Float64Array;
  clusterOf: Int32Array;
  selected: Array<{ variable: string; values: Uint8Array }>;
}

export interface RunOutput {
  result: RtmResult;
  cells: CellArrays;
  /** Wall-clock milliseconds per stage (not part of the deterministic result). */
  timings: Record<string, number>;
}

function gridSignature(g: Grid): string {
  const h = createHash('sha256');
  h.update(`${g.originX},${g.originY},${g.cellSize},${g.cols},${g.rows};`);
  h.update(new Uint8Array(g.cellIndex.buffer, g.cellIndex.byteOffset, g.cellIndex.byteLength));
  return h.digest('hex');
}

function factorKey(gridSig: string, fs: FeatureSet, spec: Study['factors'][number], blockLength: number, kSd: number): string {
  const h = createHash('sha256');
  h.update(`${gridSig};${spec.operationalization};${spec.spatialInfluence};${spec.increment};${blockLength};${kSd};`);
  const add = (a: Float64Array) => {
    h.update(`${a.length}:`);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  };
  add(fs.points);
  h.update('L');
  for (const l of fs.lines) add(l);
  h.update('P');
  for (const p of fs.polygons) {
    h.update('(');
    for (const r of p) add(r);
  }
  return h.digest('hex');
}

const round = (x: number, d = 10) => (Number.isFinite(x) ? Number(x.toPrecision(d)) : x);

/**
 * Runs a study. Throws StudyValidationError (with one sentence per problem) on bad input.
 */
export function runStudy(raw: unknown, options: RunOptions = {}): RunOutput {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const progress = (stage: Progress['stage'], fraction: number, message?: string) => options.onProgress?.({ stage, fraction, message });
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const t = performance.now();
    timings[name] = Math.round(t - t0);
    t0 = t;
  };
  progress('prepare', 0);
  const deadline = deadlineAfter(limits.maxSeconds);
  const study = validateStudy(raw, limits);
  const notes: RtmNote[] = [];
  const leftOut = study.outcomeAreaPrecisionLeftOut;
  if (leftOut > 0)
    notes.push({
      code: 'outcome_area_precision_left_out',
      count: leftOut,
      sv: `${leftOut} händelser lämnades utanför modellen eftersom deras läge bara är ett område (till exempel polisens händelser som placeras i kommunens mittpunkt), inte en plats.`,
      en: `${leftOut} events were left out of the model because their position is only an area (for example police-feed events placed on the municipality's centroid), not a place.`,
    });
  const inputHash = sha256(canonicalJson(study));
  const prep = prepareStudy(study, deadline);
  lap('prepare');
  progress('grid', 0.05);
  let grid: Grid;
  try {
    grid = buildGrid(prep.boundary, study.cellSize, limits.maxCells);
  } catch (e) {
    if (e instanceof GridTooLargeError) throw new StudyValidationError([`The study is too large: ${e.message}.`]);
    throw e;
  }
  if (grid.n === 0) throw new StudyValidationError(['boundary contains no cell centroid; the cellSize is too large for the area.']);
  const { counts, outside } = countPoints(grid, prep.outcome);
  let events = 0;
  let cellsWithEvents = 0;
  for (let i = 0; i < grid.n; i++) {
    events += counts[i];
    if (counts[i] > 0) cellsWithEvents++;
  }
  if (events === 0)
    throw new StudyValidationError([
      `outcome: none of the ${prep.outcome.length / 2} events lies inside the boundary; check that the outcome and the boundary use the same CRS (${study.crs}).`,
    ]);
  let testCounts: Int32Array | null = null;
  let testOutside = 0;
  if (prep.testOutcome) {
    const tc = countPoints(grid, prep.testOutcome);
    testCounts = tc.counts;
    testOutside = tc.outside;
    let te = 0;
    for (let i = 0; i < grid.n; i++) te += tc.counts[i];
    if (te === 0) throw new StudyValidationError(['evaluation.outcome: none of the test-period events lies inside the boundary.']);
  }
  lap('grid');

  // Candidate variables, cached per factor content.
  const gridSig = gridSignature(grid);
  const fvs: FactorVariables[] = [];
  study.factors.forEach((spec, k) => {
    deadline.check('variables');
    const key = factorKey(gridSig, prep.factorSets[k], spec, study.blockLength, study.density.kSd);
    let fv = options.cache?.get(key);
    if (!fv) {
      fv = buildFactorVariables(grid, prep.factorSets[k], spec, k + 1, study.blockLength, study.density.kSd);
      options.cache?.set(key, fv);
    }
    // Names depend on the factor's position and name, not on its content: rebuild them.
    fv = { ...fv, vars: fv.vars.map((v) => ({ ...v, name: variableName(k + 1, v.op, v.band, spec.name, v.distance) })) };
    fvs.push(fv);
    progress('variables', 0.1 + (0.2 * (k + 1)) / study.factors.length);
  });
  lap('variables');

  // Global candidate list.
  interface Cand {
    factor: number;
    q: number;
    fv: FactorVariables;
  }
  const cands: Cand[] = [];
  fvs.forEach((fv, f) => {
    for (let q = 0; q < fv.vars.length; q++) cands.push({ factor: f, q, fv });
  });
  const def = (c: Cand) => c.fv.vars[c.q];
  const n = grid.n;
  const isConst = cands.map((c) => def(c).ones === 0 || def(c).ones === n);
  // Elastic net over non-constant candidates.
  const enetIds: number[] = [];
  const enetFactors: EnetFactor[] = [];
  fvs.forEach((fv, f) => {
    const ef: EnetFactor = { state: fv.state, nStates: fv.nStates, tables: [], varIds: [] };
    cands.forEach((c, gi) => {
      if (c.factor !== f || isConst[gi]) return;
      ef.tables.push(def(c).table);
      ef.varIds.push(enetIds.length);
      enetIds.push(gi);
    });
    if (ef.tables.length > 0) enetFactors.push(ef);
  });
  const prob: EnetProblem = { y: counts, factors: enetFactors, p: enetIds.length };
  let cv: (CvResult & { rows: number; stoppedEarly: boolean; unfitted: UnfittedLambda | null }) | null = null;
  let cvAlpha = study.elasticNet.alpha;
  let survivors: number[] = [];
  const enetCoef = new Map<number, number>();
  if (prob.p > 0) {
    const eopts = { ...DEFAULT_ENET, ...study.elasticNet, seed: study.seed, deadline };
    cv = cvEnet(prob, eopts, (fr) => progress('elastic_net', 0.3 + 0.4 * fr));
    let beta = cv.beta;
    if (!beta.some((b) => b !== 0)) {
      cvAlpha = 1;
      cv = cvEnet(prob, { ...eopts, alpha: 1 }, (fr) => progress('elastic_net', 0.7 + 0.05 * fr));
      beta = cv.beta;
    }
    if (cv.unfitted) {
      const u = cv.unfitted;
      notes.push({
        code: 'elastic_net_path_ended',
        sv: `Elastic net kunde bara anpassas för de ${u.index} största λ-värdena (${u.fit === 'full' ? 'hela datamängden' : `korsvalideringsdel ${u.fit.slice(5)}`} gick inte längre); urvalet bygger på dem. Det händer när data är mycket ojämna, till exempel många händelser i en och samma cell.`,
        en: `The elastic net could be fitted only for the ${u.index} largest λ values (${u.fit} went no further: ${u.reason === 'passes' ? 'iteration limit' : 'no step lowered the objective'}); the selection uses them. This happens with very uneven data, such as many events in a single cell.`,
      });
    }
    enetIds.forEach((gi, j) => {
      enetCoef.set(gi, beta[j]);
      if (beta[j] !== 0) survivors.push(gi);
    });
    survivors = survivors.sort((a, b) => a - b);
  }
  lap('elastic_net');
  progress('stepwise', 0.75);

  const outcome = makeOutcome(counts);
  const scope: StepCandidate[] = survivors.map((gi) => ({ varId: gi, factor: cands[gi].factor, bv: { state: cands[gi].fv.state, table: def(cands[gi]).table } }));
  const families: Array<'poisson' | 'negbin'> = study.family === 'auto' ? ['poisson', 'negbin'] : [study.family];
  if (prob.p > 0 && survivors.length === 0)
    notes.push({
      code: 'no_variable_survived_elastic_net',
      sv: 'Ingen riskfaktor överlevde elastic net: med dessa händelser och lager går det inte att skilja platser åt, så riskytan är jämn.',
      en: 'No risk factor survived the elastic net: with these events and layers places cannot be told apart, so the risk surface is flat.',
    });
  const runs: StepResult[] = families.map((fam) => stepwise(outcome, scope, fam, deadline));
  let chosen = runs[0];
  for (const r of runs) if (r.fit.bic < chosen.fit.bic) chosen = r;
  lap('stepwise');
  progress('surface', 0.9);

  // Negative coefficients: report apart, drop, refit until every coefficient is positive.
  const pid = new Int32Array(n);
  let finalVars = chosen.vars.slice();
  let fit: FitResult = chosen.fit;
  const negatives: FactorResult[] = [];
  const toFactorResult = (gi: number, f: FitResult, j: number): FactorResult => {
    const d = def(cands[gi]);
    return {
      name: study.factors[cands[gi].factor].name,
      operationalization: d.op,
      spatialInfluence: d.distance,
      coefficient: round(f.beta[j + 1]),
      standardError: round(f.se[j + 1]),
      pValue: round(f.pValue[j + 1]),
      rrv: round(Math.exp(f.beta[j + 1])),
      variable: d.name,
    };
  };
  for (let guard = 0; guard < 100; guard++) {
    deadline.check('stepwise');
    const neg = finalVars.map((gi, j) => ({ gi, j })).filter(({ j }) => !(fit.beta[j + 1] > 0));
    if (neg.length === 0) break;
    for (const { gi, j } of neg) negatives.push(toFactorResult(gi, fit, j));
    finalVars = finalVars.filter((_, j) => fit.beta[j + 1] > 0);
    fit = fitModel(
      outcome,
      chosen.family,
      finalVars.map((gi) => ({ varId: gi, factor: cands[gi].factor, bv: { state: cands[gi].fv.state, table: def(cands[gi]).table } })),
      pid,
    ).fit;
  }
  const finalData = fitModel(
    outcome,
    'poisson',
    finalVars.map((gi) => ({ varId: gi, factor: cands[gi].factor, bv: { state: cands[gi].fv.state, table: def(cands[gi]).table } })),
    pid,
  );
  const dispersion = pearsonDispersion(finalData.data, finalData.fit.beta, counts, pid);
  const factors = finalVars.map((gi, j) => toFactorResult(gi, fit, j));

  // Surface.
  const terms = finalVars.map((gi, j) => ({
    name: study.factors[cands[gi].factor].name,
    state: cands[gi].fv.state,
    table: def(cands[gi]).table,
    beta: fit.beta[j + 1],
  }));
  const rrs = new Float64Array(n);
  const eta = new Float64Array(n);
  relativeRiskScore(n, terms, rrs, eta);
  const expected = new Float64Array(n);
  for (let i = 0; i < n; i++) expected[i] = Math.exp(fit.beta[0] + eta[i]);
  const cls = new Uint8Array(n);
  const thr = riskClasses(rrs, study.classes.kHigh, study.classes.kModerate, cls);
  const classes = summarizeClasses(cls, counts);
  const clusterOf = new Int32Array(n);
  const clusters = findClusters(grid, cls, rrs, counts, testCounts, terms, study.clusters.minCells, clusterOf);
  let rmin = Number.POSITIVE_INFINITY;
  let rmax = 0;
  for (let i = 0; i < n; i++) {
    if (rrs[i] < rmin) rmin = rrs[i];
    if (rrs[i] > rmax) rmax = rrs[i];
  }
  const narrative = buildNarrative({
    outcomeName: study.outcomeName,
    areaName: study.name,
    factors: factors.map((f) => ({ name: f.name, operationalization: f.operationalization, spatialInfluence: f.spatialInfluence, rrv: f.rrv })),
    maxRrs: rmax,
    classes,
    family: fit.family,
    cells: n,
    events,
  });
  lap('surface');

  // Candidate table.
  const finalSet = new Set(finalVars);
  const negSet = new Set(negatives.map((x) => x.variable));
  const survivorSet = new Set(survivors);
  const candidates: CandidateResult[] = cands.map((c, gi) => {
    const d = def(c);
    let status: CandidateStatus;
    let reason: string;
    if (isConst[gi]) {
      status = 'constant';
      reason = d.ones === 0 ? 'No study cell has this variable; nothing to estimate.' : 'Every study cell has this variable; it cannot separate places.';
    } else if (!survivorSet.has(gi)) {
      status = 'dropped_elastic_net';
      reason = 'Coefficient shrunk to zero by the cross-validated elastic net (lambda.min).';
    } else if (finalSet.has(gi)) {
      status = 'selected';
      reason = `Selected by stepwise BIC (${fit.family === 'negbin' ? 'NBII' : 'Poisson'}) with a positive coefficient.`;
    } else if (negSet.has(d.name)) {
      status = 'negative';
      reason = 'Selected by stepwise BIC but with a negative coefficient; reported apart and excluded from the risk score.';
    } else {
      status = 'not_selected_stepwise';
      reason = chosen.vars.some((v) => cands[v].factor === c.factor)
        ? 'Another variable of the same factor gave a lower BIC (at most one variable per factor).'
        : 'Adding it did not lower the BIC of the stepwise model.';
    }
    const ec = enetCoef.get(gi);
    return {
      variable: d.name,
      factor: study.factors[c.factor].name,
      operationalization: d.op,
      distance: d.distance,
      band: d.band,
      cells: d.ones,
      elasticNetCoefficient: ec === undefined ? null : round(ec),
      status,
      reason,
    };
  });

  let evaluation: RtmResult['evaluation'];
  if (testCounts) {
    progress('evaluation', 0.95);
    const kde = kernelDensity(grid, prep.outcome, study.blockLength, new Float64Array(n));
    let te = 0;
    for (let i = 0; i < n; i++) te += testCounts[i];
    evaluation = {
      events: te,
      eventsOutside: testOutside,
      methods: [evaluateMethod('rtm', expected, testCounts), evaluateMethod('kde', kde, testCounts), evaluateMethod('prior_counts', counts, testCounts)],
      classes: summarizeClasses(cls, testCounts),
      rriDefinition: 'RRI = Σ_H predicted / Σ_H observed (ptools variant); predictions scaled to the test-period total.',
    };
    lap('evaluation');
  }

  const fam = (r: StepResult): FamilySummary => ({
    family: r.family,
    bic: round(r.fit.bic),
    logLik: round(r.fit.logLik),
    variables: r.vars.map((gi) => def(cands[gi]).name),
  });
  let sumR = 0;
  for (let i = 0; i < n; i++) sumR += rrs[i];
  const result: RtmResult = {
    engine: ENGINE_VERSION,
    name: study.name,
    model: {
      family: fit.family,
      intercept: round(fit.beta[0]),
      interceptStandardError: round(fit.se[0]),
      ...(fit.family === 'negbin'
        ? { sigma: round(fit.sigma ?? Number.NaN), logSigma: round(fit.logSigma ?? Number.NaN), logSigmaStandardError: round(fit.seLogSigma ?? Number.NaN) }
        : {}),
      logLik: round(fit.logLik),
      aic: round(fit.aic),
      bic: round(fit.bic),
      df: fit.df,
      cells: n,
      cellsWithEvents,
      events,
      eventsOutside: outside,
      eventsLeftOutAreaPrecision: leftOut,
      candidateCount: cands.length,
      seed: study.seed,
      inputHash,
      pearsonDispersion: round(dispersion),
      lambdaMin: cv ? round(cv.lambdaMin) : null,
      lambdaPath: cv ? { index: cv.iMin, length: cv.path.lambdas.length, alpha: cvAlpha, nfolds: study.elasticNet.nfolds, stoppedEarly: cv.stoppedEarly } : null,
      elasticNetRows: cv ? cv.rows : null,
      elasticNetSurvivors: survivors.length,
      families: runs.map(fam),
      converged: fit.converged,
    },
    notes,
    factors,
    negativeFactors: negatives,
    candidates,
    classes,
    classThresholds: {
      mean: round(thr.mean),
      sd: round(thr.sd),
      highest: round(thr.mean + thr.kHigh * thr.sd),
      moderatelyHigh: round(thr.mean + thr.kModerate * thr.sd),
    },
    clusters,
    rrs: { min: round(rmin), max: round(rmax), mean: round(sumR / n), sd: round(thr.sd) },
    grid: { crs: prep.crs, originX: grid.originX, originY: grid.originY, cellSize: grid.cellSize, cols: grid.cols, rows: grid.rows },
    narrative,
    parameters: {
      crs: study.crs,
      blockLength: study.blockLength,
      cellSize: study.cellSize,
      kSd: study.density.kSd,
      family: study.family,
      seed: study.seed,
      classes: study.classes,
      clusters: study.clusters,
      elasticNet: study.elasticNet,
      factors: study.factors.map((f, k) => ({
        name: f.name,
        operationalization: f.operationalization,
        spatialInfluence: f.spatialInfluence,
        increment: f.increment,
        featureCount: prep.factorSets[k].featureCount,
        distances: [...new Set(fvs[k].vars.map((v) => v.distance))],
      })),
    },
    ...(evaluation ? { evaluation } : {}),
  };
  progress('done', 1);
  return {
    result,
    cells: {
      grid,
      counts,
      testCounts,
      rrs,
      classes: cls,
      expected,
      clusterOf,
      selected: terms.map((t, j) => {
        const v = new Uint8Array(n);
        for (let i = 0; i < n; i++) v[i] = t.table[t.state[i]];
        return { variable: factors[j].variable, values: v };
      }),
    },
    timings,
  };
}

export { CLASS_NAMES, RtmTimeLimitError, StudyValidationError };
