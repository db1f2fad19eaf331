import type { Principal } from '../../../shared/src/access.ts';
import { isPoliceOrgKind, isRole, type Role } from '../../../shared/src/roles.ts';
import type { AuditLog } from '../audit/audit.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { appError } from '../errors.ts';
import { AttemptLimiter } from './addressLimiter.ts';
import { dummyHash, verifyPassword } from './password.ts';
import { hashToken, newId, newToken } from './tokens.ts';

/** The authenticated caller, as every handler sees it. */
export interface AuthUser extends Principal {
  id: string;
  username: string;
  displayName: string;
  locale: string;
  organisation: { id: string; name: string; kind: string };
  isPolice: boolean;
  sessionId: string;
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

type Cfg = Pick<Config, 'sessionTtlMs' | 'loginMaxFailures' | 'loginLockoutMs' | 'loginRatePerMinute'>;

export class AuthService {
  private readonly addressLimiter: AttemptLimiter;
  private readonly userLimiter: AttemptLimiter;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly cfg: Cfg,
  ) {
    this.addressLimiter = new AttemptLimiter(cfg.loginRatePerMinute, 60_000);
    // Per-username throttle on top of lockout: slows a spray across many addresses.
    this.userLimiter = new AttemptLimiter(cfg.loginRatePerMinute, 60_000);
  }

  async login(username: string, password: string, address: string): Promise<{ token: string; user: AuthUser }> {
    const wait = Math.max(this.addressLimiter.hit(address), this.userLimiter.hit(username.toLowerCase()));
    if (wait > 0) {
      await this.audit.record({ action: 'auth.login', target: username, outcome: 'denied', address, detail: { reason: 'rate_limited' } });
      throw appError('RATE_LIMITED', [wait]);
    }
    const user = await this.db.user.findUnique({ where: { username }, include: { organisation: true } });
    const now = Date.now();
    if (user?.lockedUntil && user.lockedUntil.getTime() > now) {
      await this.audit.record({ actor: actorOf(user), action: 'auth.login', target: username, outcome: 'denied', address, detail: { reason: 'locked' } });
      throw appError('ACCOUNT_LOCKED', [Math.ceil((user.lockedUntil.getTime() - now) / 60_000)]);
    }
    let ok = false;
    if (user && !user.disabled) ok = await verifyPassword(user.passwordHash, password);
    // Same work for unknown users, so response time does not reveal which usernames exist.
    else await verifyPassword(await dummyHash(), password);
    if (!user || !ok) {
      if (user) {
        const failures = user.failedLogins + 1;
        const lock = failures >= this.cfg.loginMaxFailures;
        await this.db.user.update({
          where: { id: user.id },
          data: { failedLogins: lock ? 0 : failures, lockedUntil: lock ? new Date(now + this.cfg.loginLockoutMs) : user.lockedUntil },
        });
        await this.audit.record({
          actor: actorOf(user),
          action: lock ? 'auth.lockout' : 'auth.login',
          target: username,
          outcome: 'failure',
          address,
          detail: { reason: user.disabled ? 'disabled' : 'bad_password', failures },
        });
      } else {
        await this.audit.record({ action: 'auth.login', target: username, outcome: 'failure', address, detail: { reason: 'unknown_user' } });
      }
      throw appError('INVALID_CREDENTIALS');
    }
    const token = newToken();
    const session = await this.db.session.create({
      data: { id: newId('s_'), tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(now + this.cfg.sessionTtlMs), address },
    });
    if (user.failedLogins > 0 || user.lockedUntil) {
      await this.db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    }
    await this.audit.record({ actor: actorOf(user), action: 'auth.login', target: username, outcome: 'success', address });
    return { token, user: toAuthUser(user, session.id) };
  }

  /** Resolves a bearer token to its user, or undefined when missing, expired, revoked or disabled. */
  async authenticate(token: string | undefined): Promise<AuthUser | undefined> {
    if (!token || token.length > 200) return undefined;
    const session = await this.db.session.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { user: { include: { organisation: true } } },
    });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now() || session.user.disabled) return undefined;
    return toAuthUser(session.user, session.id);
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

function actorOf(u: UserRow) {
  return { id: u.id, username: u.username, organisationId: u.organisationId };
}

function toAuthUser(u: UserRow, sessionId: string): AuthUser {
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
    sessionId,
  };
}
