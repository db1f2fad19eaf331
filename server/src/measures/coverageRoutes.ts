/**
 * Coverage HTTP API and live updates:
 * - `GET /api/pictures/:id/coverage`: the viewer's own figures (coverageService.ts), 404 when it may not read the picture.
 * - `GET /api/coverage/rollup?level=local|area|region|nation` (police only): per organisation unit of that level in the
 *   caller's own subtree, over the pictures those units (or units below them) own and the caller may read: measures
 *   by kind and owner, planned vs delivered dosage, coverage of the top 5 %, partners involved — from the measures
 *   the caller may read only.
 * - `coverage.updated` to each viewer class of a picture after `measure.changed`, and after a change of the risk
 *   products of its own audience, only when that viewer's own figures changed.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Measure } from '../../../shared/src/measures.ts';
import { isWithin } from '../../../shared/src/access.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { AppContext } from '../context.ts';
import { appError } from '../errors.ts';
import { requirePolice, requireUser } from '../http/guards.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import type { PictureService } from '../pictures/index.ts';
import { isActiveMeasure } from './coverage.ts';
import { type CoverageMeasureSource, type CoverageRiskSource, CoverageService } from './coverageService.ts';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const RollupQuery = Type.Object({ level: Type.Union([Type.Literal('local'), Type.Literal('area'), Type.Literal('region'), Type.Literal('nation')]) });

/** Rollup level → organisation kind. */
export const ROLLUP_KINDS = { local: 'local_police_area', area: 'police_area', region: 'region', nation: 'national' } as const;

export interface CoverageRoutesDeps {
  coverage: CoverageService;
  measures: CoverageMeasureSource;
  pictures: Pick<PictureService, 'listPictures'>;
  orgs: OrgDirectory;
  now: () => number;
}

const DAY_MS = 86_400_000;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Planned amount up to now (or the period's end) of a measure's dosage: per day × days, per week × weeks, or the total. */
export function plannedSoFar(m: Pick<Measure, 'plannedDosage' | 'startsAt' | 'endsAt'>, now: number): number {
  const d = m.plannedDosage;
  if (!d) return 0;
  if (d.per === 'total') return d.amount;
  const end = Math.min(now, m.endsAt ? Date.parse(m.endsAt) : now);
  const days = Math.max(0, (end - Date.parse(m.startsAt)) / DAY_MS);
  return d.amount * (d.per === 'day' ? days : days / 7);
}

export function coverageRoutes(deps: CoverageRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/pictures/:id/coverage',
      { schema: { tags: ['measures'], params: Id, description: 'Which of the top 1 %/5 % risk cells and live zones have an active measure; uncovered places ranked by risk. From what the caller may read only.' } },
      async (req) => {
        const user = requireUser(req);
        const c = await deps.coverage.forViewer(user, req.params.id);
        if (!c) throw appError('NOT_FOUND', [`Picture ${req.params.id}`]);
        return c;
      },
    );

    app.get('/api/coverage/rollup', { schema: { tags: ['measures'], querystring: RollupQuery } }, async (req) => {
      const user = requirePolice(req);
      return rollup(deps, user, req.query.level);
    });
  };
}

async function rollup(deps: CoverageRoutesDeps, user: AuthUser, level: keyof typeof ROLLUP_KINDS) {
  const tree = await deps.orgs.load();
  const kind = ROLLUP_KINDS[level];
  const now = deps.now();
  const units = [...tree.all()].filter((o) => o.kind === kind && isWithin(tree, o.id, user.organisationId));
  const pictures = (await deps.pictures.listPictures()).filter((p) => p.status !== 'archived' && isWithin(tree, p.ownerOrgId, user.organisationId));
  // Each readable picture once: its measures and coverage as this caller may read them.
  const read = new Map<string, { measures: Measure[]; top5: { cells: number; covered: number } }>();
  for (const p of pictures) {
    const measures = await deps.measures.listReadable(user, p.id);
    if (!measures) continue;
    const c = await deps.coverage.forViewer(user, p.id, 0);
    read.set(p.id, { measures, top5: c ? c.top5 : { cells: 0, covered: 0 } });
  }
  const name = async (id: string) => (await deps.orgs.get(id))?.name ?? id;
  const items = [];
  for (const unit of units) {
    const mine = pictures.filter((p) => read.has(p.id) && isWithin(tree, p.ownerOrgId, unit.id));
    const byKind: Record<string, number> = {};
    const byOwner = new Map<string, number>();
    const dosage = new Map<string, { planned: number; delivered: number }>();
    const partners = new Set<string>();
    let cells = 0;
    let covered = 0;
    let total = 0;
    let active = 0;
    for (const p of mine) {
      const r = read.get(p.id)!;
      cells += r.top5.cells;
      covered += r.top5.covered;
      for (const m of r.measures) {
        if (m.status === 'cancelled') continue;
        total++;
        if (isActiveMeasure(m, now)) active++;
        byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
        byOwner.set(m.ownerOrganisationId, (byOwner.get(m.ownerOrganisationId) ?? 0) + 1);
        const owner = tree.get(m.ownerOrganisationId);
        if (owner && !isPoliceKind(owner.kind)) partners.add(owner.id);
        for (const s of m.sharedWith) if (!isPoliceKind(tree.get(s)?.kind)) partners.add(s);
        if (m.plannedDosage && (m.status === 'active' || m.status === 'completed')) {
          const d = dosage.get(m.plannedDosage.unit) ?? { planned: 0, delivered: 0 };
          d.planned += plannedSoFar(m, now);
          d.delivered += m.delivered.amount;
          dosage.set(m.plannedDosage.unit, d);
        }
      }
    }
    items.push({
      organisation: { id: unit.id, name: await name(unit.id), kind: unit.kind },
      pictures: mine.length,
      measures: {
        total,
        active,
        byKind,
        byOwner: await Promise.all([...byOwner].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(async ([id, count]) => ({ organisationId: id, name: await name(id), count }))),
      },
      dosage: [...dosage].sort((a, b) => a[0].localeCompare(b[0])).map(([unit, d]) => ({ unit, planned: round2(d.planned), delivered: round2(d.delivered) })),
      coverage: { top5: { cells, covered, share: cells === 0 ? 0 : covered / cells } },
      partners: await Promise.all([...partners].sort().map(async (id) => ({ id, name: await name(id) }))),
    });
  }
  items.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'sv'));
  return { level, computedAt: new Date(now).toISOString(), items };
}

function isPoliceKind(kind: string | undefined): boolean {
  return kind === 'national' || kind === 'region' || kind === 'police_area' || kind === 'local_police_area';
}

export interface CoverageLiveDeps {
  coverage: CoverageService;
  live: LiveHub | null;
  risk: CoverageRiskSource | null;
}

/**
 * Sends `coverage.updated` after changes: a measure change (`measure.changed`) to every viewer class of the picture,
 * a risk change (RiskService.onProductsChanged, at the moments `risk.updated` goes out) only to the audience whose
 * products changed — so a partner never hears of a police-only change, nor when one happened. Each viewer class gets
 * its own figures, and nothing when they did not change. Only the origin process publishes (the socket.io adapter
 * reaches every process).
 */
export function coverageLive(ctx: Pick<AppContext, 'bus' | 'log'>, deps: CoverageLiveDeps): { idle(): Promise<void>; close(): void } {
  const { live, coverage } = deps;
  let pending: Promise<void> = Promise.resolve();
  let closed = false;
  // One queue, so each viewer's figures are sent in the order the changes happened.
  const publish = (pictureId: string, audiences?: ReadonlySet<'full' | 'generalised'>) => {
    if (!live || closed) return pending;
    pending = pending
      .then(() => live.publish(pictureId, (viewer) => coverage.eventFor(viewer, pictureId, audiences)))
      .then(() => undefined)
      .catch((err) => ctx.log.error({ err, pictureId }, 'coverage: publishing failed'));
    return pending;
  };
  const off = ctx.bus.on('measure.changed', (e, origin) => (origin === 'local' ? publish(e.pictureId) : undefined));
  const offRisk = deps.risk?.onProductsChanged?.((pictureId, changed) => {
    const audiences = new Set<'full' | 'generalised'>();
    if (changed.full) audiences.add('full');
    if (changed.generalised) audiences.add('generalised');
    void publish(pictureId, audiences);
  });
  return {
    idle: () => pending,
    close: () => {
      closed = true;
      off();
      offRisk?.();
    },
  };
}

export interface CoverageFeatureDeps {
  measures: CoverageMeasureSource;
  pictures: Pick<PictureService, 'listPictures'>;
  live: LiveHub | null;
  /** The risk capability (RiskService); null when it is not composed: coverage is then empty. */
  risk: CoverageRiskSource | null;
  now?: () => number;
}

/** Registers the coverage routes and live updates (called from measures/feature.ts). */
export async function coverageFeature(app: FastifyInstance, ctx: Pick<AppContext, 'bus' | 'log' | 'orgs'>, deps: CoverageFeatureDeps): Promise<CoverageService> {
  const now = deps.now ?? Date.now;
  const risk: CoverageRiskSource = deps.risk ?? { coverageInputs: async () => null };
  const coverage = new CoverageService({ risk, measures: deps.measures, now });
  await app.register(coverageRoutes({ coverage, measures: deps.measures, pictures: deps.pictures, orgs: ctx.orgs, now }));
  const live = coverageLive(ctx, { coverage, live: deps.live, risk: deps.risk });
  app.addHook('onClose', async () => {
    live.close();
    await live.idle();
  });
  return coverage;
}
