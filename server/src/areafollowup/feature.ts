import type { FastifyInstance } from 'fastify';
import { DEFAULT_DUE_RULE, type DueRule } from '../../../shared/src/areaFollowup.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { MeasureService } from '../measures/index.ts';
import type { PictureService } from '../pictures/index.ts';
import type { StrategicReader } from '../strategic/index.ts';
import { type Clock, systemClock } from '../time/clock.ts';
import { FollowupLive } from './live.ts';
import { ReminderTimer } from './reminders.ts';
import { followupRoutes } from './routes.ts';
import { FollowupService } from './service.ts';
import { ensureCriteria } from './seed.ts';
import { FollowupStore } from './store.ts';

export interface AreaFollowupOptions {
  /** Tests move time by hand. @defaultValue systemClock */
  clock?: Clock;
  /** When periods open and fall due. @defaultValue DEFAULT_DUE_RULE (opens 14 days before quarter end, due 30 days after) */
  rule?: DueRule;
}

/** The follow-up of designated vulnerable areas: its service (the one writer of the Followup* tables), API and reminder timer. */
export async function areaFollowupFeature(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { strategic: StrategicReader; live: LiveHub; measures: MeasureService | null; pictures: PictureService },
  opts: AreaFollowupOptions = {},
): Promise<FollowupService> {
  const clock = opts.clock ?? systemClock;
  const rule = opts.rule ?? DEFAULT_DUE_RULE;
  const service = new FollowupService({
    store: new FollowupStore(ctx.prisma),
    orgs: ctx.orgs,
    strategic: deps.strategic,
    measures: deps.measures,
    pictures: deps.pictures,
    live: new FollowupLive(deps.live, ctx.log),
    audit: ctx.audit,
    clock,
    rule,
  });
  await app.register(followupRoutes(service));
  // The catalogue is configuration, not demo data: a database seeded before this capability existed gets the
  // shipped one for this year (the demo seed adds the previous year too).
  await ensureCriteria(new FollowupStore(ctx.prisma), new Date(clock.now()).getUTCFullYear());
  const timer = new ReminderTimer(clock, rule, () => service.publishDue({ localOnly: true }));
  timer.start();
  app.addHook('onClose', async () => timer.stop());
  return service;
}
