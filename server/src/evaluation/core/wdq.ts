/**
 * Weighted displacement quotient and total net effect (evaluation-method.md §2; Bowers & Johnson 2003,
 * J. Quant. Criminol. 19(3):275–301; Guerette 2009, POP tool guide 10). Undefined quotients are answered with
 * a reason, never with Infinity or NaN.
 */
import { checkCount } from './errors.ts';
import type { Pair } from './wdd.ts';

export interface WdqInput {
  target: Pair;
  buffer: Pair;
  control: Pair;
}

export type WdqReasonKey = 'control_zero' | 'sm_zero' | 'sm_not_negative';

export interface WdqCore {
  wdq: number | null;
  /** Why wdq is null, or why it is not meaningful (SM ≥ 0). */
  reasonKey: WdqReasonKey | null;
  successMeasure: number | null;
  bufferMeasure: number | null;
  totalNetEffect: number | null;
  /** WDQ > 0 diffusion of benefits, < 0 displacement; null when not meaningful (SM ≥ 0 or undefined). */
  interpretation: 'diffusion' | 'displacement' | 'none' | null;
}

export function wdq(input: WdqInput): WdqCore {
  for (const k of ['target', 'buffer', 'control'] as const) {
    checkCount(`${k}[0]`, input[k][0]);
    checkCount(`${k}[1]`, input[k][1]);
  }
  const [Ab, Aa] = input.target;
  const [Bb, Ba] = input.buffer;
  const [Cb, Ca] = input.control;
  // TNE divides by the control's before count only; SM and BM by both.
  const totalNetEffect = Cb === 0 ? null : (Ab * Ca) / Cb - Aa + ((Bb * Ca) / Cb - Ba);
  if (Cb === 0 || Ca === 0) return { wdq: null, reasonKey: 'control_zero', successMeasure: null, bufferMeasure: null, totalNetEffect, interpretation: null };
  const successMeasure = Aa / Ca - Ab / Cb;
  const bufferMeasure = Ba / Ca - Bb / Cb;
  if (successMeasure === 0) return { wdq: null, reasonKey: 'sm_zero', successMeasure, bufferMeasure, totalNetEffect, interpretation: null };
  const q = bufferMeasure / successMeasure;
  if (successMeasure > 0) return { wdq: q, reasonKey: 'sm_not_negative', successMeasure, bufferMeasure, totalNetEffect, interpretation: null };
  return { wdq: q, reasonKey: null, successMeasure, bufferMeasure, totalNetEffect, interpretation: q > 0 ? 'diffusion' : q < 0 ? 'displacement' : 'none' };
}
