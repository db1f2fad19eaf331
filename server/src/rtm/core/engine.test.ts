import { describe, expect, it } from 'vitest';
import { runStudy, StudyValidationError } from './engine.ts';
import { clusteredPoints, createRng, pointsFc, randomPoints, simulateOutcome, squareBoundary } from './synthetic.ts';
import type { FactorVariables } from './variables.ts';

// Synthetic recovery, RTM-6 / RTM-7 of rtm-method.md §1.12: 200 × 200 cells (100 m cells, 200 m blocks),
// y ~ Poisson / NBII(σ = 2) of exp(−3 + 1.5·P_A,200 + 0.8·D_B,400), plus a noise factor.
const X0 = 500_000;
const Y0 = 6_200_000;
const W = 20_000;
const boundary = squareBoundary(X0, Y0, W, W);

function scenario(kind: 'poisson' | 'negbin', seed: number) {
  const rng = createRng(seed);
  const A = randomPoints(rng, 60, X0, Y0, W, W);
  const B = clusteredPoints(rng, 14, 25, 300, X0, Y0, W, W);
  const C = clusteredPoints(rng, 10, 20, 400, X0, Y0, W, W);
  const factors = [
    { name: 'A', features: pointsFc(A), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const },
    { name: 'B', features: pointsFc(B), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const },
    { name: 'noise', features: pointsFc(C), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const },
  ];
  const sim = simulateOutcome(
    rng,
    boundary,
    100,
    200,
    factors,
    -3,
    [
      { factor: 0, op: 'proximity', band: 2, beta: 1.5 },
      { factor: 1, op: 'density', band: 4, beta: 0.8 },
    ],
    kind === 'poisson' ? { kind } : { kind, sigma: 2 },
  );
  const test = simulateOutcome(
    rng,
    boundary,
    100,
    200,
    factors,
    -3,
    [
      { factor: 0, op: 'proximity', band: 2, beta: 1.5 },
      { factor: 1, op: 'density', band: 4, beta: 0.8 },
    ],
    { kind: 'poisson' },
  );
  return {
    name: 'Syntetiskt område',
    outcomeName: 'skjutningar',
    crs: 'EPSG:3006',
    blockLength: 200,
    cellSize: 100,
    boundary,
    outcome: pointsFc(sim.points),
    factors,
    seed: 1,
    evaluation: { outcome: pointsFc(test.points) },
  };
}

describe('[RTM-6] synthetic recovery, Poisson', () => {
  const study = scenario('poisson', 11);
  const { result, cells } = runStudy(study);
  it('selects exactly the planted variables and not the noise factor', () => {
    expect(result.factors.map((f) => f.variable).sort()).toEqual(['r01p02_A_proximity_200', 'r02d04_B_density_400']);
    expect(result.candidates.filter((c) => c.factor === 'noise' && c.status === 'selected')).toHaveLength(0);
    expect(result.model.candidateCount).toBe(36);
  });
  it('recovers the coefficients within 3 standard errors and the RRVs within ±10 %', () => {
    const a = result.factors.find((f) => f.name === 'A');
    const b = result.factors.find((f) => f.name === 'B');
    if (!a || !b) throw new Error('missing factor');
    // 3 SE: a two-sided 99.7 % sampling interval for a correctly specified MLE.
    expect(Math.abs(a.coefficient - 1.5)).toBeLessThan(3 * a.standardError);
    expect(Math.abs(b.coefficient - 0.8)).toBeLessThan(3 * b.standardError);
    expect(Math.abs(a.rrv / Math.exp(1.5) - 1)).toBeLessThan(0.1);
    expect(Math.abs(b.rrv / Math.exp(0.8) - 1)).toBeLessThan(0.1);
    expect(Math.abs(result.model.intercept + 3)).toBeLessThan(3 * result.model.interceptStandardError);
  });
  it('chooses Poisson over NBII by BIC', () => {
    expect(result.model.family).toBe('poisson');
    const [p, nb] = result.model.families;
    expect(p.bic).toBeLessThan(nb.bic);
  });
  it('RRS is the product of RRVs, classes and clusters are consistent', () => {
    const prod = result.factors.reduce((s, f) => s * f.rrv, 1);
    expect(result.rrs.max).toBeCloseTo(prod, 6);
    expect(result.rrs.min).toBe(1);
    const total = result.classes.reduce((s, c) => s + c.cells, 0);
    expect(total).toBe(result.model.cells);
    expect(result.classes.reduce((s, c) => s + c.events, 0)).toBe(result.model.events);
    for (const cl of result.clusters) expect(cl.cells).toBeGreaterThanOrEqual(3);
    let hi = 0;
    for (let i = 0; i < cells.grid.n; i++) if (cells.classes[i] === 3) hi++;
    expect(hi).toBe(result.classes[0].cells);
  });
  it('reports evaluation for RTM, KDE and prior counts at the six coverages', () => {
    const ev = result.evaluation;
    if (!ev) throw new Error('no evaluation');
    expect(ev.methods.map((m) => m.method)).toEqual(['rtm', 'kde', 'prior_counts']);
    for (const m of ev.methods) expect(m.coverage.map((c) => c.coveragePct)).toEqual([0.5, 1, 2, 5, 10, 20]);
    const rtm = ev.methods[0];
    expect(rtm.auc).toBeGreaterThan(0.5);
    expect(rtm.coverage[3].pai).toBeGreaterThan(1);
  });
  it('narrative in Swedish and English names the factors', () => {
    expect(result.narrative.sv).toContain('inom 200 m från A');
    expect(result.narrative.en).toContain('within 200 m of A');
    expect(result.narrative.en).toContain('high concentration of B');
  });
  it('is deterministic and records seed and input hash', () => {
    const again = runStudy(study).result;
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    expect(result.model.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.model.seed).toBe(1);
    const other = runStudy({ ...study, seed: 2 }).result;
    expect(other.model.inputHash).not.toBe(result.model.inputHash);
  });
});

describe('[RTM-7] synthetic recovery, NBII (σ = 2)', () => {
  const { result } = runStudy(scenario('negbin', 23));
  it('chooses NBII and recovers σ within ±20 %', () => {
    expect(result.model.family).toBe('negbin');
    expect(result.model.sigma).toBeDefined();
    expect(Math.abs((result.model.sigma ?? 0) / 2 - 1)).toBeLessThan(0.2);
    expect(result.model.df).toBe(result.factors.length + 2);
  });
  it('selects the planted variables within 3 SE', () => {
    expect(result.factors.map((f) => f.variable).sort()).toEqual(['r01p02_A_proximity_200', 'r02d04_B_density_400']);
    const a = result.factors.find((f) => f.name === 'A');
    const b = result.factors.find((f) => f.name === 'B');
    if (!a || !b) throw new Error('missing factor');
    expect(Math.abs(a.coefficient - 1.5)).toBeLessThan(3 * a.standardError);
    expect(Math.abs(b.coefficient - 0.8)).toBeLessThan(3 * b.standardError);
  });
});

describe('factor-variable cache', () => {
  it('re-running after one factor changes rebuilds only that factor', () => {
    const study = scenario('poisson', 5);
    const cache = new Map<string, FactorVariables>();
    runStudy(study, { cache });
    expect(cache.size).toBe(3);
    const rng = createRng(99);
    const changed = { ...study, factors: study.factors.map((f, k) => (k === 2 ? { ...f, features: pointsFc(randomPoints(rng, 30, X0, Y0, W, W)) } : f)) };
    const before = new Set(cache.keys());
    runStudy(changed, { cache });
    const added = [...cache.keys()].filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    expect(cache.size).toBe(4);
  });
});

function problems(study: unknown, limits?: { maxCells: number }): string[] {
  try {
    runStudy(study, limits ? { limits } : {});
  } catch (e) {
    if (e instanceof StudyValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe('bad input gives clear errors, never a crash', () => {
  const pts = pointsFc([X0 + 500, Y0 + 500, X0 + 1500, Y0 + 700]);
  const small = squareBoundary(X0, Y0, 2000, 2000);
  const base = { boundary: small, blockLength: 100, outcome: pts, factors: [{ name: 'bars', features: pts }] };
  it('empty outcome', () => {
    const p = problems({ ...base, outcome: { type: 'FeatureCollection', features: [] } });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^outcome has no points/);
  });
  it('outcome outside the boundary', () => {
    const p = problems({ ...base, outcome: pointsFc([X0 + 90_000, Y0 + 90_000]) });
    expect(p[0]).toMatch(/^outcome: none of the 1 events lies inside the boundary/);
  });
  it('unknown CRS', () => {
    expect(problems({ ...base, crs: 'EPSG:999999' })[0]).toMatch(/^crs "EPSG:999999" is not a known CRS/);
  });
  it('self-intersecting boundary', () => {
    const bow = { type: 'Polygon', coordinates: [[[X0, Y0], [X0 + 1000, Y0 + 1000], [X0 + 1000, Y0], [X0, Y0 + 1000], [X0, Y0]]] };
    expect(problems({ ...base, boundary: bow })[0]).toMatch(/^boundary is self-intersecting/);
  });
  it('factor with no features', () => {
    const p = problems({ ...base, factors: [{ name: 'bars', features: { type: 'FeatureCollection', features: [] } }] });
    expect(p[0]).toBe('factors[0] ("bars") has no features; give at least one point, line or polygon.');
  });
  it('study too large for the configured limit', () => {
    expect(problems(base, { maxCells: 100 })[0]).toMatch(/^The study is too large: the study area has 1600 cells, more than the limit of 100/);
  });
  it('several problems at once, one sentence each', () => {
    const p = problems({ boundary: small, blockLength: -1, factors: [{ name: '', features: pts, increment: 'quarter' }], family: 'gauss' });
    expect(p.length).toBeGreaterThanOrEqual(5);
    for (const s of p) expect(s).toMatch(/\.$/);
  });
  it('non-object study', () => {
    expect(problems(42)).toEqual(['The study must be a JSON object.']);
  });
});

describe('EPSG:4326 input is reprojected to SWEREF 99 TM', () => {
  it('runs with lon/lat input', () => {
    const b = { type: 'Polygon', coordinates: [[[13.0, 55.59], [13.02, 55.59], [13.02, 55.60], [13.0, 55.60], [13.0, 55.59]]] };
    const pts = pointsFc([13.005, 55.595, 13.006, 55.595, 13.015, 55.598, 13.0055, 55.5952]);
    const r = runStudy({ crs: 'EPSG:4326', boundary: b, blockLength: 100, outcome: pts, factors: [{ name: 'bars', features: pointsFc([13.005, 55.5951]) }] }).result;
    expect(r.grid.crs).toBe('EPSG:3006');
    expect(r.grid.originX).toBeGreaterThan(370_000);
    expect(r.grid.originX).toBeLessThan(380_000);
    expect(r.model.events).toBe(4);
  });
});

describe('negative coefficients', () => {
  it('are reported apart, excluded from the RRS and the model is refit without them', () => {
    const rng = createRng(31);
    const W2 = 10_000;
    const b2 = squareBoundary(X0, Y0, W2, W2);
    const factors = [
      { name: 'bars', features: pointsFc(randomPoints(rng, 40, X0, Y0, W2, W2)), operationalization: 'proximity' as const, spatialInfluence: 2, increment: 'whole' as const },
      { name: 'police', features: pointsFc(randomPoints(rng, 60, X0, Y0, W2, W2)), operationalization: 'proximity' as const, spatialInfluence: 2, increment: 'whole' as const },
    ];
    const sim = simulateOutcome(
      rng,
      b2,
      100,
      200,
      factors,
      -1.5,
      [
        { factor: 0, op: 'proximity', band: 2, beta: 1.2 },
        { factor: 1, op: 'proximity', band: 2, beta: -1.2 },
      ],
      { kind: 'poisson' },
    );
    const { result, cells } = runStudy({ blockLength: 200, cellSize: 100, boundary: b2, outcome: pointsFc(sim.points), factors, family: 'poisson' });
    expect(result.factors.map((f) => f.name)).toEqual(['bars']);
    expect(result.negativeFactors.map((f) => f.name)).toEqual(['police']);
    expect(result.negativeFactors[0].coefficient).toBeLessThan(0);
    expect(result.candidates.find((c) => c.variable === result.negativeFactors[0].variable)?.status).toBe('negative');
    expect(result.model.df).toBe(2);
    expect(result.rrs.max).toBeCloseTo(result.factors[0].rrv, 6);
    expect(cells.selected.map((s) => s.variable)).toEqual([result.factors[0].variable]);
  });
});
