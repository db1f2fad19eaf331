/**
 * The public view: the no-login API under /api/public and the page /offentlig[/:municipalityCode]. Everything
 * is read through PublicReader (reader.ts), which the composition root builds from the owners' public-only
 * methods; this folder imports no capability.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readCsv } from '../../../shared/src/csv.ts';
import type { AppContext } from '../context.ts';
import { repoRoot } from '../paths.ts';
import { PublicAnswerCache } from './cache.ts';
import type { PublicReader } from './reader.ts';
import { publicRoutes } from './routes.ts';

export interface PublicOptions {
  /** How long each process reuses a public answer, in ms; 0 in tests that change content between reads. @defaultValue 5000 */
  cacheTtlMs?: number;
}

const PAGE = join(repoRoot, 'client', 'dist', 'offentlig.html');
const MUNICIPALITIES_CSV = join(repoRoot, 'assets', 'geo', 'swedish_admin_areas.csv');
const BOUNDARIES = join(repoRoot, 'assets', 'geo', 'kommuner_scb.geojson');

/** SCB's municipality codes and names (assets/geo/swedish_admin_areas.csv), read once. */
function municipalityList(): () => Promise<Array<{ code: string; name: string }>> {
  let list: Array<{ code: string; name: string }> | undefined;
  return async () => {
    list ??= readCsv(readFileSync(MUNICIPALITIES_CSV, 'utf8'))
      .slice(1)
      .filter((r) => /^\d{4}$/.test(r.fields[0] ?? ''))
      .map((r) => ({ code: r.fields[0], name: r.fields[1] }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    return list;
  };
}

/** SCB's generalised municipal boundaries (assets/geo/kommuner_scb.geojson) by code, read once. */
function boundaryOf(): (code: string) => Promise<unknown | null> {
  let byCode: Map<string, unknown> | undefined;
  return async (code) => {
    if (!byCode) {
      const fc = JSON.parse(readFileSync(BOUNDARIES, 'utf8')) as { features: Array<{ properties: { kommun_kod: string }; geometry: unknown }> };
      byCode = new Map(fc.features.map((f) => [f.properties.kommun_kod, f.geometry]));
    }
    return byCode.get(code) ?? null;
  };
}

export async function publicFeature(app: FastifyInstance, ctx: AppContext, reader: PublicReader, opts: PublicOptions = {}): Promise<void> {
  const cache = new PublicAnswerCache(opts.cacheTtlMs ?? 5_000);
  await app.register(publicRoutes(reader, cache, { municipalities: municipalityList(), boundary: boundaryOf() }));
  if (!ctx.config.serveClient) return;
  // The public page is its own small entry of the client build (client/offentlig.html), not the signed-in app.
  const page = (reply: FastifyReply) => {
    if (!existsSync(PAGE)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'The public page is not built (npm run build).' } });
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(readFileSync(PAGE));
  };
  app.get('/offentlig', { schema: { hide: true } }, (_req, reply) => page(reply));
  app.get('/offentlig/:municipalityCode', { schema: { hide: true } }, (_req, reply) => page(reply));
  app.get('/offentlig/:municipalityCode/', { schema: { hide: true } }, (_req, reply) => page(reply));
}
