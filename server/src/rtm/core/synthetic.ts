/**
 * Seeded synthetic studies for tests and benchmarks: square boundaries, random/clustered factor points and
 * outcomes simulated from planted RTM variables (Poisson or NBII).
 */
import { parseFeatureSet, parseBoundary } from './geometry.ts';
import { buildGrid, type Grid } from './grid.ts';
import { createRng } from '../../../../shared/src/random.ts';
import { buildFactorVariables, type FactorSpec } from './variables.ts';

export type Rng = () => number;
export { createRng };

export function squareBoundary(x0: number, y0: number, w: number, h: number): Record<string, unknown> {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x0 + w, y0],
        [x0 + w, y0 + h],
        [x0, y0 + h],
        [x0, y0],
      ],
    ],
  };
}

export function pointsFc(xy: ArrayLike<number>): Record<string, unknown> {
  const features: unknown[] = [];
  for (let k = 0; k < xy.length; k += 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [xy[k], xy[k + 1]] } });
  return { type: 'FeatureCollection', features };
}

export function randomPoints(rng: Rng, count: number, x0: number, y0: number, w: number, h: number): Float64Array {
  const out = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    out[2 * k] = Math.round((x0 + rng() * w) * 100) / 100;
    out[2 * k + 1] = Math.round((y0 + rng() * h) * 100) / 100;
  }
  return out;
}

/** Gaussian clusters of points (Box–Muller), clipped to the box. */
export function clusteredPoints(rng: Rng, clusters: number, perCluster: number, spread: number, x0: number, y0: number, w: number, h: number): Float64Array {
  const out: number[] = [];
  for (let c = 0; c < clusters; c++) {
    const cx = x0 + spread * 2 + rng() * (w - spread * 4);
    const cy = y0 + spread * 2 + rng() * (h - spread * 4);
    for (let k = 0; k < perCluster; k++) {
      const u = Math.max(1e-12, rng());
      const v = rng();
      const r = spread * Math.sqrt(-2 * Math.log(u));
      const x = Math.min(x0 + w - 0.01, Math.max(x0 + 0.01, cx + r * Math.cos(2 * Math.PI * v)));
      const y = Math.min(y0 + h - 0.01, Math.max(y0 + 0.01, cy + r * Math.sin(2 * Math.PI * v)));
      out.push(Math.round(x * 100) / 100, Math.round(y * 100) / 100);
    }
  }
  return Float64Array.from(out);
}

export function poissonSample(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const L = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > L) {
      k++;
      p *= rng();
    }
    return k;
  }
  // Normal approximation with continuity correction for large means (not used by the tests).
  const u = Math.max(1e-12, rng());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * z));
}

function normal(rng: Rng): number {
  const u = Math.max(1e-12, rng());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (with the shape < 1 boost). */
export function gammaSample(rng: Rng, shape: number): number {
  if (shape < 1) return gammaSample(rng, shape + 1) * rng() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** NBII(μ, σ): Var = μ(1+σ); Gamma(μ/σ, scale σ)–Poisson mixture. */
export function nbiiSample(rng: Rng, mu: number, sigma: number): number {
  return poissonSample(rng, gammaSample(rng, mu / sigma) * sigma);
}

export interface PlantedTerm {
  factor: number;
  op: 'proximity' | 'density';
  band: number;
  beta: number;
}

/**
 * Simulates an outcome from planted variables: computes the factors' variables on the study grid with the
 * engine's own builders, draws a count per cell and places each event at a random spot inside its cell.
 */
export function simulateOutcome(
  rng: Rng,
  boundary: unknown,
  cellSize: number,
  blockLength: number,
  factors: Array<FactorSpec & { features: unknown }>,
  intercept: number,
  planted: PlantedTerm[],
  family: { kind: 'poisson' } | { kind: 'negbin'; sigma: number },
  kSd = 2,
): { points: Float64Array; grid: Grid; eta: Float64Array } {
  const grid = buildGrid(parseBoundary(boundary), cellSize, 10_000_000);
  const n = grid.n;
  const eta = new Float64Array(n).fill(intercept);
  for (const t of planted) {
    const spec = factors[t.factor];
    const fv = buildFactorVariables(grid, parseFeatureSet(spec.features), spec, t.factor + 1, blockLength, kSd);
    const v = fv.vars.find((x) => x.op === t.op && x.band === t.band);
    if (!v) throw new Error('planted variable not found');
    for (let i = 0; i < n; i++) if (v.table[fv.state[i]]) eta[i] += t.beta;
  }
  const pts: number[] = [];
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(eta[i]);
    const y = family.kind === 'poisson' ? poissonSample(rng, mu) : nbiiSample(rng, mu, family.sigma);
    const f = grid.flat[i];
    const r = Math.floor(f / grid.cols);
    const c = f - r * grid.cols;
    for (let k = 0; k < y; k++) {
      pts.push(grid.originX + (c + 0.05 + 0.9 * rng()) * cellSize, grid.originY - (r + 0.05 + 0.9 * rng()) * cellSize);
    }
  }
  return { points: Float64Array.from(pts), grid, eta };
}

/**
 * A study that takes several seconds of one core (640 000 cells of 10 m, 20 point factors, events clustered
 * near the first, 50 folds over the whole λ path) around (370 000, 6 160 000) in SWEREF 99 TM: long enough for
 * tests to watch its progress and cancel it.
 */
export function slowStudy(): Record<string, unknown> {
  const X0 = 370_000;
  const Y0 = 6_160_000;
  const W = 8000;
  const rng = createRng(3);
  const factorPoints = Array.from({ length: 20 }, () => randomPoints(rng, 40, X0, Y0, W, W));
  const f0 = factorPoints[0];
  const events: number[] = [];
  for (let i = 0; i < 400; i++) events.push(f0[(2 * i) % 80] + (rng() - 0.5) * 60, f0[((2 * i) % 80) + 1] + (rng() - 0.5) * 60);
  events.push(...randomPoints(rng, 200, X0, Y0, W, W));
  return {
    name: 'Lång studie',
    crs: 'EPSG:3006',
    blockLength: 20,
    cellSize: 10,
    boundary: squareBoundary(X0, Y0, W, W),
    outcome: pointsFc(events),
    factors: factorPoints.map((pts, k) => ({ name: `F${k}`, features: pointsFc(pts) })),
    seed: 1,
    elasticNet: { nfolds: 50, nlambda: 500, patience: 0 },
  };
}
