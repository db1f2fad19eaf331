/**
 * Harm-weighted WDD over several crime types (evaluation-method.md §1; Wheeler 2020, "Amending the WDD test
 * to incorporate harm weights"): the per-type estimates are independent, so variances add with the weights squared.
 */
import { checkAlpha, checkWeight, EvaluationInputError } from './errors.ts';
import { normalSummary } from './wdd.ts';

export interface HarmItem {
  est: number;
  se: number;
  weight: number;
  label?: string;
}

export interface WddHarmCore {
  harmEst: number;
  seHarmEst: number;
  z: number;
  lowCI: number;
  highCI: number;
  p: number;
  alpha: number;
  significant: boolean;
}

export function wddHarm(items: readonly HarmItem[], alpha = 0.1): WddHarmCore {
  if (items.length === 0) throw new EvaluationInputError('bad_length', 'Minst en brottstyp behövs.', 'At least one crime type is needed.');
  checkAlpha(alpha);
  let harmEst = 0;
  let variance = 0;
  items.forEach((it, i) => {
    if (!Number.isFinite(it.est)) throw new EvaluationInputError('not_finite', `items[${i}].est måste vara ett ändligt tal.`, `items[${i}].est must be a finite number.`);
    if (!Number.isFinite(it.se) || it.se < 0) throw new EvaluationInputError('negative', `items[${i}].se får inte vara negativt.`, `items[${i}].se must not be negative.`);
    checkWeight(`items[${i}].weight`, it.weight);
    harmEst += it.weight * it.est;
    variance += it.weight ** 2 * it.se ** 2;
  });
  const seHarmEst = Math.sqrt(variance);
  return { harmEst, seHarmEst, ...normalSummary(harmEst, seHarmEst, alpha), alpha };
}
