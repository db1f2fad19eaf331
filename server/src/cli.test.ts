import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.ts';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/lagesbild.js'), ...args], { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npx lagesbild', () => {
  it('lists its commands with --help', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'rtm', 'knox']) expect(r.out).toContain(c);
  });

  it('answers an unknown command with exit 2 and a sentence', () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown command "frobnicate"/);
  });

  it('refuses a bad configuration with every problem listed and exit 2', () => {
    const r = cli(['migrate'], { DATABASE_URL: 'mysql://nope', PORT: 'x' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/PORT/);
  });

  it('migrates and seeds a fresh SQLite database once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-cli-'));
    try {
      const env = { DATABASE_URL: `file:${join(dir, 'x.db')}`, LAGESBILD_DEMO_PASSWORD: 'cli-password-1234' };
      expect(cli(['migrate'], env).out).toMatch(/Applied migrations: 0001_init/);
      expect(cli(['migrate'], env).out).toMatch(/up to date/);
      const seeded = cli(['seed'], env);
      expect(seeded.code).toBe(0);
      expect(seeded.out).toMatch(/seeded/);
      expect(cli(['seed'], env).out).toMatch(/nothing was seeded/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
