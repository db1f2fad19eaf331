/**
 * The read side's in-memory caches. Per process: with several server processes, another process's write is
 * seen when its `strategic.changed` event arrives, or after `CACHE_TTL_MS` at the latest.
 */
export const CACHE_TTL_MS = 60_000;

/** Loads each key at most once per TTL; a failed load is forgotten so the next call retries. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.value;
    const value = load();
    this.entries.set(key, { at: Date.now(), value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Every cache of the strategic read side, so that one write drops them all. */
export class CacheGroup {
  private readonly members: Array<TtlCache<unknown>> = [];

  cache<V>(): TtlCache<V> {
    const c = new TtlCache<V>();
    this.members.push(c as TtlCache<unknown>);
    return c;
  }

  clear(): void {
    for (const m of this.members) m.clear();
  }
}
