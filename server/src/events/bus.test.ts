import { describe, expect, it } from 'vitest';
import { type BusTransport, EventBus } from './bus.ts';

interface Events {
  'thing.changed': { id: string };
  'other.happened': { n: number };
}

/** Two buses joined by an in-memory transport, as two processes are by Redis. */
function linkedPair() {
  const sinks: Array<(m: { name: string; payload: unknown }) => void> = [];
  const transport = (self: number): BusTransport => ({
    publish: (m) => {
      // Through JSON, as over Redis: payloads that do not survive it fail here, not in production.
      const wire = JSON.parse(JSON.stringify(m));
      sinks.forEach((s, i) => {
        if (i !== self) s(wire);
      });
    },
    onMessage: (h) => {
      sinks[self] = h;
    },
  });
  const silent = { error: () => {} };
  return [new EventBus<Events>(silent, transport(0)), new EventBus<Events>(silent, transport(1))] as const;
}

describe('EventBus', () => {
  it('delivers an event to its subscribers only, after the emitter has returned', async () => {
    const bus = new EventBus<Events>({ error: () => {} });
    const seen: string[] = [];
    bus.on('thing.changed', (p, origin) => void seen.push(`${p.id}:${origin}`));
    bus.on('other.happened', () => void seen.push('other'));
    bus.emit('thing.changed', { id: 'a' });
    expect(seen).toEqual([]);
    await bus.idle();
    expect(seen).toEqual(['a:local']);
  });

  it('relays events to the other process, marked remote there and local here', async () => {
    const [a, b] = linkedPair();
    const atA: string[] = [];
    const atB: string[] = [];
    a.on('thing.changed', (p, o) => void atA.push(`${p.id}:${o}`));
    b.on('thing.changed', (p, o) => void atB.push(`${p.id}:${o}`));
    a.emit('thing.changed', { id: 'x' });
    await Promise.all([a.idle(), b.idle()]);
    expect(atA).toEqual(['x:local']);
    expect(atB).toEqual(['x:remote']);
  });

  it('a failing handler is logged and neither the emitter nor the other handlers notice', async () => {
    const errors: unknown[] = [];
    const bus = new EventBus<Events>({ error: (obj) => void errors.push(obj) });
    const seen: number[] = [];
    bus.on('other.happened', () => {
      throw new Error('boom');
    });
    bus.on('other.happened', (p) => void seen.push(p.n));
    expect(() => bus.emit('other.happened', { n: 7 })).not.toThrow();
    await bus.idle();
    expect(seen).toEqual([7]);
    expect(errors).toHaveLength(1);
  });

  it('unsubscribing stops delivery', async () => {
    const bus = new EventBus<Events>({ error: () => {} });
    const seen: string[] = [];
    const off = bus.on('thing.changed', (p) => void seen.push(p.id));
    bus.emit('thing.changed', { id: '1' });
    await bus.idle();
    off();
    bus.emit('thing.changed', { id: '2' });
    await bus.idle();
    expect(seen).toEqual(['1']);
  });
});

describe('EventBus.emitSettled', () => {
  it('resolves after the local handlers of that event finished', async () => {
    const bus = new EventBus<Events>({ error: () => {} });
    const seen: string[] = [];
    bus.on('thing.changed', async (p) => {
      await new Promise((r) => setTimeout(r, 10));
      seen.push(p.id);
    });
    await bus.emitSettled('thing.changed', { id: 'x' });
    expect(seen).toEqual(['x']);
  });
});
