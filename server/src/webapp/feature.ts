import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { repoRoot } from '../paths.ts';

export const CLIENT_DIST = join(repoRoot, 'client', 'dist');
export const ASSETS_DIR = join(repoRoot, 'assets');

/** Builds the web client when there is no build yet (first `npm start` on a fresh clone). */
export async function ensureClientBuilt(log: { info(msg: string): void }): Promise<void> {
  if (existsSync(join(CLIENT_DIST, 'index.html'))) return;
  const configFile = join(repoRoot, 'client', 'vite.config.ts');
  if (!existsSync(configFile)) return;
  log.info('building the web client (first start)…');
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
}

/**
 * Serves the web app at / with a fallback to index.html for client-side routes, the shipped open data
 * under /assets/, and the client's runtime settings at /api/config. Resolves true when the app is served
 * (the not-found handler then answers client-side routes with index.html).
 */
export async function webappFeature(app: FastifyInstance, ctx: AppContext): Promise<boolean> {
  const { config } = ctx;
  app.get('/api/config', { schema: { tags: ['system'], security: [] } }, async () => ({ mapStyleUrl: config.mapStyleUrl ?? null }));
  if (existsSync(ASSETS_DIR)) {
    await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  }
  if (!config.serveClient || !existsSync(join(CLIENT_DIST, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: CLIENT_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  // Client-side routes (/pictures/:id …) get the app.
  return true;
}
