import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { type Capabilities, type CapabilityOptions, composeCapabilities } from './compose.ts';
import type { AppContext } from './context.ts';
import { appError } from './errors.ts';
import { installErrorHandler } from './http/errorHandler.ts';
import { installJsonParser, installRawBodyParser } from './http/jsonBody.ts';
import { auditPartnerReads } from './http/readAudit.ts';
import { installSecurityHeaders } from './http/securityHeaders.ts';
import { bearerToken } from './http/guards.ts';
import { orgRoutes } from './orgs/routes.ts';
import { healthRoutes } from './http/healthRoutes.ts';
import { type Ops, opsFeature } from './ops/index.ts';

const DOCS_DATA = /^\/api\/docs\/(json|yaml)$/;

export interface BuiltApp {
  app: FastifyInstance;
  caps: Capabilities;
  /** Readiness, metrics and drain (server/src/ops). */
  ops: Ops;
}

/**
 * Builds the HTTP application without listening, so tests can use inject() or listen on port 0: the core
 * (health, auth, organisations, audit) and the chosen capabilities (server/src/compose.ts).
 */
export async function buildApp(ctx: AppContext, want: CapabilityOptions = {}): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    // Forwarding headers are believed only from configured proxies: anyone can send X-Forwarded-For.
    trustProxy: ctx.config.trustProxy,
    // Shutdown must not wait on idle keep-alive connections; open edits are flushed by onClose hooks.
    forceCloseConnections: true,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  app.decorateRequest('user', null);
  installErrorHandler(app);
  installJsonParser(app);
  await installSecurityHeaders(app, ctx.config);

  // Raw bodies for imports (CSV, GeoJSON, feed JSON); JSON stays the default parser.
  installRawBodyParser(app, ['text/csv', 'text/plain', 'application/octet-stream', 'application/geo+json']);

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = bearerToken(req);
    if (token) req.user = (await ctx.auth.authenticate(token)) ?? null;
    // The API description maps every endpoint and parameter: for logged-in users only (the UI shell may load).
    if (!req.user && DOCS_DATA.test(req.url.split('?')[0])) throw appError('UNAUTHENTICATED');
  });
  auditPartnerReads(app, ctx.audit, ctx.auth);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Lägesbild API', version: '1.0.0', description: 'Situational pictures, risk terrain modelling and near-repeat risk.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes);
  // Before the capabilities: its shutdown hook (flush edits, finish requests) must run before theirs close sockets.
  const ops = opsFeature(app as unknown as FastifyInstance, ctx);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(auditRoutes);
  const { capabilities, spaFallback } = await composeCapabilities(app as unknown as FastifyInstance, ctx, want);
  ops.attach(capabilities);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (spaFallback && req.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/') && !path.includes('.')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `${req.method} ${path} was not found.` } });
  });
  return { app: app as unknown as FastifyInstance, caps: capabilities, ops };
}
