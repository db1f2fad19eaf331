import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isWithin } from '../../../shared/src/access.ts';
import { isPoliceOrgKind, ORG_KINDS, ROLES, roleProblems } from '../../../shared/src/roles.ts';
import type { AuthUser } from '../auth/authService.ts';
import { passwordProblem } from '../auth/passwordPolicy.ts';
import { newId } from '../auth/tokens.ts';
import { appError } from '../errors.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import type { OrgDirectory } from './orgDirectory.ts';

const OrgKind = Type.Union(ORG_KINDS.map((k) => Type.Literal(k)));
const RoleT = Type.Union(ROLES.map((r) => Type.Literal(r)));
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$' });
// Length and content are checked by passwordProblem, which explains what is wrong in one sentence.
const Password = Type.String({ minLength: 1, maxLength: 1024 });

const CreateOrg = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 200 }),
  kind: OrgKind,
  parentId: Type.String({ minLength: 1 }),
  areaCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{2,12}$' })),
});
const PatchOrg = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  areaCode: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9A-Z]{2,12}$' }), Type.Null()])),
});
const CreateUser = Type.Object({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  password: Password,
  organisationId: Type.String({ minLength: 1 }),
  roles: Type.Array(RoleT, { minItems: 1, uniqueItems: true }),
});
const PatchUser = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  password: Type.Optional(Password),
  organisationId: Type.Optional(Type.String({ minLength: 1 })),
  roles: Type.Optional(Type.Array(RoleT, { minItems: 1, uniqueItems: true })),
  disabled: Type.Optional(Type.Boolean()),
  unlock: Type.Optional(Type.Boolean()),
});

function assertPasswordAcceptable(password: string, username: string): void {
  const problem = passwordProblem(password, [username]);
  if (problem) throw appError('VALIDATION_FAILED', [problem]);
}

/** An admin manages the organisations at and below their own (a national admin: all of them). */
async function assertManages(orgs: OrgDirectory, admin: AuthUser, orgId: string): Promise<void> {
  const tree = await orgs.load();
  if (!tree.get(orgId)) throw appError('NOT_FOUND', [`Organisation ${orgId}`]);
  if (!isWithin(tree, orgId, admin.organisationId)) throw appError('FORBIDDEN');
}

function userOut(u: { id: string; username: string; displayName: string; organisationId: string; roles: string; disabled: boolean; lockedUntil: Date | null }) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    organisationId: u.organisationId,
    roles: u.roles.split(','),
    disabled: u.disabled,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
  };
}

export const orgRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { prisma, orgs, audit, auth } = app.ctx;

  /** Police users see the whole tree (to share layers); partners see their own organisation only. */
  app.get('/api/organisations', { schema: { tags: ['organisations'] } }, async (req) => {
    const user = requireUser(req);
    await orgs.load();
    const rows = await prisma.organisation.findMany({ orderBy: { name: 'asc' } });
    const visible = user.isPolice ? rows : rows.filter((r) => r.id === user.organisationId);
    return { items: visible.map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentId: r.parentId, areaCode: r.areaCode, isPolice: isPoliceOrgKind(r.kind) })) };
  });

  app.post('/api/admin/organisations', { schema: { tags: ['admin'], body: CreateOrg } }, async (req, reply) => {
    const admin = requirePolice(req, 'admin');
    const b = req.body;
    await assertManages(orgs, admin, b.parentId);
    const parent = await orgs.get(b.parentId);
    if (!parent || !isPoliceOrgKind(parent.kind)) {
      throw appError('UNPROCESSABLE', ['Organisations are attached to a police unit; the parent must be a police organisation.']);
    }
    if (b.kind === 'national') throw appError('UNPROCESSABLE', ['There is only one national level.']);
    const org = await prisma.organisation.create({ data: { id: newId('org_'), name: b.name, kind: b.kind, parentId: b.parentId, areaCode: b.areaCode ?? null } });
    orgs.invalidate();
    app.ctx.bus.emit('org.changed', { organisationId: org.id });
    await audit.record({ actor: admin, action: 'org.create', target: org.id, outcome: 'success', address: req.ip, detail: { name: b.name, kind: b.kind } });
    return reply.status(201).send(org);
  });

  app.patch('/api/admin/organisations/:id', { schema: { tags: ['admin'], params: Type.Object({ id: Type.String() }), body: PatchOrg } }, async (req) => {
    const admin = requirePolice(req, 'admin');
    await assertManages(orgs, admin, req.params.id);
    const before = await prisma.organisation.findUniqueOrThrow({ where: { id: req.params.id } });
    const org = await prisma.organisation.update({ where: { id: req.params.id }, data: req.body });
    orgs.invalidate();
    app.ctx.bus.emit('org.changed', { organisationId: org.id });
    await audit.record({
      actor: admin,
      action: 'org.update',
      target: org.id,
      outcome: 'success',
      address: req.ip,
      detail: { name: { from: before.name, to: org.name }, areaCode: { from: before.areaCode, to: org.areaCode } },
    });
    if (before.areaCode !== org.areaCode) {
      // The area code decides which municipality's figures a partner reads: its own, findable row.
      await audit.record({
        actor: admin,
        action: 'org.area_change',
        target: org.id,
        outcome: 'success',
        address: req.ip,
        detail: { organisation: org.name, kind: org.kind, from: before.areaCode, to: org.areaCode },
      });
    }
    return org;
  });

  app.get(
    '/api/admin/users',
    { schema: { tags: ['admin'], querystring: Type.Object({ organisationId: Type.Optional(Type.String()) }) } },
    async (req) => {
      const admin = requirePolice(req, 'admin');
      const tree = await orgs.load();
      const rows = await auth.users.list();
      return {
        items: rows
          .filter((u) => isWithin(tree, u.organisationId, admin.organisationId))
          .filter((u) => !req.query.organisationId || u.organisationId === req.query.organisationId)
          .map(userOut),
      };
    },
  );

  app.post('/api/admin/users', { schema: { tags: ['admin'], body: CreateUser } }, async (req, reply) => {
    const admin = requirePolice(req, 'admin');
    const b = req.body;
    await assertManages(orgs, admin, b.organisationId);
    const org = await orgs.get(b.organisationId);
    const problems = roleProblems(b.roles, org!.kind);
    if (problems.length) throw appError('UNPROCESSABLE', [problems.join(' ')]);
    if (await auth.users.byUsername(b.username)) throw appError('CONFLICT', [`The username "${b.username}" is taken.`]);
    assertPasswordAcceptable(b.password, b.username);
    const user = await auth.users.create({ username: b.username, displayName: b.displayName, password: b.password, organisationId: b.organisationId, roles: b.roles });
    await audit.record({ actor: admin, action: 'user.create', target: user.id, outcome: 'success', address: req.ip, detail: { username: b.username, roles: b.roles, organisationId: b.organisationId } });
    return reply.status(201).send(userOut(user));
  });

  app.patch('/api/admin/users/:id', { schema: { tags: ['admin'], params: Type.Object({ id: Type.String() }), body: PatchUser } }, async (req) => {
    const admin = requirePolice(req, 'admin');
    const existing = await auth.users.byId(req.params.id);
    if (!existing) throw appError('NOT_FOUND', [`User ${req.params.id}`]);
    await assertManages(orgs, admin, existing.organisationId);
    const b = req.body;
    if (b.password !== undefined) assertPasswordAcceptable(b.password, existing.username);
    const orgId = b.organisationId ?? existing.organisationId;
    if (b.organisationId) await assertManages(orgs, admin, b.organisationId);
    const roles = b.roles ?? existing.roles.split(',');
    const org = await orgs.get(orgId);
    const problems = roleProblems(roles, org!.kind);
    if (problems.length) throw appError('UNPROCESSABLE', [problems.join(' ')]);
    if (existing.id === admin.id && (b.disabled || (b.roles && !b.roles.includes('admin')))) {
      throw appError('UNPROCESSABLE', ['You cannot disable yourself or remove your own admin role.']);
    }
    const user = await auth.users.update(existing.id, {
      displayName: b.displayName,
      organisationId: b.organisationId,
      roles: b.roles,
      disabled: b.disabled,
      password: b.password,
      unlock: b.unlock,
    });
    // Anything that changes who the user is or whether they may log in ends their sessions.
    const revoked = b.disabled || b.password || b.organisationId || b.roles ? await auth.revokeAll(user.id) : 0;
    await audit.record({
      actor: admin,
      action: 'user.update',
      target: user.id,
      outcome: 'success',
      address: req.ip,
      detail: { ...b, password: b.password ? '(changed)' : undefined, sessionsRevoked: revoked },
    });
    // Every open connection of the user is re-checked (in every process) before the answer.
    await app.ctx.bus.emitSettled('user.changed', { userId: user.id });
    return userOut(user);
  });
};
