import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { type Capabilities, createContext, PRODUCTION, seedStepsFor } from './compose.ts';
import { type Config, ConfigError } from './config.ts';
import type { AppContext } from './context.ts';
import { seedDemo } from './seed/seed.ts';
import { clientBuildProblem } from './webapp/feature.ts';

export { createContext };

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  caps: Capabilities;
  url: string;
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): readiness answers 503 for SHUTDOWN_DRAIN_SECONDS so load balancers move new
   * work elsewhere, then `close`: new requests get 503, held edits are written, requests in flight are answered,
   * document sockets close with 1001 (going away) and the rest of the edits are flushed.
   */
  drain(): Promise<void>;
}

/** Opens the database (migrating it), seeds demo data once, and listens. */
export async function startServer(config: Readonly<Config>, opts: { log?: Logger; seed?: boolean } = {}): Promise<RunningServer> {
  const notBuilt = clientBuildProblem(config.serveClient);
  if (notBuilt) throw new ConfigError([notBuilt]);
  const ctx = await createContext(config, opts.log);
  const { app, caps, ops } = await buildApp(ctx, PRODUCTION);
  if (opts.seed !== false) {
    const outcome = await seedDemo(ctx, caps, await seedStepsFor(PRODUCTION));
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
  const drain = async () => {
    ops.beginDrain();
    await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
    await close();
  };
  return { app, ctx, caps, url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`, close, drain };
}
