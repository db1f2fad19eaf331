import { afterEach, describe, expect, it, vi } from 'vitest';
import { CACHE_TTL_MS, CacheGroup } from './cache.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('strategic caches', () => {
  it('loads a key once per TTL, and again after it', async () => {
    vi.useFakeTimers();
    const cache = new CacheGroup().cache<number>();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    vi.advanceTimersByTime(CACHE_TTL_MS);
    expect(await cache.get('k', load)).toBe(2);
  });

  it('forgets a failed load, so the next call retries', async () => {
    const cache = new CacheGroup().cache<string>();
    await expect(cache.get('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('k', async () => 'ok')).toBe('ok');
  });

  it('drops every member of the group at once (one write invalidates all)', async () => {
    const group = new CacheGroup();
    const a = group.cache<number>();
    const b = group.cache<number>();
    await a.get('x', async () => 1);
    await b.get('y', async () => 1);
    group.clear();
    expect(await a.get('x', async () => 2)).toBe(2);
    expect(await b.get('y', async () => 2)).toBe(2);
  });
});
