import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { Principal } from '../../../shared/src/access.ts';
import { isPoliceOrgKind, isRole, type Role } from '../../../shared/src/roles.ts';
import type { AuditLog } from '../audit/audit.ts';
import { type Config, deploymentNamespace } from '../config.ts';
import { tableName } from '../db/bulkInsert.ts';
import type { Db } from '../db/database.ts';
import { rawSql } from '../db/rawSql.ts';
import { epochMsSql } from '../db/sqlTime.ts';
import { appError } from '../errors.ts';
import { clientAddressResolver } from '../http/clientAddress.ts';
import { AttemptLimiter, type AttemptCounter, connectLimiterRedis, RedisAttemptLimiter } from './addressLimiter.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { hashToken, newId, newToken } from './tokens.ts';
import { UserStore } from './userStore.ts';

/** The authenticated caller, as every handler sees it. */
export interface AuthUser extends Principal {
  id: string;
  username: string;
  displayName: string;
  locale: string;
  organisation: { id: string; name: string; kind: string };
  isPolice: boolean;
  sessionId: string;
  /** When the session ends (ms since epoch): long-lived connections close then. */
  sessionExpiresAt?: number;
}

/** The contract's `user` object. */
export function publicUser(u: AuthUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    organisation: u.organisation,
    roles: [...u.roles],
    isPolice: u.isPolice,
    locale: u.locale,
  };
}

export function parseRoles(stored: string): Role[] {
  return stored
    .split(',')
    .map((r) => r.trim())
    .filter(isRole);
}

type Cfg = Pick<
  Config,
  'sessionTtlMs' | 'loginMaxFailures' | 'loginLockoutMs' | 'loginRatePerMinute' | 'redisUrl' | 'database' | 'sessionRevalidateMs' | 'trustProxy'
>;

export class AuthService {
  private readonly sessionSql: string;
  private readonly validSessionsSql: string;
  private readonly addressLimiter: AttemptCounter;
  private readonly userLimiter: AttemptCounter;
  private readonly redis: Redis | undefined;
  /** The client address of a raw request (socket handshakes), trusting forwarding headers as HTTP does. */
  readonly clientAddress: (req: IncomingMessage) => string;
  /** The User table for administration. */
  readonly users: UserStore;

  constructor(
    private readonly db: Db,
    readonly audit: AuditLog,
    private readonly cfg: Cfg,
    log: Logger = pino({ level: 'silent' }),
  ) {
    this.clientAddress = clientAddressResolver(cfg.trustProxy);
    const kind = cfg.database.kind;
    const t = (name: string) => tableName({ config: cfg }, name);
    this.sessionSql =
      `SELECT s."id" AS "sessionId", ${epochMsSql(kind, 's."expiresAt"')} AS "expiresMs", ` +
      `CASE WHEN s."revokedAt" IS NULL THEN 0 ELSE 1 END AS "revoked", CASE WHEN u."disabled" THEN 1 ELSE 0 END AS "disabled", ` +
      `u."id", u."username", u."displayName", u."locale", u."roles", u."organisationId", o."name" AS "orgName", o."kind" AS "orgKind" ` +
      `FROM ${t('Session')} s JOIN ${t('User')} u ON u."id" = s."userId" JOIN ${t('Organisation')} o ON o."id" = u."organisationId" ` +
      `WHERE s."tokenHash" = ${kind === 'postgres' ? '$1' : '?'}`;
    // The ids travel as one JSON array: one statement text whatever their number (prepared once, not per count).
    const ids = kind === 'postgres' ? 'SELECT json_array_elements_text($1::json)' : 'SELECT value FROM json_each(?)';
    this.validSessionsSql =
      `SELECT s."id" FROM ${t('Session')} s JOIN ${t('User')} u ON u."id" = s."userId" ` +
      `WHERE s."id" IN (${ids}) AND s."revokedAt" IS NULL AND NOT u."disabled" AND ${epochMsSql(kind, 's."expiresAt"')} > ${kind === 'postgres' ? '$2' : '?'}`;
    this.users = new UserStore(db);
    if (cfg.redisUrl) {
      // Keyed like the other shared state of this deployment (one database = one deployment).
      const namespace = deploymentNamespace(cfg);
      this.redis = connectLimiterRedis(cfg.redisUrl, log);
      this.addressLimiter = new RedisAttemptLimiter(this.redis, `lagesbild:${namespace}:login:address`, cfg.loginRatePerMinute, 60_000, log);
      this.userLimiter = new RedisAttemptLimiter(this.redis, `lagesbild:${namespace}:login:user`, cfg.loginRatePerMinute, 60_000, log);
    } else {
      this.addressLimiter = new AttemptLimiter(cfg.loginRatePerMinute, 60_000);
      this.userLimiter = new AttemptLimiter(cfg.loginRatePerMinute, 60_000);
    }
  }

  /** How often long-lived connections re-check their session (revocation, disabling). */
  get revalidateIntervalMs(): number {
    return this.cfg.sessionRevalidateMs;
  }

  /**
   * Every failure is answered alike (401 INVALID_CREDENTIALS), whether the user is unknown, disabled,
   * locked or mistyped, and each costs one password verification, so neither the answer nor its timing
   * tells an attacker that an account exists or is locked.
   */
  async login(username: string, password: string, address: string): Promise<{ token: string; user: AuthUser }> {
    // Per-username throttle on top of lockout: slows a spray across many addresses.
    const wait = Math.max(await this.addressLimiter.hit(address), await this.userLimiter.hit(username.toLowerCase()));
    if (wait > 0) {
      // Batched: a flood of refused attempts must not cost a database round trip each.
      this.audit.recordRead({ action: 'auth.login', target: username, outcome: 'denied', address, detail: { reason: 'rate_limited' } });
      throw appError('RATE_LIMITED', [wait]);
    }
    const user = await this.db.user.findUnique({ where: { username }, include: { organisation: true } });
    if (!user || user.disabled) {
      await verifyPassword(await dummyHash(), password);
      await this.audit.record({
        actor: user ? actorOf(user) : null,
        action: 'auth.login',
        target: username,
        outcome: 'failure',
        address,
        detail: { reason: user ? 'disabled' : 'unknown_user' },
      });
      throw appError('INVALID_CREDENTIALS');
    }
    const attempt = await this.claimAttempt(user);
    if (!attempt.allowed) {
      // The user's hash is not consulted once the limit is reached; the dummy keeps the timing alike.
      await verifyPassword(await dummyHash(), password);
      await this.lock(user, address, attempt.failures);
      await this.audit.record({ actor: actorOf(user), action: 'auth.login', target: username, outcome: 'denied', address, detail: { reason: 'locked' } });
      throw appError('INVALID_CREDENTIALS');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      await this.audit.record({
        actor: actorOf(user),
        action: 'auth.login',
        target: username,
        outcome: 'failure',
        address,
        detail: { reason: 'bad_password', failures: attempt.failures },
      });
      if (attempt.failures >= this.cfg.loginMaxFailures) await this.lock(user, address, attempt.failures);
      throw appError('INVALID_CREDENTIALS');
    }
    const token = newToken();
    const session = await this.db.session.create({
      data: { id: newId('s_'), tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + this.cfg.sessionTtlMs), address },
    });
    await this.db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    await this.audit.record({ actor: actorOf(user), action: 'auth.login', target: username, outcome: 'success', address });
    return { token, user: toAuthUser(user, session) };
  }

  /**
   * Counts this attempt in the database before any password is checked. The increment is one atomic
   * UPDATE, so of any number of concurrent attempts only the first `loginMaxFailures` see a count within
   * the limit and get their password verified, on every server sharing the database.
   */
  private async claimAttempt(user: { id: string; lockedUntil: Date | null; failedLogins: number }): Promise<{ allowed: boolean; failures: number }> {
    if (user.lockedUntil) {
      if (user.lockedUntil.getTime() > Date.now()) return { allowed: false, failures: user.failedLogins };
      // The lock has run out: count afresh. Conditional, so concurrent attempts reset it only once.
      await this.db.user.updateMany({ where: { id: user.id, lockedUntil: user.lockedUntil }, data: { failedLogins: 0, lockedUntil: null } });
    }
    const { failedLogins } = await this.db.user.update({
      where: { id: user.id },
      data: { failedLogins: { increment: 1 } },
      select: { failedLogins: true },
    });
    return { allowed: failedLogins <= this.cfg.loginMaxFailures, failures: failedLogins };
  }

  /** Starts the lockout unless one is running; also heals a count left over the limit without a lock. */
  private async lock(user: UserRow, address: string, failures: number): Promise<void> {
    const started = await this.db.user.updateMany({
      where: { id: user.id, lockedUntil: null },
      data: { lockedUntil: new Date(Date.now() + this.cfg.loginLockoutMs) },
    });
    if (started.count === 1) {
      await this.audit.record({ actor: actorOf(user), action: 'auth.lockout', target: user.username, outcome: 'failure', address, detail: { failures } });
    }
  }

  /**
   * The signed-in user of a token, or undefined when the session is unknown, revoked, expired or its user disabled.
   * One raw statement: every API request and document connect asks, and the ORM query with two includes cost
   * several times the reading (issue 14).
   */
  async authenticate(token: string | undefined): Promise<AuthUser | undefined> {
    if (!token || token.length > 200) return undefined;
    const rows = await rawSql(this.db).query<SessionUserRow>(this.sessionSql, [hashToken(token)]);
    const r = rows[0];
    if (!r || Number(r.revoked) || Number(r.disabled)) return undefined;
    const expiresAt = new Date(Number(r.expiresMs));
    if (expiresAt.getTime() <= Date.now()) return undefined;
    return toAuthUser({ ...r, organisation: { id: r.organisationId, name: r.orgName, kind: r.orgKind } }, { id: r.sessionId, expiresAt });
  }

  /**
   * Who a token belonged to, even when its session has ended: only to attribute refused requests in the
   * audit, never to grant anything.
   */
  async formerOwner(token: string): Promise<AuthUser | undefined> {
    if (token.length > 200) return undefined;
    const session = await this.db.session.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: { include: { organisation: true } } },
    });
    return session ? toAuthUser(session.user, session) : undefined;
  }

  /** Of the given session ids, those still valid (not expired, revoked or of a disabled user): one query for many connections. */
  async validSessionIds(ids: string[]): Promise<Set<string>> {
    const valid = new Set<string>();
    // Chunked: a writer check or periodic re-check of tens of thousands of connections stays a bounded statement.
    for (let i = 0; i < ids.length; i += 1_000) {
      const rows = await rawSql(this.db).query<{ id: string }>(this.validSessionsSql, [JSON.stringify(ids.slice(i, i + 1_000)), Date.now()]);
      for (const r of rows) valid.add(r.id);
    }
    return valid;
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  async logout(user: AuthUser, address: string): Promise<void> {
    await this.db.session.update({ where: { id: user.sessionId }, data: { revokedAt: new Date() } });
    await this.audit.record({ actor: user, action: 'auth.logout', target: user.username, outcome: 'success', address });
  }

  /** Revokes every session of a user (disabling, password change). */
  async revokeAll(userId: string): Promise<number> {
    const r = await this.db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count;
  }
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  locale: string;
  roles: string;
  organisationId: string;
  organisation: { id: string; name: string; kind: string };
}

/** A row of authenticate()'s statement: the user's own columns, its organisation's and the session's flattened. */
type SessionUserRow = Omit<UserRow, 'organisation'> & {
  sessionId: string;
  expiresMs: number | bigint | string;
  revoked: number | bigint | boolean;
  disabled: number | bigint | boolean;
  orgName: string;
  orgKind: string;
};

function actorOf(u: UserRow) {
  return { id: u.id, username: u.username, organisationId: u.organisationId };
}

function toAuthUser(u: UserRow, session: { id: string; expiresAt: Date }): AuthUser {
  return {
    id: u.id,
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    locale: u.locale,
    organisationId: u.organisationId,
    organisation: { id: u.organisation.id, name: u.organisation.name, kind: u.organisation.kind },
    roles: parseRoles(u.roles),
    isPolice: isPoliceOrgKind(u.organisation.kind),
    sessionId: session.id,
    sessionExpiresAt: session.expiresAt.getTime(),
  };
}
