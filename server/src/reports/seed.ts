/**
 * Seed step: one signed demo situation report in the demo picture "Malmö – lägesbild", labelled DEMO, as the
 * police area's commander would write it the morning after a night with two shootings: the police text, the
 * partner version's own text (not a copy), signed through the service so its versions, inbox entries and audit
 * rows are the real ones. The events are invented, like the rest of the demo picture.
 */
import type { HeadingKey } from '../../../shared/src/reports.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { Capabilities } from '../compose.ts';
import type { AppContext } from '../context.ts';
import { DEMO_PICTURE_ID } from '../pictures/index.ts';

export const DEMO_REPORT_TITLE = 'DEMO – Lägesrapport Malmö, natten till lördag';

const POLICE_TEXT: Partial<Record<HeadingKey, string>> = {
  happened: 'DEMO. Två skottlossningar under natten: kl. 23.40 vid Rosengårds centrum (en man skadad, ej livshotande) och kl. 02.15 på Nydala (inga skadade). Uppgifter om koppling till pågående konflikt mellan två nätverk.',
  consequences: 'DEMO. Oro bland boende kring Rosengårds centrum; skolan har fått frågor från föräldrar. Risk för hämndaktioner de närmaste dygnen (near-repeat-zoner aktiva).',
  measures: 'DEMO. Förstärkt synlig närvaro i båda områdena fram till söndag kväll, spaning mot känd gruppering, dialog med Malmö stad om belysning och fältassistenter.',
  needs: 'DEMO. Två ytterligare patruller fredag–söndag kväll från regionen; tekniker för brottsplatsundersökning lördag förmiddag.',
  outlook: 'DEMO. Förhöjd risk för ny skottlossning inom 400 m från platserna i upp till 14 dagar. Läget bedöms som ansträngt men hanterbart med förstärkning.',
  next: 'DEMO. Nästa rapport lördag kl. 18.00.',
};

const PARTNER_TEXT: Partial<Record<HeadingKey, string>> = {
  happened: 'DEMO. Två skottlossningar under natten i Rosengård och på Nydala. En person skadad.',
  consequences: 'DEMO. Oro bland boende; frågor till skolan i Rosengård.',
  measures: 'DEMO. Polisen har ökad närvaro i områdena under helgen. Önskemål till kommunen: fältassistenter och kontroll av belysning.',
  next: 'DEMO. Nästa rapport lördag kl. 18.00.',
};

/** Seed step: the signed demo report (once; nothing without the demo picture or the reports capability). */
export async function seedDemoReport(ctx: AppContext, caps: Capabilities): Promise<void> {
  const reports = caps.reports;
  const docs = caps.collab?.docs;
  if (!reports || !docs || !(await caps.pictures?.getPicture(DEMO_PICTURE_ID))) return;
  if (await ctx.prisma.report.findFirst({ where: { pictureId: DEMO_PICTURE_ID, title: DEMO_REPORT_TITLE }, select: { id: true } })) return;
  const org = await ctx.orgs.get('org-po-malmo');
  if (!org) return;
  // The demo commander by name (the seed has no session): the ids are labels, as in the measures' seed.
  const actor: AuthUser = {
    id: 'demo:commander',
    userId: 'demo:commander',
    username: 'commander',
    displayName: 'Polisområdeschef Malmö',
    locale: 'sv',
    organisationId: org.id,
    organisation: { id: org.id, name: org.name, kind: org.kind },
    roles: ['commander'],
    isPolice: true,
    sessionId: 'seed',
  };
  const now = Date.now();
  const report = await reports.create(actor, DEMO_PICTURE_ID, {
    title: DEMO_REPORT_TITLE,
    classification: 'partner',
    periodFrom: new Date(now - 18 * 3_600_000).toISOString(),
    periodTo: new Date(now - 6 * 3_600_000).toISOString(),
    nextReportDue: new Date(now + 6 * 3_600_000).toISOString(),
  });
  const write = (texts: Partial<Record<HeadingKey, string>>) => (doc: { getText(k: string): { insert(i: number, s: string): void } }) => {
    for (const [k, text] of Object.entries(texts)) doc.getText(k).insert(0, text);
  };
  await docs.change(`report:${report.id}`, write(POLICE_TEXT));
  await docs.change(`report-partner:${report.id}`, write(PARTNER_TEXT));
  await reports.sign(actor, report.id);
}
