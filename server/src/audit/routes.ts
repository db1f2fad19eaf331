import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isWithin } from '../../../shared/src/access.ts';
import { requirePolice } from '../http/guards.ts';

const Query = Type.Object({
  actor: Type.Optional(Type.String({ description: 'username or user id' })),
  action: Type.Optional(Type.String({ description: 'exact action, or a prefix ending in * (e.g. auth.*)' })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  cursor: Type.Optional(Type.Integer({ minimum: 1, description: 'id of the last row of the previous page' })),
});

/** Read-only view of the audit trail; nothing in the API updates or deletes audit rows. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { prisma, orgs } = app.ctx;
  app.get('/api/audit', { schema: { tags: ['audit'], querystring: Query } }, async (req) => {
    const admin = requirePolice(req, 'admin');
    const q = req.query;
    const where: Record<string, unknown> = {};
    // An admin below the national level reads what was done by its own subtree's users; rows without an
    // organisation (failed logins of unknown names, system events) and other units' rows are national only.
    const tree = await orgs.load();
    if (tree.get(admin.organisationId)?.parentId) {
      const subtree = [...tree.all()].filter((o) => isWithin(tree, o.id, admin.organisationId)).map((o) => o.id);
      where.organisationId = { in: subtree };
    }
    if (q.actor) where.OR = [{ actorUsername: q.actor }, { actorId: q.actor }];
    if (q.action) where.action = q.action.endsWith('*') ? { startsWith: q.action.slice(0, -1) } : q.action;
    if (q.outcome) where.outcome = q.outcome;
    if (q.from || q.to) where.at = { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) };
    if (q.cursor) where.id = { lt: q.cursor };
    const rows = await prisma.auditEvent.findMany({ where, orderBy: { id: 'desc' }, take: q.limit });
    return {
      items: rows.map((r) => ({ ...r, at: r.at.toISOString(), detail: r.detail ? JSON.parse(r.detail) : null })),
      nextCursor: rows.length === q.limit ? rows[rows.length - 1].id : null,
    };
  });
};
