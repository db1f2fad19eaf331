/** What every strategic route file shares: the caller as a viewer, the dependencies, and common schemas. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../audit/audit.ts';
import { appError } from '../../errors.ts';
import { requireUser } from '../../http/guards.ts';
import type { AreaAccess, Viewer } from '../access.ts';
import type { AreaIncidents } from '../areaIncidents.ts';
import type { AreaViews } from '../areaViews.ts';
import type { Classifications } from '../classificationService.ts';
import type { AreaDrillDown } from '../drillDown.ts';
import { StrategicError, StrategicErrorCode } from '../errors.ts';
import type { StrategicImports } from '../imports.ts';
import type { IndicatorCatalogue } from '../indicatorCatalogue.ts';
import type { RankingViews } from '../rankingViews.ts';

export interface StrategicRouteDeps {
  access: AreaAccess;
  classifications: Classifications;
  areaViews: AreaViews;
  rankingViews: RankingViews;
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
export function viewerOf(access: AreaAccess, req: FastifyRequest): Promise<Viewer> {
  return access.viewer(requireUser(req));
}

/** StrategicError → the API's coded errors (vintage mismatch → 409 CONFLICT with the core's message). */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof StrategicError)) return err;
  if (err.code === StrategicErrorCode.VintageMismatch) return appError('CONFLICT', [err.message], { reason: err.code });
  if (err.code === StrategicErrorCode.InvalidIndexRequest) return appError('VALIDATION_FAILED', [err.message]);
  return appError('BAD_REQUEST', [err.message]);
}

export async function mapErrors<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}

