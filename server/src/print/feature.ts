import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { PdfPrinter, type PdfPrinterOptions } from './PdfPrinter.ts';
import { printRoutes } from './routes.ts';

export type PrintOptions = Partial<Pick<PdfPrinterOptions, 'idleMs' | 'timeoutMs' | 'concurrency' | 'maxWaiting' | 'executablePath'>>;

/**
 * The PDF printer of this process and its route. The printer reaches the web app at the address this server
 * listens on (known only after listen), on the loopback when it listens on every interface.
 */
export async function printFeature(app: FastifyInstance, ctx: AppContext, opts: PrintOptions = {}): Promise<PdfPrinter> {
  const printer = new PdfPrinter({
    ...opts,
    executablePath: opts.executablePath ?? ctx.config.chromiumPath,
    baseUrl: () => ownAddress(app),
    log: ctx.log,
  });
  await app.register(printRoutes(printer));
  app.addHook('onClose', async () => printer.close());
  return printer;
}

function ownAddress(app: FastifyInstance): string | null {
  const a = app.server.address();
  if (!a || typeof a === 'string') return null;
  const host = a.address === '0.0.0.0' || a.address === '::' ? '127.0.0.1' : a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `http://${host}:${a.port}`;
}
