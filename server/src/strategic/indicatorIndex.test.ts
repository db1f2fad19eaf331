import { describe, expect, it } from 'vitest';
import { StrategicError } from './errors.ts';
import { computeIndex, type IndexArea, levelFor, rankingPage, rankItems } from './indicatorIndex.ts';
import { defaultIndexIndicators } from './indicators.ts';

const area = (code: string, values: IndexArea['values'], vintage?: string): IndexArea => ({ code, name: `Område ${code}`, values, vintage });

describe('computeIndex – standardisation', () => {
  it('z-scores use the population sd (hand-computed: 1..4 → ±1.3416, ±0.4472)', () => {
    const areas = [1, 2, 3, 4].map((v) => area(`A${v}`, { x: v }));
    const r = computeIndex(areas, [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' }], { method: 'zscore' });
    const sd = Math.sqrt(1.25);
    expect(r.items.map((i) => i.score)).toEqual([-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd].map((v) => expect.closeTo(v, 12)));
    expect(r.stats[0]).toMatchObject({ n: 4, mean: 2.5, min: 1, max: 4 });
    expect(r.stats[0].sd).toBeCloseTo(1.118034, 6);
    // default z cut-offs [-0.5, 0, 0.5, 1]
    expect(r.items.map((i) => i.level)).toEqual([1, 2, 3, 5]);
  });

  it('percentile ranks are mid-rank (Hazen) with ties sharing a rank', () => {
    const areas = [10, 20, 20, 40].map((v, i) => area(`P${i}`, { x: v }));
    const worse = computeIndex(areas, [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' }], { method: 'percentile' });
    expect(worse.items.map((i) => i.score)).toEqual([12.5, 50, 50, 87.5]);
    expect(worse.items.map((i) => i.level)).toEqual([1, 3, 3, 5]);
    const better = computeIndex(areas, [{ indicator: 'x', weight: 1, direction: 'higher_is_better' }], { method: 'percentile' });
    expect(better.items.map((i) => i.score)).toEqual([87.5, 50, 50, 12.5]);
  });

  it('a constant indicator standardises to 0 rather than dividing by zero', () => {
    const r = computeIndex([area('a', { x: 5 }), area('b', { x: 5 })], [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' }], { method: 'zscore' });
    expect(r.items.map((i) => i.score)).toEqual([0, 0]);
  });

  it('standardises against a separate reference set when given (e.g. a baseline year)', () => {
    const ref = [area('a', { x: 0 }), area('b', { x: 2 })]; // mean 1, sd 1
    const r = computeIndex([area('a', { x: 3 })], [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' }], { method: 'zscore', reference: ref });
    expect(r.items[0].score).toBe(2);
  });
});

describe('computeIndex – weights and direction', () => {
  // a: mean 3, sd √(8/3); b: mean 20, sd √(200/3) → both z = ±1.224745 or 0.
  const areas = [area('A', { a: 1, b: 10 }), area('B', { a: 3, b: 30 }), area('C', { a: 5, b: 20 })];
  const spec = [
    { indicator: 'a', weight: 2, direction: 'higher_is_worse' as const },
    { indicator: 'b', weight: 1, direction: 'higher_is_better' as const },
  ];
  const z = Math.sqrt(1.5); // 1.224745

  it('signs by direction and weights (hand-computed scores)', () => {
    const r = computeIndex(areas, spec, { method: 'zscore' });
    const [A, B, C] = r.items;
    expect(A.score).toBeCloseTo((2 * -z + z) / 3, 12); // −0.408248
    expect(B.score).toBeCloseTo((0 - z) / 3, 12); // −0.408248
    expect(C.score).toBeCloseTo((2 * z + 0) / 3, 12); // 0.816497
    expect(A.contributions).toEqual([
      { indicator: 'a', value: 1, standardised: expect.closeTo(-z, 12), contribution: expect.closeTo((-2 * z) / 3, 12) },
      { indicator: 'b', value: 10, standardised: expect.closeTo(z, 12), contribution: expect.closeTo(z / 3, 12) },
    ]);
    expect(A.reason).toBeUndefined();
  });

  it('contributions always sum to the score', () => {
    const r = computeIndex(areas, spec, { method: 'percentile' });
    for (const it of r.items) {
      const sum = it.contributions.reduce((s, c) => s + (c.contribution ?? 0), 0);
      expect(sum).toBeCloseTo(it.score as number, 12);
    }
  });

  it('ranks worst first with shared competition ranks for ties', () => {
    const r = computeIndex(areas, spec, { method: 'zscore' });
    const ranked = rankItems(r.items);
    expect(ranked.map((i) => [i.code, i.rank])).toEqual([
      ['C', 1],
      ['A', 2],
      ['B', 2],
    ]);
    const p1 = rankingPage(r.items, { limit: 2 });
    expect(p1.items.map((i) => i.code)).toEqual(['C', 'A']);
    expect(p1.nextCursor).toBe('2');
    const p2 = rankingPage(r.items, { limit: 2, cursor: p1.nextCursor });
    expect(p2.items.map((i) => i.code)).toEqual(['B']);
    expect(p2.nextCursor).toBeNull();
  });

  it('refuses malformed requests with a coded error', () => {
    const bad = (fn: () => unknown) => expect(fn).toThrowError(expect.objectContaining({ code: 'RT_ERR_INVALID_INDEX_REQUEST' }));
    bad(() => computeIndex(areas, [], { method: 'zscore' }));
    bad(() => computeIndex(areas, [{ indicator: 'a', weight: -1, direction: 'higher_is_worse' }], { method: 'zscore' }));
    bad(() => computeIndex(areas, [spec[0], spec[0]], { method: 'zscore' }));
    bad(() => computeIndex(areas, spec, { method: 'zscore', cutoffs: [1, 0, 2, 3] }));
    bad(() => computeIndex(areas, [{ indicator: 'a', weight: 0, direction: 'higher_is_worse' }], { method: 'zscore' }));
  });
});

describe('computeIndex – missing data', () => {
  const spec = ['x', 'y', 'z'].map((indicator) => ({ indicator, weight: 1, direction: 'higher_is_worse' as const }));
  const areas = [
    area('full1', { x: 1, y: 1, z: 1 }),
    area('full2', { x: 3, y: 3, z: 3 }),
    area('two', { x: 3, y: 1, z: null }),
    area('one', { x: 2 }),
  ];

  it('gives no score below the minimum and says why, in Swedish and English', () => {
    const r = computeIndex(areas, spec, { method: 'zscore' });
    expect(r.required).toBe(2); // ⌈0.5 · 3⌉
    const one = r.items.find((i) => i.code === 'one')!;
    expect(one.score).toBeNull();
    expect(one.level).toBeNull();
    expect(one.reason).toBe('Inget index: värden finns för 1 av 3 indikatorer, minst 2 krävs. Saknas: y, z.');
    expect(one.reasonEn).toBe('No index: values exist for 1 of 3 indicators, at least 2 are required. Missing: y, z.');
    expect(one.contributions.map((c) => c.value)).toEqual([2, null, null]);
    expect(one.contributions.every((c) => c.contribution === null)).toBe(true);
  });

  it('scores an area on the indicators it has, renormalising weights, and says what is missing', () => {
    const r = computeIndex(areas, spec, { method: 'zscore' });
    // x over {1,3,3,2}: mean 2.25, sd √0.6875; y over {1,3,1}: mean 5/3, sd √(8/9)
    const zx = (3 - 2.25) / Math.sqrt(0.6875);
    const zy = (1 - 5 / 3) / Math.sqrt(8 / 9);
    const two = r.items.find((i) => i.code === 'two')!;
    expect(two.score).toBeCloseTo((zx + zy) / 2, 12);
    expect(two.contributions[2]).toEqual({ indicator: 'z', value: null, standardised: null, contribution: null });
    expect(two.reason).toMatch(/^Beräknat på 2 av 3 indikatorer.*Saknas: z\.$/);
    expect(r.stats.map((s) => s.n)).toEqual([4, 3, 2]);
  });

  it('minIndicators can demand all indicators', () => {
    const r = computeIndex(areas, spec, { method: 'zscore', minIndicators: 3 });
    expect(r.items.filter((i) => i.score === null).map((i) => i.code)).toEqual(['two', 'one']);
  });

  it('non-finite values count as missing', () => {
    const r = computeIndex([area('a', { x: Number.NaN }), area('b', { x: 1 })], [spec[0]], { method: 'zscore' });
    expect(r.items[0].score).toBeNull();
  });
});

describe('levels', () => {
  it('level = 1 + number of cut-offs at or below the score', () => {
    const c = [10, 20, 30, 40];
    expect([0, 10, 19.9, 20, 35, 40, 99].map((s) => levelFor(s, c))).toEqual([1, 2, 2, 3, 4, 5, 5]);
  });

  it('custom cut-offs and quantile cut-offs', () => {
    const areas = [1, 2, 3, 4, 5].map((v) => area(`q${v}`, { x: v }));
    const spec = [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' as const }];
    const fixed = computeIndex(areas, spec, { method: 'percentile', cutoffs: [50, 60, 70, 95] });
    // percentiles 10, 30, 50, 70, 90
    expect(fixed.items.map((i) => i.level)).toEqual([1, 1, 2, 4, 4]);
    const q = computeIndex(areas, spec, { method: 'percentile', cutoffMode: 'quantile' });
    expect(q.cutoffs).toEqual([26, 42, 58, 74]);
    expect(q.items.map((i) => i.level)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('vintages and defaults', () => {
  it('refuses to compare areas of different code vintages', () => {
    const areas = [area('2080A0010', { x: 1 }, 'DeSO2018'), area('2080A0010_DeSO2025', { x: 2 }, 'DeSO2025')];
    expect(() => computeIndex(areas, [{ indicator: 'x', weight: 1, direction: 'higher_is_worse' }], { method: 'zscore' })).toThrow(StrategicError);
  });

  it('the documented default index has five indicators of weight 1', () => {
    const d = defaultIndexIndicators();
    expect(d).toHaveLength(5);
    expect(d.every((s) => s.weight === 1)).toBe(true);
    expect(d.find((s) => s.indicator === 'employment_rate')?.direction).toBe('higher_is_better');
  });
});
