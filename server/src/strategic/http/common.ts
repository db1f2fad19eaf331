/** What every strategic route file shares: the caller as a viewer, the dependencies, and common schemas. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../audit/audit.ts';
import { requireUser } from '../../http/guards.ts';
import type { AreaIncidents } from '../areaIncidents.ts';
import type { AreaDrillDown } from '../drillDown.ts';
import type { StrategicImports } from '../imports.ts';
import type { IndicatorCatalogue } from '../indicatorCatalogue.ts';
import type { StrategicService, Viewer } from '../service.ts';

export interface StrategicRouteDeps {
  service: StrategicService;
  imports: StrategicImports;
  indicators: IndicatorCatalogue;
  incidents: AreaIncidents;
  drillDown: AreaDrillDown;
  audit: Pick<AuditLog, 'record'>;
}

export const IMPORT_ROLES = ['admin', 'analyst'] as const;
export const DRILL_ROLES = ['admin', 'commander', 'analyst', 'duty_officer'] as const;

export const Method = Type.Union([Type.Literal('zscore'), Type.Literal('percentile')]);
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
export const Year = Type.Integer({ minimum: 1900, maximum: 2100 });

/** The signed-in caller as the strategic map sees them (401 without a session). */
export function viewerOf(service: StrategicService, req: FastifyRequest): Promise<Viewer> {
  return service.viewer(requireUser(req));
}
