/**
 * RTM engine benchmark (not a test). Run: npx tsx bench/rtm.bench.ts [200k|1m|rerun|all]
 *
 * 200k : 200 000 study cells, 30 factors, both operationalisations, 3 blocks by half blocks (360 candidates)
 * 1m   : 1 000 000 study cells, 20 factors (240 candidates)
 * rerun: the 200k study re-run after one factor layer changes, with the factor-variable cache
 * Synthetic, fixed seeds. Prints wall time per stage and peak RSS.
 */
import { runStudy } from '../server/src/rtm/core/engine.ts';
import { clusteredPoints, createRng, pointsFc, randomPoints, simulateOutcome, squareBoundary } from '../server/src/rtm/core/synthetic.ts';
import type { FactorVariables } from '../server/src/rtm/core/variables.ts';

const X0 = 300_000;
const Y0 = 6_100_000;

function makeStudy(cols: number, rows: number, nFactors: number, seed: number) {
  const cell = 50;
  const W = cols * cell;
  const H = rows * cell;
  const rng = createRng(seed);
  const boundary = squareBoundary(X0, Y0, W, H);
  const areaKm2 = (W * H) / 1e6;
  const factors = Array.from({ length: nFactors }, (_, f) => {
    // feature density between 0.5 and 4 per km², half the factors clustered
    const count = Math.round(areaKm2 * (0.5 + 3.5 * rng()));
    const pts = f % 2 === 0 ? randomPoints(rng, count, X0, Y0, W, H) : clusteredPoints(rng, Math.max(1, Math.round(count / 20)), 20, 250, X0, Y0, W, H);
    return { name: `factor_${String(f + 1).padStart(2, '0')}`, features: pointsFc(pts), operationalization: 'both' as const, spatialInfluence: 3, increment: 'half' as const };
  });
  const sim = simulateOutcome(
    rng,
    boundary,
    cell,
    100,
    factors,
    -4,
    [
      { factor: 0, op: 'proximity', band: 2, beta: 1.0 },
      { factor: 1, op: 'density', band: 4, beta: 0.7 },
      { factor: 2, op: 'proximity', band: 5, beta: 0.5 },
      { factor: 3, op: 'density', band: 6, beta: 0.6 },
    ],
    { kind: 'negbin', sigma: 1 },
  );
  return { name: `bench ${cols}x${rows}`, blockLength: 100, cellSize: cell, boundary, outcome: pointsFc(sim.points), factors, seed: 1 };
}

function mib(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function once(label: string, study: ReturnType<typeof makeStudy>, cache?: Map<string, FactorVariables>) {
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  const { result, timings } = runStudy(study, { cache });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    `${label}: ${(ms / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; cells ${result.model.cells}, candidates ${result.model.candidateCount}, ` +
      `events ${result.model.events}, enet survivors ${result.model.elasticNetSurvivors}, family ${result.model.family}, ` +
      `λ.min ${result.model.lambdaPath?.index}/${result.model.lambdaPath?.length}, enet rows ${result.model.elasticNetRows}, ` +
      `factors ${result.factors.map((f) => f.variable).join(' ')}; peak RSS ${mib(rss)}\n  stages (ms): ${JSON.stringify(timings)}\n`,
  );
  return result;
}

const which = process.argv[2] ?? 'all';
process.stdout.write(`node ${process.version}, ${new Date().toISOString()}, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
if (which === '200k' || which === 'all' || which === 'rerun') {
  const s = makeStudy(500, 400, 30, 1);
  const cache = new Map<string, FactorVariables>();
  once('200k cells x 30 factors x both x 6 bands (360 candidates)', s, cache);
  if (which !== '200k') {
    const rng = createRng(77);
    const changed = { ...s, factors: s.factors.map((f, k) => (k === 29 ? { ...f, features: pointsFc(randomPoints(rng, 400, X0, Y0, 25_000, 20_000)) } : f)) };
    const before = new Set(cache.keys());
    once('re-run after factor_30 changed (cache)', changed, cache);
    process.stdout.write(`  factor variables rebuilt: ${[...cache.keys()].filter((k) => !before.has(k)).length} of 30\n`);
  }
}
if (which === '1m' || which === 'all') {
  once('1M cells x 20 factors x both x 6 bands (240 candidates)', makeStudy(1000, 1000, 20, 2));
}
