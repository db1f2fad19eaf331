/**
 * `POST /api/print/pdf { path, locale? }` → `application/pdf`: one of the printable pages of our web app
 * (printablePaths.ts), printed as the caller. Audited like the other exports.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { appError } from '../errors.ts';
import { bearerToken, requireUser } from '../http/guards.ts';
import type { PdfPrinter } from './PdfPrinter.ts';
import { isPrintablePath } from './printablePaths.ts';

const Body = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 1024, description: 'A printable page of the web app, e.g. /uppfoljning/<evaluationId>' }),
    locale: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export function printRoutes(printer: PdfPrinter): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/api/print/pdf', { schema: { tags: ['print'], body: Body } }, async (req, reply) => {
      const user = requireUser(req);
      const token = bearerToken(req);
      if (!token) throw appError('UNAUTHENTICATED');
      const { path, locale } = req.body;
      if (!isPrintablePath(path)) throw appError('BAD_REQUEST', [`${path.slice(0, 120)} is not a printable page (reports under /uppfoljning and /rapporter, and /pictures/<id>/print).`]);
      const actor = { id: user.id, username: user.username, organisationId: user.organisation.id };
      let pdf: Buffer;
      try {
        pdf = await printer.print(path, { token, user: { id: user.id, username: user.username, displayName: user.displayName, organisation: user.organisation, roles: [...user.roles], isPolice: user.isPolice } }, { locale });
      } catch (err) {
        await app.ctx.audit.record({ actor, action: 'print.pdf', target: path, outcome: 'failure', address: req.ip, detail: { code: (err as { code?: string })?.code ?? 'INTERNAL' } });
        throw err;
      }
      await app.ctx.audit.record({ actor, action: 'print.pdf', target: path, outcome: 'success', address: req.ip, detail: { bytes: pdf.length, locale: locale ?? 'sv' } });
      const name = path.replace(/\?.*$/, '').split('/').filter(Boolean).join('-') || 'lagesbild';
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).header('cache-control', 'no-store').send(pdf);
    });
  };
}
