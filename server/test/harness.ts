import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Capabilities, type CapabilityOptions, createContext } from '../src/compose.ts';
import type { AppContext } from '../src/context.ts';
import { type SeedStep, seedDemo } from '../src/seed/seed.ts';

export const TEST_PASSWORD = 'test-password-123';
export const PG_BASE_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export type DbKind = 'sqlite' | 'postgres';

/** A database of its own for one test file: a temp SQLite file, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function testDatabase(kind: DbKind): TestDatabase {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-test-'));
    return { url: `file:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const u = new URL(PG_BASE_URL);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_BASE_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

export function testConfig(url: string, extra: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({ DATABASE_URL: url, LAGESBILD_DEMO_PASSWORD: TEST_PASSWORD, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', SERVE_CLIENT: 'false', ...extra });
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** The built capabilities' services (those named in `with`, and what they need). */
  caps: Capabilities;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A seeded app over a database of its own; `inject()` for HTTP, or `listen()` for sockets. `with` names the
 * capabilities to build with their options (e.g. `{ collab: {}, incidents: { clock } }`); none: the core only.
 */
export async function createTestApp(
  opts: { kind?: DbKind; env?: Record<string, string>; with?: CapabilityOptions; seedSteps?: SeedStep[] } = {},
): Promise<TestApp> {
  const db = testDatabase(opts.kind ?? 'sqlite');
  const ctx = await createContext(testConfig(db.url, opts.env), pino({ level: 'silent' }));
  const { app, caps } = await buildApp(ctx, opts.with ?? {});
  await seedDemo(ctx, caps, opts.seedSteps ?? []);
  return {
    app,
    ctx,
    caps,
    async login(username, password = TEST_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return res.json().token as string;
    },
    async close() {
      await app.close();
      for (const hook of ctx.onClose.reverse()) await hook();
      await ctx.database.close();
      await db.drop();
    },
  };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
