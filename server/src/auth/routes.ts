import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireUser } from '../http/guards.ts';
import { publicUser } from './authService.ts';

const Login = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 500 }),
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth } = app.ctx;

  app.post('/api/auth/login', { schema: { tags: ['auth'], body: Login }, config: { public: true } }, async (req) => {
    const { token, user } = await auth.login(req.body.username, req.body.password, req.ip);
    return { token, user: publicUser(user) };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const user = requireUser(req);
    await auth.logout(user, req.ip);
    // This session's open connections close now (in every process); the user's other sessions stay connected.
    await app.ctx.bus.emitSettled('session.ended', { sessionId: user.sessionId, userId: user.id });
    return reply.status(204).send();
  });

  app.get('/api/me', { schema: { tags: ['auth'] } }, async (req) => publicUser(requireUser(req)));

  app.put(
    '/api/me/preferences',
    { schema: { tags: ['auth'], body: Type.Object({ locale: Type.Union([Type.Literal('sv'), Type.Literal('en')]) }) } },
    async (req) => {
      const user = requireUser(req);
      await auth.users.setLocale(user.id, req.body.locale);
      return { ...publicUser(user), locale: req.body.locale };
    },
  );
};
