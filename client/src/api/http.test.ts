import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError, query } from './http.ts';

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit }[] = []) {
  return async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status });
  };
}

describe('ApiClient', () => {
  it('sends the bearer token and JSON body', async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const c = new ApiClient({ getToken: () => 'tok', fetch: fakeFetch(200, { ok: 1 }, seen) });
    expect(await c.post('/api/x', { a: 1 })).toEqual({ ok: 1 });
    const h = seen[0].init?.headers as Record<string, string>;
    expect(h.Authorization).toBe('Bearer tok');
    expect(seen[0].init?.body).toBe('{"a":1}');
  });

  it('turns error bodies into ApiError with code and message', async () => {
    const c = new ApiClient({ getToken: () => null, fetch: fakeFetch(403, { error: { code: 'FORBIDDEN', message: 'No.' } }) });
    await expect(c.get('/api/x')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN', serverMessage: 'No.' });
  });

  it('copes with non-JSON error bodies', async () => {
    const c = new ApiClient({ getToken: () => null, fetch: fakeFetch(502, '<html>bad gateway</html>') });
    await expect(c.get('/api/x')).rejects.toMatchObject({ code: 'INTERNAL' });
    const d = new ApiClient({ getToken: () => null, fetch: fakeFetch(404, '') });
    await expect(d.get('/api/x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports an expired session once, but not a wrong password', async () => {
    let calls = 0;
    const c = new ApiClient({ getToken: () => 't', onUnauthenticated: () => calls++, fetch: fakeFetch(401, { error: { code: 'UNAUTHENTICATED', message: '' } }) });
    await expect(c.get('/api/me')).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
    const d = new ApiClient({ getToken: () => 't', onUnauthenticated: () => calls++, fetch: fakeFetch(401, { error: { code: 'INVALID_CREDENTIALS', message: '' } }) });
    await expect(d.post('/api/auth/login', {})).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
  });

  it('maps network failures to NETWORK', async () => {
    const c = new ApiClient({
      getToken: () => null,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    await expect(c.get('/api/x')).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('returns undefined for 204', async () => {
    const c = new ApiClient({ getToken: () => null, fetch: fakeFetch(204, undefined) });
    expect(await c.post('/api/auth/logout')).toBeUndefined();
  });
});

describe('query', () => {
  it('skips empty values', () => {
    expect(query({ a: 1, b: '', c: null, d: undefined, e: 'x y' })).toBe('?a=1&e=x+y');
    expect(query({})).toBe('');
  });
});
