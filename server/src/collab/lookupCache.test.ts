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
  it('stays within its size by dropping the oldest entries first', async () => {
    let now = 0;
    const cache = new LookupCache<string>(60_000, () => now, 10);
    for (let i = 0; i < 11; i++) {
      now = i;
      await cache.get(`k${i}`, async () => `v${i}`);
    }
    expect(cache.size).toBe(9);
    // The oldest were dropped, the newest kept (a hit does not load again).
    let loads = 0;
    expect(await cache.get('k10', async () => `again${++loads}`)).toBe('v10');
    expect(await cache.get('k0', async () => `again${++loads}`)).toBe('again1');
  });

  it('a failed load does not remove a newer entry for the same key', async () => {
    let now = 0;
    const cache = new LookupCache<number>(10, () => now);
    let fail!: (e: Error) => void;
    const first = cache.get('k', () => new Promise<number>((_, reject) => (fail = reject)));
    now = 20; // expired: the next caller loads anew
    expect(await cache.get('k', async () => 2)).toBe(2);
    fail(new Error('late failure'));
    await expect(first).rejects.toThrow('late failure');
    expect(await cache.get('k', async () => 3)).toBe(2);
  });
});
