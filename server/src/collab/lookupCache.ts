/**
 * A single-flight cache for the gateway's connect-time lookups (session, layer, the caller's right on it). When
 * hundreds of clients connect at once they share one query per key instead of each compiling and running its own.
 * Its owner clears it on every event that may change access; the TTL only bounds how long an entry may outlive a
 * change that announced nothing (a row edited by hand), and `maxEntries` bounds memory.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 5_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = load();
    // Re-inserted, so the Map's order stays oldest-first for eviction.
    this.entries.delete(key);
    this.entries.set(key, { at: t, value });
    // A failed lookup is not remembered (unless a newer one has taken its place meanwhile).
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.evict(t);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Drops expired entries, then the oldest until a tenth of the room is free again. */
  private evict(t: number): void {
    for (const [k, e] of this.entries) if (t - e.at >= this.ttlMs) this.entries.delete(k);
    const target = Math.floor(this.maxEntries * 0.9);
    for (const k of this.entries.keys()) {
      if (this.entries.size <= target) break;
      this.entries.delete(k);
    }
  }
}
