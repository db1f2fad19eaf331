/**
 * POST /api/pictures/:id/risk-accuracy (API.md): the picture's risk maps against simple alternatives on a
 * held-out period. Police who read the picture's police-internal layers only: the RTM surface and every
 * confirmed incident go into it. Counting and the KDE are typed-array loops of a few ms on city grids; the rankings
 * (a sort of every cell per model) run in a worker thread (ranking/host.ts; bench/evaluation.bench.ts).
 */
import { swerefToWgs } from '../../../shared/src/geo/sweref.ts';
import type { IncidentType } from '../../../shared/src/events.ts';
import { appError } from '../errors.ts';
import { computeNearRepeatSurface, combineOverlay, rrsOnGrid } from '../nearrepeat/surface.ts';
import { DEFAULT_NEAR_REPEAT_CONFIG, resolveNearRepeatConfig, type NearRepeatConfigInput } from '../nearrepeat/kernels.ts';
import type { RtmResults } from '../rtm/index.ts';
import type { Grid } from '../rtm/metrics.ts';
import { atStudyCells, countPerCell, gridOverArea, kdeScores } from './core/riskAccuracy.ts';
import { rankModelsInWorker } from './ranking/host.ts';
import type { IncidentLister, Viewer } from './types.ts';

export interface RiskAccuracyRequest {
  trainFrom: string;
  trainTo: string;
  testFrom: string;
  testTo: string;
  incidentTypes?: IncidentType[];
  coverages?: number[];
}

/** Without an RTM run the grid is this fine over the picture's area (coarsened to stay under MAX_CELLS). */
const DEFAULT_CELL_M = 100;
const MAX_CELLS = 100_000;
const MAX_EVENTS = 200_000;

function time(name: string, v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw appError('VALIDATION_FAILED', [`${name} must be an ISO 8601 time`]);
  return d;
}

export class RiskAccuracy {
  constructor(
    private readonly deps: {
      pictures: { getPicture(id: string): Promise<{ id: string; area: string | null; rtmRunId: string | null; riskConfig: string | null; ownerOrgId: string } | undefined>; policeReadable(viewer: Viewer, pictureId: string): Promise<boolean> };
      incidents: IncidentLister;
      rtm: Pick<RtmResults, 'cells'>;
    },
  ) {}

  async compute(viewer: Viewer, pictureId: string, req: RiskAccuracyRequest) {
    if (!viewer.isPolice) throw appError('FORBIDDEN');
    const picture = await this.deps.pictures.getPicture(pictureId);
    if (!picture || !(await this.deps.pictures.policeReadable(viewer, pictureId))) throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
    const trainFrom = time('trainFrom', req.trainFrom);
    const trainTo = time('trainTo', req.trainTo);
    const testFrom = time('testFrom', req.testFrom);
    const testTo = time('testTo', req.testTo);
    if (!(trainFrom < trainTo) || !(testFrom < testTo)) throw appError('VALIDATION_FAILED', ['each period must start before it ends']);
    if (trainTo > testFrom) throw appError('VALIDATION_FAILED', ['the training period must end before the test period starts (held out)']);
    const coverages = req.coverages ?? [0.01, 0.05, 0.1];
    const t0 = performance.now();

    // The grid: the attached RTM run's (so its surface is compared cell for cell), else one over the picture's area.
    let grid: Grid | null = null;
    let rrs: Float64Array | null = null;
    let rtmReason: { sv: string; en: string } | undefined;
    const run = picture.rtmRunId ? await this.deps.rtm.cells(picture.rtmRunId) : null;
    if (run && run.crs === 'EPSG:3006') {
      grid = run.cells.grid;
      rrs = run.cells.rrs;
    } else {
      rtmReason = picture.rtmRunId
        ? { sv: 'Bildens RTM-körning är inte klar (eller inte i SWEREF 99 TM).', en: 'The picture’s RTM run is not completed (or not in SWEREF 99 TM).' }
        : { sv: 'Bilden har ingen RTM-körning.', en: 'The picture has no RTM run.' };
      if (!picture.area) throw appError('UNPROCESSABLE', ['The picture has neither an area nor a completed RTM run to lay a grid over.']);
      grid = gridOverArea(JSON.parse(picture.area) as { type: string; coordinates: unknown }, DEFAULT_CELL_M, MAX_CELLS);
    }
    if (grid.n === 0) throw appError('UNPROCESSABLE', ['The grid has no cells inside the area.']);

    // Confirmed incidents in the grid's box, both periods (police: every incident).
    const corners = [swerefToWgs(grid.originX, grid.originY), swerefToWgs(grid.originX + grid.cols * grid.cellSize, grid.originY - grid.rows * grid.cellSize)];
    const bbox: [number, number, number, number] = [
      Math.min(corners[0]![0], corners[1]![0]) - 0.01,
      Math.min(corners[0]![1], corners[1]![1]) - 0.01,
      Math.max(corners[0]![0], corners[1]![0]) + 0.01,
      Math.max(corners[0]![1], corners[1]![1]) + 0.01,
    ];
    const types = req.incidentTypes?.length ? req.incidentTypes : undefined;
    const from = new Date(Math.min(trainFrom.getTime(), testFrom.getTime()));
    const to = new Date(Math.max(trainTo.getTime(), testTo.getTime()));
    const page = await this.deps.incidents.list({ bbox, from, to, statuses: ['confirmed'], ...(types ? { types } : {}), limit: MAX_EVENTS }, 'police');
    if (page.nextCursor) throw appError('UNPROCESSABLE', [`More than ${MAX_EVENTS} incidents; choose fewer incident types or shorter periods.`]);
    const train = page.items.filter((r) => r.occurredAt >= trainFrom && r.occurredAt < trainTo && r.locationPrecision !== 'area');
    const test = page.items.filter((r) => r.occurredAt >= testFrom && r.occurredAt < testTo && r.locationPrecision !== 'area');
    const trainPts = Float64Array.from(train.flatMap((r) => [r.x, r.y]));
    const testPts = Float64Array.from(test.flatMap((r) => [r.x, r.y]));
    const obs = countPerCell(grid, testPts);
    const prior = countPerCell(grid, trainPts);
    const bandwidth = Math.max(3 * grid.cellSize, 250);
    const kde = kdeScores(grid, trainPts, bandwidth);

    let rtmNr: Float64Array | null = null;
    if (rrs) {
      let nrInput: NearRepeatConfigInput | undefined;
      try {
        nrInput = (JSON.parse(picture.riskConfig ?? '{}') as { nearRepeat?: NearRepeatConfigInput }).nearRepeat;
      } catch {
        nrInput = undefined;
      }
      let config = DEFAULT_NEAR_REPEAT_CONFIG;
      try {
        config = resolveNearRepeatConfig(nrInput ?? {});
      } catch {
        config = DEFAULT_NEAR_REPEAT_CONFIG;
      }
      // Near-repeat as it stood when the test period began, from the training events.
      const nr = computeNearRepeatSurface(
        grid,
        train.map((r) => ({ id: r.id, type: r.type, status: 'confirmed' as const, x: r.x, y: r.y, occurredAt: r.occurredAt.getTime() })),
        testFrom.getTime(),
        config,
      );
      const rrsFull = rrsOnGrid({ ...grid, rrs, cellIndex: grid.cellIndex }, grid);
      rtmNr = atStudyCells(grid, combineOverlay(rrsFull, nr, config.gamma));
    }
    // Each model's ranking is a sort of every cell: in a worker thread, off the event loop.
    const models = await rankModelsInWorker({
      obs,
      coverages,
      models: [
        { key: 'rtm', score: rrs, ...(rtmReason ? { reason: rtmReason } : {}) },
        { key: 'rtm_nearrepeat', score: rtmNr, ...(rtmReason ? { reason: rtmReason } : {}) },
        { key: 'kde', score: kde },
        { key: 'prior_counts', score: prior },
      ],
    });
    return {
      pictureId,
      grid: { cellSize: grid.cellSize, cols: grid.cols, rows: grid.rows, cells: grid.n, source: rrs ? 'rtm' : 'area' },
      periods: { train: { from: trainFrom.toISOString(), to: trainTo.toISOString() }, test: { from: testFrom.toISOString(), to: testTo.toISOString() } },
      trainEvents: train.length,
      testEvents: test.length,
      kdeBandwidthM: bandwidth,
      coverages,
      models,
      computeMs: performance.now() - t0,
      notes: [
        {
          key: 'held_out',
          sv: 'Alla modeller rangordnar samma rutor; träffar räknas bara i testperioden, som inte användes för att bygga dem (utom RTM-ytan, som byggdes när körningen gjordes).',
          en: 'All models rank the same cells; hits are counted only in the test period, which was not used to build them (except the RTM surface, built when its run was made).',
        },
      ],
    };
  }
}
