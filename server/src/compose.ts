/**
 * The composition root: builds the core context, then each capability from the typed services of the ones it
 * needs. The order below is the dependency order, and the type checker holds it: a capability's factory takes
 * its dependencies' services as arguments, so it cannot be built before them. Capabilities talk back through
 * the typed event bus (events/domainEvents.ts), never through this file.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { AuditLog } from './audit/audit.ts';
import { AuthService } from './auth/authService.ts';
import { type CollabOptions, type CollabServices, collabFeature } from './collab/feature.ts';
import { type Config, deploymentNamespace } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { EventBus } from './events/bus.ts';
import { type DomainEvents, toWire } from './events/domainEvents.ts';
import { RedisBusTransport } from './events/redisTransport.ts';
import { createIncidentStore, type IncidentServices, type IncidentsOptions, incidentsFeature } from './incidents/feature.ts';
import { liveFeature } from './live/feature.ts';
import type { LiveHub } from './live/liveHub.ts';
import { type AreaFollowupOptions, areaFollowupFeature } from './areafollowup/feature.ts';
import type { FollowupService } from './areafollowup/index.ts';
import { evaluationFeature } from './evaluation/feature.ts';
import { measuresFeature } from './measures/feature.ts';
import type { MeasuresCapability } from './measures/index.ts';
import { anonymousLayers, signedInLayers } from './ogc/adapters.ts';
import { ogcFeature } from './ogc/feature.ts';
import { OrgDirectory } from './orgs/orgDirectory.ts';
import { reportsFeature } from './reports/feature.ts';
import type { ReportService } from './reports/index.ts';
import { type PrintOptions, printFeature } from './print/feature.ts';
import type { PdfPrinter } from './print/index.ts';
import { createPictureService, picturesFeature } from './pictures/feature.ts';
import { publicPictureReader, readableContent } from './pictures/index.ts';
import type { LayerRecord, PictureRecord, PictureService } from './pictures/pictureService.ts';
import { type PublicOptions, publicFeature } from './public/feature.ts';
import type { PublicReader } from './public/reader.ts';
import { riskFeature } from './risk/feature.ts';
import type { RiskService, RiskServiceOptions } from './risk/riskService.ts';
import { createRtmResults, RtmRunStore, type RtmService } from './rtm/index.ts';
import { type RtmFeatureOptions, rtmFeature } from './rtm/feature.ts';
import type { SeedStep } from './seed/seed.ts';
import { type StrategicOptions, strategicFeature } from './strategic/feature.ts';
import type { StrategicService } from './strategic/service.ts';
import { systemClock } from './time/clock.ts';
import { webappFeature } from './webapp/feature.ts';

/** The core: configuration, database, log, event bus, and the auth, orgs and audit every request uses. */
export async function createContext(config: Readonly<Config>, log?: Logger): Promise<AppContext> {
  const logger = log ?? pino({ level: config.logLevel });
  const database = await openDatabase(config.database);
  const prisma = database.prisma;
  const transport = config.redisUrl ? new RedisBusTransport(config.redisUrl, logger, deploymentNamespace(config), toWire) : null;
  await transport?.ready();
  const bus = new EventBus<DomainEvents>(logger, transport);
  const audit = new AuditLog(prisma, logger);
  const auth = new AuthService(prisma, audit, config, logger);
  const orgs = new OrgDirectory(prisma);
  // Another process changed the organisation tree: drop this process's copy.
  bus.on('org.changed', () => orgs.invalidate());
  return {
    config,
    database,
    prisma,
    log: logger,
    bus,
    audit,
    auth,
    orgs,
    // Run in reverse at shutdown: the bus stops first, the login limiters' Redis connection closes last.
    onClose: [
      () => auth.close(),
      async () => {
        await bus.idle();
        await transport?.close();
      },
    ],
  };
}

/** Which capabilities to build, each with its options (tests build a subset; dependencies come along). */
export interface CapabilityOptions {
  /** Pictures, layer documents and their gateway, live events. */
  collab?: CollabOptions;
  /** Incidents, and with them the risk state of every picture. */
  incidents?: IncidentsOptions & { risk?: Partial<RiskServiceOptions> };
  rtm?: RtmFeatureOptions;
  strategic?: StrategicOptions;
  /** Measures (åtgärder) of pictures: plans, sharing, delivery, follow-up. */
  measures?: Record<string, never>;
  /** Evaluation (uppföljning): the WDD/WDQ/E-test calculators and evaluation of measures (with measures). */
  evaluation?: Record<string, never>;
  /** The public view (/offentlig, /api/public): public content only, through PublicReader. */
  public?: PublicOptions;
  /** OGC API – Features at /ogc and the GeoPackage export. */
  ogc?: Record<string, never>;
  /** Situation reports (lägesrapporter): co-edited, signed, distributed, rolled up. */
  reports?: Record<string, never>;
  /** Periodic follow-up of designated vulnerable areas (brings the strategic map along). */
  areafollowup?: AreaFollowupOptions;
  /** The web client and /api/config. */
  webapp?: Record<string, never>;
  /** PDF of the web app's printable pages, printed as the caller (needs the web app served). */
  print?: PrintOptions;
}

/** What production runs. */
export const PRODUCTION: CapabilityOptions = { collab: {}, incidents: {}, rtm: {}, strategic: {}, measures: {}, evaluation: {}, reports: {}, webapp: {}, print: {}, public: {}, ogc: {}, areafollowup: {} };

/** The built capabilities' services (absent: not built). */
export interface Capabilities {
  pictures?: PictureService;
  live?: LiveHub;
  collab?: CollabServices;
  incidents?: IncidentServices;
  risk?: RiskService;
  rtm?: RtmService;
  strategic?: StrategicService;
  measures?: MeasuresCapability;
  reports?: ReportService;
  areafollowup?: FollowupService;
  print?: PdfPrinter;
}

export interface ComposedApp {
  capabilities: Capabilities;
  /** The web app answers client-side routes (GET of unknown non-API paths). */
  spaFallback: boolean;
}

/** Registers the chosen capabilities on `app`, each after the ones whose services it takes. */
export async function composeCapabilities(app: FastifyInstance, ctx: AppContext, want: CapabilityOptions): Promise<ComposedApp> {
  const caps: Capabilities = {};
  const namespace = deploymentNamespace(ctx.config);
  if (want.collab || want.incidents || want.rtm || want.strategic || want.measures || want.public || want.ogc || want.reports || want.areafollowup || want.evaluation) {
    const pictures = createPictureService(ctx);
    const live = await liveFeature(app, ctx, { pictures: { readableLayers: (viewer, pictureId) => pictures.readableLayerSummaries(viewer, pictureId) }, namespace });
    const collab = await collabFeature<LayerRecord, PictureRecord>(app, ctx, { layers: pictures, namespace }, want.collab);
    await picturesFeature(app, { pictures, docs: collab.docs, live });
    Object.assign(caps, { pictures, live, collab });

    // The incident store is the one way to the Incident table; RTM reads it even without the incidents API.
    const clock = want.incidents?.clock ?? systemClock;
    const incidentStore = createIncidentStore(ctx, clock);
    if (want.incidents) {
      const incidents = await incidentsFeature(app, { store: incidentStore, clock });
      // Risk reads an attached run's surface through rtm's results, whether or not the RTM API is served.
      const rtmResults = createRtmResults(new RtmRunStore(ctx.prisma));
      const risk = await riskFeature(app, ctx, { incidents: incidents.store, pictures, live, docs: collab.docs, clock, rtm: rtmResults }, want.incidents.risk);
      Object.assign(caps, { incidents, risk });
    }
    if (want.rtm) caps.rtm = await rtmFeature(app, ctx, { pictures, docs: collab.docs, live, incidents: incidentStore }, want.rtm);
    if (want.strategic || want.areafollowup) caps.strategic = await strategicFeature(app, ctx, { pictures, incidents: incidentStore }, want.strategic ?? {});
    // The public view shows public measures, so it brings the measures capability along.
    if (want.measures || want.public) caps.measures = await measuresFeature(app, ctx, { pictures, live, risk: caps.risk ?? null });
    if (want.evaluation) await evaluationFeature(app, ctx, { pictures, incidents: incidentStore, measures: caps.measures ?? null, areas: caps.strategic ?? null, rtm: createRtmResults(new RtmRunStore(ctx.prisma)) });
    if (want.public || want.ogc) {
      // The only way the public side reads: the owners' public-only methods, which take no viewer.
      const publicPictures = publicPictureReader(pictures, collab.docs);
      const measures = caps.measures;
      const publicReader: PublicReader = {
        pictures: (municipality) => publicPictures.pictures(municipality),
        picture: (id) => publicPictures.picture(id),
        layers: () => publicPictures.layers(),
        measures: async (municipality) => (measures ? measures.listPublic(municipality) : []),
        monthlyCounts: (q) => incidentStore.publicMonthlyCounts(q),
      };
      if (want.public) await publicFeature(app, ctx, publicReader, want.public);
      if (want.ogc) await ogcFeature(app, ctx, { anonymous: anonymousLayers(publicReader), signedIn: signedInLayers(readableContent(pictures, collab.docs)) });
    }
    if (want.reports) caps.reports = await reportsFeature(app, ctx, { pictures, collab, live, incidents: incidentStore, measures: caps.measures ?? null });
    if (want.areafollowup && caps.strategic) caps.areafollowup = await areaFollowupFeature(app, ctx, { strategic: caps.strategic, live, measures: caps.measures ?? null, pictures }, want.areafollowup);
  }
  const spaFallback = want.webapp ? await webappFeature(app, ctx) : false;
  if (want.print) caps.print = await printFeature(app, ctx, want.print);
  return { capabilities: caps, spaFallback };
}

/** The demo data each built capability adds at the first start. */
export async function seedStepsFor(want: CapabilityOptions): Promise<SeedStep[]> {
  const steps: SeedStep[] = [];
  if (want.collab || want.incidents || want.rtm || want.strategic) steps.push((await import('./pictures/demoPicture.ts')).seedDemoPicture);
  if (want.incidents) steps.push((await import('./incidents/seed.ts')).seedDemoIncidents);
  if (want.strategic) steps.push((await import('./strategic/seedStrategic.ts')).seedStrategic);
  if (want.measures) steps.push((await import('./measures/seed.ts')).seedDemoMeasures);
  if (want.reports) steps.push((await import('./reports/seed.ts')).seedDemoReport);
  if (want.areafollowup) steps.push((await import('./areafollowup/seed.ts')).seedAreaFollowup);
  return steps;
}
