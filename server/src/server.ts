import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './app.ts';
import { AuditLog } from './audit/audit.ts';
import { AuthService } from './auth/authService.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import type { AppContext } from './http/context.ts';
import { OrgDirectory } from './orgs/orgDirectory.ts';
import { type SeedStep, seedDemo } from './seed/seed.ts';

export async function createContext(config: Readonly<Config>, log?: Logger): Promise<AppContext> {
  const logger = log ?? pino({ level: config.logLevel });
  const database = await openDatabase(config.database);
  const prisma = database.prisma;
  const audit = new AuditLog(prisma, logger);
  const auth = new AuthService(prisma, audit, config, logger);
  return {
    config,
    database,
    prisma,
    log: logger,
    audit,
    auth,
    orgs: new OrgDirectory(prisma),
    // Run in reverse at shutdown, so the login limiters' Redis connection closes last.
    onClose: [() => auth.close()],
    services: {},
  };
}

/** The features a full server runs; kept in one list so tests can start exactly what production starts. */
export async function productionFeatures(): Promise<{ features: FastifyPluginAsync[]; seedSteps: SeedStep[] }> {
  const { collabFeature } = await import('./collab/feature.ts');
  const { seedDemoPicture } = await import('./pictures/demoPicture.ts');
  const { incidentsFeature } = await import('./incidents/feature.ts');
  const { seedDemoIncidents } = await import('./incidents/seed.ts');
  const { rtmFeature } = await import('./rtmapi/feature.ts');
  const { strategicFeature } = await import('./strategic/feature.ts');
  const { seedStrategic } = await import('./strategic/seedStrategic.ts');
  const { webappFeature } = await import('./webapp/feature.ts');
  return {
    // Order matters: incidents, RTM and the strategic map use the pictures and live hub of collab.
    features: [collabFeature(), incidentsFeature(), rtmFeature(), strategicFeature(), webappFeature()],
    seedSteps: [seedDemoPicture, seedDemoIncidents, seedStrategic],
  };
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  close(): Promise<void>;
}

/** Opens the database (migrating it), seeds demo data once, and listens. */
export async function startServer(config: Readonly<Config>, opts: { log?: Logger; seed?: boolean } = {}): Promise<RunningServer> {
  const ctx = await createContext(config, opts.log);
  if (config.serveClient) {
    const { ensureClientBuilt } = await import('./webapp/feature.ts');
    await ensureClientBuilt(ctx.log);
  }
  const { features, seedSteps } = await productionFeatures();
  const app = await buildApp(ctx, { features });
  if (opts.seed !== false) {
    const outcome = await seedDemo(ctx, seedSteps);
    if (outcome.generatedPassword) {
      // Printed once, on the seeding run only: it is stored nowhere in clear text.
      process.stdout.write(
        `\nDemo data seeded. Password for every demo user (shown only now): ${outcome.generatedPassword}\n` +
          'Set LAGESBILD_DEMO_PASSWORD before the first start to choose it yourself.\n\n',
      );
    }
  }
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Bounded: a stuck connection must not keep a deploy waiting forever.
      await Promise.race([app.close(), new Promise((r) => setTimeout(r, 15_000).unref())]);
      for (const hook of ctx.onClose.reverse()) {
        try {
          await hook();
        } catch (err) {
          ctx.log.error({ err }, 'shutdown hook failed');
        }
      }
      await ctx.audit.flush();
      await ctx.database.close();
    })();
    return closing;
  };
  return { app, ctx, url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`, close };
}
