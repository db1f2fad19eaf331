/**
 * Cacheable public answers: an ETag (hash of the body; weak, since the gzipped and plain bytes share it), `Cache-Control: public, max-age=60` and 304 on
 * a matching If-None-Match, so browsers and any proxy or CDN in front share one copy. Behind that, each process
 * keeps a body for a few seconds, so a whole city opening the page after a serious event costs one database
 * read per answer per few seconds, not one per visitor.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_MAX_AGE_S = 60;

interface Entry {
  body: string;
  /** The body gzipped once when it is stored (phones on slow links), or null when too small to gain. */
  gzip: Buffer | null;
  etag: string;
  at: number;
}

/** Bodies smaller than this go as they are: a gzip header and a round of inflating cost more than they save. */
const GZIP_FROM_BYTES = 1_000;

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
        const gzip = Buffer.byteLength(body) >= GZIP_FROM_BYTES ? gzipSync(body, { level: 6 }) : null;
        const entry = { body, gzip, etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`, at: this.now() };
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

/** Whether If-None-Match names this ETag (weak comparison, as for GET; a list and `*` included). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}

/** Sends a cached answer with its validators, or 304 when the client already holds it. */
/** Whether Accept-Encoding allows gzip (q=0 refuses it). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name.trim().toLowerCase() !== 'gzip' && name.trim() !== '*') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    return q === undefined || Number(q) > 0;
  });
}

/** Sends a cached answer with its validators (gzipped when the client takes it), or 304 when the client holds it. */
export function sendCacheable(req: FastifyRequest, reply: FastifyReply, entry: { body: string; gzip: Buffer | null; etag: string }, contentType = 'application/json; charset=utf-8') {
  reply.header('etag', entry.etag);
  reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_S}`);
  reply.header('vary', 'Accept-Encoding');
  if (matchesEtag(req.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  reply.type(contentType);
  if (entry.gzip && acceptsGzip(req.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(entry.gzip);
  return reply.send(entry.body);
}
