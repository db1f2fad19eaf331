import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBus } from './bus.ts';
import { type DomainEvents, toWire } from './domainEvents.ts';
import { RedisBusTransport } from './redisTransport.ts';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = { warn: () => {}, error: () => {} };

/** Two processes' buses on one Redis, as two servers behind a load balancer. */
describe('RedisBusTransport', () => {
  const namespace = `test-${randomBytes(4).toString('hex')}`;
  const transports = [0, 1].map(() => new RedisBusTransport(REDIS, silent, namespace, toWire));
  const [a, b] = transports.map((t) => new EventBus<DomainEvents>(silent, t));
  afterAll(async () => {
    for (const t of transports) await t.close();
  });

  const next = <K extends keyof DomainEvents>(bus: EventBus<DomainEvents>, name: K) =>
    new Promise<{ payload: DomainEvents[K]; origin: string }>((resolve) => {
      const off = bus.on(name, (payload, origin) => {
        off();
        resolve({ payload, origin });
      });
    });

  it('delivers an event to the other process as remote, and not back to its origin', async () => {
    await Promise.all(transports.map((t) => t.ready()));
    const seenByA: string[] = [];
    a.on('session.ended', (_p, origin) => void seenByA.push(origin));
    const atB = next(b, 'session.ended');
    a.emit('session.ended', { sessionId: 's1', userId: 'u1' });
    expect(await atB).toEqual({ payload: { sessionId: 's1', userId: 'u1' }, origin: 'remote' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seenByA).toEqual(['local']);
  });

  it('sends incident ids, not the in-process records', async () => {
    const atB = next(b, 'incident.changed');
    a.emit('incident.changed', { ids: ['i1'], changes: [{ before: null, after: { id: 'i1' } }] as never });
    expect((await atB).payload).toEqual({ ids: ['i1'], changes: [] });
  });

  it('keeps deployments with different namespaces apart', async () => {
    const other = new RedisBusTransport(REDIS, silent, `${namespace}-other`, toWire);
    await other.ready();
    const c = new EventBus<DomainEvents>(silent, other);
    const seen: string[] = [];
    c.on('user.changed', (p) => void seen.push(p.userId));
    const atB = next(b, 'user.changed');
    a.emit('user.changed', { userId: 'u2' });
    await atB;
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
    await other.close();
  });
});
