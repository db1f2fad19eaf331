import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Counts attempts per key in fixed windows; `hit` answers seconds to wait when over the limit, else 0. */
export interface AttemptCounter {
  hit(key: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * In-memory fixed window: enough for a single server. With several servers behind a balancer each would
 * grant its own window, which is why REDIS_URL switches to RedisAttemptLimiter.
 */
export class AttemptLimiter implements AttemptCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(key: string): Promise<number> {
    return this.hitSync(key);
  }

  hitSync(key: string): number {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (this.windows.size > 10_000) this.prune(t);
    return w.count > this.limit ? Math.ceil((w.start + this.windowMs - t) / 1000) : 0;
  }

  async close(): Promise<void> {}

  private prune(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}

// INCR and the expiry of a new window in one step: two servers can never both start a window or lose a count.
const HIT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

/**
 * The same fixed window kept in Redis, so every server process shares one count per key. When Redis does
 * not answer, the process falls back to its own in-memory window rather than letting attempts through.
 */
export class RedisAttemptLimiter implements AttemptCounter {
  private readonly fallback: AttemptLimiter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly log: Logger,
  ) {
    this.fallback = new AttemptLimiter(limit, windowMs);
  }

  async hit(key: string): Promise<number> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, `${this.prefix}:${key}`, String(this.windowMs))) as [number, number];
      return count > this.limit ? Math.max(1, Math.ceil(ttl / 1000)) : 0;
    } catch (err) {
      this.log.warn({ err }, 'shared rate limit unavailable; using this process’s own count');
      return this.fallback.hitSync(key);
    }
  }

  async close(): Promise<void> {}
}

/** One Redis connection for both login limiters of a process; closed with the AuthService. */
export function connectLimiterRedis(url: string, log: Logger): Redis {
  // ioredis (≈ 2 MB of heap) is loaded only when REDIS_URL is set; it is CommonJS, so this sync caller can require it.
  const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
  redis.on('error', (err) => log.warn({ err }, 'rate limit redis error'));
  return redis;
}
