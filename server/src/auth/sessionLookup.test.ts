import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type DbKind, type TestApp } from '../../test/harness.ts';
import { hashToken } from './tokens.ts';

/**
 * authenticate() reads a session, its user and organisation in one raw statement (issue 14). On both databases it
 * must answer what the ORM rows say: the user with roles and organisation while the session is valid, nothing once
 * it is revoked, expired or its user disabled.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('a session looked up by its token on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, seedSteps: [] });
  }, 60_000);
  afterAll(() => t?.close());

  it('a valid session gives its user, roles, organisation and expiry, as stored', async () => {
    const token = await t.login('partner.editor');
    const user = await t.ctx.auth.authenticate(token);
    const row = await t.ctx.prisma.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, include: { user: { include: { organisation: true } } } });
    expect(user).toMatchObject({
      id: row.user.id,
      username: 'partner.editor',
      displayName: row.user.displayName,
      locale: row.user.locale,
      organisationId: row.user.organisationId,
      organisation: { id: row.user.organisation.id, name: row.user.organisation.name, kind: row.user.organisation.kind },
      roles: row.user.roles.split(','),
      isPolice: false,
      sessionId: row.id,
      sessionExpiresAt: row.expiresAt.getTime(),
    });
    expect(await t.ctx.auth.authenticate(`${token}x`)).toBeUndefined();
    expect(await t.ctx.auth.authenticate('')).toBeUndefined();
  });

  it('revoked, expired and disabled end it; the other session of the same user stays until its user is disabled', async () => {
    const revoked = await t.login('analyst');
    const expired = await t.login('analyst');
    const kept = await t.login('analyst');
    // Positive control: all three work first.
    for (const tok of [revoked, expired, kept]) expect((await t.ctx.auth.authenticate(tok))?.username).toBe('analyst');
    await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(revoked) }, data: { revokedAt: new Date() } });
    await t.ctx.prisma.session.update({ where: { tokenHash: hashToken(expired) }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await t.ctx.auth.authenticate(revoked)).toBeUndefined();
    expect(await t.ctx.auth.authenticate(expired)).toBeUndefined();
    expect((await t.ctx.auth.authenticate(kept))?.username).toBe('analyst');
    await t.ctx.prisma.user.update({ where: { username: 'analyst' }, data: { disabled: true } });
    expect(await t.ctx.auth.authenticate(kept)).toBeUndefined();
  });
});
