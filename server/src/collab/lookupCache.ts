/**
 * A short-lived, single-flight cache for the gateway's connect-time lookups (session, layer with its
 * access list). When hundreds of clients connect at once they share one query per key instead of
 * each compiling and running its own. Cleared whenever access may have changed.
 */
export class LookupCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && t - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: t, value });
    // A failed lookup is not remembered.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > 5_000) this.prune(t);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private prune(t: number): void {
    for (const [k, e] of this.entries) if (t - e.at >= this.ttlMs) this.entries.delete(k);
  }
}
