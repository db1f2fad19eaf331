import { randomBytes } from 'node:crypto';
import { hashPassword } from '../auth/password.ts';
import { newId } from '../auth/tokens.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { DEMO_ORGS, DEMO_USERS } from './demoOrganisations.ts';

/** One capability's demo data; it may use the composed capabilities' services. */
export type SeedStep = (ctx: AppContext, caps: Capabilities) => Promise<void>;

export interface SeedOutcome {
  seeded: boolean;
  generatedPassword?: string;
}

/**
 * The one documented exception to table ownership (server/src/architecture.test.ts): the seed writes the demo
 * organisations and users itself and reads the audit table for a finished seed.
 *
 * Seeds the demo organisations, users and data once per database: a second run (or a second server)
 * finds the finished seed and does nothing. `steps` add each capability's demo data in order.
 */
export async function seedDemo(ctx: AppContext, caps: Capabilities, steps: readonly SeedStep[] = []): Promise<SeedOutcome> {
  const { prisma } = ctx;
  // The audit row written last marks a finished seed; a seed interrupted half-way resumes its steps.
  if (await prisma.auditEvent.findFirst({ where: { action: 'system.seed', outcome: 'success' } })) return { seeded: false };
  let generated: string | undefined;
  if ((await prisma.organisation.count()) === 0) {
    generated = ctx.config.demoPassword ? undefined : randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(ctx.config.demoPassword ?? generated!);
    try {
      await prisma.$transaction([
        ...DEMO_ORGS.map((o) => prisma.organisation.create({ data: { ...o } })),
        ...DEMO_USERS.map((u) =>
          prisma.user.create({
            data: { id: newId('u_'), username: u.username, displayName: u.displayName, organisationId: u.organisationId, roles: u.roles.join(','), passwordHash },
          }),
        ),
      ]);
    } catch (err) {
      // Another process seeded between our count and our insert: its data stands.
      if ((await prisma.organisation.count()) > 0) return { seeded: false };
      throw err;
    }
    ctx.orgs.invalidate();
  }
  for (const step of steps) await step(ctx, caps);
  await ctx.audit.record({ action: 'system.seed', outcome: 'success', detail: { users: DEMO_USERS.map((u) => u.username) } });
  return { seeded: true, generatedPassword: generated };
}
