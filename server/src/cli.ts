import { ConfigError, loadConfig } from './config.ts';

const HELP = `Lägesbild command line

Usage: npx lagesbild <command> [options]

Commands:
  serve      Start the server (API, live updates, web app) on PORT (default 8080)
  migrate    Create or update the database schema at DATABASE_URL
  seed       Seed the demo organisations, users and data (only into an empty database)
  rtm        Run a Risk Terrain Model: rtm --study study.json --out result.json [--cells cells.csv]
  knox       Knox near-repeat test: knox --events events.csv --sds 0,100,200 --tds 0,7,14 --out result.json
  wdd        Weighted displacement difference: wdd --control 308,318 --treated 207,110 [--displacement-control a,b
             --displacement-treated a,b --time-weights pre,post --area-weights c,t,dc,dt --alpha 0.1] [--json]
  wdd-harm   Harm-weighted WDD: wdd-harm --est -10,-5 --se 8.4,10.2 --weight 10,5 [--alpha 0.1] [--json]
  wdq        Weighted displacement quotient: wdq --target 207,110 --buffer 178,157 --control 308,318 [--json]
  etest      Poisson E-test: etest --k1 6 --k2 2 [--n1 1 --n2 1 --d 0 --variance pooled|unpooled] [--json]
  help       Show this text

Configuration comes from the environment; see README.md.
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  serve: async () => {
    const { startServer } = await import('./server.ts');
    const server = await startServer(loadConfig());
    const { collectStartupGarbage } = await import('./ops/startupGc.ts');
    collectStartupGarbage();
    server.ctx.log.info({ url: server.url }, 'Lägesbild is listening');
    await new Promise<void>((resolve) => {
      const stop = (signal: string) => {
        server.ctx.log.info({ signal }, 'shutting down');
        // SIGTERM is the orchestrator's (drain first); SIGINT is someone at a terminal (stop now).
        (signal === 'SIGTERM' ? server.drain() : server.close()).then(resolve, (err) => {
          server.ctx.log.error({ err }, 'shutdown failed');
          resolve();
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
    return 0;
  },
  migrate: async () => {
    const { migrateDatabase } = await import('./db/migrate.ts');
    const config = loadConfig();
    const applied = await migrateDatabase(config.database);
    process.stdout.write(applied.length ? `Applied migrations: ${applied.join(', ')}\n` : 'The database is up to date.\n');
    return 0;
  },
  seed: async () => {
    const { createContext, PRODUCTION, seedStepsFor } = await import('./compose.ts');
    const { buildApp } = await import('./app.ts');
    const { seedDemo } = await import('./seed/seed.ts');
    const ctx = await createContext(loadConfig());
    // The seed steps use the capabilities' services (documents, incidents), so the app is built, not started.
    const { app, caps } = await buildApp(ctx, PRODUCTION);
    try {
      await app.ready();
      const outcome = await seedDemo(ctx, caps, await seedStepsFor(PRODUCTION));
      if (!outcome.seeded) process.stdout.write('The database already has demo data; nothing was seeded.\n');
      else if (outcome.generatedPassword) process.stdout.write(`Demo data seeded. Password for every demo user: ${outcome.generatedPassword}\n`);
      else process.stdout.write('Demo data seeded.\n');
    } finally {
      await app.close();
      for (const hook of ctx.onClose.reverse()) await hook();
      await ctx.database.close();
    }
    return 0;
  },
  rtm: async (args) => {
    const { runRtmCommand } = await import('./rtm/cli.ts');
    return runRtmCommand(args);
  },
  knox: async (args) => {
    const { runKnoxCommand } = await import('./nearrepeat/knoxCli.ts');
    return runKnoxCommand(args);
  },
  ...Object.fromEntries(
    ['wdd', 'wdd-harm', 'wdq', 'etest'].map((name): [string, Command] => [
      name,
      async (args) => {
        const { runEvaluationCommand } = await import('./evaluation/cli.ts');
        return runEvaluationCommand(name, args);
      },
    ]),
  ),
  help: async () => {
    process.stdout.write(HELP);
    return 0;
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  if (name === '--help' || name === '-h') return commands.help([]);
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Run "npx lagesbild --help" for the list of commands.\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`lagesbild ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
