import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/src/roles.ts';
import type { AuthUser } from '../auth/authService.ts';
import { appError } from '../errors.ts';

export function requireUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw appError('UNAUTHENTICATED');
  return req.user;
}

/** The caller must hold one of `roles`. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): AuthUser {
  const u = requireUser(req);
  if (!roles.some((r) => u.roles.includes(r))) throw appError('FORBIDDEN');
  return u;
}

/** Police organisations only, optionally with one of `roles`. */
export function requirePolice(req: FastifyRequest, ...roles: Role[]): AuthUser {
  const u = roles.length > 0 ? requireRole(req, ...roles) : requireUser(req);
  if (!u.isPolice) throw appError('FORBIDDEN');
  return u;
}

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}
