import type { AccessEntry } from '../../../shared/src/access.ts';
import { addComment, addFeature, appendLog, type Geometry } from '../../../shared/src/layerDoc.ts';
import { geometryToSweref } from '../geo/crs.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { entryToRow } from './pictureService.ts';

export { DEMO_PICTURE_ID } from './demoIds.ts';
import { DEMO_PICTURE_ID } from './demoIds.ts';
export const DEMO_LAYER_IDS = {
  police: 'lyr-malmo-police',
  incidents: 'lyr-malmo-incidents',
  joint: 'lyr-malmo-joint',
  risk: 'lyr-malmo-risk',
  public: 'lyr-malmo-public',
} as const;

/** Malmö's urban area, roughly: the demo picture's area. */
const MALMO_AREA: Geometry = {
  type: 'Polygon',
  coordinates: [
    [
      [12.92, 55.545],
      [13.1, 55.545],
      [13.1, 55.635],
      [12.92, 55.635],
      [12.92, 55.545],
    ],
  ],
};

const org = (id: string, includeSubtree: boolean, right: 'read' | 'write'): AccessEntry => ({ subject: { type: 'organisation', id, includeSubtree }, right });
const policeMalmo: AccessEntry[] = [org('org-po-malmo', false, 'write'), org('org-lpo-malmo-norr', true, 'write'), org('org-lpo-malmo-soder', true, 'write')];

const LAYERS = [
  { id: DEMO_LAYER_IDS.police, name: 'Polisens lägesbild', kind: 'annotations', classification: 'police_internal', entries: [...policeMalmo, org('org-region-syd', false, 'read')] },
  { id: DEMO_LAYER_IDS.incidents, name: 'Händelser och riskzoner', kind: 'incidents', classification: 'police_internal', entries: [...policeMalmo, org('org-region-syd', false, 'read')] },
  { id: DEMO_LAYER_IDS.joint, name: 'Samverkan Malmö stad', kind: 'annotations', classification: 'partner', entries: [...policeMalmo, org('org-malmo-stad', false, 'write')] },
  { id: DEMO_LAYER_IDS.risk, name: 'Riskbild (generaliserad)', kind: 'risk', classification: 'partner', entries: [...policeMalmo, org('org-malmo-stad', false, 'read')] },
  { id: DEMO_LAYER_IDS.public, name: 'Allmän information', kind: 'public', classification: 'public', entries: [...policeMalmo] },
] as const;

/** Seeds the contract's demo picture "Malmö – lägesbild" with layers, features and log entries. */
export async function seedDemoPicture(ctx: AppContext, caps: Capabilities): Promise<void> {
  const { prisma } = ctx;
  if (await prisma.picture.findUnique({ where: { id: DEMO_PICTURE_ID } })) return;
  await prisma.picture.create({
    data: { id: DEMO_PICTURE_ID, title: 'Malmö – lägesbild', level: 'local', area: JSON.stringify(geometryToSweref(MALMO_AREA)), areaCode: '1280', ownerOrgId: 'org-po-malmo' },
  });
  let position = 0;
  for (const l of LAYERS) {
    await prisma.layer.create({
      data: {
        id: l.id,
        pictureId: DEMO_PICTURE_ID,
        name: l.name,
        kind: l.kind,
        classification: l.classification,
        position: position++,
        access: { create: l.entries.map((e, i) => ({ id: `${l.id}-acc-${i}`, ...entryToRow(e) })) },
      },
    });
  }
  if (!caps.collab) throw new Error('the demo picture needs the collab capability (its layer documents)');
  const { docs } = caps.collab;
  const t = new Date().toISOString();
  await docs.change(DEMO_LAYER_IDS.police, (doc) => {
    addFeature(doc, 'f-police-1', { type: 'Point', coordinates: [13.0038, 55.5843] }, { title: 'Öppen narkotikascen', description: 'Återkommande försäljning kvällstid, underrättelse 2026-11.', category: 'risk', symbol: 'drugs', createdBy: 'analyst' });
    addFeature(doc, 'f-police-2', { type: 'Polygon', coordinates: [[[13.021, 55.573], [13.033, 55.573], [13.033, 55.58], [13.021, 55.58], [13.021, 55.573]]] }, { title: 'Förstärkt närvaro', description: 'Synlig patrull kl. 18–02 under två veckor.', category: 'measure', symbol: 'patrol', createdBy: 'commander' });
    addComment(doc, 'f-police-2', { author: 'duty', time: t, text: 'Patrull 2341 avdelad från kl. 18.' });
    appendLog(doc, { id: 'log-p-1', time: t, author: 'commander', text: 'Lägesbild upprättad efter skottlossning i området.', featureIds: ['f-police-2'] });
    appendLog(doc, { id: 'log-p-2', time: t, author: 'analyst', text: 'RTM-analys beställd för Malmö centrum.', featureIds: [] });
  });
  await docs.change(DEMO_LAYER_IDS.joint, (doc) => {
    addFeature(doc, 'f-joint-1', { type: 'Point', coordinates: [13.0178, 55.5868] }, { title: 'Trasig belysning vid skolan', description: 'Tre armaturer ur funktion längs gångvägen.', category: 'lighting', symbol: 'light', createdBy: 'partner.editor' });
    addFeature(doc, 'f-joint-2', { type: 'LineString', coordinates: [[13.0, 55.59], [13.01, 55.592], [13.02, 55.591]] }, { title: 'Trygghetsvandring', description: 'Rutt för fältassistenter fredag kväll.', category: 'measure', symbol: 'walk', createdBy: 'partner.editor' });
    appendLog(doc, { id: 'log-j-1', time: t, author: 'partner.editor', text: 'Felanmälan av belysning skickad till gatukontoret.', featureIds: ['f-joint-1'] });
  });
  await docs.change(DEMO_LAYER_IDS.public, (doc) => {
    addFeature(doc, 'f-public-1', { type: 'Point', coordinates: [13.0007, 55.6059] }, { title: 'Mobil polisstation', description: 'Polisen finns på plats tisdagar kl. 15–18.', category: 'other', symbol: 'info', createdBy: 'commander' });
    appendLog(doc, { id: 'log-pub-1', time: t, author: 'commander', text: 'Information till allmänheten publicerad.', featureIds: ['f-public-1'] });
  });
  await docs.flushAll();
}
