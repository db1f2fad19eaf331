/**
 * Why a calculator cannot give a number: a stable key, a Swedish and an English sentence. Routes turn it into
 * a 400/422 and the CLI into exit code 2; the core stays free of HTTP.
 */
export class EvaluationInputError extends Error {
  constructor(
    readonly key: 'negative' | 'not_finite' | 'undefined_etest' | 'bad_weight' | 'bad_alpha' | 'bad_length' | 'too_large',
    readonly sv: string,
    readonly en: string,
    /** 422: the inputs are well-formed but the statistic is mathematically undefined. */
    readonly undefinedStatistic = false,
  ) {
    super(en);
    this.name = 'EvaluationInputError';
  }
}

export function checkCount(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new EvaluationInputError('not_finite', `${name} måste vara ett ändligt tal.`, `${name} must be a finite number.`);
  if (v < 0) throw new EvaluationInputError('negative', `${name} får inte vara negativt.`, `${name} must not be negative.`);
}

export function checkWeight(name: string, v: number): void {
  if (!Number.isFinite(v) || v <= 0) throw new EvaluationInputError('bad_weight', `${name} måste vara ett positivt tal.`, `${name} must be a positive number.`);
}

export function checkAlpha(alpha: number): void {
  if (!Number.isFinite(alpha) || alpha <= 0 || alpha >= 1) throw new EvaluationInputError('bad_alpha', 'alpha måste ligga mellan 0 och 1.', 'alpha must lie between 0 and 1.');
}
