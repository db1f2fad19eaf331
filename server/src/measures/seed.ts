/**
 * Seed step: a demo plan of measures in the demo picture "Malmö – lägesbild", as a kommunpolis and a
 * trygghetssamordnare would write it: police presence shared with the municipality, the municipality's own
 * lighting work, a public promise (medborgarlöfte) and a police-internal measure partners never see. Fixed ids,
 * so an interrupted seed resumes without duplicates. The data is invented (the demo picture is labelled so).
 */
import type { PlannedDosage } from '../../../shared/src/measures.ts';
import type { AppContext } from '../context.ts';
import type { Capabilities } from '../compose.ts';
import { DEMO_PICTURE_ID } from '../pictures/index.ts';

const DAY = 86_400_000;
const box = (lon: number, lat: number, d = 0.004) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d / 2],
      [lon + d, lat - d / 2],
      [lon + d, lat + d / 2],
      [lon - d, lat + d / 2],
      [lon - d, lat - d / 2],
    ],
  ],
});

interface DemoMeasure {
  id: string;
  owner: string;
  title: string;
  kind: string;
  classification: string;
  target: unknown;
  sharedWith: string[];
  riskFactors: string[];
  plannedDosage: PlannedDosage;
  description: string;
  responsible: string;
  publicText?: string;
  /** Activities: days ago and amount. */
  delivered: Array<[number, number]>;
}

const DEMO_MEASURES: DemoMeasure[] = [
  {
    id: 'msr_demo_presence',
    owner: 'org-po-malmo',
    title: 'Synlig närvaro Möllevångstorget',
    kind: 'patrol',
    classification: 'partner',
    target: box(13.006, 55.591),
    sharedWith: ['org-malmo-stad'],
    riskFactors: ['Barer och krogar', 'Busshållplatser'],
    plannedDosage: { amount: 3, unit: 'visit', per: 'day' },
    description: 'Fotpatrull kvällstid torsdag–lördag, samordnad med kommunens nattvandrare.',
    responsible: 'Kommunpolis Malmö Söder',
    delivered: [[0, 2], [1, 3], [2, 3], [3, 1], [5, 2]],
  },
  {
    id: 'msr_demo_lighting',
    owner: 'org-malmo-stad',
    title: 'Belysning och röjning Rosengård centrum',
    kind: 'situational',
    classification: 'partner',
    target: box(13.043, 55.586),
    sharedWith: ['org-po-malmo'],
    riskFactors: ['Mörka gångstråk'],
    plannedDosage: { amount: 12, unit: 'action', per: 'total' },
    description: 'Byte av trasiga armaturer och röjning av buskage längs gångstråken.',
    responsible: 'Trygghetssamordnare Malmö stad',
    delivered: [[2, 3], [6, 2]],
  },
  {
    id: 'msr_demo_promise',
    owner: 'org-po-malmo',
    title: 'Medborgarlöfte: trygghetsvandringar på Seved',
    kind: 'social',
    classification: 'public',
    target: box(13.012, 55.585, 0.003),
    sharedWith: ['org-malmo-stad'],
    riskFactors: [],
    plannedDosage: { amount: 2, unit: 'visit', per: 'week' },
    description: 'Gemensamma vandringar med boende, kommun och fastighetsägare.',
    responsible: 'Kommunpolis och trygghetssamordnare',
    publicText: 'Polisen och Malmö stad lovar att gå trygghetsvandringar på Seved två kvällar i veckan under vintern.',
    delivered: [[3, 1], [8, 2]],
  },
  {
    id: 'msr_demo_internal',
    owner: 'org-po-malmo',
    title: 'Riktad spaning Norra Sorgenfri',
    kind: 'patrol',
    classification: 'police_internal',
    target: { type: 'Point', coordinates: [13.02, 55.597] },
    sharedWith: [],
    riskFactors: ['Öppen narkotikahandel'],
    plannedDosage: { amount: 20, unit: 'hour', per: 'week' },
    description: 'Civil spaning mot öppen narkotikahandel.',
    responsible: 'Yttre befäl Malmö Norr',
    delivered: [[1, 4], [2, 6]],
  },
];

/** Seed step: the demo plan of measures (once; nothing when the demo picture is absent). */
export async function seedDemoMeasures(ctx: AppContext, caps: Capabilities): Promise<void> {
  const { prisma } = ctx;
  if (!(await caps.pictures?.getPicture(DEMO_PICTURE_ID))) return;
  const seeded = await prisma.measure.findFirst({ where: { id: { in: DEMO_MEASURES.map((m) => m.id) } }, select: { id: true } });
  if (seeded) return;
  // The demo's authors by name: users are the auth capability's table, and the ids are only labels here.
  const user = { id: 'demo:commander' };
  const editor = { id: 'demo:partner.editor' };
  const now = Date.now();
  const startsAt = new Date(now - 14 * DAY);
  const endsAt = new Date(now + 90 * DAY);
  for (const m of DEMO_MEASURES) {
    const by = m.owner === 'org-malmo-stad' ? editor.id : user.id;
    const fields = {
      title: m.title,
      kind: m.kind,
      target: JSON.stringify(m.target),
      classification: m.classification,
      status: 'active',
      startsAt,
      endsAt,
      description: m.description,
      responsible: m.responsible,
      sharedWith: JSON.stringify(m.sharedWith),
      riskFactors: JSON.stringify(m.riskFactors),
      plannedDosage: JSON.stringify(m.plannedDosage),
      publicText: m.publicText ?? null,
    };
    await prisma.$transaction([
      prisma.measure.create({ data: { id: m.id, pictureId: DEMO_PICTURE_ID, ownerOrganisationId: m.owner, createdById: by, ...fields } }),
      prisma.measureHistory.create({
        data: {
          id: `${m.id}_h0`,
          measureId: m.id,
          userId: by,
          organisationId: m.owner,
          action: 'create',
          changes: JSON.stringify(Object.fromEntries(Object.entries({ ...fields, target: m.target, sharedWith: m.sharedWith, riskFactors: m.riskFactors, plannedDosage: m.plannedDosage, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }).map(([k, v]) => [k, { before: null, after: v }]))),
        },
      }),
      ...m.delivered.map(([daysAgo, amount], i) =>
        prisma.measureActivity.create({
          data: {
            id: `${m.id}_a${i}`,
            measureId: m.id,
            at: new Date(now - daysAgo * DAY - 3 * 3_600_000),
            amount,
            note: null,
            organisationId: i % 2 === 1 && m.sharedWith.includes('org-malmo-stad') ? 'org-malmo-stad' : m.owner,
            userId: i % 2 === 1 && m.sharedWith.includes('org-malmo-stad') ? editor.id : by,
          },
        }),
      ),
    ]);
  }
}
