/**
 * The measures API (api-contract.md "Measures"). Handlers are thin: the service decides who may do what
 * (404 when the measure is not readable, 403 when readable but not changeable) and checks every field.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { appError } from '../errors.ts';
import { requireUser } from '../http/guards.ts';
import { activitiesCsv, activitiesGeoJson, activityRowsFromCsv, activityRowsFromGeoJson, measuresCsv, measuresGeoJson, rowsFromCsv, rowsFromGeoJson } from './exchange.ts';
import type { Actor, Measures } from './service.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Format = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('geojson'), Type.Literal('csv')])) });

export function measureRoutes(measures: Measures): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { audit } = app.ctx;
    const actorOf = (req: Parameters<typeof requireUser>[0]): Actor => ({ ...requireUser(req), address: req.ip });

    app.post('/api/pictures/:id/measures', { schema: { tags: ['measures'], params: Id } }, async (req, reply) => {
      const m = await measures.create(actorOf(req), req.params.id, req.body);
      return reply.status(201).send(m);
    });

    app.get('/api/pictures/:id/measures', { schema: { tags: ['measures'], params: Id } }, async (req) => {
      const items = await measures.listReadable(requireUser(req), req.params.id);
      if (!items) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      return { items };
    });

    app.get('/api/pictures/:id/measures/export', { schema: { tags: ['measures'], params: Id, querystring: Format } }, async (req, reply) => {
      const user = requireUser(req);
      const items = await measures.listReadable(user, req.params.id);
      if (!items) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      const format = req.query.format ?? 'geojson';
      await audit.record({ actor: user, action: 'measure.export', target: req.params.id, outcome: 'success', address: req.ip, detail: { format, measures: items.map((m) => m.id) } });
      const name = `measures-${req.params.id}`;
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(measuresCsv(items));
      return reply.type('application/geo+json').header('content-disposition', `attachment; filename="${name}.geojson"`).send(JSON.stringify(measuresGeoJson(items)));
    });

    app.post('/api/pictures/:id/measures/import', { schema: { tags: ['measures'], params: Id, querystring: Format } }, async (req, reply) => {
      const actor = actorOf(req);
      const { format, body } = importBody(req.body, req.headers['content-type'], req.query.format);
      const rows = format === 'csv' ? rowsFromCsv(body as string) : rowsFromGeoJson(body);
      const res = await measures.importRows(actor, req.params.id, rows);
      return reply.status(res.imported > 0 ? 201 : 200).send(res);
    });

    app.get('/api/pictures/:id/measures/activities/export', { schema: { tags: ['measures'], params: Id, querystring: Format } }, async (req, reply) => {
      const user = requireUser(req);
      const items = await measures.readableActivities(user, req.params.id);
      if (!items) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      const format = req.query.format ?? 'geojson';
      await audit.record({ actor: user, action: 'measure.activity.export', target: req.params.id, outcome: 'success', address: req.ip, detail: { format, activities: items.length } });
      const name = `measure-activities-${req.params.id}`;
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(activitiesCsv(items));
      return reply.type('application/geo+json').header('content-disposition', `attachment; filename="${name}.geojson"`).send(JSON.stringify(activitiesGeoJson(items)));
    });

    app.post('/api/pictures/:id/measures/activities/import', { schema: { tags: ['measures'], params: Id, querystring: Format } }, async (req, reply) => {
      const actor = actorOf(req);
      const { format, body } = importBody(req.body, req.headers['content-type'], req.query.format);
      const rows = format === 'csv' ? activityRowsFromCsv(body as string) : activityRowsFromGeoJson(body);
      const res = await measures.importActivities(actor, req.params.id, rows);
      return reply.status(res.imported > 0 ? 201 : 200).send(res);
    });

    app.get('/api/measures/:id', { schema: { tags: ['measures'], params: Id } }, async (req) => measures.get(requireUser(req), req.params.id));

    app.patch('/api/measures/:id', { schema: { tags: ['measures'], params: Id } }, async (req) => measures.update(actorOf(req), req.params.id, req.body));

    app.post('/api/measures/:id/outcome', { schema: { tags: ['measures'], params: Id } }, async (req) => {
      const body = req.body as { note?: unknown } | null;
      if (!body || typeof body !== 'object' || Object.keys(body).some((k) => k !== 'note')) throw appError('VALIDATION_FAILED', ['the body must be { note }.']);
      return measures.update(actorOf(req), req.params.id, { outcomeNote: body.note ?? null }, 'outcome');
    });

    app.get('/api/measures/:id/history', { schema: { tags: ['measures'], params: Id } }, async (req) => ({ items: await measures.history(requireUser(req), req.params.id) }));

    app.post('/api/measures/:id/activities', { schema: { tags: ['measures'], params: Id } }, async (req, reply) => {
      const a = await measures.addActivity(actorOf(req), req.params.id, req.body);
      return reply.status(201).send(a);
    });

    app.get('/api/measures/:id/activities', { schema: { tags: ['measures'], params: Id } }, async (req) => ({ items: await measures.activities(requireUser(req), req.params.id) }));
  };
}

/** An import's raw body and its format (the query's, else from the content type); refuses what cannot be read. */
function importBody(raw: unknown, contentType: string | undefined, asked: 'csv' | 'geojson' | undefined): { format: 'csv' | 'geojson'; body: unknown } {
  if (raw === undefined || raw === null || raw === '') throw appError('BAD_REQUEST', ['The request has no body; send the file as the raw body.']);
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const format = asked ?? (ct === 'text/csv' ? 'csv' : 'geojson');
  if (format === 'csv' && typeof raw !== 'string') throw appError('UNSUPPORTED_MEDIA_TYPE', ['format=csv takes text/csv (or text/plain).']);
  return { format, body: raw };
}
