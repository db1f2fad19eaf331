import type { FastifyInstance } from 'fastify';
import type { Right } from '../../../shared/src/access.ts';
import { reportDocName } from '../../../shared/src/reports.ts';
import type { AuthUser } from '../auth/authService.ts';
import type { DocumentManager } from '../collab/documents.ts';
import type { AppContext } from '../context.ts';
import type { IncidentStore } from '../incidents/index.ts';
import type { LiveHub } from '../live/liveHub.ts';
import type { MeasuresCapability } from '../measures/index.ts';
import type { PictureService } from '../pictures/index.ts';
import { reportRoutes } from './routes.ts';
import { Reports } from './service.ts';

/** What reports need of collab (its CollabServices satisfies this): the documents and a kind of its own. */
export interface ReportDocuments {
  docs: DocumentManager;
  registerKind(kind: string, access: { right(user: AuthUser, id: string): Promise<Right | 'missing'>; hides(user: AuthUser, id: string): Promise<boolean>; refusesReadOnlyWrites?: boolean }): void;
  reevaluateDocs(docNames: string[]): Promise<void>;
}

/**
 * The reports capability: its service (the one writer of Report, ReportVersion, ReportDelivery), its API, and
 * the report documents (`report:<id>`, `report-partner:<id>`) served by the collab gateway with this
 * capability's access check.
 */
export async function reportsFeature(
  app: FastifyInstance,
  ctx: AppContext,
  deps: { pictures: PictureService; collab: ReportDocuments; live: LiveHub; incidents: IncidentStore; measures: MeasuresCapability | null },
): Promise<Reports> {
  const reports = new Reports({
    prisma: ctx.prisma,
    orgs: ctx.orgs,
    audit: ctx.audit,
    pictures: deps.pictures,
    docs: deps.collab.docs,
    incidents: deps.incidents,
    measures: deps.measures,
    live: deps.live,
    bus: ctx.bus,
  });
  // A signed report's documents turn read-only wherever they are open (every process holds its own connections).
  ctx.bus.on('report.signed', (e) => deps.collab.reevaluateDocs([reportDocName('report', e.reportId), reportDocName('report-partner', e.reportId)]));
  // Both texts: police who read the report open them, editors of a draft write; partners never (R5). Someone
  // who cannot read the report gets 4404, so report ids do not reveal what exists. Signed: writes refused (R4).
  for (const kind of ['report', 'report-partner'] as const) {
    deps.collab.registerKind(kind, {
      right: (user, id) => reports.docRight(user, id),
      hides: async (user, id) => (await reports.docRight(user, id)) !== 'read',
      refusesReadOnlyWrites: true,
    });
  }
  await app.register(reportRoutes(reports));
  return reports;
}
