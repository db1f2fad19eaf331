/**
 * HTTP routes of the strategic map (issue 7; names and shapes of the contract in
 * shared/specs/api-contract.md), one file per resource under http/. Every route needs a token; partners see
 * their own kommun's areas with small numbers suppressed; imports are for police admin/analyst; drill-down
 * for police roles.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { areaRoutes } from './http/areaRoutes.ts';
import { classificationRoutes } from './http/classificationRoutes.ts';
import type { StrategicRouteDeps } from './http/common.ts';
import { drillDownRoutes } from './http/drillDownRoutes.ts';
import { exposureRoutes } from './http/exposureRoutes.ts';
import { importRoutes } from './http/importRoutes.ts';
import { indexRoutes } from './http/indexRoutes.ts';
import { indicatorRoutes } from './http/indicatorRoutes.ts';
import { trendRoutes } from './http/trendRoutes.ts';

export type { StrategicRouteDeps };

const ROUTE_FILES = [areaRoutes, trendRoutes, exposureRoutes, drillDownRoutes, importRoutes, indicatorRoutes, indexRoutes, classificationRoutes];

export function strategicRoutes(deps: StrategicRouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const routes of ROUTE_FILES) await app.register(routes(deps));
  };
}
