import { clusteredPoints, createRng, pointsFc, randomPoints, simulateOutcome, squareBoundary } from '../src/rtm/core/synthetic.ts';

/** A synthetic study that keeps a worker busy for a few seconds (fixed seed). */
export function queueStudy(cols: number, nFactors: number) {
  const [x0, y0, cell] = [300_000, 6_100_000, 50];
  const side = cols * cell;
  const rng = createRng(7);
  const boundary = squareBoundary(x0, y0, side, side);
  const factors = Array.from({ length: nFactors }, (_, f) => {
    const count = Math.round((side * side * (0.5 + 3.5 * rng())) / 1e6);
    const pts = f % 2 === 0 ? randomPoints(rng, count, x0, y0, side, side) : clusteredPoints(rng, Math.max(1, Math.round(count / 20)), 20, 250, x0, y0, side, side);
    return { name: `factor_${f}`, features: pointsFc(pts), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const };
  });
  const sim = simulateOutcome(rng, boundary, cell, 100, factors, -4, [{ factor: 0, op: 'proximity', band: 2, beta: 1.0 }, { factor: 1, op: 'density', band: 4, beta: 0.7 }], { kind: 'negbin', sigma: 1 });
  return { name: 'queue test', blockLength: 100, cellSize: cell, boundary, outcome: pointsFc(sim.points), factors, seed: 1 };
}
