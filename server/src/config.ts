import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ProblemsError } from '../../shared/src/problems.ts';
import { passwordProblem } from './auth/passwordPolicy.ts';
import { repoRoot } from './paths.ts';

/**
 * The only reader of process.env. Everything is validated at start, every problem reported at once,
 * and the result frozen and handed down.
 */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  HOST: Type.String({ minLength: 1, default: '0.0.0.0' }),
  DATABASE_URL: Type.String({ minLength: 1, default: 'file:./data/lagesbild.db' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  /** Checked against the password policy (server/src/auth/passwordPolicy.ts) like any other password. */
  LAGESBILD_DEMO_PASSWORD: Type.Optional(Type.String()),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  /** Session lifetime in hours. */
  SESSION_TTL_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 30, default: 12 }),
  /** How often open live connections re-check that their session is still valid (revoked, user disabled). */
  SESSION_REVALIDATE_SECONDS: Type.Number({ minimum: 0.05, maximum: 3600, default: 30 }),
  /**
   * Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed (comma-separated; also
   * `loopback`, `linklocal`, `uniquelocal`). Unset: no proxy is trusted and the socket's peer is the client.
   */
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  /** Largest accepted HTTP request body in bytes (imports are the large ones). */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
  /** Failed logins before an account is locked, and for how long. */
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  LOGIN_LOCKOUT_MINUTES: Type.Number({ exclusiveMinimum: 0, default: 15 }),
  /** Login attempts per client address per minute. */
  LOGIN_RATE_PER_MINUTE: Type.Integer({ minimum: 1, default: 20 }),
  /** Serve the web client built by `npm run build` from client/dist (serve refuses to start when it is missing). */
  SERVE_CLIENT: Type.Boolean({ default: true }),
  /** Optional external MapLibre style URL for deployments that have a base map server. */
  MAP_STYLE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** Optional Nominatim-compatible address search (e.g. https://nominatim.example/search), asked by the server; off when unset. */
  GEOCODER_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s#]+$' })),
  /** Bearer token for GET /metrics; unset: /metrics answers only this machine (loopback peer, nothing forwarded). */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** On SIGTERM, how long /readyz answers 503 before the server stops taking requests (load balancers notice). */
  SHUTDOWN_DRAIN_SECONDS: Type.Number({ minimum: 0, maximum: 120, default: 5 }),
  /** With Redis: an RTM run whose process has not renewed its lock for this long is taken over by another process. */
  RTM_STALLED_SECONDS: Type.Number({ minimum: 1, maximum: 3600, default: 30 }),
  /** The address the public reaches this server at (http(s)://host[:port][/prefix]): absolute links in /ogc. */
  PUBLIC_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s?#]+$' })),
  /** The Chromium the PDF printer starts (server/src/print); Debian's by default. */
  CHROMIUM_PATH: Type.String({ minLength: 1, default: '/usr/bin/chromium' }),
});

type Env = Static<typeof EnvSchema>;

export type DatabaseConfig =
  | { kind: 'sqlite'; url: string; file: string }
  | { kind: 'postgres'; url: string; schema: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  demoPassword: string | undefined;
  logLevel: string;
  sessionTtlMs: number;
  sessionRevalidateMs: number;
  /** Proxies whose forwarding headers are believed; false: none. */
  trustProxy: string[] | false;
  bodyLimitBytes: number;
  loginMaxFailures: number;
  loginLockoutMs: number;
  loginRatePerMinute: number;
  serveClient: boolean;
  mapStyleUrl: string | undefined;
  geocoderUrl: string | undefined;
  metricsToken: string | undefined;
  shutdownDrainMs: number;
  rtmStalledSeconds: number;
  /** Absolute base of links the server writes (OGC API); unset: from each request's host and protocol. */
  publicBaseUrl: string | undefined;
  /** Chromium for PDF printing, started only when something is printed. */
  chromiumPath: string;
}

export class ConfigError extends ProblemsError {
  override name = 'ConfigError';
  constructor(problems: string[]) {
    super(problems, `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function parseDatabaseUrl(url: string, problems: string[]): DatabaseConfig | undefined {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length);
    if (!path) {
      problems.push('DATABASE_URL: "file:" needs a path, e.g. file:./data/lagesbild.db');
      return undefined;
    }
    const file = isAbsolute(path) ? path : resolve(repoRoot, path);
    return { kind: 'sqlite', url, file };
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    try {
      const parsed = new URL(url);
      const schema = parsed.searchParams.get('schema') ?? 'public';
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
        problems.push(`DATABASE_URL: schema "${schema}" must be a plain identifier`);
        return undefined;
      }
      return { kind: 'postgres', url, schema };
    } catch {
      problems.push('DATABASE_URL: not a valid postgresql:// URL');
      return undefined;
    }
  }
  problems.push('DATABASE_URL: must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  return undefined;
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(value: string | undefined, problems: string[]): string[] | false {
  if (value === undefined) return false;
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (PROXY_KEYWORDS.has(entry)) continue;
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr);
    const maxBits = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      problems.push(`TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or one of ${[...PROXY_KEYWORDS].join(', ')}`);
    }
  }
  if (entries.length === 0) problems.push('TRUST_PROXY: list at least one proxy address, or leave it unset');
  return entries;
}

/** Reads and validates configuration; throws ConfigError listing every problem. */
/**
 * Processes share documents, events, live rooms and login limits exactly when they share a database: Redis keys
 * and channels are namespaced by this, so deployments (or test runs) sharing a Redis stay apart.
 */
export function deploymentNamespace(config: Readonly<Pick<Config, 'database'>>): string {
  return createHash('sha256').update(config.database.url).digest('hex').slice(0, 12);
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw));
  const problems: string[] = [];
  for (const err of Value.Errors(EnvSchema, converted)) {
    const key = err.path.replace(/^\//, '');
    problems.push(`${key}: ${err.message} (got ${JSON.stringify(raw[key])})`);
  }
  const demoPassword = raw.LAGESBILD_DEMO_PASSWORD;
  if (typeof demoPassword === 'string') {
    const weak = passwordProblem(demoPassword, ['demo']);
    if (weak) problems.push(`LAGESBILD_DEMO_PASSWORD: ${weak}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const e = converted as Env;
  const database = parseDatabaseUrl(e.DATABASE_URL, problems);
  const trustProxy = parseTrustProxy(e.TRUST_PROXY, problems);
  if (problems.length > 0 || !database) throw new ConfigError(problems);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: Object.freeze(database),
    redisUrl: e.REDIS_URL,
    demoPassword: e.LAGESBILD_DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    sessionRevalidateMs: e.SESSION_REVALIDATE_SECONDS * 1000,
    trustProxy,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockoutMs: e.LOGIN_LOCKOUT_MINUTES * 60_000,
    loginRatePerMinute: e.LOGIN_RATE_PER_MINUTE,
    serveClient: e.SERVE_CLIENT,
    mapStyleUrl: e.MAP_STYLE_URL,
    geocoderUrl: e.GEOCODER_URL,
    metricsToken: e.METRICS_TOKEN,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
    rtmStalledSeconds: e.RTM_STALLED_SECONDS,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    chromiumPath: e.CHROMIUM_PATH,
  });
}
