/**
 * The incidents capability: ingest (single, bulk, CSV/GeoJSON/police feed), listing, retraction and the Knox
 * test. It announces every change as `incident.changed`; what follows from it (risk) subscribes.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.ts';
import { type Clock, systemClock } from '../time/clock.ts';
import { knoxRoutes } from './knoxRoute.ts';
import { incidentRoutes } from './routes.ts';
import { IncidentStore } from './store.ts';

export interface IncidentServices {
  store: IncidentStore;
  clock: Clock;
}

export interface IncidentsOptions {
  /** Injected clock (tests); risk runs on the same one. @defaultValue systemClock */
  clock?: Clock;
}

/** The owner's store of the Incident table; its writes are announced on the bus. */
export function createIncidentStore(ctx: AppContext, clock: Clock = systemClock): IncidentStore {
  return new IncidentStore(ctx.prisma, clock, ctx.bus);
}

export async function incidentsFeature(app: FastifyInstance, services: IncidentServices): Promise<IncidentServices> {
  await app.register(incidentRoutes(services));
  await app.register(knoxRoutes(services.store));
  return services;
}
