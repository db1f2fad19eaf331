/**
 * Weighted displacement difference (evaluation-method.md §1; Wheeler & Ratcliffe 2018, Crime Science 7:11).
 * Counts are Poisson, so each count's variance is the count itself; dividing a count by its weight divides
 * its variance by the weight squared.
 */
import type { WddResult } from '../../../../shared/src/evaluation.ts';
import { checkAlpha, checkCount, checkWeight } from './errors.ts';
import { normalQuantile, twoSidedP } from './normal.ts';

export type Pair = readonly [number, number];

export interface WddInput {
  control: Pair;
  treated: Pair;
  displacementControl?: Pair;
  displacementTreated?: Pair;
  /** [pre, post]: period lengths in a common unit. */
  timeWeights?: Pair;
  /** [control, treated, displacementControl, displacementTreated]: relative area sizes. */
  areaWeights?: readonly [number, number, number, number];
  alpha?: number;
}

/** The statistics of a WDD answer; the API adds the inputs as received and the caveats (`shared/src/evaluation.ts`). */
export type WddCore = Omit<WddResult, 'inputs' | 'caveats'>;

/** Estimate and variance of one difference-in-differences of weighted counts. */
function did(treated: Pair, control: Pair, wt: Pair, wTreated: number, wControl: number): { est: number; variance: number } {
  const w = (t: number, a: number) => t * a;
  const [tPre, tPost] = [w(wt[0], wTreated), w(wt[1], wTreated)];
  const [cPre, cPost] = [w(wt[0], wControl), w(wt[1], wControl)];
  const est = treated[1] / tPost - treated[0] / tPre - (control[1] / cPost - control[0] / cPre);
  const variance = treated[1] / tPost ** 2 + treated[0] / tPre ** 2 + control[1] / cPost ** 2 + control[0] / cPre ** 2;
  return { est, variance };
}

/** The normal interval and test of an estimate with its standard error. */
export function normalSummary(est: number, se: number, alpha: number): { z: number; lowCI: number; highCI: number; p: number; significant: boolean } {
  const q = normalQuantile(1 - alpha / 2);
  // se = 0 (all counts 0): no evidence either way, not an infinite z.
  const z = se > 0 ? est / se : est === 0 ? 0 : Math.sign(est) * Number.POSITIVE_INFINITY;
  const p = se > 0 ? twoSidedP(z) : est === 0 ? 1 : 0;
  return { z, lowCI: est - q * se, highCI: est + q * se, p, significant: p < alpha };
}

/** Fills the defaults of §1 and checks every number (negative counts, non-positive weights are errors). */
export function wddInputs(input: WddInput): Required<WddInput> {
  const full: Required<WddInput> = {
    control: input.control,
    treated: input.treated,
    displacementControl: input.displacementControl ?? [0, 0],
    displacementTreated: input.displacementTreated ?? [0, 0],
    timeWeights: input.timeWeights ?? [1, 1],
    areaWeights: input.areaWeights ?? [1, 1, 1, 1],
    alpha: input.alpha ?? 0.1,
  };
  for (const k of ['control', 'treated', 'displacementControl', 'displacementTreated'] as const) {
    checkCount(`${k}[0]`, full[k][0]);
    checkCount(`${k}[1]`, full[k][1]);
  }
  for (const [i, v] of full.timeWeights.entries()) checkWeight(`timeWeights[${i}]`, v);
  for (const [i, v] of full.areaWeights.entries()) checkWeight(`areaWeights[${i}]`, v);
  checkAlpha(full.alpha);
  return full;
}

export function wdd(input: WddInput): WddCore {
  const x = wddInputs(input);
  const [aC, aT, aDc, aDt] = x.areaWeights;
  const local = did(x.treated, x.control, x.timeWeights, aT, aC);
  const displace = did(x.displacementTreated, x.displacementControl, x.timeWeights, aDt, aDc);
  const estTotal = local.est + displace.est;
  const seTotal = Math.sqrt(local.variance + displace.variance);
  return {
    estLocal: local.est,
    seLocal: Math.sqrt(local.variance),
    estDisplace: displace.est,
    seDisplace: Math.sqrt(displace.variance),
    estTotal,
    seTotal,
    ...normalSummary(estTotal, seTotal, x.alpha),
    alpha: x.alpha,
  };
}
