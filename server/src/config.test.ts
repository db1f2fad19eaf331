import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.url).toBe('file:./data/lagesbild.db');
    expect(c.redisUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('switches to PostgreSQL for a postgresql:// URL and reads its schema', () => {
    const c = loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test?schema=abc' });
    expect(c.database).toMatchObject({ kind: 'postgres', schema: 'abc' });
  });

  it('lists every problem at once', () => {
    let err: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://x', LAGESBILD_DEMO_PASSWORD: 'short' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const key of ['PORT', 'LOG_LEVEL', 'REDIS_URL', 'LAGESBILD_DEMO_PASSWORD']) expect(problems).toContain(key);
  });

  it('trusts no proxy unless TRUST_PROXY lists them, and refuses entries that are not addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1,loopback' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'loopback']);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example,10.0.0.0/33' })).toThrow(/TRUST_PROXY: "proxy.example".*\n.*TRUST_PROXY: "10.0.0.0\/33"/s);
  });

  it('holds the demo password to the password policy', () => {
    expect(() => loadConfig({ LAGESBILD_DEMO_PASSWORD: 'password12345678' })).toThrow(/LAGESBILD_DEMO_PASSWORD: the password is on a list of common/);
    expect(loadConfig({ LAGESBILD_DEMO_PASSWORD: 'test-password-123' }).demoPassword).toBe('test-password-123');
  });

  it('accepts a fractional session lifetime (short sessions in tests)', () => {
    expect(loadConfig({ SESSION_TTL_HOURS: '0.001' }).sessionTtlMs).toBeCloseTo(3_600, 5);
  });

  it('refuses an unknown database scheme with a sentence', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with file:/);
  });
});
