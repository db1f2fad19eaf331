import { describe, expect, it } from 'vitest';
import { acceptsGzip, matchesEtag, PublicAnswerCache } from './cache.ts';

describe('public answer cache', () => {
  it('loads an answer once per TTL, and concurrent misses share one load', async () => {
    let now = 0;
    let loads = 0;
    const cache = new PublicAnswerCache(5_000, () => now);
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return { n: loads };
    };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect(loads).toBe(1);
    expect(a).toBe(b);
    now = 4_999;
    expect((await cache.get('k', load)).body).toBe('{"n":1}');
    now = 5_000;
    expect((await cache.get('k', load)).body).toBe('{"n":2}');
    expect(loads).toBe(2);
  });

  it('keeps nothing with a TTL of 0, and gzips only bodies worth it', async () => {
    let loads = 0;
    const cache = new PublicAnswerCache(0);
    await cache.get('k', async () => ++loads);
    await cache.get('k', async () => ++loads);
    expect(loads).toBe(2);
    expect((await cache.get('small', async () => 'x')).gzip).toBeNull();
    expect((await cache.get('big', async () => 'x'.repeat(5_000))).gzip?.length).toBeLessThan(200);
  });

  it('gives the same body the same ETag, another body another', async () => {
    const cache = new PublicAnswerCache(0);
    const a = await cache.get('a', async () => ({ v: 1 }));
    const b = await cache.get('b', async () => ({ v: 1 }));
    const c = await cache.get('c', async () => ({ v: 2 }));
    expect(a.etag).toBe(b.etag);
    expect(a.etag).not.toBe(c.etag);
  });

  it('compares If-None-Match weakly, in lists and with *', () => {
    expect(matchesEtag('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(matchesEtag('*', 'W/"abc"')).toBe(true);
    expect(matchesEtag('"abd"', 'W/"abc"')).toBe(false);
    expect(matchesEtag(undefined, 'W/"abc"')).toBe(false);
  });

  it('reads Accept-Encoding, q=0 refusing', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1.0, gzip;q=0.8')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
