import type { ModelAccuracy, ModelKey } from '../core/riskAccuracy.ts';

/** One risk-accuracy request's rankings: every model's scores against the same test-period counts. */
export interface RankRequest {
  type: 'rank';
  obs: Float64Array;
  coverages: number[];
  models: Array<{ key: ModelKey; score: Float64Array | null; reason?: { sv: string; en: string } }>;
}

export type RankReply = { type: 'result'; models: ModelAccuracy[] } | { type: 'error'; message: string };
