import type { FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/src/roles.ts';
import { appError } from '../errors.ts';

/**
 * The caller as the request carries it (set by the app's onRequest hook; its type is declared with the app
 * context, server/src/context.ts): http needs its roles and whether it is police, not the auth capability.
 */
type RequestUser = NonNullable<FastifyRequest['user']>;

export function requireUser(req: FastifyRequest): RequestUser {
  if (!req.user) throw appError('UNAUTHENTICATED');
  return req.user;
}

/** The caller must hold one of `roles`. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): RequestUser {
  const u = requireUser(req);
  if (!roles.some((r) => u.roles.includes(r))) throw appError('FORBIDDEN');
  return u;
}

/** Police organisations only, optionally with one of `roles`. */
export function requirePolice(req: FastifyRequest, ...roles: Role[]): RequestUser {
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
