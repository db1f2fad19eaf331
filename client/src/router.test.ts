import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './router.ts';

describe('routes', () => {
  it('parses the contract routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/pictures/abc')).toEqual({ name: 'picture', id: 'abc' });
    expect(parseRoute('/pictures/a%20b/')).toEqual({ name: 'picture', id: 'a b' });
    expect(parseRoute('/strategic')).toEqual({ name: 'strategic' });
    expect(parseRoute('/nope')).toEqual({ name: 'notFound' });
    expect(routePath({ name: 'picture', id: 'a b' })).toBe('/pictures/a%20b');
    expect(parseRoute('/uppfoljning')).toEqual({ name: 'evaluations' });
    expect(parseRoute('/uppfoljning/ev%201')).toEqual({ name: 'evaluation', id: 'ev 1' });
    expect(parseRoute('/uppfoljning/a/b')).toEqual({ name: 'notFound' });
    expect(routePath({ name: 'evaluation', id: 'ev 1' })).toBe('/uppfoljning/ev%201');
  });
});
