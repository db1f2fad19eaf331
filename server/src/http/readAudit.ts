import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from './guards.ts';

type RequestUser = NonNullable<FastifyRequest['user']>;

/** Where read-audit rows go (the audit capability's AuditLog). */
export interface ReadAuditSink {
  recordRead(entry: {
    actor: RequestUser;
    action: string;
    target: string;
    outcome: 'success' | 'denied' | 'failure';
    address: string;
    detail: Record<string, unknown>;
  }): void;
}

/** Who a token belonged to after its session ended (the auth capability's AuthService). */
export interface FormerOwners {
  formerOwner(token: string): Promise<RequestUser | undefined>;
}

const MAX_QUERY_CHARS = 500;

function outcomeOf(status: number): 'success' | 'denied' | 'failure' {
  if (status < 400) return 'success';
  return status === 401 || status === 403 || status === 404 ? 'denied' : 'failure';
}

/**
 * Every API read by someone of a partner organisation (municipality, housing company…) leaves an audit
 * row, refused reads included (also with a session that has ended), so the police can show afterwards what a partner saw or tried to see.
 * Written in batches (AuditLog.recordRead), so it costs no round trip per request. Police reads are not
 * read-audited: they are police staff within their own system, would multiply the trail by the number of
 * map tiles and polls, and their exports and every change are audited as actions.
 */
export function auditPartnerReads(app: FastifyInstance, audit: ReadAuditSink, auth: FormerOwners): void {
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (!req.url.startsWith('/api/')) return;
    let user = req.user;
    // A partner whose session has ended (expired, revoked) is refused with 401: still their attempt.
    const token = !user && reply.statusCode === 401 ? bearerToken(req) : undefined;
    if (token) user = (await auth.formerOwner(token).catch(() => undefined)) ?? null;
    if (!user || user.isPolice) return;
    const [path, query] = req.url.split('?', 2);
    audit.recordRead({
      actor: user,
      action: 'api.read',
      target: path,
      outcome: outcomeOf(reply.statusCode),
      address: req.ip,
      detail: {
        route: req.routeOptions.url ?? null,
        params: req.params ?? {},
        ...(query ? { query: query.slice(0, MAX_QUERY_CHARS) } : {}),
        status: reply.statusCode,
      },
    });
  });
}
