/**
 * The stateless calculators as the API and CLI answer them: the pure cores plus the inputs as received (with
 * defaults filled) and the caveats of evaluation-method.md §7. Shared by routes, CLI and measure evaluation.
 */
import { type Caveat, caveat, type ETestResult, type Pair, type WddHarmResult, type WddResult, type WdqResult } from '../../../shared/src/evaluation.ts';
import { type ETestInput, etest, etestInputs } from './core/etest.ts';
import { type WddInput, wdd, wddInputs } from './core/wdd.ts';
import { type HarmItem, wddHarm } from './core/wddHarm.ts';
import { type WdqInput, wdq } from './core/wdq.ts';

/** Below this many events in an area and period a count says little (a Poisson count of 10 has a ±60 % 95 % range). */
export const SMALL_COUNT = 10;

const pair = (p: readonly [number, number]): Pair => [p[0], p[1]];

function significance(significant: boolean): Caveat {
  return caveat(significant ? 'distinguishable' : 'not_distinguishable');
}

export function wddResult(input: WddInput): WddResult {
  const x = wddInputs(input);
  const core = wdd(x);
  const local = [...x.treated, ...x.control];
  const caveats: Caveat[] = [];
  const all = [...local, ...x.displacementTreated, ...x.displacementControl];
  if (all.every((v) => v === 0)) caveats.push(caveat('zero_counts'));
  else if (local.some((v) => v < SMALL_COUNT)) caveats.push(caveat('small_counts'));
  caveats.push(caveat('regression_to_mean'), significance(core.significant));
  return {
    ...core,
    inputs: {
      control: pair(x.control),
      treated: pair(x.treated),
      displacementControl: pair(x.displacementControl),
      displacementTreated: pair(x.displacementTreated),
      timeWeights: pair(x.timeWeights),
      areaWeights: [x.areaWeights[0], x.areaWeights[1], x.areaWeights[2], x.areaWeights[3]],
      alpha: x.alpha,
    },
    caveats,
  };
}

export function wddHarmResult(items: readonly HarmItem[], alpha = 0.1): WddHarmResult {
  const core = wddHarm(items, alpha);
  return { ...core, inputs: { items: items.map((i) => ({ ...i })), alpha }, caveats: [significance(core.significant)] };
}

export function wdqResult(input: WdqInput): WdqResult {
  const core = wdq(input);
  const caveats: Caveat[] = [];
  if ([...input.target, ...input.control].some((v) => v < SMALL_COUNT)) caveats.push(caveat('small_counts'));
  caveats.push(caveat('regression_to_mean'));
  const reasonKey = core.reasonKey === null ? null : (`wdq_${core.reasonKey}` as const);
  return {
    wdq: core.wdq,
    ...(reasonKey ? { reason: caveat(reasonKey) } : {}),
    successMeasure: core.successMeasure,
    bufferMeasure: core.bufferMeasure,
    totalNetEffect: core.totalNetEffect,
    interpretation: core.interpretation,
    inputs: { target: pair(input.target), buffer: pair(input.buffer), control: pair(input.control) },
    caveats,
  };
}

export function etestResult(input: ETestInput, alpha = 0.1): ETestResult {
  const x = etestInputs(input);
  const core = etest(x);
  const caveats: Caveat[] = [];
  if (x.k1 < SMALL_COUNT || x.k2 < SMALL_COUNT) caveats.push(caveat('small_counts'));
  caveats.push(significance(core.p < alpha));
  return { p: core.p, logP: Number.isFinite(core.logP) ? core.logP : null, inputs: { ...x }, caveats };
}
