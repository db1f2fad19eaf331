/**
 * Writes example-study.json: a small synthetic study in SWEREF 99 TM (central Malmö coordinates) for trying the CLI:
 *   npx tsx server/src/rtm/example/make-example.ts
 *   npx lagesbild rtm --study server/src/rtm/example/example-study.json --out /tmp/result.json --cells /tmp/cells.csv
 */
import { writeFileSync } from 'node:fs';
import { clusteredPoints, createRng, pointsFc, randomPoints, simulateOutcome, squareBoundary } from '../core/synthetic.ts';

const X0 = 372_000;
const Y0 = 6_161_000;
const W = 3_000;
const rng = createRng(2024);
const boundary = squareBoundary(X0, Y0, W, W);
const factors = [
  { name: 'krogar', features: pointsFc(clusteredPoints(rng, 5, 8, 120, X0, Y0, W, W)), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const },
  { name: 'busshållplatser', features: pointsFc(randomPoints(rng, 40, X0, Y0, W, W)), operationalization: 'proximity' as const, spatialInfluence: 3, increment: 'half' as const },
  { name: 'skolor', features: pointsFc(randomPoints(rng, 8, X0, Y0, W, W)), operationalization: 'both' as const, spatialInfluence: 3, increment: 'whole' as const },
];
const planted = [
  { factor: 0, op: 'density' as const, band: 4, beta: 1.2 },
  { factor: 1, op: 'proximity' as const, band: 2, beta: 0.9 },
];
const train = simulateOutcome(rng, boundary, 50, 100, factors, -3.2, planted, { kind: 'negbin', sigma: 1.5 });
const test = simulateOutcome(rng, boundary, 50, 100, factors, -3.2, planted, { kind: 'negbin', sigma: 1.5 });
const round = (xy: Float64Array) => Float64Array.from(xy, (v) => Math.round(v * 10) / 10);
const study = {
  name: 'Exempelområde',
  outcomeName: 'våldsbrott',
  crs: 'EPSG:3006',
  blockLength: 100,
  cellSize: 50,
  boundary,
  outcome: pointsFc(round(train.points)),
  factors,
  family: 'auto',
  seed: 1,
  evaluation: { outcome: pointsFc(round(test.points)) },
};
writeFileSync(new URL('./example-study.json', import.meta.url), `${JSON.stringify(study)}\n`);
