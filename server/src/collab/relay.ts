import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Relays document updates and awareness between server processes: one Redis channel per layer document,
 * subscribed only while a process holds the document. (Everything else crosses processes as domain events,
 * server/src/events.)
 */
export const RELAY_KIND = { update: 0, awareness: 1, syncRequest: 2, syncReply: 3 } as const;
export type RelayKind = (typeof RELAY_KIND)[keyof typeof RELAY_KIND];

export type RelayHandler = (kind: RelayKind, payload: Uint8Array) => void;

export interface Relay {
  readonly serverId: string;
  publish(layerId: string, kind: RelayKind, payload: Uint8Array): void;
  subscribe(layerId: string, handler: RelayHandler): Promise<void>;
  unsubscribe(layerId: string): Promise<void>;
  close(): Promise<void>;
}

const ID_BYTES = 8;

// ioredis (≈ 2 MB of heap) is loaded only when REDIS_URL is set; it is CommonJS, so a sync constructor can require it.
const requireCjs = createRequire(import.meta.url);

export class RedisRelay implements Relay {
  readonly serverId = randomBytes(ID_BYTES).toString('hex');
  private readonly idBytes = Buffer.from(this.serverId, 'hex');
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, RelayHandler>();

  private readonly prefix: string;

  /** `namespace` keeps deployments (or test runs) that share one Redis apart. */
  constructor(url: string, private readonly log: Logger, namespace = 'default') {
    this.prefix = `lagesbild:${namespace}:yjs:`;
    const { Redis } = requireCjs('ioredis') as typeof import('ioredis');
    this.pub = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.sub = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: false });
    this.pub.on('error', (err) => log.warn({ err }, 'redis publisher error'));
    this.sub.on('error', (err) => log.warn({ err }, 'redis subscriber error'));
    this.sub.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
      const channel = channelBuf.toString();
      if (message.length < 1 + ID_BYTES || message.subarray(1, 1 + ID_BYTES).equals(this.idBytes)) return;
      const handler = this.handlers.get(channel.slice(this.prefix.length));
      handler?.(message[0] as RelayKind, new Uint8Array(message.subarray(1 + ID_BYTES)));
    });
  }

  publish(layerId: string, kind: RelayKind, payload: Uint8Array): void {
    const buf = Buffer.allocUnsafe(1 + ID_BYTES + payload.byteLength);
    buf[0] = kind;
    this.idBytes.copy(buf, 1);
    buf.set(payload, 1 + ID_BYTES);
    this.pub.publish(this.prefix + layerId, buf).catch((err) => this.log.warn({ err, layerId }, 'relay publish failed'));
  }

  async subscribe(layerId: string, handler: RelayHandler): Promise<void> {
    this.handlers.set(layerId, handler);
    await this.sub.subscribe(this.prefix + layerId);
  }

  async unsubscribe(layerId: string): Promise<void> {
    this.handlers.delete(layerId);
    await this.sub.unsubscribe(this.prefix + layerId);
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }
}
