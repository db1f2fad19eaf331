import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';

export interface Check {
  name: 'database' | 'redis';
  ok: boolean;
}

/** Resolves `p`, or rejects after `ms`: a hung dependency must make readiness fail, not hang the probe. */
export function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A Redis connection of the probe's own: the bus and socket.io connections queue commands while Redis is away,
 * so a ping through them would wait instead of failing. This one fails at once when Redis is down.
 */
export class RedisProbe {
  private readonly redis: Redis;

  constructor(url: string) {
    // ioredis (≈ 2 MB of heap) is loaded only when REDIS_URL is set; it is CommonJS, so this constructor can require it.
    const { Redis } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
    this.redis = new Redis(url, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 1_000 });
    // Errors surface as a failed check; logging each reconnect attempt would flood the log while Redis is down.
    this.redis.on('error', () => undefined);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    try {
      return (await within(this.redis.ping(), timeoutMs)) === 'PONG';
    } catch {
      return false;
    }
  }

  close(): void {
    this.redis.disconnect();
  }
}
