import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { BusTransport } from './bus.ts';

// ioredis (≈ 2 MB of heap) is loaded only when REDIS_URL is set; it is CommonJS, so a sync constructor can require it.
const requireCjs = createRequire(import.meta.url);

interface Log {
  warn(obj: unknown, msg: string): void;
}

/**
 * Carries bus events between server processes over one Redis pub/sub channel. A process ignores its own
 * messages (Redis echoes them back). `toWire` shapes what leaves this process (payloads must survive JSON).
 */
export class RedisBusTransport implements BusTransport {
  private readonly from = randomBytes(8).toString('hex');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly channel: string;
  private handler: ((m: { name: string; payload: unknown }) => void) | null = null;

  /** `namespace` keeps deployments (or test runs) that share one Redis apart. */
  constructor(
    url: string,
    private readonly log: Log,
    namespace: string,
    private readonly toWire: (m: { name: string; payload: unknown }) => { name: string; payload: unknown } = (m) => m,
  ) {
    this.channel = `lagesbild:${namespace}:events`;
    const { Redis } = requireCjs('ioredis') as typeof import('ioredis');
    this.pub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.sub = new Redis(url, { maxRetriesPerRequest: 3 });
    this.pub.on('error', (err) => log.warn({ err }, 'event bus: redis publisher error'));
    this.sub.on('error', (err) => log.warn({ err }, 'event bus: redis subscriber error'));
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      try {
        const m = JSON.parse(raw) as { from?: string; name?: unknown; payload?: unknown };
        if (m.from === this.from || typeof m.name !== 'string') return;
        this.handler?.({ name: m.name, payload: m.payload });
      } catch (err) {
        log.warn({ err }, 'event bus: unreadable message');
      }
    });
  }

  /**
   * Resolves once this process receives other processes' events (call before serving). An unreachable Redis is
   * logged, not fatal: the process serves alone until the subscription succeeds on reconnect.
   */
  async ready(): Promise<void> {
    await this.sub.subscribe(this.channel).catch((err) => this.log.warn({ err }, 'event bus: subscribe failed'));
  }

  publish(message: { name: string; payload: unknown }): void {
    const wire = this.toWire(message);
    this.pub.publish(this.channel, JSON.stringify({ from: this.from, ...wire })).catch((err) => this.log.warn({ err, event: message.name }, 'event bus: publish failed'));
  }

  onMessage(handler: (message: { name: string; payload: unknown }) => void): void {
    this.handler = handler;
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }
}
