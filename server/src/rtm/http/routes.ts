import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { newId } from '../../auth/tokens.ts';
import type { DocumentManager } from '../../collab/documents.ts';
import type { PictureService } from '../../pictures/index.ts';
import { appError } from '../../errors.ts';
import { requirePolice } from '../../http/guards.ts';
import { LiveHub } from '../../live/liveHub.ts';
import { cellsCsv, geoTiff, riskCellsGeoJson } from '../core/export.ts';
import { parseRunError } from '../core/runErrors.ts';
import { StudyValidationError, validateStudy } from '../core/study.ts';
import { renderTile } from '../core/tiles.ts';
import type { StoredRun } from '../runStore.ts';
import type { RtmService } from '../service.ts';
import { factorRoutes } from './factorRoutes.ts';
import { type IncidentPrecision, markOutcomePrecision, resolveLayerFactors } from './studyInputs.ts';

const RunId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Tile = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.String({ pattern: '^[0-9]+\\.png$' }),
});

/** What the routes need; tables other capabilities own are reached only through these. */
export interface RtmRouteDeps {
  rtm: RtmService;
  /** Pictures and their rights (a run may belong to a picture; a factor may name a layer). */
  pictures: PictureService;
  /** Layer documents: a factor that names a layer uses its current features. */
  docs: DocumentManager;
  /** Live events to a picture's viewers. */
  live: LiveHub;
  /** Location precision and source of stored incidents, by id (incidents owns the table). */
  incidentPrecision(ids: string[]): Promise<IncidentPrecision[]>;
  /** Shows a completed run on a picture, or none (pictures owns the table). */
  attachRun(pictureId: string, runId: string | null): Promise<void>;
}

export function rtmRoutes(deps: RtmRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit } = app.ctx;
    const { rtm, pictures, docs, live } = deps;
    const { jobs, runs, results } = rtm;
    await app.register(factorRoutes({ pictures, docs, live }));

    async function runFor(id: string): Promise<StoredRun> {
      const run = await runs.get(id);
      if (!run) throw appError('NOT_FOUND', [`RTM run ${id}`]);
      return run;
    }

    async function completedRun(id: string) {
      const run = await results.cells(id);
      if (!run) throw appError('NOT_FOUND', [`A completed RTM run ${id}`]);
      return run;
    }

    app.post('/api/rtm/studies', { schema: { tags: ['rtm'], body: Type.Object({}, { additionalProperties: true }), querystring: Type.Object({ pictureId: Type.Optional(Type.String()) }) } }, async (req, reply) => {
      const user = requirePolice(req, 'analyst', 'commander', 'admin');
      const study = structuredClone(req.body) as Record<string, unknown>;
      const pictureId = (typeof study.pictureId === 'string' ? study.pictureId : req.query.pictureId) ?? null;
      delete study.pictureId;
      if (pictureId) {
        const picture = await pictures.getPicture(pictureId);
        if (!picture || (await pictures.pictureRight(user, picture)) === 'none') throw appError('NOT_FOUND', [`Picture ${pictureId}`]);
      }
      await resolveLayerFactors(study, user, { pictures, docs });
      await markOutcomePrecision(study, deps.incidentPrecision);
      try {
        // Validate here so that bad input is a 422 with every problem, not a failed run later.
        validateStudy(study);
      } catch (err) {
        if (err instanceof StudyValidationError) throw appError('UNPROCESSABLE', [err.problems.join(' ')], { problems: err.problems });
        throw err;
      }
      const runId = newId('rtm_');
      await runs.create({ id: runId, study, createdById: user.id, pictureId });
      await audit.record({ actor: user, action: 'rtm.run', target: runId, outcome: 'success', address: req.ip, detail: { name: study.name, pictureId } });
      jobs.enqueue({ runId, pictureId, study });
      return reply.status(202).send({ runId });
    });

    app.get('/api/rtm/runs', { schema: { tags: ['rtm'], querystring: Type.Object({ pictureId: Type.Optional(Type.String()), limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }) } }, async (req) => {
      requirePolice(req);
      const rows = await runs.list({ pictureId: req.query.pictureId, limit: req.query.limit });
      return {
        items: rows.map((r) => ({
          ...r,
          study: undefined,
          ...(parseRunError(r.error) ?? {}),
          name: (JSON.parse(r.study) as { name?: string }).name ?? null,
          createdAt: r.createdAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
        })),
      };
    });

    /** A run as the API shows it: `message` is the stage code while running; `errorCode` says why it did not complete. */
    function runView(run: StoredRun) {
      const failure = parseRunError(run.error);
      return {
        id: run.id,
        status: run.status,
        progress: run.progress,
        message: run.message,
        error: failure?.error ?? null,
        errorCode: failure?.errorCode ?? null,
        pictureId: run.pictureId,
        // The client offers "cancel" only to the creator (and commanders).
        createdById: run.createdById,
        createdAt: run.createdAt.toISOString(),
        finishedAt: run.finishedAt?.toISOString() ?? null,
        ...(run.result ? { result: JSON.parse(run.result) } : {}),
      };
    }

    app.get('/api/rtm/runs/:id', { schema: { tags: ['rtm'], params: RunId } }, async (req) => {
      requirePolice(req);
      return runView(await runFor(req.params.id));
    });

    // Cancelling frees the run queue: the worker is terminated, or a queued run is taken out before it starts.
    app.post('/api/rtm/runs/:id/cancel', { schema: { tags: ['rtm'], params: RunId } }, async (req) => {
      const user = requirePolice(req, 'analyst', 'commander', 'admin');
      const run = await runFor(req.params.id);
      if (run.createdById !== user.id && !user.roles.includes('commander')) {
        await audit.record({ actor: user, action: 'rtm.cancel', target: run.id, outcome: 'denied', address: req.ip });
        throw appError('FORBIDDEN');
      }
      const ended = () => appError('CONFLICT', [`The RTM run has already ended (${run.status}); only a queued or running run can be cancelled.`]);
      if (run.status !== 'queued' && run.status !== 'running') throw ended();
      const cancelled = await jobs.cancel(run.id, `Cancelled by ${user.displayName}.`);
      const after = await runFor(run.id);
      if (!cancelled || after.status !== 'cancelled') throw appError('CONFLICT', [`The RTM run ended (${after.status}) before it could be cancelled.`]);
      await audit.record({ actor: user, action: 'rtm.cancel', target: run.id, outcome: 'success', address: req.ip, detail: { was: run.status } });
      return runView(after);
    });

    app.get('/api/rtm/runs/:id/tiles/:z/:x/:y', { schema: { tags: ['rtm'], params: Tile, querystring: Type.Object({ style: Type.Union([Type.Literal('classes'), Type.Literal('rrs')], { default: 'classes' }), v: Type.Optional(Type.String()) }) } }, async (req, reply) => {
      requirePolice(req);
      const { id, z, x } = req.params;
      const y = Number.parseInt(req.params.y, 10);
      const surface = await results.surface(id);
      if (!surface) {
        await runFor(id);
        throw appError('NOT_FOUND', [`A completed RTM run ${id}`]);
      }
      if (x >= 2 ** z || y >= 2 ** z) throw appError('BAD_REQUEST', [`Tile ${z}/${x}/${y} does not exist.`]);
      const png = renderTile(surface, z, x, y, req.query.style);
      return reply.header('cache-control', 'private, max-age=3600').type('image/png').send(Buffer.from(png));
    });

    app.get('/api/rtm/runs/:id/export/:format', { schema: { tags: ['rtm'], params: Type.Object({ id: Type.String(), format: Type.Union([Type.Literal('geojson'), Type.Literal('csv'), Type.Literal('tif')]) }) } }, async (req, reply) => {
      const user = requirePolice(req);
      const run = await runFor(req.params.id);
      const { cells, crs } = await completedRun(run.id);
      await audit.record({ actor: user, action: 'rtm.export', target: run.id, outcome: 'success', address: req.ip, detail: { format: req.params.format } });
      const name = `rtm-${run.id}`;
      if (req.params.format === 'csv') return reply.type('text/csv').header('content-disposition', `attachment; filename="${name}.csv"`).send(cellsCsv(cells));
      if (req.params.format === 'tif') return reply.type('image/tiff').header('content-disposition', `attachment; filename="${name}.tif"`).send(Buffer.from(geoTiff(cells, 'rrs', crs)));
      return reply.type('application/geo+json').send(riskCellsGeoJson(cells, crs));
    });

    app.post('/api/pictures/:id/rtm', { schema: { tags: ['rtm'], params: RunId, body: Type.Object({ runId: Type.Union([Type.String(), Type.Null()]) }) } }, async (req) => {
      const user = requirePolice(req);
      const picture = await pictures.getPicture(req.params.id);
      if (!picture) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      if ((await pictures.pictureRight(user, picture)) !== 'admin') throw appError('FORBIDDEN');
      if (req.body.runId) {
        const run = await runFor(req.body.runId);
        if (run.status !== 'completed') throw appError('UNPROCESSABLE', ['Only a completed RTM run can be attached to a picture.']);
      }
      await deps.attachRun(picture.id, req.body.runId);
      await audit.record({ actor: user, action: 'picture.rtm.attach', target: picture.id, outcome: 'success', address: req.ip, detail: { runId: req.body.runId } });
      await live.publish(picture.id, (viewer) =>
        viewer.isPolice
          ? { ...LiveHub.envelope('picture.updated', picture.id), picture: { id: picture.id, title: picture.title, level: picture.level, status: picture.status, updatedAt: new Date().toISOString() } }
          : null,
      );
      return { id: picture.id, rtmRunId: req.body.runId };
    });
  };
}
