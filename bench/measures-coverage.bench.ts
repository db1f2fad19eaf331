/**
 * Coverage update after one measure change, on a 1 000 000-cell surface with 500 active measures.
 *
 * Run: npx tsx bench/measures-coverage.bench.ts [iterations=200]
 *
 * Setup: a 1000 × 1000 grid of 50 m cells (50 × 50 km, EPSG:3006 around Malmö), every cell in the area; the surface
 * is 400 risk hot spots (Gaussian, σ 60–250 m) on a zero background, so the top 5 % (50 000 cells) form realistic
 * places; 40 live zones; 500 active measures (polygons of 100–600 m, patrol points and 3-vertex routes, WGS84 targets
 * as the API stores them), counted once. Each iteration changes ONE measure's target (moved to a random place) and
 * measures what the live path does for one viewer class: CoverageService.eventFor → the 500 measures compared with
 * what is counted, the changed one's old cells uncounted and new cells counted, the top 1 %/5 % figures and the
 * number of uncovered places (`coverage.updated`); then, separately, the REST answer (summary with zones and the 100
 * highest uncovered places). The measures' database read (listReadable) is not part of it (a fake source here).
 * The first iteration is checked against a from-scratch index (exactness).
 */
import { swerefToWgs } from '../shared/src/geo/sweref.ts';
import { mulberry32 } from '../shared/src/random.ts';
import type { Measure } from '../shared/src/measures.ts';
import type { AuthUser } from '../server/src/auth/authService.ts';
import { CoverageIndex, coveredCells, geometryTo3006, rankSurface } from '../server/src/measures/coverage.ts';
import { CoverageService } from '../server/src/measures/coverageService.ts';

const ITER = Number(process.argv[2] ?? 200);
const rand = mulberry32(12);
const grid = { originX: 360_000, originY: 6_190_000, cellSize: 50, cols: 1000, rows: 1000 };
const N = grid.cols * grid.rows;
const values = new Float32Array(N);
const mask = new Uint8Array(N).fill(1);
for (let h = 0; h < 400; h++) {
  const cc = rand() * grid.cols;
  const rr = rand() * grid.rows;
  const sigma = (60 + rand() * 190) / grid.cellSize;
  const amp = 0.5 + rand() * 3;
  const reach = Math.ceil(4 * sigma);
  for (let r = Math.max(0, Math.floor(rr - reach)); r < Math.min(grid.rows, rr + reach); r++) {
    for (let c = Math.max(0, Math.floor(cc - reach)); c < Math.min(grid.cols, cc + reach); c++) {
      values[r * grid.cols + c] += amp * Math.exp(-((c + 0.5 - cc) ** 2 + (r + 0.5 - rr) ** 2) / (2 * sigma * sigma));
    }
  }
}
const zones = Array.from({ length: 40 }, (_, k) => ({ id: `z${k}`, x: grid.originX + rand() * 50_000, y: grid.originY - rand() * 50_000, radiusM: 200 }));

const wgs = (x: number, y: number) => swerefToWgs(x, y);
function randomTarget() {
  const x = grid.originX + 500 + rand() * 49_000;
  const y = grid.originY - 500 - rand() * 49_000;
  const k = rand();
  if (k < 0.5) {
    const w = 100 + rand() * 500;
    const h = 100 + rand() * 500;
    return { type: 'Polygon' as const, coordinates: [[wgs(x, y), wgs(x + w, y), wgs(x + w, y + h), wgs(x, y + h), wgs(x, y)]] };
  }
  if (k < 0.75) return { type: 'Point' as const, coordinates: wgs(x, y) };
  return { type: 'LineString' as const, coordinates: [wgs(x, y), wgs(x + rand() * 600, y + rand() * 300), wgs(x + rand() * 900, y - rand() * 300)] };
}
const startsAt = new Date(Date.now() - 86_400_000).toISOString();
const measures = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, status: 'active', startsAt, endsAt: null, target: randomTarget() }));

const viewer = { organisationId: 'org-po-malmo', roles: ['commander'] } as unknown as AuthUser;
const service = new CoverageService({
  risk: { coverageInputs: async () => ({ audience: 'full' as const, grid, values, mask, zones, version: 'v1' }) },
  // A fake source with only the fields coverage reads.
  measures: { listReadable: async () => measures as unknown as Measure[] },
  now: () => Date.now(),
});

const t0 = performance.now();
await service.eventFor(viewer, 'p');
process.stdout.write(`initial: rank 1 M cells and count 500 measures: ${(performance.now() - t0).toFixed(1)} ms\n`);

const times: number[] = [];
const rest: number[] = [];
for (let i = 0; i < ITER; i++) {
  const j = Math.floor(rand() * measures.length);
  measures[j] = { ...measures[j], target: randomTarget() };
  const a = performance.now();
  await service.eventFor(viewer, 'p');
  times.push(performance.now() - a);
  const b = performance.now();
  const s = await service.forViewer(viewer, 'p');
  rest.push(performance.now() - b);
  if (i === 0) {
    // Exactness: the incrementally kept figures equal a from-scratch count.
    const fresh = new CoverageIndex({ grid, values, mask });
    fresh.setZones(zones);
    for (const m of measures) fresh.setMeasure(m.id, coveredCells(grid, geometryTo3006(m.target)));
    const f = fresh.summary(100);
    if (JSON.stringify([f.top1, f.top5, f.zones, f.uncovered]) !== JSON.stringify([s!.top1, s!.top5, s!.zones, s!.uncovered])) throw new Error('incremental coverage differs from a from-scratch count');
    process.stdout.write(`top 1 %: ${f.top1.covered}/${f.top1.cells}, top 5 %: ${f.top5.covered}/${f.top5.cells}, uncovered places: ${fresh.uncoveredCount()}\n`);
  }
}
const stats = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return `median ${s[Math.floor(s.length / 2)].toFixed(2)} ms, p95 ${s[Math.floor(s.length * 0.95)].toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms`;
};
process.stdout.write(`one measure changed → coverage.updated figures (${ITER} changes): ${stats(times)}\n`);
process.stdout.write(`REST summary (zones + 100 uncovered places): ${stats(rest)}\n`);
const p95 = [...times].sort((p, q) => p - q)[Math.floor(times.length * 0.95)];
if (p95 >= 50) {
  process.stderr.write(`FAIL: p95 ${p95.toFixed(1)} ms ≥ 50 ms\n`);
  process.exit(1);
}

// A surface change (an incident, RTM attached) re-ranks once per audience and version: sparse (this surface) and
// dense (every cell above 0, as the RTM × near-repeat overlay).
const dense = Float32Array.from(values, (v) => v + 0.01 + rand() * 0.5);
for (const [name, v] of [['sparse', values], ['dense', dense]] as const) {
  const r: number[] = [];
  for (let i = 0; i < 10; i++) {
    const a = performance.now();
    rankSurface({ grid, values: v, mask });
    r.push(performance.now() - a);
  }
  process.stdout.write(`re-rank 1 M cells (${name}, 10 runs): ${stats(r)}\n`);
}
