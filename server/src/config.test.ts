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

  it('refuses an unknown database scheme with a sentence', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must start with file:/);
  });
});
