import type { FastifyPluginAsync } from 'fastify';
import { appError } from '../errors.ts';

export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/health', { schema: { tags: ['system'], security: [] } }, async () => ({ status: 'ok' }));
  app.get('/api/ready', { schema: { tags: ['system'], security: [] } }, async () => {
    try {
      await app.ctx.database.ping();
    } catch (err) {
      app.log.warn({ err }, 'readiness check failed');
      throw appError('NOT_READY', ['the database is not reachable']);
    }
    return { status: 'ready', database: app.ctx.database.kind };
  });
};
