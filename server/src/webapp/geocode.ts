/**
 * Optional address search through a deployment's own geocoder (GEOCODER_URL, Nominatim-compatible: `?q=&format=
 * jsonv2&limit=`, answering `[{ display_name, boundingbox: [south, north, west, east] }]`). Off when unset: the
 * web client then searches only the shipped place names. The server asks on the caller's behalf, so the browser
 * talks to nothing but this origin (the CSP stays 'self') and the geocoder sees no user's address.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { appError } from '../errors.ts';
import { requireUser } from '../http/guards.ts';

export interface GeocodeHit {
  name: string;
  /** [west, south, east, north], WGS84. */
  bbox: [number, number, number, number];
}

/** A slow geocoder must not hold a type-ahead request: the client asks again on the next keystroke. */
export const GEOCODE_TIMEOUT_MS = 3_000;
const MAX_HITS = 5;

/** The hits of a Nominatim-style answer that have a name and a valid box; anything else is skipped. */
export function parseNominatim(body: unknown): GeocodeHit[] {
  if (!Array.isArray(body)) return [];
  const out: GeocodeHit[] = [];
  for (const r of body) {
    const name = (r as { display_name?: unknown })?.display_name;
    const bb = (r as { boundingbox?: unknown })?.boundingbox;
    if (typeof name !== 'string' || !Array.isArray(bb) || bb.length !== 4) continue;
    const [s, n, w, e] = bb.map(Number);
    if (![s, n, w, e].every(Number.isFinite) || s > n || w > e || Math.abs(s) > 90 || Math.abs(n) > 90 || Math.abs(w) > 180 || Math.abs(e) > 180) continue;
    out.push({ name: name.slice(0, 200), bbox: [w, s, e, n] });
    if (out.length === MAX_HITS) break;
  }
  return out;
}

export async function geocodeRoutes(app: FastifyInstance, geocoderUrl: string, fetchFn: typeof fetch = fetch): Promise<void> {
  app.get(
    '/api/geocode',
    { schema: { tags: ['system'], querystring: Type.Object({ q: Type.String({ minLength: 2, maxLength: 200 }) }) } },
    async (req) => {
      requireUser(req);
      const q = (req.query as { q: string }).q.trim();
      const url = new URL(geocoderUrl);
      url.searchParams.set('q', q);
      url.searchParams.set('format', 'jsonv2');
      url.searchParams.set('limit', String(MAX_HITS));
      url.searchParams.set('countrycodes', 'se');
      let res: Response;
      try {
        res = await fetchFn(url, { signal: AbortSignal.timeout(GEOCODE_TIMEOUT_MS), headers: { Accept: 'application/json' } });
      } catch {
        throw appError('NOT_READY', ['the address search (GEOCODER_URL) did not answer in time.']);
      }
      if (!res.ok) throw appError('NOT_READY', [`the address search (GEOCODER_URL) answered ${res.status}.`]);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw appError('NOT_READY', ['the address search (GEOCODER_URL) did not answer JSON.']);
      }
      return { items: parseNominatim(body) };
    },
  );
}
