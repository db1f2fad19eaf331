/**
 * Knox space–time interaction test (near-repeat analysis), spec rtm-method.md §3.1–§3.4.
 *
 * Pure and allocation-light: events come in as typed arrays, the pairs that lie within the largest finite
 * spatial break are found once with a grid index, and each permutation only touches those pairs. The row of
 * pairs beyond the last finite spatial break follows from the temporal marginals, which a permutation of the
 * time stamps does not change.
 */
import { ProblemsError } from '../../../shared/src/problems.ts';
import { createPrng, shuffleInPlace } from '../../../shared/src/random.ts';

export type DistanceMethod = 'manhattan' | 'euclidean';

/** Events as parallel arrays: projected coordinates in metres and time in days (any fixed epoch). */
export interface KnoxEvents {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Time in days; integral values when the inputs are dates. */
  readonly t: ArrayLike<number>;
}

export interface KnoxOptions {
  /** Spatial break points in metres, strictly increasing (`--sds`). */
  spatialBreaks: readonly number[];
  /** Temporal break points in days, strictly increasing (`--tds`). */
  temporalBreaks: readonly number[];
  /** @defaultValue 'manhattan' */
  method?: DistanceMethod;
  /** Monte Carlo permutations R. @defaultValue 999, or 19 (the NRC's p = 0.05 setting) in NRC mode */
  permutations?: number;
  /** PRNG seed; the result is deterministic given the seed. @defaultValue 1 */
  seed?: number;
  /**
   * Reproduce Ratcliffe's Near Repeat Calculator: a same-location band (d = 0 exactly) first, then (0, b1),
   * [b1, b2), …, [bk, ∞); the NRC's own labels; coordinates rounded to single precision.
   * @defaultValue false
   */
  nrcCompat?: boolean;
  /** Significance level used for the plain-language summary. @defaultValue 0.05 */
  significanceLevel?: number;
  /**
   * Round coordinates to single precision before computing distances (what the NRC does).
   * @defaultValue true in NRC mode, false otherwise
   */
  float32Coordinates?: boolean;
}

export interface KnoxBand {
  index: number;
  /** `same_location` (d = 0 exactly, NRC mode only), `interval` [lower, upper) or (0, upper), `open` [lower, ∞). */
  kind: 'same_location' | 'interval' | 'open';
  lower: number;
  /** `null` for the open band. */
  upper: number | null;
  lowerInclusive: boolean;
  upperInclusive: boolean;
  /** Mathematically correct interval, e.g. `[100, 200)`, `{0}`, `[300, ∞)`. */
  interval: string;
  /** Display label. Default mode: the interval with unit. NRC mode: the NRC's own (mislabelled) text. */
  label: string;
  unit: 'm' | 'days';
}

export interface KnoxSummary {
  sv: string;
  en: string;
}

export interface KnoxResult {
  version: 1;
  method: DistanceMethod;
  nrcCompat: boolean;
  /** Whether coordinates were rounded to single precision (the NRC's behaviour). */
  float32Coordinates: boolean;
  events: number;
  /** P = n(n−1)/2, the number of unordered pairs. */
  pairs: number;
  /** Pairs closer than the largest finite spatial break (those touched per permutation). */
  closePairs: number;
  /** Pairs below the first spatial or temporal break (not in any band; only when the breaks do not start at 0). */
  excludedPairs: number;
  permutations: number;
  seed: number;
  significanceLevel: number;
  spatialBands: KnoxBand[];
  temporalBands: KnoxBand[];
  /** Rows = spatial bands, columns = temporal bands. */
  observed: number[][];
  expectedMean: number[][];
  expectedMedian: number[][];
  /** S_i · T_j / P, the exact expectation under random permutation. */
  expectedAnalytic: number[][];
  /** observed / expectedMean; `null` where the mean is 0. */
  knoxRatio: (number | null)[][];
  /** observed / expectedMedian; `null` where the median is 0. */
  knoxRatioMedian: (number | null)[][];
  /** Analytic Knox ratio observed / expectedAnalytic; `null` where the expectation is 0. */
  knoxRatioAnalytic: (number | null)[][];
  /** (1 + #{r : E_r ≥ O}) / (1 + R). */
  pValues: number[][];
  summary: KnoxSummary;
}

/** Thrown for invalid input; `problems` holds one sentence per problem. */
export class KnoxInputError extends ProblemsError {
  override name = 'KnoxInputError';
}

/** Checks breaks: non-empty, finite, non-negative, strictly increasing. Returns problems (empty if fine). */
export function validateBreaks(breaks: readonly number[], name: string): string[] {
  const problems: string[] = [];
  if (breaks.length === 0) {
    problems.push(`The ${name} breaks are empty; give at least one number.`);
    return problems;
  }
  for (let i = 0; i < breaks.length; i++) {
    const b = breaks[i];
    if (!Number.isFinite(b)) problems.push(`The ${name} break at position ${i + 1} is not a finite number.`);
    else if (b < 0) problems.push(`The ${name} break at position ${i + 1} (${b}) is negative.`);
  }
  for (let i = 1; i < breaks.length; i++) {
    if (!(breaks[i] > breaks[i - 1])) {
      problems.push(
        `The ${name} breaks must be strictly increasing, but ${breaks[i]} at position ${i + 1} does not exceed ${breaks[i - 1]}.`,
      );
    }
  }
  return problems;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
}

/** Builds the spatial bands for the given breaks and mode. */
export function buildSpatialBands(sds: readonly number[], nrcCompat: boolean): KnoxBand[] {
  const bands: KnoxBand[] = [];
  const last = sds.length - 1;
  if (nrcCompat) {
    bands.push({
      index: 0,
      kind: 'same_location',
      lower: 0,
      upper: 0,
      lowerInclusive: true,
      upperInclusive: true,
      interval: '{0}',
      label: 'Same location',
      unit: 'm',
    });
    for (let i = 0; i < last; i++) {
      const lo = sds[i];
      const hi = sds[i + 1];
      bands.push({
        index: bands.length,
        kind: 'interval',
        lower: lo,
        upper: hi,
        lowerInclusive: i > 0,
        upperInclusive: false,
        interval: i === 0 ? `(0, ${fmt(hi)})` : `[${fmt(lo)}, ${fmt(hi)})`,
        // NRC labels "1 to b", "b+1 to 2b": the actual interval is [a−1, b) (spec §3.2).
        label: `${fmt(lo + 1)} to ${fmt(hi)}`,
        unit: 'm',
      });
    }
    bands.push({
      index: bands.length,
      kind: 'open',
      lower: sds[last],
      upper: null,
      lowerInclusive: true,
      upperInclusive: false,
      interval: `[${fmt(sds[last])}, ∞)`,
      label: `More than ${fmt(sds[last])}`,
      unit: 'm',
    });
    return bands;
  }
  for (let i = 0; i < last; i++) {
    bands.push({
      index: i,
      kind: 'interval',
      lower: sds[i],
      upper: sds[i + 1],
      lowerInclusive: true,
      upperInclusive: false,
      interval: `[${fmt(sds[i])}, ${fmt(sds[i + 1])})`,
      label: `[${fmt(sds[i])}, ${fmt(sds[i + 1])}) m`,
      unit: 'm',
    });
  }
  bands.push({
    index: last,
    kind: 'open',
    lower: sds[last],
    upper: null,
    lowerInclusive: true,
    upperInclusive: false,
    interval: `[${fmt(sds[last])}, ∞)`,
    label: `[${fmt(sds[last])}, ∞) m`,
    unit: 'm',
  });
  return bands;
}

/** Builds the temporal bands; the NRC uses the same [a, b) intervals but labels them "0 to w", "w+1 to 2w". */
export function buildTemporalBands(tds: readonly number[], nrcCompat: boolean): KnoxBand[] {
  const bands: KnoxBand[] = [];
  const last = tds.length - 1;
  for (let i = 0; i < last; i++) {
    const lo = tds[i];
    const hi = tds[i + 1];
    bands.push({
      index: i,
      kind: 'interval',
      lower: lo,
      upper: hi,
      lowerInclusive: true,
      upperInclusive: false,
      interval: `[${fmt(lo)}, ${fmt(hi)})`,
      label: nrcCompat ? `${fmt(i === 0 ? lo : lo + 1)} to ${fmt(hi)}` : `[${fmt(lo)}, ${fmt(hi)}) days`,
      unit: 'days',
    });
  }
  bands.push({
    index: last,
    kind: 'open',
    lower: tds[last],
    upper: null,
    lowerInclusive: true,
    upperInclusive: false,
    interval: `[${fmt(tds[last])}, ∞)`,
    label: nrcCompat ? `More than ${fmt(tds[last])}` : `[${fmt(tds[last])}, ∞) days`,
    unit: 'days',
  });
  return bands;
}

/** Close pairs: endpoints and (internal) spatial row. */
interface ClosePairs {
  pi: Int32Array;
  pj: Int32Array;
  row: Uint16Array;
  count: number;
}

/**
 * Finds every pair with distance < maxDist using a uniform grid of cell size maxDist (both metrics imply
 * |Δx| < maxDist and |Δy| < maxDist, so only the 3×3 neighbourhood needs checking). `rowOf` maps a distance to
 * the pair's internal spatial row.
 */
function findClosePairs(
  xs: Float64Array,
  ys: Float64Array,
  maxDist: number,
  euclidean: boolean,
  rowOf: (d: number) => number,
): ClosePairs {
  const n = xs.length;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (xs[i] < minX) minX = xs[i];
    if (ys[i] < minY) minY = ys[i];
  }
  // Cell coordinates can exceed int32 for tiny maxDist over a large extent, so keep them as doubles.
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cx[i] = Math.floor((xs[i] - minX) / maxDist);
    cy[i] = Math.floor((ys[i] - minY) / maxDist);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => cy[a] - cy[b] || cx[a] - cx[b] || a - b);

  // Compress into cells (sorted by cy, then cx) with start offsets into `order`.
  const cellX = new Float64Array(n);
  const cellY = new Float64Array(n);
  const cellStart = new Int32Array(n + 1);
  let nc = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (nc === 0 || cellY[nc - 1] !== cy[i] || cellX[nc - 1] !== cx[i]) {
      cellX[nc] = cx[i];
      cellY[nc] = cy[i];
      cellStart[nc] = k;
      nc++;
    }
  }
  cellStart[nc] = n;

  let cap = 1024;
  let pi = new Int32Array(cap);
  let pj = new Int32Array(cap);
  let row = new Uint16Array(cap);
  let count = 0;
  const push = (i: number, j: number, r: number): void => {
    if (count === cap) {
      cap *= 2;
      const npi = new Int32Array(cap);
      npi.set(pi);
      pi = npi;
      const npj = new Int32Array(cap);
      npj.set(pj);
      pj = npj;
      const nr = new Uint16Array(cap);
      nr.set(row);
      row = nr;
    }
    pi[count] = i;
    pj[count] = j;
    row[count] = r;
    count++;
  };
  const visit = (i: number, j: number): void => {
    const dx = xs[i] - xs[j];
    const dy = ys[i] - ys[j];
    const d = euclidean ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
    if (d < maxDist) push(i, j, rowOf(d));
  };
  // Lower bound of (y, x) in the sorted cell list.
  const lowerBound = (y: number, x: number): number => {
    let lo = 0;
    let hi = nc;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cellY[mid] < y || (cellY[mid] === y && cellX[mid] < x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const visitCells = (a: number, b: number): void => {
    for (let p = cellStart[a]; p < cellStart[a + 1]; p++) {
      const i = order[p];
      for (let q = cellStart[b]; q < cellStart[b + 1]; q++) visit(i, order[q]);
    }
  };

  for (let c = 0; c < nc; c++) {
    // Pairs within the cell.
    const s = cellStart[c];
    const e = cellStart[c + 1];
    for (let p = s; p < e; p++) {
      const i = order[p];
      for (let q = p + 1; q < e; q++) visit(i, order[q]);
    }
    // Half neighbourhood so that each pair of cells is visited once: (x+1, y) and (x−1..x+1, y+1).
    if (c + 1 < nc && cellY[c + 1] === cellY[c] && cellX[c + 1] === cellX[c] + 1) visitCells(c, c + 1);
    const y1 = cellY[c] + 1;
    for (let k = lowerBound(y1, cellX[c] - 1); k < nc && cellY[k] === y1 && cellX[k] <= cellX[c] + 1; k++) {
      visitCells(c, k);
    }
  }
  return { pi: pi.subarray(0, count), pj: pj.subarray(0, count), row: row.subarray(0, count), count };
}

/** Number of pairs (i<j) of the sorted array with difference < b (two pointers, O(n)). */
function pairsBelow(sorted: Float64Array, b: number): number {
  if (b <= 0) return 0;
  let c = 0;
  let i = 0;
  for (let j = 0; j < sorted.length; j++) {
    while (i < j && sorted[j] - sorted[i] >= b) i++;
    c += j - i;
  }
  return c;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const m = s.length >>> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** p-value of an observed count given the R permutation counts: (1 + #{E_r ≥ O}) / (1 + R). */
export function permutationPValue(observed: number, simulated: ArrayLike<number>): number {
  let ge = 0;
  for (let r = 0; r < simulated.length; r++) if (simulated[r] >= observed) ge++;
  return (ge + 1) / (simulated.length + 1);
}

/**
 * Runs the Knox test. Throws {@link KnoxInputError} with one sentence per problem for bad input.
 */
export function knoxTest(events: KnoxEvents, options: KnoxOptions): KnoxResult {
  const nrc = options.nrcCompat === true;
  const method: DistanceMethod = options.method ?? 'manhattan';
  const R = options.permutations ?? (nrc ? 19 : 999);
  const seed = options.seed ?? 1;
  const alpha = options.significanceLevel ?? 0.05;
  const sds = options.spatialBreaks;
  const tds = options.temporalBreaks;
  const n = events.x.length;

  const problems: string[] = [];
  if (events.y.length !== n || events.t.length !== n) problems.push('The x, y and time arrays differ in length.');
  if (n < 2) problems.push(`The Knox test needs at least 2 events, but ${n} ${n === 1 ? 'was' : 'were'} given.`);
  if (method !== 'manhattan' && method !== 'euclidean') {
    problems.push(`The distance method "${String(method)}" is unknown; use manhattan or euclidean.`);
  }
  if (!Number.isInteger(R) || R < 1) problems.push(`The number of permutations must be a positive integer, not ${R}.`);
  if (!Number.isFinite(seed)) problems.push('The seed must be a finite number.');
  if (!(alpha > 0 && alpha < 1)) problems.push('The significance level must lie strictly between 0 and 1.');
  problems.push(...validateBreaks(sds, 'spatial'), ...validateBreaks(tds, 'temporal'));
  if (nrc) {
    if (sds.length > 0 && sds[0] !== 0) problems.push('In NRC-compatible mode the spatial breaks must start at 0.');
    if (sds.length < 2) problems.push('In NRC-compatible mode give at least two spatial breaks, e.g. 0,100,200,300.');
    if (tds.length > 0 && tds[0] !== 0) problems.push('In NRC-compatible mode the temporal breaks must start at 0.');
  }
  if (sds.length > 60000) problems.push('Too many spatial breaks (at most 60000).');
  if (problems.length === 0) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(events.x[i]) || !Number.isFinite(events.y[i]) || !Number.isFinite(events.t[i])) {
        problems.push(`Event ${i + 1} has a coordinate or time that is not a finite number.`);
        if (problems.length >= 20) break;
      }
    }
  }
  if (problems.length > 0) throw new KnoxInputError(problems);

  const f32 = options.float32Coordinates ?? nrc;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // The NRC computes with single-precision coordinates (spec §3.2, verified on chicago_arson).
    xs[i] = f32 ? Math.fround(events.x[i]) : events.x[i];
    ys[i] = f32 ? Math.fround(events.y[i]) : events.y[i];
    ts[i] = events.t[i];
  }

  const spatialBands = buildSpatialBands(sds, nrc);
  const temporalBands = buildTemporalBands(tds, nrc);
  const nS = spatialBands.length;
  const nT = temporalBands.length;
  const openRow = nS - 1;
  const dropRow = nS; // internal row for pairs below the first spatial break
  const W = nT + 1; // internal columns; column nT holds pairs below the first temporal break
  const lastS = sds[sds.length - 1];

  const rowOf = (d: number): number => {
    if (nrc) {
      if (d === 0) return 0;
      let k = 0;
      while (k + 1 < sds.length && sds[k + 1] <= d) k++;
      return k + 1;
    }
    if (d < sds[0]) return dropRow;
    let k = 0;
    while (k + 1 < sds.length && sds[k + 1] <= d) k++;
    return k;
  };
  const colOf = (tau: number): number => {
    if (tau < tds[0]) return nT;
    let k = 0;
    while (k + 1 < tds.length && tds[k + 1] <= tau) k++;
    return k;
  };

  const close = findClosePairs(xs, ys, lastS, method === 'euclidean', rowOf);
  const { pi, pj, row } = close;
  const m = close.count;

  // Temporal marginals over all P pairs; invariant under permutation of the time stamps.
  const P = (n * (n - 1)) / 2;
  const sortedT = Float64Array.from(ts).sort();
  const below = tds.map((b) => pairsBelow(sortedT, b));
  const T = new Float64Array(nT);
  for (let j = 0; j < nT; j++) T[j] = (j + 1 < nT ? below[j + 1] : P) - below[j];

  // Integral times with a moderate span: look the column up in a table instead of scanning the breaks.
  let lut: Uint16Array | null = null;
  const span = sortedT[n - 1] - sortedT[0];
  let integral = span <= 5_000_000;
  for (let i = 0; integral && i < n; i++) if (!Number.isInteger(ts[i])) integral = false;
  if (integral) {
    lut = new Uint16Array(span + 1);
    for (let d = 0; d <= span; d++) lut[d] = colOf(d);
  }

  const cnt = new Int32Array((nS + 1) * W);
  const nCells = nS * nT;
  const table = new Float64Array(nCells);
  // Integral times as int32 offsets from the minimum: denser in cache than doubles.
  const tInt = lut === null ? null : new Int32Array(n);
  if (tInt !== null) for (let i = 0; i < n; i++) tInt[i] = ts[i] - sortedT[0];
  // Pre-multiplied row offsets so the inner loop is one add and one table lookup.
  const rowOff = new Int32Array(m);
  for (let k = 0; k < m; k++) rowOff[k] = row[k] * W;
  const tally = (tp: Float64Array, tpi: Int32Array | null): void => {
    cnt.fill(0);
    if (lut !== null && tpi !== null) {
      const L = lut;
      for (let k = 0; k < m; k++) {
        let tau = tpi[pi[k]] - tpi[pj[k]];
        if (tau < 0) tau = -tau;
        cnt[rowOff[k] + L[tau]]++;
      }
    } else {
      for (let k = 0; k < m; k++) cnt[row[k] * W + colOf(Math.abs(tp[pi[k]] - tp[pj[k]]))]++;
    }
    for (let j = 0; j < nT; j++) {
      let closeSum = cnt[dropRow * W + j];
      for (let r = 0; r < openRow; r++) {
        const c = cnt[r * W + j];
        table[r * nT + j] = c;
        closeSum += c;
      }
      table[openRow * nT + j] = T[j] - closeSum;
    }
  };

  tally(ts, tInt);
  const observed = Float64Array.from(table);

  const S = new Float64Array(nS);
  for (let k = 0; k < m; k++) if (row[k] < openRow) S[row[k]]++;
  S[openRow] = P - m;
  // Pairs in no reported cell: below the first spatial break, or below the first temporal break.
  let dropRowTotal = 0;
  for (let j = 0; j < W; j++) dropRowTotal += cnt[dropRow * W + j];
  const excluded = dropRowTotal + below[0] - cnt[dropRow * W + nT];

  const sims = new Float64Array(nCells * R);
  const rng = createPrng(seed);
  const tp = Float64Array.from(ts);
  const tpi = tInt === null ? null : Int32Array.from(tInt);
  for (let r = 0; r < R; r++) {
    if (tpi !== null) shuffleInPlace(tpi, rng);
    else shuffleInPlace(tp, rng);
    tally(tp, tpi);
    for (let c = 0; c < nCells; c++) sims[c * R + r] = table[c];
  }

  const grid = <V>(f: (c: number) => V): V[][] => {
    const out: V[][] = [];
    for (let i = 0; i < nS; i++) {
      const line: V[] = [];
      for (let j = 0; j < nT; j++) line.push(f(i * nT + j));
      out.push(line);
    }
    return out;
  };
  const meanArr = new Float64Array(nCells);
  const medArr = new Float64Array(nCells);
  const pArr = new Float64Array(nCells);
  for (let c = 0; c < nCells; c++) {
    const s = sims.subarray(c * R, (c + 1) * R);
    let sum = 0;
    for (let r = 0; r < R; r++) sum += s[r];
    meanArr[c] = sum / R;
    medArr[c] = median(s);
    pArr[c] = permutationPValue(observed[c], s);
  }
  const analytic = new Float64Array(nCells);
  for (let i = 0; i < nS; i++) for (let j = 0; j < nT; j++) analytic[i * nT + j] = (S[i] * T[j]) / P;
  const ratio = (o: number, e: number): number | null => (e > 0 ? o / e : null);

  const result: KnoxResult = {
    version: 1,
    method,
    nrcCompat: nrc,
    float32Coordinates: f32,
    events: n,
    pairs: P,
    closePairs: m,
    excludedPairs: excluded,
    permutations: R,
    seed,
    significanceLevel: alpha,
    spatialBands,
    temporalBands,
    observed: grid((c) => observed[c]),
    expectedMean: grid((c) => meanArr[c]),
    expectedMedian: grid((c) => medArr[c]),
    expectedAnalytic: grid((c) => analytic[c]),
    knoxRatio: grid((c) => ratio(observed[c], meanArr[c])),
    knoxRatioMedian: grid((c) => ratio(observed[c], medArr[c])),
    knoxRatioAnalytic: grid((c) => ratio(observed[c], analytic[c])),
    pValues: grid((c) => pArr[c]),
    summary: { sv: '', en: '' },
  };
  result.summary = summarizeKnox(result);
  return result;
}

/**
 * Events from stored incidents: EPSG:3006 coordinates and occurredAt in epoch ms. By default times become
 * fractional days; with `wholeDays` each incident is reduced to its calendar date (in UTC or in the given IANA
 * time zone, e.g. `Europe/Stockholm`), as the NRC and the CLI's date-only input do.
 */
export function knoxEventsFromIncidents(
  incidents: readonly { x: number; y: number; occurredAt: number }[],
  options: { wholeDays?: false | 'UTC' | string } = {},
): KnoxEvents & { x: Float64Array; y: Float64Array; t: Float64Array } {
  const n = incidents.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  const zone = options.wholeDays;
  const fmt =
    zone === undefined || zone === false || zone === 'UTC'
      ? null
      : new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (let i = 0; i < n; i++) {
    x[i] = incidents[i].x;
    y[i] = incidents[i].y;
    const ms = incidents[i].occurredAt;
    if (zone === undefined || zone === false) t[i] = ms / 86_400_000;
    else if (fmt === null) t[i] = Math.floor(ms / 86_400_000);
    else {
      const parts = fmt.formatToParts(new Date(ms));
      const get = (k: string): number => Number(parts.find((p) => p.type === k)?.value);
      t[i] = Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000;
    }
  }
  return { x, y, t };
}

/** Knox ratio a cell must reach to count as "meaningful" (Ratcliffe 2009 heat-map convention, spec §3.2). */
export const MEANINGFUL_KNOX_RATIO = 1.2;

/** Percentage increase `(KR − 1) × 100`, rounded half up as the NRC prints it (1.685 → 69). */
export function percentIncrease(knoxRatio: number): number {
  return Math.round(Math.round((knoxRatio - 1) * 100 * 1e9) / 1e9);
}

/** Index of the spatial band that represents repeats at the same place, or -1. */
function repeatRow(res: Pick<KnoxResult, 'spatialBands'>): number {
  const b = res.spatialBands[0];
  if (b.kind === 'same_location') return 0;
  // Interval mode: a first band [0, b) with b ≤ 1 m is the usual stand-in for "same location" (spec §3.3).
  if (b.kind === 'interval' && b.lower === 0 && b.upper !== null && b.upper <= 1) return 0;
  return -1;
}

function describeSpace(b: KnoxBand, lang: 'sv' | 'en'): string {
  if (b.kind === 'same_location') return lang === 'sv' ? 'på samma plats' : 'at the same location';
  if (b.kind === 'open') return lang === 'sv' ? `på ${fmt(b.lower)} m avstånd eller mer` : `at ${fmt(b.lower)} m or more`;
  if (!b.lowerInclusive && b.lower === 0) {
    return lang === 'sv'
      ? `inom under ${fmt(b.upper ?? 0)} m (men inte på samma plats)`
      : `within under ${fmt(b.upper ?? 0)} m (but not at the same location)`;
  }
  return lang === 'sv'
    ? `inom ${fmt(b.lower)} till under ${fmt(b.upper ?? 0)} m`
    : `within ${fmt(b.lower)} to under ${fmt(b.upper ?? 0)} m`;
}

function describeTimeUpTo(b: KnoxBand, lang: 'sv' | 'en'): string {
  if (b.kind === 'open') return lang === 'sv' ? 'under hela perioden' : 'over the whole period';
  const v = b.upper ?? 0;
  const u = fmt(v);
  return lang === 'sv'
    ? `i upp till ${u} ${v === 1 ? 'dag' : 'dagar'} (tidsavstånd under ${u} ${v === 1 ? 'dag' : 'dagar'})`
    : `for up to ${u} ${v === 1 ? 'day' : 'days'} (time gap under ${u} ${v === 1 ? 'day' : 'days'})`;
}

function describeTime(b: KnoxBand, lang: 'sv' | 'en'): string {
  if (b.kind === 'open') return lang === 'sv' ? `${fmt(b.lower)} dagar eller mer` : `${fmt(b.lower)} days or more`;
  return lang === 'sv'
    ? `${fmt(b.lower)} till under ${fmt(b.upper ?? 0)} ${b.upper === 1 ? 'dag' : 'dagar'}`
    : `${fmt(b.lower)} to under ${fmt(b.upper ?? 0)} ${b.upper === 1 ? 'day' : 'days'}`;
}

/**
 * Plain-language summary in Swedish and English, following the NRC's summary rules (spec §3.2): per near
 * spatial band, the leading run of temporal bands that are significant (p ≤ α) and meaningful (KR ≥ 1.2); the
 * most over-represented significant near cell as (KR − 1) × 100 percent; the same for repeats at the same place.
 */
export function summarizeKnox(
  res: Pick<KnoxResult, 'spatialBands' | 'temporalBands' | 'knoxRatio' | 'pValues' | 'significanceLevel' | 'events' | 'permutations' | 'method'>,
): KnoxSummary {
  const alpha = res.significanceLevel;
  const rep = repeatRow(res);
  const nS = res.spatialBands.length;
  const nT = res.temporalBands.length;
  const sig = (i: number, j: number): boolean => res.pValues[i][j] <= alpha + 1e-12;
  const meaningful = (i: number, j: number): boolean => {
    const kr = res.knoxRatio[i][j];
    return kr !== null && kr >= MEANINGFUL_KNOX_RATIO;
  };
  const sv: string[] = [];
  const en: string[] = [];
  const minP = 1 / (res.permutations + 1);
  sv.push(
    `Knoxtest på ${res.events} händelser (${res.method === 'manhattan' ? 'manhattanavstånd' : 'fågelvägen'}, ${res.permutations} permutationer, signifikansnivå ${alpha}).`,
  );
  en.push(
    `Knox test on ${res.events} events (${res.method} distance, ${res.permutations} permutations, significance level ${alpha}).`,
  );
  if (minP > alpha) {
    sv.push(`Med så få permutationer kan inget p-värde bli lägre än ${fmt(minP)}; öka antalet permutationer.`);
    en.push(`With so few permutations no p-value can fall below ${fmt(minP)}; increase the number of permutations.`);
  }

  const nearRows: number[] = [];
  for (let i = 0; i < nS; i++) if (i !== rep && res.spatialBands[i].kind !== 'open') nearRows.push(i);
  const findings: { sv: string; en: string }[] = [];
  let best: { i: number; j: number; kr: number } | null = null;
  for (const i of nearRows) {
    let j = 0;
    while (j < nT && sig(i, j) && meaningful(i, j)) j++;
    if (j > 0) {
      findings.push({
        sv: `${describeSpace(res.spatialBands[i], 'sv')} från en händelse är nya händelser överrepresenterade ${describeTimeUpTo(res.temporalBands[j - 1], 'sv')}`,
        en: `${describeSpace(res.spatialBands[i], 'en')} of an incident, further incidents are over-represented ${describeTimeUpTo(res.temporalBands[j - 1], 'en')}`,
      });
    }
    for (let k = 0; k < nT; k++) {
      const kr = res.knoxRatio[i][k];
      if (res.temporalBands[k].kind === 'open' || kr === null || !sig(i, k) || !meaningful(i, k)) continue;
      if (best === null || kr > best.kr) best = { i, j: k, kr };
    }
  }
  if (findings.length > 0 && best !== null) {
    sv.push('Ett signifikant och betydelsefullt nära-upprepningsmönster (near repeat) hittades.');
    en.push('A significant and meaningful near-repeat pattern was found.');
    for (const f of findings) {
      sv.push(`${f.sv.charAt(0).toUpperCase()}${f.sv.slice(1)}.`);
      en.push(`${f.en.charAt(0).toUpperCase()}${f.en.slice(1)}.`);
    }
    const pct = percentIncrease(best.kr);
    sv.push(
      `Störst överrepresentation bland de signifikanta cellerna: ${describeSpace(res.spatialBands[best.i], 'sv')} och ${describeTime(res.temporalBands[best.j], 'sv')} efter en händelse, där risken för en ny händelse är omkring ${pct} procent högre än om inget mönster fanns.`,
    );
    en.push(
      `The most over-represented significant range is ${describeSpace(res.spatialBands[best.i], 'en')} and ${describeTime(res.temporalBands[best.j], 'en')} after an incident, where the chance of another incident is about ${pct} percent greater than if there were no pattern.`,
    );
  } else {
    sv.push('Inget signifikant och betydelsefullt nära-upprepningsmönster hittades.');
    en.push('No significant and meaningful near-repeat pattern was found.');
  }

  if (rep >= 0) {
    let j = 0;
    while (j < nT && sig(rep, j) && meaningful(rep, j)) j++;
    let bestR: { j: number; kr: number } | null = null;
    for (let k = 0; k < nT; k++) {
      const kr = res.knoxRatio[rep][k];
      if (res.temporalBands[k].kind === 'open' || kr === null || !sig(rep, k) || !meaningful(rep, k)) continue;
      if (bestR === null || kr > bestR.kr) bestR = { j: k, kr };
    }
    if (j > 0 && bestR !== null) {
      const pct = percentIncrease(bestR.kr);
      sv.push(
        `Upprepad utsatthet på samma plats är överrepresenterad ${describeTimeUpTo(res.temporalBands[j - 1], 'sv')}; störst i intervallet ${describeTime(res.temporalBands[bestR.j], 'sv')}, omkring ${pct} procent högre än utan mönster.`,
      );
      en.push(
        `Repeat victimisation at the same place is over-represented ${describeTimeUpTo(res.temporalBands[j - 1], 'en')}; it is strongest at ${describeTime(res.temporalBands[bestR.j], 'en')}, about ${pct} percent greater than without a pattern.`,
      );
    } else {
      sv.push('Ingen överrepresentation av upprepad utsatthet på samma plats hittades.');
      en.push('No over-representation of repeat victimisation at the same place was found.');
    }
  }
  return { sv: sv.join(' '), en: en.join(' ') };
}
