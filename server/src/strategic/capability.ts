/**
 * The strategic capability assembled from what it needs of the others: its store on its own tables, the
 * organisations (a partner's kommun), the audit, the pictures capability (drill-down creates pictures there)
 * and the incidents capability (exposure and RTM outcomes read incidents there).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditLog } from '../audit/audit.ts';
import type { OrgDirectory } from '../orgs/orgDirectory.ts';
import { AreaAccess } from './access.ts';
import { AreaIncidents, type IncidentReader } from './areaIncidents.ts';
import { AreaViews } from './areaViews.ts';
import { Classifications } from './classificationService.ts';
import { type AreaPictures, AreaDrillDown } from './drillDown.ts';
import { StrategicImports } from './imports.ts';
import { IndicatorCatalogue } from './indicatorCatalogue.ts';
import { RankingViews } from './rankingViews.ts';
import { strategicRoutes } from './routes.ts';
import { readGeoAsset } from './geoAssets.ts';
import { StrategicService } from './service.ts';
import { StrategicStore, type StoreTarget } from './store.ts';

export interface StrategicDeps {
  db: StoreTarget;
  orgs: Pick<OrgDirectory, 'get'>;
  audit: Pick<AuditLog, 'record'>;
  pictures: AreaPictures;
  incidents: IncidentReader;
  /** Reads a file of `assets/geo` (tests may substitute). */
  readText?: (file: string) => string;
}

export interface Strategic {
  /** The read side with its caches; `changed()` after writes, `invalidate()` when another process wrote. */
  service: StrategicService;
  routes: FastifyPluginAsyncTypebox;
}

export function createStrategic(deps: StrategicDeps): Strategic {
  const store = new StrategicStore(deps.db);
  const service = new StrategicService(store);
  const access = new AreaAccess(service, deps.orgs);
  const classifications = new Classifications(store, service, service.caches, deps.readText ?? readGeoAsset);
  const incidents = new AreaIncidents(deps.incidents, (code, vintage, crs) => service.geometryOf(code, vintage, crs), access);
  const routes = strategicRoutes({
    access,
    classifications,
    areaViews: new AreaViews(service, access, classifications),
    rankingViews: new RankingViews(service, access, classifications),
    imports: new StrategicImports(store, service),
    indicators: new IndicatorCatalogue(store, service),
    incidents,
    drillDown: new AreaDrillDown(service, deps.pictures, incidents),
    audit: deps.audit,
  });
  return { service, routes };
}
