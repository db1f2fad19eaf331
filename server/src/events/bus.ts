/**
 * The in-process bus on which capabilities announce changes of what they own (typed domain events), relayed to
 * every other server process when a transport is given (Redis pub/sub with REDIS_URL). Subscribers learn whether
 * an event happened in this process (`origin: 'local'`) or another (`'remote'`): work that must happen once per
 * deployment (publishing live events, writing audit rows) runs at the origin only; caches and in-memory state
 * follow every event.
 */

/** Where an event happened, as seen by a subscriber. */
export type EventOrigin = 'local' | 'remote';

export type Handler<P> = (payload: P, origin: EventOrigin) => void | Promise<void>;

/** Carries events between processes; payloads must survive JSON. */
export interface BusTransport {
  publish(message: { name: string; payload: unknown }): void;
  onMessage(handler: (message: { name: string; payload: unknown }) => void): void;
}

export interface BusLogger {
  error(obj: unknown, msg: string): void;
}

/**
 * A typed event bus over an event map `E` (event name → payload). Handlers run after the emitter's current
 * synchronous work (a microtask), in subscription order; a failing handler is logged and never reaches the
 * emitter or the other handlers.
 */
export class EventBus<E extends object> {
  private readonly handlers = new Map<keyof E, Array<Handler<never>>>();
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly log: BusLogger,
    private readonly transport: BusTransport | null = null,
  ) {
    transport?.onMessage((m) => {
      if (typeof m?.name !== 'string') return;
      this.deliver(m.name as keyof E, m.payload as E[keyof E], 'remote');
    });
  }

  on<K extends keyof E>(name: K, handler: Handler<E[K]>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as Handler<never>);
    this.handlers.set(name, list);
    return () => {
      const l = this.handlers.get(name);
      if (l) this.handlers.set(name, l.filter((h) => h !== handler));
    };
  }

  /** Announces an event here and, with a transport, in every other process. */
  emit<K extends keyof E>(name: K, payload: E[K]): void {
    this.deliver(name, payload, 'local');
    this.transport?.publish({ name: String(name), payload });
  }

  /**
   * As {@link emit}, resolving when this process's handlers of this event have finished: for an owner whose
   * answer promises that the change is already visible to the reactions (read-your-writes).
   */
  async emitSettled<K extends keyof E>(name: K, payload: E[K]): Promise<void> {
    const runs = this.deliver(name, payload, 'local');
    this.transport?.publish({ name: String(name), payload });
    await Promise.all(runs);
  }

  /** Resolves when every handler started so far has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private deliver<K extends keyof E>(name: K, payload: E[K], origin: EventOrigin): Array<Promise<void>> {
    const runs: Array<Promise<void>> = [];
    for (const h of this.handlers.get(name) ?? []) {
      const run = Promise.resolve()
        .then(() => (h as Handler<E[K]>)(payload, origin))
        .catch((err) => this.log.error({ err, event: name }, 'event handler failed'));
      this.pending.add(run);
      void run.finally(() => this.pending.delete(run));
      runs.push(run);
    }
    return runs;
  }
}
