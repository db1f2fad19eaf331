/**
 * Cacheable public answers: a strong ETag (hash of the body), `Cache-Control: public, max-age=60` and 304 on
 * a matching If-None-Match, so browsers and any proxy or CDN in front share one copy. Behind that, each process
 * keeps a body for a few seconds, so a whole city opening the page after a serious event costs one database
 * read per answer per few seconds, not one per visitor.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_MAX_AGE_S = 60;

interface Entry {
  body: string;
  etag: string;
  at: number;
}

/** Most distinct answers kept (query strings vary: municipalities × periods). */
const MAX_ENTRIES = 2_000;

export class PublicAnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(
    /** How long a body is reused, in ms (0: never). */
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer for `key`, computed by `load` at most once per TTL (concurrent misses share one load). */
  async get(key: string, load: () => Promise<unknown>): Promise<Entry> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit;
    const running = this.pending.get(key);
    if (running) return running;
    const p = load()
      .then((value) => {
        const body = JSON.stringify(value);
        const entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`, at: this.now() };
        if (this.ttlMs > 0) {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(key, entry);
        }
        return entry;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }
}

/** Whether If-None-Match names this ETag (a list, weak forms and `*` included). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Sends a cached answer with its validators, or 304 when the client already holds it. */
export function sendCacheable(req: FastifyRequest, reply: FastifyReply, entry: { body: string; etag: string }, contentType = 'application/json; charset=utf-8') {
  reply.header('etag', entry.etag);
  reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_S}`);
  reply.header('vary', 'Accept-Encoding');
  if (matchesEtag(req.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  return reply.type(contentType).send(entry.body);
}
