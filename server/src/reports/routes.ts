/**
 * The reports API (API.md). Handlers are thin: the service decides who may do what (404 when the report is not
 * readable, 403 when readable but not allowed, 409 when signed) and checks every field.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { appError } from '../errors.ts';
import { requireUser } from '../http/guards.ts';
import { renderReportHtml } from './print.ts';
import type { Actor, Reports } from './service.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const PartnerQuery = Type.Object({ organisationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) });
const PrintQuery = Type.Object({ version: Type.Optional(Type.Union([Type.Literal('police'), Type.Literal('partner')])), organisationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) });
const TextQuery = Type.Object({ text: Type.Optional(Type.Union([Type.Literal('police'), Type.Literal('partner')])) });

export function reportRoutes(reports: Reports): FastifyPluginAsyncTypebox {
  return async (app) => {
    const actorOf = (req: Parameters<typeof requireUser>[0]): Actor => ({ ...requireUser(req), address: req.ip });

    app.post('/api/pictures/:id/reports', { schema: { tags: ['reports'], params: Id } }, async (req, reply) => reply.status(201).send(await reports.create(actorOf(req), req.params.id, req.body)));

    app.get('/api/pictures/:id/reports', { schema: { tags: ['reports'], params: Id } }, async (req) => {
      const items = await reports.list(actorOf(req), req.params.id);
      if (!items) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
      return { items };
    });

    app.get('/api/reports/inbox', { schema: { tags: ['reports'] } }, async (req) => reports.inbox({ ...actorOf(req), userId: requireUser(req).id }));

    app.get('/api/reports/rollup', { schema: { tags: ['reports'], querystring: PartnerQuery } }, async (req) => reports.rollup(requireUser(req), req.query.organisationId));

    app.get('/api/reports/:id', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.get(actorOf(req), req.params.id));

    app.patch('/api/reports/:id', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.update(actorOf(req), req.params.id, req.body));

    app.get('/api/reports/:id/texts', { schema: { tags: ['reports'], params: Id, querystring: TextQuery } }, async (req) => ({ headings: await reports.texts(actorOf(req), req.params.id, req.query.text ?? 'police') }));

    app.post('/api/reports/:id/partner-text/copy', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.copyToPartner(actorOf(req), req.params.id, req.body));

    app.post('/api/reports/:id/sign', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.sign(actorOf(req), req.params.id));

    app.get('/api/reports/:id/preview', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.preview(actorOf(req), req.params.id));

    app.get('/api/reports/:id/versions', { schema: { tags: ['reports'], params: Id } }, async (req) => ({ items: await reports.versions(actorOf(req), req.params.id) }));

    app.get('/api/reports/:id/partner-version', { schema: { tags: ['reports'], params: Id, querystring: PartnerQuery } }, async (req) => reports.partnerVersion(actorOf(req), req.params.id, req.query.organisationId));

    app.post('/api/reports/:id/read', { schema: { tags: ['reports'], params: Id } }, async (req) => reports.markRead(actorOf(req), req.params.id));

    // The printable page (Swedish, print CSS): what the viewer reads of the report, nothing else.
    app.get('/api/reports/:id/print', { schema: { tags: ['reports'], params: Id, querystring: PrintQuery } }, async (req, reply) => {
      const read = await reports.readVersion(actorOf(req), req.params.id, req.query.version ?? 'police', req.query.organisationId);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderReportHtml(read.report, read.version, read.draftHeadings));
    });
  };
}
