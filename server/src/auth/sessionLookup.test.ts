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

/**
 * validSessionIds() checks many sessions in one raw statement (the periodic re-check of every document connection,
 * the writers' checks). On both databases it keeps exactly the valid ones among ids given in any number.
 */
describe.each<DbKind>(['sqlite', 'postgres'])('sessions re-checked together on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind, seedSteps: [] });
  }, 60_000);
  afterAll(() => t?.close());

  const idOf = async (token: string) => (await t.ctx.prisma.session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).id;

  it('keeps the valid sessions and drops revoked, expired, unknown and disabled users’ ones', async () => {
    const [valid, revoked, expired, disabled] = await Promise.all([idOf(await t.login('partner.editor')), idOf(await t.login('partner.editor')), idOf(await t.login('commander')), idOf(await t.login('analyst'))]);
    // Positive control: every one is valid before anything ends.
    expect(await t.ctx.auth.validSessionIds([valid, revoked, expired, disabled])).toEqual(new Set([valid, revoked, expired, disabled]));
    await t.ctx.prisma.session.update({ where: { id: revoked }, data: { revokedAt: new Date() } });
    await t.ctx.prisma.session.update({ where: { id: expired }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await t.ctx.prisma.user.update({ where: { username: 'analyst' }, data: { disabled: true } });
    const ids = [valid, revoked, expired, disabled, 'no-such-session', "quote'\"]"];
    expect(await t.ctx.auth.validSessionIds(ids)).toEqual(new Set([valid]));
    expect(await t.ctx.auth.validSessionIds([])).toEqual(new Set());
  });

  it('answers for more ids than one statement takes (chunks of 1 000)', async () => {
    const valid = await idOf(await t.login('partner.viewer'));
    const ids = Array.from({ length: 2_500 }, (_, i) => `unknown-${i}`);
    ids.splice(1_700, 0, valid);
    expect(await t.ctx.auth.validSessionIds(ids)).toEqual(new Set([valid]));
  });
});
