import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEventsCsv } from './eventsCsv.ts';
import { type KnoxEvents, KnoxInputError, knoxTest, percentIncrease, permutationPValue, summarizeKnox } from './knox.ts';
import { createPrng } from '../../../shared/src/random.ts';

const here = new URL('./testdata/', import.meta.url);
function loadEvents(name: string): KnoxEvents {
  const parsed = parseEventsCsv(readFileSync(new URL(name, here), 'utf8'));
  expect(parsed.problems).toEqual([]);
  return parsed.events;
}
/** Reads the "Observed frequencies distribution" table and its column labels from an NRC verbose CSV. */
function nrcObserved(name: string): { observed: number[][]; rowLabels: string[]; colLabels: string[] } {
  const lines = readFileSync(new URL(name, here), 'utf8').split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith('Observed frequencies distribution'));
  const colLabels = lines[at + 1].split(',').slice(2, -1);
  const observed: number[][] = [];
  const rowLabels: string[] = [];
  for (let k = at + 3; k < lines.length && /^\d+,/.test(lines[k]); k++) {
    const f = lines[k].split(',');
    rowLabels.push(f[1].trim());
    observed.push(f.slice(2, -1).map((v) => (v.trim() === '' ? 0 : Number(v))));
  }
  return { observed, rowLabels, colLabels };
}
/** O(n²) reference tabulation. */
function bruteObserved(ev: KnoxEvents, sds: number[], tds: number[], opts: { nrc?: boolean; euclid?: boolean }): number[][] {
  const nS = opts.nrc ? sds.length + 1 : sds.length;
  const out = Array.from({ length: nS }, () => new Array<number>(tds.length).fill(0));
  const f = (v: number) => (opts.nrc ? Math.fround(v) : v);
  for (let i = 0; i < ev.x.length; i++) {
    for (let j = i + 1; j < ev.x.length; j++) {
      const dx = f(ev.x[i]) - f(ev.x[j]);
      const dy = f(ev.y[i]) - f(ev.y[j]);
      const d = opts.euclid ? Math.hypot(dx, dy) : Math.abs(dx) + Math.abs(dy);
      const tau = Math.abs(ev.t[i] - ev.t[j]);
      let r: number;
      if (opts.nrc) r = d === 0 ? 0 : 1 + sds.filter((b) => b <= d).length - 1;
      else {
        if (d < sds[0]) continue;
        r = sds.filter((b) => b <= d).length - 1;
      }
      if (tau < tds[0]) continue;
      const c = tds.filter((b) => b <= tau).length - 1;
      out[r][c]++;
    }
  }
  return out;
}

const month1 = loadEvents('chicago_be_month1.csv');
const arson = loadEvents('chicago_arson.csv');

describe('NR-1: chicago_be_month1 in NRC mode (b = 100 m × 3, w = 7 d × 3)', () => {
  const res = knoxTest(month1, {
    spatialBreaks: [0, 100, 200, 300],
    temporalBreaks: [0, 7, 14, 21],
    nrcCompat: true,
    permutations: 19,
    seed: 1,
  });
  it('reproduces the NRC observed table exactly', () => {
    const nrc = nrcObserved('chicago_be_month1_NRverbose.csv');
    expect(res.events).toBe(970);
    expect(res.pairs).toBe(469_965);
    expect(res.observed).toEqual([
      [28, 5, 5, 2],
      [44, 13, 8, 4],
      [97, 56, 19, 16],
      [77, 67, 45, 20],
      [182194, 146149, 95237, 45879],
    ]);
    expect(res.observed).toEqual(nrc.observed);
  });
  it('uses the NRC labels and reports the true intervals', () => {
    const nrc = nrcObserved('chicago_be_month1_NRverbose.csv');
    expect(res.spatialBands.map((b) => b.label)).toEqual(nrc.rowLabels);
    expect(res.temporalBands.map((b) => b.label)).toEqual(nrc.colLabels);
    expect(res.spatialBands.map((b) => b.interval)).toEqual(['{0}', '(0, 100)', '[100, 200)', '[200, 300)', '[300, ∞)']);
    expect(res.temporalBands.map((b) => b.interval)).toEqual(['[0, 7)', '[7, 14)', '[14, 21)', '[21, ∞)']);
  });
  it('gives the analytic expectations S_i·T_j/P and analytic Knox ratios of the spec', () => {
    const ea = res.expectedAnalytic;
    for (const [j, v] of [15.528, 12.451, 8.112, 3.908].entries()) expect(ea[0][j]).toBeCloseTo(v, 3);
    for (const [j, v] of [26.786, 21.478, 13.994, 6.742].entries()) expect(ea[1][j]).toBeCloseTo(v, 3);
    const kr = [
      [1.803, 0.402, 0.616, 0.512],
      [1.643, 0.605, 0.572, 0.593],
      [1.329, 0.957, 0.498, 0.871],
      [0.949, 1.03, 1.062, 0.979],
    ];
    for (const [i, line] of kr.entries()) {
      for (const [j, v] of line.entries()) expect(res.knoxRatioAnalytic[i][j]!).toBeCloseTo(v, 3);
    }
    // Marginals: analytic table sums to P; every permutation keeps the temporal column totals.
    const total = ea.flat().reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(res.pairs, 6);
    for (let j = 0; j < 4; j++) {
      const colObs = res.observed.reduce((a, r) => a + r[j], 0);
      const colMean = res.expectedMean.reduce((a, r) => a + r[j], 0);
      expect(colMean).toBeCloseTo(colObs, 6);
    }
  });
  it('with 19 permutations, the 0–7 day cells of rows 1–3 reach p = 0.05 as in the NRC', () => {
    expect(res.permutations).toBe(19);
    expect(res.pValues[0][0]).toBe(0.05);
    expect(res.pValues[1][0]).toBe(0.05);
    expect(res.pValues[2][0]).toBe(0.05);
    for (const p of res.pValues.flat()) expect(Math.round(p * 20)).toBeCloseTo(p * 20, 9);
  });
  it('summarises the near-repeat and repeat findings in Swedish and English', () => {
    expect(res.summary.en).toContain('near-repeat pattern was found');
    expect(res.summary.en).toContain('for up to 7 days');
    expect(res.summary.en).toContain('Repeat victimisation at the same place is over-represented');
    expect(res.summary.sv).toContain('nära-upprepningsmönster');
    expect(res.summary.sv).toContain('i upp till 7 dagar');
  });
  it('interval mode [0,1), [1,100), … gives the same table contents', () => {
    const r2 = knoxTest(month1, { spatialBreaks: [0, 1, 100, 200, 300], temporalBreaks: [0, 7, 14, 21], permutations: 9 });
    expect(r2.observed).toEqual(res.observed);
    expect(r2.spatialBands.map((b) => b.label)).toEqual(['[0, 1) m', '[1, 100) m', '[100, 200) m', '[200, 300) m', '[300, ∞) m']);
  });
});

describe('NR-2: chicago_arson (b = 200 m × 3, w = 1 d × 3)', () => {
  const nrcTable = nrcObserved('chicago_arson_NRverbose.csv');
  const opts = { spatialBreaks: [0, 200, 400, 600], temporalBreaks: [0, 1, 2, 3], permutations: 99, seed: 7 };
  it('NRC mode (float32 coordinates) reproduces the NRC observed table exactly', () => {
    const res = knoxTest(arson, { ...opts, nrcCompat: true });
    expect(res.pairs).toBe(135_981);
    expect(res.float32Coordinates).toBe(true);
    expect(res.observed).toEqual([
      [0, 2, 0, 8],
      [9, 1, 1, 45],
      [4, 0, 0, 140],
      [6, 0, 0, 234],
      [393, 710, 770, 133658],
    ]);
    expect(res.observed).toEqual(nrcTable.observed);
    expect(res.temporalBands.map((b) => b.label)).toEqual(nrcTable.colLabels);
    expect(res.spatialBands.map((b) => b.label)).toEqual(nrcTable.rowLabels);
    // NRC (99 perms): (0,200)×[0,1) and same×[1,2) significant at p = .01.
    expect(res.pValues[1][0]).toBe(0.01);
    expect(res.pValues[0][1]).toBe(0.01);
    expect(res.summary.en).toContain('for up to 1 day ');
  });
  it('in float64 the 399.961 m pair moves from [400,600) into [200,400)', () => {
    const res = knoxTest(arson, { ...opts, nrcCompat: true, float32Coordinates: false });
    const expected = nrcTable.observed.map((r) => [...r]);
    expected[2][3] = 141;
    expected[3][3] = 233;
    expect(res.observed).toEqual(expected);
  });
  it('default interval mode is float64 and merges d = 0 into [0, 200)', () => {
    const res = knoxTest(arson, opts);
    expect(res.float32Coordinates).toBe(false);
    expect(res.observed).toEqual([
      [9, 3, 1, 53],
      [4, 0, 0, 141],
      [6, 0, 0, 233],
      [393, 710, 770, 133658],
    ]);
  });
});

describe('NR-3: NearRepeat interval mode on chicago_be_month1', () => {
  const res = knoxTest(month1, {
    spatialBreaks: [0, 0.1, 200, 400, 600],
    temporalBreaks: [0, 7, 14, 21],
    permutations: 999,
    seed: 9489,
  });
  it('observed table within 600 m and 21 days matches the vignette', () => {
    const inner = res.observed.slice(0, 4).map((r) => r.slice(0, 3));
    expect(inner).toEqual([
      [28, 5, 5],
      [141, 69, 27],
      [186, 140, 100],
      [237, 192, 128],
    ]);
  });
  it('Knox ratios agree with the analytic expectation and the vignette', () => {
    expect(res.knoxRatioAnalytic[0][0]!).toBeCloseTo(1.803, 3);
    expect(Math.abs(res.knoxRatio[1][0]! - 1.412)).toBeLessThan(0.1);
    expect(res.pValues[0][0]).toBe(0.001);
    expect(res.pValues[1][0]).toBe(0.001);
    for (let i = 0; i < res.observed.length; i++) {
      for (let j = 0; j < res.observed[i].length; j++) {
        if (res.expectedAnalytic[i][j] > 10) {
          expect(Math.abs(res.knoxRatio[i][j]! - res.knoxRatioAnalytic[i][j]!)).toBeLessThan(0.1);
        }
      }
    }
  });
  it('Monte Carlo mean converges to the analytic expectation', () => {
    for (let i = 0; i < res.observed.length; i++) {
      for (let j = 0; j < res.observed[i].length; j++) {
        const e = res.expectedAnalytic[i][j];
        // Counts are roughly Poisson: allow 5 standard errors of the mean of 999 draws.
        expect(Math.abs(res.expectedMean[i][j] - e)).toBeLessThan(5 * Math.sqrt(e / 999) + 1e-9);
      }
    }
  });
});

describe('NR-4: the pathological pair', () => {
  const ev: KnoxEvents = {
    x: [0, 0],
    y: [0, 100],
    t: [Date.UTC(2019, 0, 1) / 864e5, Date.UTC(2019, 0, 4) / 864e5],
  };
  it('interval mode: [100,200) × [3,6)', () => {
    const res = knoxTest(ev, { spatialBreaks: [0, 100, 200], temporalBreaks: [0, 3, 6], permutations: 19 });
    expect(res.pairs).toBe(1);
    const i = res.spatialBands.findIndex((b) => b.interval === '[100, 200)');
    const j = res.temporalBands.findIndex((b) => b.interval === '[3, 6)');
    expect(res.observed[i][j]).toBe(1);
    expect(res.observed.flat().reduce((a, b) => a + b, 0)).toBe(1);
  });
  it('NRC mode b = 200 m, w = 3 d: "1 to 200" × "4 to 6", actually (0,200) × [3,6)', () => {
    const res = knoxTest(ev, { spatialBreaks: [0, 200, 400], temporalBreaks: [0, 3, 6], nrcCompat: true });
    expect(res.observed[1][1]).toBe(1);
    expect(res.spatialBands[1].label).toBe('1 to 200');
    expect(res.spatialBands[1].interval).toBe('(0, 200)');
    expect(res.temporalBands[1].label).toBe('4 to 6');
    expect(res.temporalBands[1].interval).toBe('[3, 6)');
  });
});

describe('NR-5: p-value arithmetic', () => {
  it('(1 + #{E_r ≥ O}) / (1 + R)', () => {
    const below = new Array(19).fill(3);
    expect(permutationPValue(5, below)).toBe(0.05);
    const three = [...new Array(16).fill(1), 5, 6, 9];
    expect(permutationPValue(5, three)).toBeCloseTo(0.2, 12);
    // Ties count as "≥".
    expect(permutationPValue(2, [2, 2, 1, 0])).toBeCloseTo(3 / 5, 12);
  });
  it('percentage increase as the NRC prints it', () => {
    expect(percentIncrease(1.685)).toBe(69);
    expect(percentIncrease(74.25)).toBe(7325);
  });
});

describe('Knox core', () => {
  function randomEvents(n: number, seed: number, extent: number, days: number, fractional = false): KnoxEvents {
    const rng = createPrng(seed);
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Some duplicated locations and clustered points to exercise the band edges.
      if (i > 0 && rng.nextFloat() < 0.1) {
        const k = rng.nextInt(i);
        x[i] = x[k];
        y[i] = y[k];
      } else {
        x[i] = Math.round(rng.nextFloat() * extent);
        y[i] = Math.round(rng.nextFloat() * extent);
      }
      t[i] = fractional ? rng.nextFloat() * days : rng.nextInt(days);
    }
    return { x, y, t };
  }
  it('matches a brute-force tabulation (both metrics, both modes, breaks not starting at 0)', () => {
    const ev = randomEvents(400, 3, 2000, 60);
    for (const euclid of [false, true]) {
      for (const [sds, tds] of [
        [[0, 50, 100, 250], [0, 7, 14]],
        [[20, 100, 300], [2, 5, 30]],
        [[0, 100], [0]],
      ] as const) {
        const r = knoxTest(ev, { spatialBreaks: sds, temporalBreaks: tds, method: euclid ? 'euclidean' : 'manhattan', permutations: 3 });
        const b = bruteObserved(ev, [...sds], [...tds], { euclid });
        expect(r.observed).toEqual(b);
        const counted = r.observed.flat().reduce((a, c) => a + c, 0);
        expect(counted + r.excludedPairs).toBe(r.pairs);
      }
      const rn = knoxTest(ev, { spatialBreaks: [0, 60, 120, 180], temporalBreaks: [0, 3, 6], method: euclid ? 'euclidean' : 'manhattan', nrcCompat: true, permutations: 3 });
      expect(rn.observed).toEqual(bruteObserved(ev, [0, 60, 120, 180], [0, 3, 6], { nrc: true, euclid }));
    }
  });
  it('handles fractional (date-time) times without the lookup table', () => {
    const ev = randomEvents(300, 11, 1500, 20, true);
    const r = knoxTest(ev, { spatialBreaks: [0, 100, 300], temporalBreaks: [0, 0.5, 2, 7], permutations: 5 });
    expect(r.observed).toEqual(bruteObserved(ev, [0, 100, 300], [0, 0.5, 2, 7], {}));
  });
  it('is deterministic given the seed', () => {
    const ev = randomEvents(500, 5, 3000, 90);
    const opts = { spatialBreaks: [0, 100, 200], temporalBreaks: [0, 7, 14], permutations: 49 };
    const a = knoxTest(ev, { ...opts, seed: 42 });
    const b = knoxTest(ev, { ...opts, seed: 42 });
    const c = knoxTest(ev, { ...opts, seed: 43 });
    expect(b).toEqual(a);
    expect(c.expectedMean).not.toEqual(a.expectedMean);
    expect(c.observed).toEqual(a.observed);
  });
  it('gives null ratios where the expectation is 0', () => {
    const ev: KnoxEvents = { x: [0, 5000, 10000], y: [0, 0, 0], t: [0, 100, 200] };
    const r = knoxTest(ev, { spatialBreaks: [0, 100], temporalBreaks: [0, 7], permutations: 9 });
    expect(r.knoxRatio[0][0]).toBeNull();
    expect(r.knoxRatioMedian[0][0]).toBeNull();
    expect(r.expectedAnalytic[0][0]).toBe(0);
    expect(JSON.parse(JSON.stringify(r)).knoxRatio[0][0]).toBeNull();
  });
  it('summary reports no pattern on random data', () => {
    const ev = randomEvents(300, 8, 5000, 365);
    const r = knoxTest(ev, { spatialBreaks: [0, 1, 100, 200], temporalBreaks: [0, 7, 14], permutations: 99, seed: 2 });
    const s = summarizeKnox({ ...r, pValues: r.pValues.map((row) => row.map(() => 1)) });
    expect(s.en).toContain('No significant and meaningful near-repeat pattern');
    expect(s.sv).toContain('Inget signifikant');
  });
});

describe('bad input', () => {
  const two: KnoxEvents = { x: [0, 1], y: [0, 1], t: [0, 1] };
  const problems = (f: () => unknown): string[] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(KnoxInputError);
      return (e as KnoxInputError).problems;
    }
    throw new Error('expected a KnoxInputError');
  };
  it('fewer than 2 events', () => {
    const p = problems(() => knoxTest({ x: [1], y: [1], t: [1] }, { spatialBreaks: [0, 1], temporalBreaks: [0, 1] }));
    expect(p).toEqual(['The Knox test needs at least 2 events, but 1 was given.']);
  });
  it('non-increasing breaks, one sentence per problem', () => {
    const p = problems(() => knoxTest(two, { spatialBreaks: [0, 100, 100, 50], temporalBreaks: [0, -1] }));
    expect(p).toHaveLength(4);
    expect(p[0]).toMatch(/spatial breaks must be strictly increasing, but 100 at position 3/);
    expect(p[1]).toMatch(/50 at position 4/);
    expect(p[2]).toMatch(/temporal break at position 2 \(-1\) is negative/);
    expect(p[3]).toMatch(/temporal breaks must be strictly increasing/);
  });
  it('NRC mode requires breaks from 0, and bad permutation counts are refused', () => {
    const p = problems(() => knoxTest(two, { spatialBreaks: [10, 100], temporalBreaks: [1, 2], nrcCompat: true, permutations: 0 }));
    expect(p.some((s) => s.includes('spatial breaks must start at 0'))).toBe(true);
    expect(p.some((s) => s.includes('temporal breaks must start at 0'))).toBe(true);
    expect(p.some((s) => s.includes('permutations must be a positive integer'))).toBe(true);
  });
});

describe('knoxEventsFromIncidents', () => {
  it('turns epoch-ms times into days', async () => {
    const { knoxEventsFromIncidents } = await import('./knox.ts');
    const ev = knoxEventsFromIncidents([
      { x: 1, y: 2, occurredAt: Date.UTC(2026, 0, 1) },
      { x: 3, y: 4, occurredAt: Date.UTC(2026, 0, 2, 12) },
    ]);
    expect(ev.t[1] - ev.t[0]).toBe(1.5);
    expect(Array.from(ev.x)).toEqual([1, 3]);
    const late = [{ x: 0, y: 0, occurredAt: Date.UTC(2026, 5, 1, 23, 30) }];
    expect(knoxEventsFromIncidents(late, { wholeDays: 'UTC' }).t[0]).toBe(Date.UTC(2026, 5, 1) / 864e5);
    // 23:30 UTC is 01:30 the next day in Stockholm (summer time).
    expect(knoxEventsFromIncidents(late, { wholeDays: 'Europe/Stockholm' }).t[0]).toBe(Date.UTC(2026, 5, 2) / 864e5);
  });
});
