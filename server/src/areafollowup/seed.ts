/**
 * Seed step: the criteria catalogue for this year and the previous one, which demo local police area follows up
 * which Malmö area, and a SYNTHETIC demo history (marked `demo` and "DEMO" in its text) of submitted quarters for
 * four Malmö areas, so the overview has trends from the first start. Each part is skipped when it exists.
 */
import { type Answer, currentPeriod, DEFAULT_DUE_RULE, type Period, periodEnd, shiftPeriod, weightedScore } from '../../../shared/src/areaFollowup.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { defaultCriteria } from './criteria.ts';
import { FollowupStore } from './store.ts';

/** Published local police area (LOKALPOLISOMRADE) → the demo organisation that follows its areas up. */
export const DEMO_ASSIGNMENTS: ReadonlyArray<{ lpo: string; organisationId: string }> = [
  { lpo: 'Rosengård', organisationId: 'org-lpo-malmo-norr' },
  { lpo: 'Malmö city', organisationId: 'org-lpo-malmo-norr' },
  { lpo: 'Fosie', organisationId: 'org-lpo-malmo-soder' },
  { lpo: 'Hyllie', organisationId: 'org-lpo-malmo-soder' },
];

/** Invented score paths per area (oldest quarter first), one row per criterion in catalogue order. */
const DEMO_PATHS: Record<string, number[][]> = {
  Rosengård: [
    [3, 3, 3, 3],
    [3, 3, 2, 3],
    [3, 3, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 1, 1, 1],
    [2, 2, 2, 2],
  ],
  'Södra Sofielund / Seved': [
    [3, 2, 2, 1],
    [2, 2, 1, 1],
    [3, 2, 2, 1],
    [2, 2, 2, 1],
    [2, 2, 1, 1],
    [1, 1, 1, 0],
    [0, 0, 0, 0],
    [1, 1, 1, 1],
  ],
  'Nydala / Hermodsdal / Lindängen': [
    [3, 3, 3, 4],
    [2, 3, 3, 3],
    [2, 2, 3, 3],
    [3, 3, 3, 4],
    [3, 3, 4, 4],
    [2, 2, 2, 2],
    [1, 1, 1, 1],
    [2, 2, 2, 3],
  ],
  'Holma / Kroksbäck': [
    [2, 2, 2, 2],
    [1, 2, 1, 2],
    [2, 2, 2, 2],
    [1, 1, 1, 1],
    [2, 2, 1, 1],
    [1, 1, 1, 1],
    [0, 0, 0, 0],
    [1, 1, 1, 1],
  ],
};

/** The shipped catalogue for `year` when no catalogue exists at all (idempotent; a concurrent insert wins). */
export async function ensureCriteria(store: FollowupStore, year: number): Promise<void> {
  if ((await store.criteriaSets()).length > 0) return;
  try {
    await store.createCriteriaSet(year, 1, defaultCriteria(), null);
  } catch (err) {
    if ((await store.criteriaSets(year)).length === 0) throw err;
  }
}

export async function seedAreaFollowup(ctx: AppContext, caps: Capabilities): Promise<void> {
  const store = new FollowupStore(ctx.prisma);
  const now = new Date();
  const year = now.getUTCFullYear();
  let sets = await store.criteriaSets();
  // The feature may have shipped this year's catalogue already (ensureCriteria); the demo adds last year's.
  for (const y of [year - 1, year]) if (!sets.some((s) => s.year === y)) await store.createCriteriaSet(y, 1, defaultCriteria(), null);
  sets = await store.criteriaSets();
  const strategic = caps.strategic;
  if (!strategic) return;
  const areas = await strategic.designatedAreas();
  const tree = await ctx.orgs.load();
  const orgIds = new Set([...tree.all()].map((o) => o.id));
  const assigned = await store.assignments();
  for (const a of areas) {
    const d = DEMO_ASSIGNMENTS.find((x) => x.lpo === a.lpo);
    if (d && orgIds.has(d.organisationId) && !assigned.has(a.id)) await store.assign(a.id, d.organisationId);
  }
  if (await store.hasAnyAssessment()) return;
  const cur = currentPeriod(now, DEFAULT_DUE_RULE);
  for (const a of areas) {
    const path = DEMO_PATHS[a.name];
    const organisationId = DEMO_ASSIGNMENTS.find((x) => x.lpo === a.lpo)?.organisationId;
    if (!path || !organisationId || !orgIds.has(organisationId)) continue;
    // The four quarters before the current one: the current one is left for the local police to fill in.
    for (let q = 4; q >= 1; q--) {
      const period = shiftPeriod(cur, -q) as Period;
      const set = [...sets].reverse().find((s) => s.year <= Number(period.slice(0, 4))) ?? sets[0];
      const answers: Answer[] = set.criteria.map((c, i) => ({ key: c.key, score: path[i % path.length][4 - q], comment: i === 0 ? 'DEMO – syntetisk bedömning för visning.' : null }));
      const at = new Date(periodEnd(period).getTime() + 10 * 86_400_000);
      const row = await store.createAssessment({
        areaId: a.id, period, version: 1, status: 'draft', organisationId, criteriaSetId: set.id, answers, overall: Math.round(weightedScore(set.criteria, answers) ?? 0),
        summary: 'DEMO – syntetisk historik, inte en verklig bedömning.', correctionReason: null, demo: true,
        createdById: 'demo', createdByName: 'Demo (syntetisk)', updatedById: 'demo', updatedByName: 'Demo (syntetisk)', submittedById: null, submittedByName: null, submittedAt: null, createdAt: at, updatedAt: at,
      });
      await store.updateDraft(row.id, { status: 'submitted', submittedAt: at, submittedById: 'demo', submittedByName: 'Demo (syntetisk)', updatedById: 'demo', updatedByName: 'Demo (syntetisk)' });
      await store.record({ areaId: a.id, period, assessmentId: row.id, action: 'submitted', actorId: 'demo', actorName: 'Demo (syntetisk)', organisationId, detail: { version: 1, demo: true, weightedScore: weightedScore(set.criteria, answers) }, at });
    }
  }
}
