import { Server } from '@hocuspocus/server';

/**
 * @hocuspocus/server@3.4.4 with no extensions (in-memory documents, no authentication hooks). Started by
 * run.ts as a child process; prints `READY <port>` and exits when the parent goes away.
 */
const port = Number(process.env.PORT ?? '0');
const server = new Server({ port, address: '127.0.0.1', quiet: true });
await server.listen();
process.stdout.write(`READY ${server.address.port}\n`);
const stop = () => process.exit(0);
process.on('disconnect', stop);
process.on('SIGTERM', stop);
setTimeout(stop, Number(process.env.BENCH_MAX_LIFETIME_MS ?? 20 * 60_000)).unref();
