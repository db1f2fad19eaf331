/**
 * Issue 17: no input may make an RTM run hang. Each degenerate design must end with a result or a clear message
 * within a generous bound (20 s on a loaded 2-core machine; they take well under a second when idle). These are
 * "does not hang" tests, not performance tests.
 *
 * The first case is the analyst's study from the report: most outcome events stacked on one point, three
 * hand-drawn factor layers. Before the fix it cycled for ever in the elastic net at "elastic_net 35 %".
 */
import { describe, expect, it } from 'vitest';
import { deadlineAfter, RtmTimeLimitError } from './core/budget.ts';
import { aggregatePatterns, cvEnet, DEFAULT_ENET, type EnetProblem } from './core/elasticNet.ts';
import { type RtmResult, runStudy, StudyValidationError } from './core/engine.ts';
import { buildGrid, countPoints } from './core/grid.ts';
import { parseBoundary, parseFeatureSet } from './core/geometry.ts';
import { prepareStudy, validateStudy } from './core/study.ts';
import { createRng, pointsFc, randomPoints, squareBoundary } from './core/synthetic.ts';
import { buildFactorVariables } from './core/variables.ts';
import { runStudyInWorker } from './worker/host.ts';

const BOUND_MS = 20_000;
const X0 = 370_000;
const Y0 = 6_160_000;
const W = 6000;
const boundary = squareBoundary(X0, Y0, W, W);

const square = (cx: number, cy: number, r: number) => ({
  type: 'Feature',
  properties: {},
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [cx - r, cy - r],
        [cx + r, cy - r],
        [cx + r, cy + r],
        [cx - r, cy + r],
        [cx - r, cy - r],
      ],
    ],
  },
});
const line = (coords: number[][]) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });

/** Three layers as an analyst draws them: two school polygons, a street, three shops. */
const handDrawn = [
  { name: 'Skola', features: fc([square(X0 + 3000, Y0 + 3000, 80), square(X0 + 1000, Y0 + 5000, 60)]) },
  { name: 'Gata', features: fc([line([[X0 + 2900, Y0 + 100], [X0 + 2900, Y0 + 5900]])]) },
  { name: 'Butik', features: pointsFc([X0 + 3050, Y0 + 3020, X0 + 4000, Y0 + 1000, X0 + 500, Y0 + 500]) },
];

function stacked(count: number, x: number, y: number): number[] {
  return Array.from({ length: 2 * count }, (_, k) => (k % 2 === 0 ? x : y));
}

function study(outcome: number[] | Record<string, unknown>, factors: unknown[] = handDrawn) {
  return {
    name: 'Degenererad studie',
    crs: 'EPSG:3006',
    blockLength: 100,
    cellSize: 50,
    boundary,
    outcome: Array.isArray(outcome) ? pointsFc(outcome) : outcome,
    factors,
    seed: 1,
  };
}

/** Runs a study and returns its result or its validation problems, failing if it takes longer than the bound. */
function runBounded(s: unknown): { result?: RtmResult; problems?: string[]; ms: number } {
  const t0 = performance.now();
  try {
    const { result } = runStudy(s);
    return { result, ms: performance.now() - t0 };
  } catch (e) {
    if (e instanceof StudyValidationError) return { problems: e.problems, ms: performance.now() - t0 };
    throw e;
  } finally {
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
  }
}

/**
 * Runs a study in a worker thread and gives up after the bound: a synchronous hang would block vitest's own
 * timeout, so the reproduction of the report must run off the test's thread to fail cleanly on a hanging engine.
 */
async function runInWorkerWithin(s: unknown, ms: number): Promise<RtmResult> {
  const run = runStudyInWorker(s);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      run.cancel();
      reject(new Error(`the RTM run did not finish within ${ms} ms`));
    }, ms);
  });
  try {
    return (await Promise.race([run.promise, timeout])).result;
  } finally {
    clearTimeout(timer);
  }
}

/** A finished result is internally consistent: every cell has a finite risk score and a class. */
function expectUsable(result: RtmResult | undefined) {
  expect(result).toBeDefined();
  const r = result as RtmResult;
  expect(Number.isFinite(r.rrs.max)).toBe(true);
  expect(r.classes.reduce((a, c) => a + c.cells, 0)).toBe(r.model.cells);
}

describe('degenerate RTM designs end quickly with a result or a clear message', () => {
  it('stacked events (61 of 70 on one point) with three hand-drawn layers: the report that hung', { timeout: BOUND_MS + 5000 }, async () => {
    const rng = createRng(3);
    const scattered = Array.from(randomPoints(rng, 9, X0, Y0, W, W));
    const result = await runInWorkerWithin(study([...stacked(61, X0 + 3000, Y0 + 3000), ...scattered]), BOUND_MS);
    expectUsable(result);
    expect(result.model.events).toBe(70);
  });

  it('all events on one point', { timeout: BOUND_MS + 5000 }, async () => {
    const result = await runInWorkerWithin(study(stacked(70, X0 + 3000, Y0 + 3000)), BOUND_MS);
    expectUsable(result);
    expect(result.model.cellsWithEvents).toBe(1);
  });

  it('a single outcome event', { timeout: BOUND_MS }, () => {
    const out = runBounded(study([X0 + 3010, Y0 + 2990]));
    expectUsable(out.result);
    expect(out.result?.model.events).toBe(1);
  });

  it('a factor whose features lie outside the study area (an empty column) and one covering all of it (a constant column)', { timeout: BOUND_MS }, () => {
    const rng = createRng(5);
    const factors = [
      { name: 'Långt bort', features: pointsFc([X0 + 90_000, Y0 + 90_000]) },
      { name: 'Överallt', features: fc([square(X0 + W / 2, Y0 + W / 2, W)]), operationalization: 'proximity' },
    ];
    const out = runBounded(study(Array.from(randomPoints(rng, 40, X0, Y0, W, W)), factors));
    expectUsable(out.result);
    expect(out.result?.candidates.length).toBeGreaterThan(0);
    expect(out.result?.candidates.every((c) => c.status === 'constant')).toBe(true);
    expect(out.result?.factors).toEqual([]);
  });

  it('all factors collinear (the same layer three times)', { timeout: BOUND_MS }, () => {
    const rng = createRng(7);
    const same = handDrawn[2].features;
    const factors = [
      { name: 'A', features: same },
      { name: 'B', features: same },
      { name: 'C', features: same },
    ];
    const events = [...stacked(20, X0 + 3050, Y0 + 3020), ...Array.from(randomPoints(rng, 30, X0, Y0, W, W))];
    const out = runBounded(study(events, factors));
    expectUsable(out.result);
    // At most one of three identical factors can carry the signal.
    expect(out.result?.factors.length ?? 0).toBeLessThanOrEqual(1);
  });

  it('a line thousands of kilometres long (drawn in the wrong CRS) is refused with a sentence, not sampled for ever', { timeout: BOUND_MS }, () => {
    const rng = createRng(9);
    const factors = [{ name: 'Fel CRS', features: fc([line([[X0, Y0], [X0 + 5e8, Y0 + 5e8]])]) }];
    const out = runBounded(study(Array.from(randomPoints(rng, 20, X0, Y0, W, W)), factors));
    expect(out.problems?.join(' ')).toMatch(/factor "Fel CRS": its lines are \d+ km long, too long to sample for density/);
  });
});

describe('area-precision outcome events are never used as points', () => {
  const exact = (x: number, y: number) => ({ type: 'Feature', properties: { locationPrecision: 'exact' }, geometry: { type: 'Point', coordinates: [x, y] } });
  const area = (x: number, y: number, props: Record<string, unknown>) => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [x, y] } });

  it('leaves them out and says how many and why', { timeout: BOUND_MS }, () => {
    const rng = createRng(11);
    const pts = Array.from(randomPoints(rng, 9, X0, Y0, W, W));
    const features = [
      ...Array.from({ length: 9 }, (_, k) => exact(pts[2 * k], pts[2 * k + 1])),
      // The municipality's centroid, as the police feed gives it: marked 'area', or only recognisable by source.
      ...Array.from({ length: 40 }, () => area(X0 + 3000, Y0 + 3000, { locationPrecision: 'area' })),
      ...Array.from({ length: 21 }, () => area(X0 + 3000, Y0 + 3000, { source: 'polisen' })),
    ];
    const out = runBounded(study(fc(features)));
    const r = out.result as RtmResult;
    expectUsable(r);
    expect(r.model.events).toBe(9);
    expect(r.model.eventsLeftOutAreaPrecision).toBe(61);
    const note = r.notes.find((n) => n.code === 'outcome_area_precision_left_out');
    expect(note?.count).toBe(61);
    expect(note?.sv).toMatch(/^61 händelser lämnades utanför modellen eftersom deras läge bara är ett område/);
    expect(note?.en).toMatch(/^61 events were left out/);
  });

  it('keeps every exact and street-level event (positive control: nothing is left out without reason)', { timeout: BOUND_MS }, () => {
    const rng = createRng(13);
    const pts = Array.from(randomPoints(rng, 30, X0, Y0, W, W));
    const features = Array.from({ length: 30 }, (_, k) => area(pts[2 * k], pts[2 * k + 1], { locationPrecision: k % 2 ? 'street' : 'exact', source: 'demo' }));
    const r = runBounded(study(fc(features))).result as RtmResult;
    expect(r.model.events).toBe(30);
    expect(r.model.eventsLeftOutAreaPrecision).toBe(0);
    expect(r.notes.filter((n) => n.code === 'outcome_area_precision_left_out')).toEqual([]);
  });

  it('refuses a study whose every event has only an area position', () => {
    const features = Array.from({ length: 5 }, () => area(X0 + 3000, Y0 + 3000, { locationPrecision: 'area' }));
    const out = runBounded(study(fc(features)));
    expect(out.problems).toEqual([
      'outcome: all 5 events have only an area position (locationPrecision "area", e.g. police-feed events placed on a municipality\'s centroid); RTM needs events with an exact or street-level position.',
    ]);
  });
});

describe('every elastic-net loop is bounded', () => {
  /** The stacked-events design as an elastic-net problem. */
  function stackedProblem(): EnetProblem {
    const g = buildGrid(parseBoundary(boundary), 50, 1e7);
    const rng = createRng(3);
    const xy = Float64Array.from([...stacked(61, X0 + 3000, Y0 + 3000), ...Array.from(randomPoints(rng, 9, X0, Y0, W, W))]);
    const { counts } = countPoints(g, xy);
    let p = 0;
    const factors = handDrawn.map((f, k) => {
      const fv = buildFactorVariables(g, parseFeatureSet(f.features), { name: f.name, operationalization: 'both', spatialInfluence: 3, increment: 'half' }, k + 1, 100, 2);
      const tables = fv.vars.filter((v) => v.ones > 0 && v.ones < g.n).map((v) => v.table);
      const varIds = tables.map(() => p++);
      return { state: fv.state, nStates: fv.nStates, tables, varIds };
    });
    expect(aggregatePatterns({ y: counts, factors, p }).rows).toBeGreaterThan(1);
    return { y: counts, factors, p };
  }

  it('a λ that needs more passes than allowed ends the path there, keeping the larger λ (as glmnet does)', () => {
    const prob = stackedProblem();
    const cv = cvEnet(prob, { ...DEFAULT_ENET, maxPasses: 2 });
    expect(cv.unfitted).not.toBeNull();
    expect(cv.unfitted?.reason).toBe('passes');
    expect(cv.path.lambdas.length).toBe(cv.unfitted?.index);
    expect(cv.beta).toHaveLength(prob.p);
  });

  it('the wall-time limit stops the elastic net with a clear message', () => {
    let clock = 0;
    // A clock that advances one second per look: the 30 s budget runs out inside the coordinate descent.
    const deadline = deadlineAfter(30, () => clock++ * 1000);
    let thrown: unknown;
    try {
      cvEnet(stackedProblem(), { ...DEFAULT_ENET, deadline });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RtmTimeLimitError);
    expect((thrown as RtmTimeLimitError).code).toBe('RTM_TIME_LIMIT');
    expect((thrown as Error).message).toMatch(/^The RTM run exceeded its time limit of 30 s \(during elastic_net\)/);
  });

  it('the boundary check (quadratic in the worst case) is bounded by the time limit, and is not mistaken for a bad boundary', () => {
    const ring: number[][] = [];
    for (let k = 0; k < 3000; k++) ring.push([X0 + 3000 + 2500 * Math.cos((2 * Math.PI * k) / 3000), Y0 + 3000 + 2500 * Math.sin((2 * Math.PI * k) / 3000)]);
    ring.push(ring[0]);
    const s = { ...study([X0 + 3000, Y0 + 3000]), boundary: { type: 'Polygon', coordinates: [ring] } };
    let clock = 0;
    expect(() => prepareStudy(validateStudy(s), deadlineAfter(1, () => (clock += 10_000)))).toThrow(RtmTimeLimitError);
    // Positive control: with time to spare the same boundary is accepted.
    expect(prepareStudy(validateStudy(s)).boundary).toHaveLength(1);
  });

  it('the engine passes its time limit to every stage (a zero budget ends the run at once)', () => {
    const rng = createRng(3);
    expect(() => runStudy(study(Array.from(randomPoints(rng, 20, X0, Y0, W, W))), { limits: { maxSeconds: 0 } })).toThrow(RtmTimeLimitError);
  });
});
