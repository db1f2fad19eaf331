import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { repoRoot } from '../paths.ts';
import { geocodeRoutes } from './geocode.ts';

export const CLIENT_DIST = join(repoRoot, 'client', 'dist');
export const ASSETS_DIR = join(repoRoot, 'assets');

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Unhashed files (index.html, the base map) keep their name across releases: revalidate every time. */
const REVALIDATE = 'no-cache';

export function clientIsBuilt(dist = CLIENT_DIST): boolean {
  return existsSync(join(dist, 'index.html'));
}

/**
 * Why `serve` cannot serve the web client, or null when it can. The server never builds the client itself:
 * a bundler inside the server process stays in its memory for the process's lifetime.
 */
export function clientBuildProblem(serveClient: boolean, dist = CLIENT_DIST): string | null {
  if (!serveClient || clientIsBuilt(dist)) return null;
  return 'SERVE_CLIENT: the web client is not built (client/dist/index.html is missing). Run `npm run build` first, or set SERVE_CLIENT=false to serve only the API.';
}

/**
 * A hashed file's name changes with its content, so caches may keep it forever; anything else must ask again.
 * Vite writes content-hashed names only under the build's assets/ folder.
 */
export function cacheControlFor(dist: string, file: string): string {
  const rel = relative(join(dist, 'assets'), file);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? REVALIDATE : IMMUTABLE;
}

/**
 * Serves a client build at / (index.html for /), each file in the encoding the browser accepts when the build
 * carries it precompressed (.br, .gz beside the file), with the cache lifetime of `cacheControlFor`.
 */
export async function serveClientBuild(app: FastifyInstance, dist: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('cache-control', cacheControlFor(dist, path.replace(/\.(br|gz)$/, '')));
    },
  });
}

/**
 * Serves the web app at / with a fallback to index.html for client-side routes, the shipped open data
 * under /assets/, and the client's runtime settings at /api/config. Resolves true when the app is served
 * (the not-found handler then answers client-side routes with index.html).
 *
 * The build (scripts/build.mjs) writes a .br and a .gz beside every compressible file; the one the
 * browser accepts is sent as it is, so no request spends CPU on compression.
 */
export async function webappFeature(app: FastifyInstance, ctx: AppContext): Promise<boolean> {
  const { config } = ctx;
  app.get('/api/config', { schema: { tags: ['system'], security: [] } }, async () => ({ mapStyleUrl: config.mapStyleUrl ?? null, geocoder: !!config.geocoderUrl }));
  if (config.geocoderUrl) await geocodeRoutes(app, config.geocoderUrl);
  if (existsSync(ASSETS_DIR)) {
    await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  }
  if (!config.serveClient || !clientIsBuilt()) return false;
  await serveClientBuild(app, CLIENT_DIST);
  // Client-side routes (/pictures/:id …) get the app.
  return true;
}
