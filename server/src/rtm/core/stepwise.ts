/**
 * Bidirectional stepwise selection from the null model minimising BIC (§1.5 step 4), with at most one variable
 * per risk factor (adding a variable of a factor already in the model is a swap). Every step evaluates every
 * single addition/swap and every single removal and takes the move with the lowest BIC; ties go to the earlier
 * move in variable order. Stops when no move lowers BIC.
 */
import { type Deadline, NO_DEADLINE } from './budget.ts';
import {
  type BinaryVar,
  buildPatterns,
  extendPatterns,
  type FitResult,
  fitNegBinII,
  fitPoisson,
  type Outcome,
  type PatternData,
} from './glm.ts';

export interface StepCandidate {
  varId: number;
  factor: number;
  bv: BinaryVar;
}

export interface StepMove {
  action: 'add' | 'remove' | 'swap';
  varId: number;
  /** For swaps: the variable replaced. */
  replaced?: number;
  bic: number;
}

export interface StepResult {
  family: 'poisson' | 'negbin';
  /** Selected variable ids (model column order). */
  vars: number[];
  fit: FitResult;
  moves: StepMove[];
  /** Number of model fits evaluated. */
  evaluations: number;
}

/** Fits a model with the given candidates (in order) for one family. */
export function fitModel(
  out: Outcome,
  family: 'poisson' | 'negbin',
  model: StepCandidate[],
  pid: Int32Array,
  start?: FitResult,
): { fit: FitResult; data: PatternData } {
  const data = buildPatterns(
    out,
    model.map((c) => c.bv),
    pid,
  );
  return { fit: fitOn(data, family, start), data };
}

function fitOn(data: PatternData, family: 'poisson' | 'negbin', start?: FitResult, startMap?: number[]): FitResult {
  let beta: Float64Array | undefined;
  if (start && startMap) {
    beta = new Float64Array(data.k + 1);
    beta[0] = start.beta[0];
    for (let j = 0; j < startMap.length; j++) if (startMap[j] >= 0) beta[j + 1] = start.beta[startMap[j] + 1];
  }
  if (family === 'poisson') return fitPoisson(data, beta);
  const pb = beta ?? fitPoisson(data).beta;
  return fitNegBinII(data, pb, start?.logSigma ?? 0);
}

export function stepwise(out: Outcome, scope: StepCandidate[], family: 'poisson' | 'negbin', deadline: Deadline = NO_DEADLINE): StepResult {
  const n = out.y.length;
  const pidCur = new Int32Array(n);
  const pidTmp = new Int32Array(n);
  let model: StepCandidate[] = [];
  let curData = buildPatterns(out, [], pidCur);
  let cur = fitOn(curData, family);
  const moves: StepMove[] = [];
  let evaluations = 1;
  for (let step = 0; step < 4 * scope.length + 10; step++) {
    let best: { bic: number; model: StepCandidate[]; move: StepMove; fit: FitResult } | null = null;
    const consider = (m: StepCandidate[], move: StepMove, fit: FitResult) => {
      deadline.check('stepwise');
      evaluations++;
      move.bic = fit.bic;
      if (!Number.isFinite(fit.bic)) return;
      if (!best || fit.bic < best.bic) best = { bic: fit.bic, model: m, move, fit };
    };
    const inModel = new Set(model.map((c) => c.varId));
    for (const c of scope) {
      if (inModel.has(c.varId)) continue;
      const pos = model.findIndex((m) => m.factor === c.factor);
      if (pos < 0) {
        const data = extendPatterns(out, curData, pidCur, c.bv, pidTmp);
        const map = model.map((_, j) => j);
        map.push(-1);
        consider([...model, c], { action: 'add', varId: c.varId, bic: 0 }, fitOn(data, family, cur, map));
      } else {
        const m2 = model.slice();
        m2[pos] = c;
        const data = buildPatterns(
          out,
          m2.map((x) => x.bv),
          pidTmp,
        );
        const map = model.map((_, j) => (j === pos ? -1 : j));
        consider(m2, { action: 'swap', varId: c.varId, replaced: model[pos].varId, bic: 0 }, fitOn(data, family, cur, map));
      }
    }
    for (let pos = 0; pos < model.length; pos++) {
      const m2 = model.filter((_, j) => j !== pos);
      const data = buildPatterns(
        out,
        m2.map((x) => x.bv),
        pidTmp,
      );
      const map = model.map((_, j) => j).filter((j) => j !== pos);
      consider(m2, { action: 'remove', varId: model[pos].varId, bic: 0 }, fitOn(data, family, cur, map));
    }
    const b = best as { bic: number; model: StepCandidate[]; move: StepMove; fit: FitResult } | null;
    if (!b || !(b.bic < cur.bic - 1e-9 * Math.abs(cur.bic))) break;
    model = b.model;
    moves.push(b.move);
    curData = buildPatterns(
      out,
      model.map((x) => x.bv),
      pidCur,
    );
    cur = b.fit;
  }
  // Final refit from the Poisson start for a clean optimum.
  const finalFit = fitOn(curData, family, cur, model.map((_, j) => j));
  return { family, vars: model.map((c) => c.varId), fit: finalFit, moves, evaluations };
}
