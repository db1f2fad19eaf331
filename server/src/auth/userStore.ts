import type { Db } from '../db/database.ts';
import { hashPassword } from './password.ts';
import { newId } from './tokens.ts';

/** A stored user as the administration reads it. */
export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  organisationId: string;
  roles: string;
  disabled: boolean;
  lockedUntil: Date | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  organisationId: string;
  roles: readonly string[];
}

export interface UserChange {
  displayName?: string;
  organisationId?: string;
  roles?: readonly string[];
  disabled?: boolean;
  password?: string;
  /** Clears failed logins and a lockout. */
  unlock?: boolean;
}

/** The User table for administration (auth owns it): list, find, create, change. Passwords are hashed here. */
export class UserStore {
  constructor(private readonly db: Db) {}

  list(): Promise<UserRow[]> {
    return this.db.user.findMany({ orderBy: { username: 'asc' } });
  }

  byId(id: string): Promise<UserRow | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  byUsername(username: string): Promise<UserRow | null> {
    return this.db.user.findUnique({ where: { username } });
  }

  async create(u: NewUser): Promise<UserRow> {
    return this.db.user.create({
      data: { id: newId('u_'), username: u.username, displayName: u.displayName, passwordHash: await hashPassword(u.password), organisationId: u.organisationId, roles: u.roles.join(',') },
    });
  }

  async update(id: string, c: UserChange): Promise<UserRow> {
    return this.db.user.update({
      where: { id },
      data: {
        displayName: c.displayName,
        organisationId: c.organisationId,
        roles: c.roles?.join(','),
        disabled: c.disabled,
        passwordHash: c.password ? await hashPassword(c.password) : undefined,
        ...(c.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
      },
    });
  }

  setLocale(id: string, locale: string): Promise<unknown> {
    return this.db.user.update({ where: { id }, data: { locale } });
  }
}
