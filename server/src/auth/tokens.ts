import { createHash, randomBytes } from 'node:crypto';

/** Session tokens are 256 random bits; only their SHA-256 is stored, so a database leak yields no sessions. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newId(prefix = ''): string {
  return prefix + randomBytes(12).toString('base64url');
}
