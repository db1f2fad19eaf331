/**
 * Composite index of living conditions per area (issue 7). Pure: takes values, returns scores.
 *
 * Method, in order:
 * 1. Standardise each indicator across the comparison set (the areas passed in, or `reference`):
 *    - `zscore`: (x − mean) / sd, population sd over areas that have a value; sd = 0 or a single value gives 0.
 *    - `percentile`: mid-rank percentile (Hazen) in 0–100: 100 · (#below + ½ · #equal) / n. Ties share a rank.
 * 2. Sign by direction so that higher always means worse living conditions:
 *    `higher_is_better` → −z, or 100 − p.
 * 3. Weighted mean over the indicators the area has: score = Σ wᵢ sᵢ / Σ wᵢ (weights renormalised over the
 *    present indicators, so a missing indicator neither helps nor hurts). Contribution of i = wᵢ sᵢ / Σ wⱼ,
 *    so the contributions sum to the score.
 * 4. Missing data is shown, not hidden: an area with values for fewer than
 *    max(`minIndicators`, ⌈`minShare` · n⌉) of the n chosen indicators gets `score: null`, `level: null`
 *    and a `reason`; an area scored on a subset gets a `reason` naming what is missing.
 * 5. Levels 1 (best) … 5 (worst): level = 1 + number of cut-offs ≤ score. Cut-offs are fixed scores, or with
 *    `cutoffMode: 'quantile'` probabilities whose score quantiles become the cut-offs.
 */
import { StrategicError, StrategicErrorCode } from './errors.ts';

export type Direction = 'higher_is_worse' | 'higher_is_better';
export type StandardisationMethod = 'zscore' | 'percentile';
export type IndexLevel = 1 | 2 | 3 | 4 | 5;

/** One chosen indicator of an index request (as in `POST /api/strategic/index`). */
export interface IndicatorWeight {
  indicator: string;
  weight: number;
  direction: Direction;
}

/** An area to score with its values for one year. Missing = absent, null or non-finite. */
export interface IndexArea {
  code: string;
  name: string;
  /** When given, all areas (and the reference set) must share it. */
  vintage?: string;
  values: Readonly<Record<string, number | null | undefined>>;
}

export interface IndexOptions {
  method: StandardisationMethod;
  /** Minimum share of the chosen indicators an area must have. @defaultValue 0.5 */
  minShare?: number;
  /** Minimum number of indicators an area must have. @defaultValue 1 */
  minIndicators?: number;
  /** Four ascending cut-offs. @defaultValue {@link DEFAULT_CUTOFFS}[method] */
  cutoffs?: readonly number[];
  /** `score`: cut-offs are scores; `quantile`: cut-offs are probabilities in (0, 1). @defaultValue 'score' */
  cutoffMode?: 'score' | 'quantile';
  /** Comparison set for standardisation (e.g. a baseline year, or the nation when scoring one county). @defaultValue the areas scored */
  reference?: readonly IndexArea[];
}

export interface Contribution {
  indicator: string;
  /** Raw value, null when missing. */
  value: number | null;
  /** Standardised and signed value (higher = worse), null when missing. */
  standardised: number | null;
  /** Share of the score from this indicator; null when missing or when the area has no score. */
  contribution: number | null;
}

/** One item of the `POST /api/strategic/index` response. */
export interface IndexItem {
  code: string;
  name: string;
  score: number | null;
  level: IndexLevel | null;
  contributions: Contribution[];
  /** Swedish sentence; present when the score is null or built on a subset of the indicators. */
  reason?: string;
  /** The same in English. */
  reasonEn?: string;
}

export interface IndicatorStats {
  indicator: string;
  /** Areas of the comparison set with a value. */
  n: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
}

export interface IndexResult {
  items: IndexItem[];
  method: StandardisationMethod;
  /** The score cut-offs actually applied (resolved from quantiles when `cutoffMode: 'quantile'`). */
  cutoffs: number[];
  /** Indicators an area needs for a score. */
  required: number;
  stats: IndicatorStats[];
}

/** Default cut-offs on the score. z: a composite of z-scores has sd ≤ 1; percentile: quintiles of 0–100. */
export const DEFAULT_CUTOFFS: Readonly<Record<StandardisationMethod, readonly number[]>> = {
  zscore: [-0.5, 0, 0.5, 1],
  percentile: [20, 40, 60, 80],
};
export const DEFAULT_QUANTILE_CUTOFFS: readonly number[] = [0.2, 0.4, 0.6, 0.8];
export const DEFAULT_MIN_SHARE = 0.5;

function invalid(message: string): never {
  throw new StrategicError(StrategicErrorCode.InvalidIndexRequest, message);
}

function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Validates an index request once at the boundary; throws `RT_ERR_INVALID_INDEX_REQUEST` with how to fix it. */
export function validateIndexRequest(indicators: readonly IndicatorWeight[], options: IndexOptions): void {
  if (indicators.length === 0) invalid('Choose at least one indicator.');
  const seen = new Set<string>();
  for (const s of indicators) {
    if (typeof s.indicator !== 'string' || s.indicator === '') invalid('Every indicator needs a non-empty id.');
    if (seen.has(s.indicator)) invalid(`Indicator '${s.indicator}' is listed twice; list each once.`);
    seen.add(s.indicator);
    if (!Number.isFinite(s.weight) || s.weight < 0) invalid(`Weight of '${s.indicator}' must be a finite number ≥ 0 (got ${s.weight}).`);
    if (s.direction !== 'higher_is_worse' && s.direction !== 'higher_is_better') {
      invalid(`Direction of '${s.indicator}' must be 'higher_is_worse' or 'higher_is_better'.`);
    }
  }
  if (!indicators.some((s) => s.weight > 0)) invalid('At least one weight must be > 0.');
  if (options.method !== 'zscore' && options.method !== 'percentile') invalid("method must be 'zscore' or 'percentile'.");
  const { minShare, minIndicators, cutoffs } = options;
  if (minShare !== undefined && !(minShare >= 0 && minShare <= 1)) invalid('minShare must be in [0, 1].');
  if (minIndicators !== undefined && !(Number.isInteger(minIndicators) && minIndicators >= 1)) invalid('minIndicators must be an integer ≥ 1.');
  if (cutoffs !== undefined) {
    if (cutoffs.length !== 4) invalid('Give exactly four cut-offs (five levels).');
    for (let i = 0; i < 4; i++) {
      if (!Number.isFinite(cutoffs[i])) invalid('Cut-offs must be finite numbers.');
      if (i > 0 && !(cutoffs[i] > cutoffs[i - 1])) invalid('Cut-offs must be strictly ascending.');
    }
    if (options.cutoffMode === 'quantile' && !(cutoffs[0] > 0 && cutoffs[3] < 1)) invalid('Quantile cut-offs must lie in (0, 1).');
  }
}

/** Level 1–5 for a score: 1 + the number of cut-offs at or below it. */
export function levelFor(score: number, cutoffs: readonly number[]): IndexLevel {
  let level = 1;
  for (const c of cutoffs) if (score >= c) level++;
  return level as IndexLevel;
}

/** Linear-interpolated quantile (type 7) of sorted values. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A standardiser for one indicator, built from the comparison set's values. */
export interface Standardiser {
  stats: IndicatorStats;
  standardise(x: number): number;
}

/** Builds the standardiser of `method` from reference values (missing values already removed). */
export function makeStandardiser(indicator: string, ref: readonly number[], method: StandardisationMethod): Standardiser {
  const n = ref.length;
  let mean: number | null = null;
  let sd: number | null = null;
  let min: number | null = null;
  let max: number | null = null;
  if (n > 0) {
    let s = 0;
    min = ref[0];
    max = ref[0];
    for (const v of ref) {
      s += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    mean = s / n;
    let ss = 0;
    for (const v of ref) ss += (v - mean) * (v - mean);
    sd = Math.sqrt(ss / n);
  }
  const stats: IndicatorStats = { indicator, n, mean, sd, min, max };
  if (method === 'zscore') {
    const m = mean ?? 0;
    const d = sd ?? 0;
    return { stats, standardise: (x) => (d > 0 ? (x - m) / d : 0) };
  }
  const sorted = [...ref].sort((a, b) => a - b);
  return {
    stats,
    standardise: (x) => {
      if (n === 0) return 50;
      // #below and #equal by binary search on the sorted reference.
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      const below = lo;
      hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] <= x) lo = mid + 1;
        else hi = mid;
      }
      const equal = lo - below;
      return (100 * (below + 0.5 * equal)) / n;
    },
  };
}

function reasonFor(have: number, total: number, required: number, missing: string[], scored: boolean, zeroWeight: boolean): { sv: string; en: string } {
  const list = missing.join(', ');
  if (zeroWeight) {
    return {
      sv: `Inget index: indikatorerna med värden har alla vikten 0. Saknas: ${list}.`,
      en: `No index: every indicator with a value has weight 0. Missing: ${list}.`,
    };
  }
  if (!scored) {
    return {
      sv: `Inget index: värden finns för ${have} av ${total} indikatorer, minst ${required} krävs. Saknas: ${list}.`,
      en: `No index: values exist for ${have} of ${total} indicators, at least ${required} are required. Missing: ${list}.`,
    };
  }
  return {
    sv: `Beräknat på ${have} av ${total} indikatorer; vikterna fördelades om på dem som finns. Saknas: ${list}.`,
    en: `Computed from ${have} of ${total} indicators; weights were renormalised over those present. Missing: ${list}.`,
  };
}

/**
 * Computes the composite index for every area. Throws `RT_ERR_INVALID_INDEX_REQUEST` on a malformed
 * request and `RT_ERR_VINTAGE_MISMATCH` when areas of different code vintages are mixed.
 */
export function computeIndex(areas: readonly IndexArea[], indicators: readonly IndicatorWeight[], options: IndexOptions): IndexResult {
  validateIndexRequest(indicators, options);
  const reference = options.reference ?? areas;
  const vintages = new Set<string>();
  for (const a of areas) if (a.vintage !== undefined) vintages.add(a.vintage);
  for (const a of reference) if (a.vintage !== undefined) vintages.add(a.vintage);
  if (vintages.size > 1) {
    throw new StrategicError(
      StrategicErrorCode.VintageMismatch,
      `Områden med olika kodversioner (${[...vintages].join(', ')}) kan inte jämföras i ett index. / Areas of different code vintages (${[...vintages].join(', ')}) cannot be compared in one index.`,
    );
  }
  const { method } = options;
  const total = indicators.length;
  const required = Math.max(options.minIndicators ?? 1, Math.ceil((options.minShare ?? DEFAULT_MIN_SHARE) * total - 1e-9));

  const standardisers = indicators.map((s) => {
    const ref: number[] = [];
    for (const a of reference) {
      const v = num(a.values[s.indicator]);
      if (v !== null) ref.push(v);
    }
    return makeStandardiser(s.indicator, ref, method);
  });

  const items: IndexItem[] = areas.map((area) => {
    const contributions: Contribution[] = [];
    const missing: string[] = [];
    let weightSum = 0;
    let have = 0;
    for (let i = 0; i < total; i++) {
      const spec = indicators[i];
      const value = num(area.values[spec.indicator]);
      if (value === null) {
        missing.push(spec.indicator);
        contributions.push({ indicator: spec.indicator, value: null, standardised: null, contribution: null });
        continue;
      }
      have++;
      weightSum += spec.weight;
      let s = standardisers[i].standardise(value);
      if (spec.direction === 'higher_is_better') s = method === 'zscore' ? -s : 100 - s;
      if (s === 0) s = 0; // no −0 in output
      contributions.push({ indicator: spec.indicator, value, standardised: s, contribution: null });
    }
    const enough = have >= required;
    const scored = enough && weightSum > 0;
    let score: number | null = null;
    if (scored) {
      score = 0;
      for (let i = 0; i < total; i++) {
        const c = contributions[i];
        if (c.standardised === null) continue;
        c.contribution = (indicators[i].weight * c.standardised) / weightSum;
        score += c.contribution;
      }
    }
    const item: IndexItem = { code: area.code, name: area.name, score, level: null, contributions };
    if (missing.length > 0 || !scored) {
      const r = reasonFor(have, total, required, missing, scored, enough && weightSum === 0);
      item.reason = r.sv;
      item.reasonEn = r.en;
    }
    return item;
  });

  let cutoffs = [...(options.cutoffs ?? (options.cutoffMode === 'quantile' ? DEFAULT_QUANTILE_CUTOFFS : DEFAULT_CUTOFFS[method]))];
  if (options.cutoffMode === 'quantile') {
    const sorted = items.flatMap((it) => (it.score === null ? [] : [it.score])).sort((a, b) => a - b);
    cutoffs = sorted.length === 0 ? [] : cutoffs.map((p) => quantileSorted(sorted, p));
  }
  for (const it of items) if (it.score !== null) it.level = levelFor(it.score, cutoffs);

  return { items, method, cutoffs, required, stats: standardisers.map((s) => s.stats) };
}

export interface RankedItem extends IndexItem {
  /** 1 = worst living conditions; equal scores share a rank (1, 2, 2, 4); null for unscored areas. */
  rank: number | null;
}

/** Sorts worst first (score descending, then code), unscored areas last, with competition ranks. */
export function rankItems(items: readonly IndexItem[]): RankedItem[] {
  const sorted = [...items].sort((a, b) => {
    if (a.score === null || b.score === null) {
      if (a.score === b.score) return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
      return a.score === null ? 1 : -1;
    }
    if (b.score !== a.score) return b.score - a.score;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
  const out: RankedItem[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const it = sorted[i];
    let rank: number | null = null;
    if (it.score !== null) rank = i > 0 && sorted[i - 1].score === it.score ? (out[i - 1].rank as number) : i + 1;
    out.push({ ...it, rank });
  }
  return out;
}

/** One page of a ranking. `cursor` is the opaque `nextCursor` of the previous page. */
export function rankingPage(
  items: readonly IndexItem[],
  page: { limit?: number; cursor?: string | null } = {},
): { items: RankedItem[]; nextCursor: string | null } {
  const limit = page.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) invalid('limit must be an integer in 1…1000.');
  let offset = 0;
  if (page.cursor) {
    offset = Number.parseInt(page.cursor, 10);
    if (!/^\d+$/.test(page.cursor) || !Number.isSafeInteger(offset)) invalid(`Invalid cursor '${page.cursor}'; use the nextCursor of the previous page.`);
  }
  const ranked = rankItems(items);
  const slice = ranked.slice(offset, offset + limit);
  const next = offset + limit < ranked.length ? String(offset + limit) : null;
  return { items: slice, nextCursor: next };
}
