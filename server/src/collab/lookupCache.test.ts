import { describe, expect, it } from 'vitest';
import { LookupCache } from './lookupCache.ts';

describe('LookupCache', () => {
  it('shares one load between simultaneous callers and expires after its TTL', async () => {
    let now = 0;
    let loads = 0;
    const cache = new LookupCache<number>(1_000, () => now);
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    now = 999;
    expect(await cache.get('k', load)).toBe(1);
    now = 1_000;
    expect(await cache.get('k', load)).toBe(2);
    cache.clear();
    expect(await cache.get('k', load)).toBe(3);
  });

  it('forgets failed loads', async () => {
    const cache = new LookupCache<number>(1_000);
    await expect(cache.get('k', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });
});
